//! PDM: `pdm install --check --prod --no-self`, then the project with
//! `--no-editable`, as PDM's documentation recommends for images.

use super::{Install, Manager, Steps, locked_project};
use crate::detect::Facts;
use crate::diagnostics::Warning;
use crate::evidence::Location;
use anyhow::Result;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PdmSteps {
    /// Pinned requirements installing PDM into /opt/pdm.
    pub tool_requirements: Vec<String>,
    /// The flag that refuses a lock out of step with pyproject.toml
    /// (`--check`), empty for a lock an older PDM wrote, whose hash the
    /// pinned PDM computes differently and would always refuse.
    pub lock_check: Vec<String>,
}

pub fn decide(facts: &Facts, warnings: &mut Vec<Warning>) -> Result<Install> {
    let lock = facts.lockfiles.iter().find(|l| l.manager == Manager::Pdm);
    let older = lock.is_some_and(|l| older_pdm_lock(l.format_version.as_deref()));
    let steps = PdmSteps {
        tool_requirements: locked_project::tool_requirements(Manager::Pdm),
        lock_check: if older { Vec::new() } else { vec!["--check".into()] },
    };
    let (install, lock) = locked_project::decide(facts, Steps::Pdm(steps))?;
    if older {
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
