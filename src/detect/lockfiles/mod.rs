//! Lockfiles: which packages a project's manager pinned, and which of them
//! reach production (main/default, never dev/test groups).
//!
//! One reader per format (`uv.rs`, `poetry.rs`, `pdm.rs`, `pipenv.rs`),
//! each turning its file into a [`Lockfile`]. A format version this tool
//! does not know is read anyway, with a warning: the manager at build time
//! is the judge.

mod pdm;
mod pipenv;
mod poetry;
mod uv;

use crate::diagnostics::Warning;
use crate::evidence::{Located, Location};
use crate::project::{MANIFEST_LIMIT, Project};
use anyhow::Result;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

pub use crate::manager::Manager;

/// A pinned package.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LockedPackage {
    /// PEP 503-normalized.
    pub name: String,
    pub version: Option<String>,
    /// Installed in production (not only by a dev/test/lint/docs group).
    pub production: bool,
    /// Distribution file names the lock lists (wheels and sdists).
    pub files: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lockfile {
    /// The manager that wrote it (and will install from it).
    pub manager: Manager,
    pub path: String,
    /// The format's own version (`version`/`revision`, `lock-version`, …).
    pub format_version: Option<String>,
    /// `requires-python` the lock was resolved for, when it states one.
    pub requires_python: Option<Located<String>>,
    pub packages: Vec<LockedPackage>,
    pub warnings: Vec<Warning>,
}

impl Lockfile {
    pub fn production(&self) -> impl Iterator<Item = &LockedPackage> {
        self.packages.iter().filter(|p| p.production)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.packages.iter().any(|p| p.name == name)
    }
}

/// Read every lockfile at the project root.
pub fn read_all(project: &Project, main_dependencies: &[String]) -> Result<Vec<Lockfile>> {
    let mut out = Vec::new();
    for manager in Manager::ALL {
        let Some(file) = manager.lock_file() else { continue };
        let Some(text) = project.read_required(file, MANIFEST_LIMIT)? else { continue };
        out.extend(parse(manager, &text, main_dependencies)?);
    }
    Ok(out)
}

/// One lockfile's text, read by its manager's reader (`None` for a
/// manager without a lockfile).
pub fn parse(manager: Manager, text: &str, main_dependencies: &[String]) -> Result<Option<Lockfile>> {
    let Some(path) = manager.lock_file() else { return Ok(None) };
    match manager {
        Manager::Pip => Ok(None),
        Manager::Uv => uv::parse(text, path).map(Some),
        Manager::Poetry => poetry::parse(text, path, main_dependencies).map(Some),
        Manager::Pdm => pdm::parse(text, path, main_dependencies).map(Some),
        Manager::Pipenv => pipenv::parse(text, path).map(Some),
    }
}

/// A warning when the format version is not one `is_known` accepts;
/// `known` describes the accepted ones.
fn unknown_version(
    path: &str,
    manager: Manager,
    version: Option<&str>,
    known: &str,
    is_known: impl Fn(&str) -> bool,
) -> Option<Warning> {
    let version = version.unwrap_or("none");
    (!is_known(version)).then(|| {
        Warning::at(
            Location::file(path),
            format!(
                "lock format version `{version}` is not one this tool knows ({known}); reading it anyway, \
                 {} will be the judge at build time",
                manager.name()
            ),
        )
    })
}

/// Packages reachable from `roots` through `edges` (normalized names).
fn closure(
    roots: impl IntoIterator<Item = String>,
    edges: &BTreeMap<String, Vec<String>>,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = roots.into_iter().collect();
    while let Some(name) = stack.pop() {
        if seen.insert(name.clone()) {
            stack.extend(edges.get(&name).into_iter().flatten().cloned());
        }
    }
    seen
}
