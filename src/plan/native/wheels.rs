//! Wheel file names (the binary distribution format, PEP 427, with PEP
//! 425 compatibility tags and PEP 600 `manylinux_X_Y` platforms): whether a
//! lockfile's files include a wheel that installs on the image.
//!
//! The image's platforms are Linux x86_64 and aarch64 (what `docker build`
//! produces on PCs and servers, and on Apple silicon and Graviton): a
//! package needs no compiler only when a wheel covers both. glibc comes from
//! the Debian release (`data/native.toml`). Not supported: musllinux (these
//! images are glibc), free-threaded builds (`cp313t`), other architectures.

/// The interpreter and system a wheel must install on.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    /// CPython 3.`minor`.
    pub minor: u32,
    pub glibc: (u32, u32),
}

pub const ARCHES: [&str; 2] = ["x86_64", "aarch64"];

/// What a package's distribution files say about the target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A pure-Python wheel (`py3-none-any`).
    Pure(String),
    /// A compiled wheel installs on every arch; one of them, for the plan.
    Wheel(String),
    /// No wheel installs; `platform_wheels` says whether the package ships
    /// wheels for other platforms (so it has code to compile).
    SourceOnly { platform_wheels: bool },
}

/// The verdict for a package's files, or `None` when there are none.
pub fn judge(files: &[String], target: Target) -> Option<Verdict> {
    if files.is_empty() {
        return None;
    }
    let wheels: Vec<(&String, Tags)> = files.iter().filter_map(|f| Some((f, Tags::parse(f)?))).collect();
    if let Some((name, _)) = wheels.iter().find(|(_, tags)| tags.is_pure()) {
        return Some(Verdict::Pure((*name).clone()));
    }
    let fits = |arch: &str| wheels.iter().find(|(_, tags)| tags.installs(target, arch)).map(|(n, _)| *n);
    match ARCHES.iter().map(|arch| fits(arch)).collect::<Option<Vec<_>>>() {
        Some(found) => Some(Verdict::Wheel(found[0].clone())),
        None => Some(Verdict::SourceOnly { platform_wheels: !wheels.is_empty() }),
    }
}

/// The compressed tag sets of a wheel file name.
#[derive(Debug, PartialEq, Eq)]
struct Tags {
    python: Vec<String>,
    abi: Vec<String>,
    platform: Vec<String>,
}

impl Tags {
    /// `name-version[-build]-python-abi-platform.whl`.
    fn parse(file: &str) -> Option<Self> {
        let stem = file.strip_suffix(".whl")?;
        let parts: Vec<&str> = stem.split('-').collect();
        if !(5..=6).contains(&parts.len()) {
            return None;
        }
        let set = |s: &str| s.split('.').map(|t| t.to_ascii_lowercase()).collect();
        let n = parts.len();
        Some(Self { python: set(parts[n - 3]), abi: set(parts[n - 2]), platform: set(parts[n - 1]) })
    }

    fn is_pure(&self) -> bool {
        self.platform.iter().any(|p| p == "any")
            && self.abi.iter().any(|a| a == "none")
            && self.python.iter().any(|p| p == "py3" || p.starts_with("py3"))
    }

    fn installs(&self, target: Target, arch: &str) -> bool {
        let platform = self.platform.iter().any(|p| platform_fits(p, arch, target.glibc));
        let interpreter =
            self.python.iter().any(|py| self.abi.iter().any(|abi| interpreter_fits(py, abi, target.minor)));
        platform && interpreter
    }
}

/// `cp313-cp313`, `cp39-abi3` (stable ABI, any later CPython), `py3-none`.
fn interpreter_fits(python: &str, abi: &str, minor: u32) -> bool {
    let cp = |tag: &str| tag.strip_prefix("cp3").and_then(|m| m.parse::<u32>().ok());
    match abi {
        "abi3" => cp(python).is_some_and(|m| m <= minor),
        "none" => python == "py3" || cp(python) == Some(minor) || python == format!("py3{minor}"),
        abi => cp(python) == Some(minor) && cp(abi) == Some(minor),
    }
}

/// `manylinux_2_28_x86_64`, the legacy aliases, or `linux_x86_64` (a
/// wheel built locally, which pip installs on a matching machine).
fn platform_fits(platform: &str, arch: &str, glibc: (u32, u32)) -> bool {
    let Some(rest) = platform.strip_suffix(arch).and_then(|p| p.strip_suffix('_')) else {
        return false;
    };
    let needs = match rest {
        "linux" => return true,
        "manylinux1" => (2, 5),
        "manylinux2010" => (2, 12),
        "manylinux2014" => (2, 17),
        other => {
            let Some(version) = other.strip_prefix("manylinux_") else { return false };
            let mut parts = version.split('_').map(str::parse::<u32>);
            match (parts.next(), parts.next(), parts.next()) {
                (Some(Ok(major)), Some(Ok(minor)), None) => (major, minor),
                _ => return false,
            }
        }
    };
    needs <= glibc
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOOKWORM_313: Target = Target { minor: 13, glibc: (2, 36) };

    fn files(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_wheel_for_both_arches_needs_no_compiler() {
        let lxml = files(&[
            "lxml-6.0.0.tar.gz",
            "lxml-6.0.0-cp313-cp313-manylinux_2_26_x86_64.manylinux_2_28_x86_64.whl",
            "lxml-6.0.0-cp313-cp313-manylinux_2_26_aarch64.manylinux_2_28_aarch64.whl",
            "lxml-6.0.0-cp313-cp313-win_amd64.whl",
        ]);
        assert_eq!(judge(&lxml, BOOKWORM_313), Some(Verdict::Wheel(lxml[1].clone())));
        // The same lock on 3.14: only an sdist fits.
        let on_314 = Target { minor: 14, ..BOOKWORM_313 };
        assert_eq!(judge(&lxml, on_314), Some(Verdict::SourceOnly { platform_wheels: true }));
    }

    #[test]
    fn one_arch_is_not_enough() {
        let only_x86 = files(&["x-1-cp313-cp313-manylinux2014_x86_64.whl", "x-1.tar.gz"]);
        assert_eq!(judge(&only_x86, BOOKWORM_313), Some(Verdict::SourceOnly { platform_wheels: true }));
    }

    #[test]
    fn stable_abi_wheels_fit_later_pythons() {
        let crypto = files(&[
            "cryptography-46.0.1-cp311-abi3-manylinux_2_34_x86_64.whl",
            "cryptography-46.0.1-cp311-abi3-manylinux_2_34_aarch64.whl",
            "cryptography-46.0.1-cp37-abi3-manylinux_2_28_x86_64.whl",
            "cryptography-46.0.1-cp37-abi3-manylinux_2_28_aarch64.whl",
        ]);
        // bookworm's glibc 2.36 takes the 2_34 ones; an older glibc the 2_28 ones.
        assert_eq!(judge(&crypto, BOOKWORM_313), Some(Verdict::Wheel(crypto[0].clone())));
        let old = Target { minor: 9, glibc: (2, 31) };
        assert_eq!(judge(&crypto, old), Some(Verdict::Wheel(crypto[2].clone())));
        let too_new =
            files(&["x-1-cp314-abi3-manylinux_2_28_x86_64.whl", "x-1-cp314-abi3-manylinux_2_28_aarch64.whl"]);
        assert_eq!(judge(&too_new, BOOKWORM_313), Some(Verdict::SourceOnly { platform_wheels: true }));
    }

    #[test]
    fn glibc_musl_and_free_threading() {
        let newer_glibc = files(&[
            "x-1-cp313-cp313-manylinux_2_39_x86_64.whl",
            "x-1-cp313-cp313-manylinux_2_39_aarch64.whl",
        ]);
        assert_eq!(judge(&newer_glibc, BOOKWORM_313), Some(Verdict::SourceOnly { platform_wheels: true }));
        let trixie = Target { minor: 13, glibc: (2, 41) };
        assert!(matches!(judge(&newer_glibc, trixie), Some(Verdict::Wheel(_))));
        let musl_and_t = files(&[
            "x-1-cp313-cp313-musllinux_1_2_x86_64.whl",
            "x-1-cp313-cp313t-manylinux2014_x86_64.whl",
            "x-1-cp313-cp313t-manylinux2014_aarch64.whl",
        ]);
        assert_eq!(judge(&musl_and_t, BOOKWORM_313), Some(Verdict::SourceOnly { platform_wheels: true }));
    }

    #[test]
    fn pure_wheels_sdists_and_nothing() {
        let flask = files(&["flask-3.1.3-py3-none-any.whl", "flask-3.1.3.tar.gz"]);
        assert_eq!(judge(&flask, BOOKWORM_313), Some(Verdict::Pure(flask[0].clone())));
        let magic = files(&["python_magic-0.4.27-py2.py3-none-any.whl"]);
        assert!(matches!(judge(&magic, BOOKWORM_313), Some(Verdict::Pure(_))));
        let sdist = files(&["psycopg2-2.9.13.tar.gz"]);
        assert_eq!(judge(&sdist, BOOKWORM_313), Some(Verdict::SourceOnly { platform_wheels: false }));
        assert_eq!(judge(&[], BOOKWORM_313), None);
        assert_eq!(Tags::parse("not-a-wheel.whl"), None);
        let with_build = Tags::parse("x-1.0-1-cp313-cp313-linux_x86_64.whl").unwrap();
        assert!(with_build.installs(BOOKWORM_313, "x86_64") && !with_build.installs(BOOKWORM_313, "aarch64"));
    }
}
