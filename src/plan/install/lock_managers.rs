//! Poetry, PDM and Pipenv: each installs its lockfile's production set
//! into /app/.venv with the lock enforced, from a pinned copy of the tool
//! in /opt/<tool> (builder stage only).
//!
//! - Poetry: `poetry export --only main` (which refuses a stale lock)
//!   to hashed requirements, installed by pip. Poetry's own installer needs
//!   PyPI's per-version JSON API, which some mirrors and proxies do not
//!   serve; the exported, hash-checked install does the same job through
//!   the simple index every mirror serves. The project itself (unless
//!   `package-mode = false`) is installed non-editable after the source.
//! - PDM: `pdm install --check --prod --no-self`, then the project with
//!   `--no-editable`, as PDM's documentation recommends for images.
//! - Pipenv: `pipenv install --deploy` (refuses a stale lock; default
//!   packages only). A Pipfile without its lock is locked during the build,
//!   with a warning: nothing pins the versions.

use super::{Install, Manager, declared_packages, is_package, locked_packages};
use crate::data;
use crate::detect::Facts;
use crate::diagnostics::{Warning, attention};
use crate::evidence::Location;
use anyhow::Result;

pub fn decide(facts: &Facts, manager: Manager, warnings: &mut Vec<Warning>) -> Result<Install> {
    let mut install = Install::new(manager);
    install.tool_requirements = data::tool(manager).map(|t| t.requirements.clone()).unwrap_or_default();
    let lock = facts.lockfiles.iter().find(|l| l.manager == manager);
    match manager {
        Manager::Pipenv => {
            if facts.pipfile.is_none() {
                return Err(attention("Pipfile.lock without its Pipfile: pipenv cannot install it"));
            }
            install.manifests = vec!["Pipfile".into()];
            match lock {
                Some(lock) => {
                    install.manifests.push(lock.path.clone());
                    install.packages = locked_packages(lock);
                }
                None => {
                    install.locked = false;
                    warnings.push(Warning::at(
                        Location::file("Pipfile"),
                        "no Pipfile.lock: the build locks the dependencies itself, so versions can change \
                         between builds (run `pipenv lock` and commit Pipfile.lock)",
                    ));
                    let names =
                        facts.pipfile.iter().flat_map(|p| p.packages.iter().map(|n| (n.value.clone(), None)));
                    install.packages = declared_packages(names);
                }
            }
        }
        _ => {
            let Some(py) = &facts.pyproject else {
                return Err(attention(format!("{} without a pyproject.toml beside it", manager.lock_file().unwrap_or("a lockfile"))));
            };
            let lock =
                lock.ok_or_else(|| attention(format!("--manager {} needs {}", manager.name(), manager.lock_file().unwrap_or("a lockfile"))))?;
            install.manifests = vec![py.path.clone(), lock.path.clone()];
            install.packages = locked_packages(lock);
            install.install_project = is_package(py);
            if manager == Manager::Pdm && older_pdm_lock(lock.format_version.as_deref()) {
                install.lock_check.clear();
                warnings.push(Warning::at(
                    Location::file(&lock.path),
                    format!(
                        "written by an older PDM (lock_version {}): the pinned PDM hashes pyproject.toml \
                         differently and would call it stale, so it is installed exactly as locked, without \
                         --check (run `pdm lock` to refresh it)",
                        lock.format_version.as_deref().unwrap_or("?")
                    ),
                ));
            }
            // Backends read these while installing the project itself.
            install.needed_files.extend(py.referenced_files.iter().cloned());
        }
    }
    install.source_files = vec![install.manifests.last().cloned().unwrap_or_default()];
    Ok(install)
}

/// PDM changed how it hashes pyproject.toml in lock_version 4.5: a lock
/// from before that never passes the pinned PDM's `--check`.
fn older_pdm_lock(version: Option<&str>) -> bool {
    let Some(version) = version else { return false };
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0)) < (4, 5)
}

#[cfg(test)]
mod tests {
    #[test]
    fn locks_before_4_5_are_older_pdm_locks() {
        assert!(super::older_pdm_lock(Some("4.4")));
        assert!(super::older_pdm_lock(Some("4.4.1")));
        assert!(!super::older_pdm_lock(Some("4.5.0")));
        assert!(!super::older_pdm_lock(Some("4.5")));
        assert!(!super::older_pdm_lock(None));
    }
}
