//! One package against the knowledge base: is it installed at all on the
//! image (markers), which distributions do its extras add, and will pip
//! find a wheel for it or compile it. Every answer carries its evidence,
//! which the plan shows.
//!
//! Evidence, strongest first: the lockfile's file names (wheel tags), the
//! knowledge base's "never ships Linux wheels", a pinned version (or a
//! lower bound) against the first release with wheels for this Python.
//! Without any, the package is assumed to compile: the builder is ready
//! for it, and pip still takes a wheel when one exists.

use super::wheels::{self, ARCHES, Target, Verdict};
use crate::data::native::{NativePackage, Wheels};
use crate::plan::install::Package;
use pep440_rs::{Operator, Version};
use pep508_rs::{MarkerEnvironment, MarkerEnvironmentBuilder, Requirement, VerbatimUrl};
use std::str::FromStr;

/// Whether pip finds a wheel, and why we think so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WheelEvidence {
    pub wheel: bool,
    pub why: String,
}

/// The requirement a package was declared with, parsed.
pub fn requirement(package: &Package) -> Option<Requirement<VerbatimUrl>> {
    Requirement::from_str(package.requirement.as_deref()?).ok()
}

/// False when the requirement's marker excludes Linux CPython 3.`minor`
/// on every arch the image is built for (`pywin32; sys_platform == "win32"`).
pub fn installed(requirement: Option<&Requirement<VerbatimUrl>>, minor: u32) -> bool {
    let Some(requirement) = requirement else { return true };
    ARCHES.iter().any(|arch| match environment(minor, arch) {
        Some(env) => requirement.marker.evaluate(&env, &[]),
        None => true,
    })
}

fn environment(minor: u32, arch: &str) -> Option<MarkerEnvironment> {
    let full = format!("3.{minor}.0");
    let short = format!("3.{minor}");
    MarkerEnvironment::try_from(MarkerEnvironmentBuilder {
        implementation_name: "cpython",
        implementation_version: &full,
        os_name: "posix",
        platform_machine: arch,
        platform_python_implementation: "CPython",
        platform_release: "",
        platform_system: "Linux",
        platform_version: "",
        python_full_version: &full,
        python_version: &short,
        sys_platform: "linux",
    })
    .ok()
}

/// Whether pip installs `package` from a wheel on `target`. `lock` names
/// the lockfile its files came from.
pub fn wheel(package: &Package, entry: Option<&NativePackage>, target: Target, lock: &str) -> WheelEvidence {
    let label = label(package);
    let python = format!("CPython 3.{}", target.minor);
    let yes = |why: String| WheelEvidence { wheel: true, why };
    let no = |why: String| WheelEvidence { wheel: false, why };
    match wheels::judge(&package.files, target) {
        Some(Verdict::Pure(file)) => return yes(format!("{label}: pure-Python wheel {file} in {lock}")),
        Some(Verdict::Wheel(file)) => {
            return yes(format!(
                "{label}: wheel {file} in {lock} (and one for {}): no compiler needed",
                ARCHES[1]
            ));
        }
        Some(Verdict::SourceOnly { .. }) => {
            return no(format!(
                "{label}: {lock} lists no wheel for {python} on manylinux x86_64 and aarch64: built from source"
            ));
        }
        None => {}
    }
    let Some(entry) = entry else {
        return no(format!("{label}: nothing says it has a wheel"));
    };
    match entry.wheels {
        Wheels::Pure => return yes(format!("{label}: pure Python")),
        Wheels::Never => return no(format!("{label}: no Linux wheels on PyPI, built from source")),
        Wheels::Bundled | Wheels::System => {}
    }
    let minor = format!("3.{}", target.minor);
    let Some(since) = entry.wheels_since.get(&minor).and_then(|v| Version::from_str(v).ok()) else {
        return no(format!(
            "{label}: no record of manylinux wheels for {python}: prepared to build from source"
        ));
    };
    let tag = format!("cp3{} manylinux wheels", target.minor);
    if let Some(pinned) = package.version.as_deref().and_then(|v| Version::from_str(v).ok()) {
        return if pinned >= since {
            yes(format!("{label}: PyPI has {tag} from {since} on: no compiler needed"))
        } else {
            no(format!("{label}: older than its first {tag} ({since}): built from source"))
        };
    }
    match lower_bound(requirement(package).as_ref()) {
        Some(bound) if bound >= since => {
            yes(format!("{label}: `>={bound}` only allows releases with {tag} (from {since} on)"))
        }
        _ => no(format!(
            "{label}: not pinned, so pip may pick a release without {tag} (they start at {since}): \
             prepared to build from source (require {}>={since} to skip the compiler)",
            package.name
        )),
    }
}

/// `name version`, or `name` when no version is known.
pub fn label(package: &Package) -> String {
    match &package.version {
        Some(version) => format!("{} {version}", package.name),
        None => package.name.clone(),
    }
}

/// The lowest version the requirement's specifiers allow, when they set one.
fn lower_bound(requirement: Option<&Requirement<VerbatimUrl>>) -> Option<Version> {
    let Some(pep508_rs::VersionOrUrl::VersionSpecifier(specifiers)) = &requirement?.version_or_url else {
        return None;
    };
    specifiers
        .iter()
        .filter(|s| {
            matches!(
                s.operator(),
                Operator::Equal
                    | Operator::EqualStar
                    | Operator::ExactEqual
                    | Operator::TildeEqual
                    | Operator::GreaterThan
                    | Operator::GreaterThanEqual
            )
        })
        .map(|s| s.version().clone())
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::native::knowledge;

    const BOOKWORM_313: Target = Target { minor: 13, glibc: (2, 36) };

    fn package(name: &str, version: Option<&str>, requirement: Option<&str>, files: &[&str]) -> Package {
        Package {
            name: name.into(),
            version: version.map(String::from),
            files: files.iter().map(|s| s.to_string()).collect(),
            requirement: requirement.map(String::from),
            location: None,
        }
    }

    fn judge(p: &Package) -> WheelEvidence {
        wheel(p, knowledge().package.get(&p.name), BOOKWORM_313, "uv.lock")
    }

    #[test]
    fn never_means_source() {
        let p = package("psycopg2", Some("2.9.13"), Some("psycopg2==2.9.13"), &[]);
        let e = judge(&p);
        assert!(!e.wheel);
        assert_eq!(e.why, "psycopg2 2.9.13: no Linux wheels on PyPI, built from source");
    }

    #[test]
    fn lock_files_beat_everything() {
        let files = [
            "lxml-6.0.0.tar.gz",
            "lxml-6.0.0-cp313-cp313-manylinux_2_28_x86_64.whl",
            "lxml-6.0.0-cp313-cp313-manylinux_2_28_aarch64.whl",
        ];
        let e = judge(&package("lxml", Some("6.0.0"), None, &files));
        assert!(e.wheel);
        assert!(
            e.why
                .starts_with("lxml 6.0.0: wheel lxml-6.0.0-cp313-cp313-manylinux_2_28_x86_64.whl in uv.lock")
        );
        let sdist_only = judge(&package("psycopg2", Some("2.9.13"), None, &["psycopg2-2.9.13.tar.gz"]));
        assert!(!sdist_only.wheel && sdist_only.why.contains("uv.lock lists no wheel for CPython 3.13"));
    }

    #[test]
    fn pins_and_lower_bounds_against_the_first_wheels() {
        let new = judge(&package("lxml", Some("5.3.0"), Some("lxml==5.3.0"), &[]));
        assert!(new.wheel, "{}", new.why);
        let old = judge(&package("lxml", Some("4.9.4"), Some("lxml==4.9.4"), &[]));
        assert!(!old.wheel && old.why.contains("older than its first cp313 manylinux wheels (5.3.0)"));
        let bound = judge(&package("lxml", None, Some("lxml>=5.4,<7"), &[]));
        assert!(bound.wheel, "{}", bound.why);
        let loose = judge(&package("lxml", None, Some("lxml"), &[]));
        assert!(
            !loose.wheel && loose.why.contains("require lxml>=5.3.0 to skip the compiler"),
            "{}",
            loose.why
        );
        let unknown_minor = wheel(
            &package("pillow", Some("11.0.0"), None, &[]),
            knowledge().package.get("pillow"),
            Target { minor: 9, glibc: (2, 36) },
            "",
        );
        assert!(
            !unknown_minor.wheel
                && unknown_minor.why.contains("no record of manylinux wheels for CPython 3.9")
        );
    }

    #[test]
    fn markers_for_other_platforms_exclude_a_package() {
        let p = |text: &str| package("pywin32", None, Some(text), &[]);
        assert!(!installed(requirement(&p("pywin32==306; sys_platform == 'win32'")).as_ref(), 13));
        assert!(installed(requirement(&p("uvloop; sys_platform != 'win32'")).as_ref(), 13));
        assert!(installed(requirement(&p("x; platform_machine == 'aarch64'")).as_ref(), 13));
        assert!(!installed(requirement(&p("x; python_version < '3.11'")).as_ref(), 13));
        assert!(installed(None, 13));
    }
}
