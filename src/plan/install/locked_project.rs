//! What Poetry and PDM share: a pyproject.toml and the lockfile beside it,
//! whose production set is installed with the lock enforced, from a pinned
//! copy of the tool in /opt/<tool> (builder stage only).

use super::{Install, Manager, Steps, is_package, locked_packages};
use crate::data;
use crate::detect::Facts;
use crate::detect::lockfiles::Lockfile;
use crate::diagnostics::attention;
use anyhow::Result;

/// The install without its steps filled in, and the lockfile it reads.
pub fn decide(facts: &Facts, steps: Steps) -> Result<(Install, &Lockfile)> {
    let manager = steps.manager();
    let lock_file = manager.lock_file().unwrap_or("a lockfile");
    let Some(py) = &facts.pyproject else {
        return Err(attention(format!("{lock_file} without a pyproject.toml beside it")));
    };
    let lock = facts
        .lockfiles
        .iter()
        .find(|l| l.manager == manager)
        .ok_or_else(|| attention(format!("--manager {} needs {lock_file}", manager.name())))?;
    let mut install = Install::new(steps);
    install.manifests = vec![py.path.clone(), lock.path.clone()];
    install.packages = locked_packages(lock);
    install.install_project = is_package(py);
    // Backends read these while installing the project itself.
    install.needed_files.extend(py.referenced_files.iter().cloned());
    install.source_files = vec![lock.path.clone()];
    Ok((install, lock))
}

/// The manager's pinned requirements, from the knowledge base.
pub fn tool_requirements(manager: Manager) -> Vec<String> {
    data::tool(manager).map(|t| t.requirements.clone()).unwrap_or_default()
}
