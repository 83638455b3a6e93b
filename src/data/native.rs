//! `data/native.toml`: the Debian packages a Python distribution needs to be
//! built from source and to run, what PyPI ships for it on Linux, what the
//! full builder image already has, and how package names change between
//! Debian releases. The decisions that use it live in `src/plan/native/`.
//!
//! The file is the reviewable part; this module only gives it types and
//! answers per Debian release. Its tests hold every entry to the file's
//! rules: normalized names, both lists present, a citation, valid Debian
//! names.

use super::parse;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NativeKnowledge {
    pub debian: BTreeMap<String, DebianRelease>,
    pub builder: Builder,
    pub package: BTreeMap<String, NativePackage>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DebianRelease {
    /// `2.36`: the newest `manylinux_X_Y` a wheel may need.
    pub glibc: String,
    /// Bookworm's name → this release's.
    #[serde(default)]
    pub renames: BTreeMap<String, String>,
}

/// The full `python:X.Y-<codename>` image.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Builder {
    /// Debian packages it already has.
    pub provides: Vec<String>,
    /// What a builder that is not the full image needs to compile.
    pub compiler: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct NativePackage {
    /// To compile from source (beyond the compiler and Python's headers).
    pub build: Vec<String>,
    /// To run.
    pub runtime: Vec<String>,
    pub wheels: Wheels,
    /// Python minor → first release from which every release has wheels.
    #[serde(default)]
    pub wheels_since: BTreeMap<String, String>,
    #[serde(default)]
    pub extras: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub unless: Vec<String>,
    pub docs: Option<String>,
    pub error: Option<String>,
    pub notes: Option<String>,
    /// Codename → lists replacing `build` and `runtime` there.
    #[serde(default)]
    pub debian: BTreeMap<String, Lists>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lists {
    pub build: Vec<String>,
    pub runtime: Vec<String>,
}

/// What PyPI ships for Linux.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Wheels {
    /// No Linux wheels: always compiled.
    Never,
    /// Wheels bundle the libraries: with one, nothing from Debian.
    Bundled,
    /// Wheels still load the runtime libraries from the system.
    System,
    /// Pure Python: never compiled; the runtime list always applies.
    Pure,
}

pub fn knowledge() -> &'static NativeKnowledge {
    static DATA: OnceLock<NativeKnowledge> = OnceLock::new();
    DATA.get_or_init(|| parse("native.toml", include_str!("../../data/native.toml")))
}

impl NativeKnowledge {
    /// (build, runtime) for `entry` on Debian `codename`, renamed.
    pub fn lists(&self, entry: &NativePackage, codename: &str) -> (Vec<String>, Vec<String>) {
        let (build, runtime) = match entry.debian.get(codename) {
            Some(lists) => (&lists.build, &lists.runtime),
            None => (&entry.build, &entry.runtime),
        };
        let rename = |names: &Vec<String>| names.iter().map(|n| self.rename(codename, n)).collect();
        (rename(build), rename(runtime))
    }

    /// A bookworm package name as `codename` spells it.
    pub fn rename(&self, codename: &str, name: &str) -> String {
        let renames = self.debian.get(codename).map(|d| &d.renames);
        renames.and_then(|r| r.get(name)).cloned().unwrap_or_else(|| name.to_string())
    }

    /// The glibc of `codename` as (major, minor); bookworm's when unknown.
    pub fn glibc(&self, codename: &str) -> (u32, u32) {
        let text =
            self.debian.get(codename).or_else(|| self.debian.get("bookworm")).map(|d| d.glibc.as_str());
        let mut parts = text.unwrap_or("2.36").split('.').map(|p| p.parse().unwrap_or(0));
        (parts.next().unwrap_or(2), parts.next().unwrap_or(0))
    }

    /// Whether the full builder image has `name` (on `codename`).
    pub fn builder_has(&self, codename: &str, name: &str) -> bool {
        self.builder.provides.iter().any(|p| self.rename(codename, p) == name)
    }
}

/// A Debian package name (policy §5.6.1: lowercase letters, digits, `+`,
/// `-`, `.`, at least two characters, starting alphanumerically),
/// optionally pinned as `name=version`. Names reach a shell command, so
/// nothing else passes.
pub fn valid_debian_package(text: &str) -> bool {
    let (name, version) = match text.split_once('=') {
        Some((name, version)) => (name, Some(version)),
        None => (text, None),
    };
    let name_ok = name.len() >= 2
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+-.".contains(c));
    let version_ok = version.is_none_or(|v| {
        v.starts_with(|c: char| c.is_ascii_digit())
            && v.chars().all(|c| c.is_ascii_alphanumeric() || ".+~:-".contains(c))
    });
    name_ok && version_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::tool_tables::normalize;

    /// The distributions issue 5 names, normalized.
    const REQUIRED: &[&str] = &[
        "psycopg2",
        "psycopg-c",
        "mysqlclient",
        "python-ldap",
        "pycairo",
        "pygobject",
        "pygraphviz",
        "uwsgi",
        "lxml",
        "pillow",
        "cryptography",
        "gevent",
        "greenlet",
        "pyodbc",
        "opencv-python",
        "weasyprint",
        "pdf2image",
        "pydub",
        "moviepy",
        "python-magic",
    ];

    #[test]
    fn names_are_normalized_and_the_issue_list_is_covered() {
        let kb = knowledge();
        for name in kb.package.keys() {
            assert_eq!(&normalize(name), name, "[package.{name}]: use the PEP 503-normalized name");
        }
        for name in REQUIRED {
            assert!(kb.package.contains_key(*name), "data/native.toml has no [package.{name}]");
        }
        for entry in kb.package.values() {
            for added in entry.extras.values().flatten().chain(&entry.unless) {
                assert_eq!(&normalize(added), added);
            }
        }
    }

    #[test]
    fn both_lists_are_required() {
        let entry = "[debian.bookworm]\nglibc = \"2.36\"\n[builder]\nprovides = []\ncompiler = []\n\
                     [package.x]\nbuild = []\nwheels = \"pure\"\ndocs = \"https://x\"\n";
        let err = toml::from_str::<NativeKnowledge>(entry).unwrap_err().to_string();
        assert!(err.contains("missing field `runtime`"), "{err}");
    }

    #[test]
    fn every_entry_cites_why() {
        for (name, entry) in &knowledge().package {
            let docs = entry.docs.as_deref().unwrap_or_default();
            let error = entry.error.as_deref().unwrap_or_default();
            assert!(
                docs.starts_with("https://") || !error.is_empty(),
                "[package.{name}]: cite docs or an error"
            );
            assert!(docs.is_empty() || docs.starts_with("https://"), "[package.{name}]: docs is a URL");
        }
    }

    #[test]
    fn entries_are_consistent() {
        let kb = knowledge();
        let minors: Vec<&str> =
            crate::data::python_releases().release.iter().map(|r| r.minor.as_str()).collect();
        for (name, entry) in &kb.package {
            if entry.wheels == Wheels::Pure {
                assert!(entry.build.is_empty(), "[package.{name}]: pure Python builds nothing");
            }
            for (minor, version) in &entry.wheels_since {
                assert!(minors.contains(&minor.as_str()), "[package.{name}]: unknown Python {minor}");
                assert!(version.parse::<pep440_rs::Version>().is_ok(), "[package.{name}]: `{version}`");
            }
            assert!(
                entry.wheels_since.is_empty() || matches!(entry.wheels, Wheels::Bundled | Wheels::System)
            );
            for codename in entry.debian.keys() {
                assert!(kb.debian.contains_key(codename), "[package.{name}.debian.{codename}]");
            }
        }
    }

    #[test]
    fn debian_names_are_valid_and_releases_known() {
        let kb = knowledge();
        let lists = kb.package.values().flat_map(|e| {
            e.build
                .iter()
                .chain(&e.runtime)
                .chain(e.debian.values().flat_map(|l| l.build.iter().chain(&l.runtime)))
        });
        let renames = kb.debian.values().flat_map(|d| d.renames.iter().flat_map(|(a, b)| [a, b]));
        for name in lists.chain(&kb.builder.provides).chain(&kb.builder.compiler).chain(renames) {
            assert!(
                valid_debian_package(name) && !name.contains('='),
                "`{name}` is not a Debian package name"
            );
        }
        for release in &crate::data::python_releases().release {
            assert!(kb.debian.contains_key(&release.codename), "[debian.{}] is missing", release.codename);
        }
        for entry in kb.package.values() {
            for list in [&entry.build, &entry.runtime] {
                assert!(list.is_sorted(), "keep lists sorted, as the Dockerfile has them: {list:?}");
            }
        }
    }

    #[test]
    fn releases_rename_their_packages() {
        let kb = knowledge();
        let magic = &kb.package["python-magic"];
        assert_eq!(kb.lists(magic, "bookworm").1, ["libmagic1"]);
        assert_eq!(kb.lists(magic, "trixie").1, ["libmagic1t64"]);
        let gi = &kb.package["pygobject"];
        assert!(kb.lists(gi, "trixie").0.contains(&"libgirepository-2.0-dev".to_string()));
        assert_eq!(kb.glibc("trixie"), (2, 41));
        assert!(kb.builder_has("trixie", "libpq-dev") && !kb.builder_has("trixie", "libldap-dev"));
    }

    #[test]
    fn package_names_reaching_a_shell_are_checked() {
        for good in ["libpq5", "libglib2.0-0", "g++", "libpq5=15.18-0+deb12u1", "libmagic1=1:5.44-3"] {
            assert!(valid_debian_package(good), "{good}");
        }
        for bad in ["", "a", "LibPQ", "libpq5; rm -rf /", "$(id)", "lib pq", "-x", "libpq5=", "libpq5=$x"] {
            assert!(!valid_debian_package(bad), "{bad}");
        }
    }
}
