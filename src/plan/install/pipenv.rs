//! Pipenv: `pipenv install --deploy` (refuses a stale lock; default
//! packages only), from a pinned copy of Pipenv in /opt/pipenv. A Pipfile
//! without its lock is locked during the build, with a warning: nothing
//! pins the versions.

use super::{Install, Manager, Steps, declared_packages, locked_packages};
use crate::detect::Facts;
use crate::diagnostics::{Warning, attention};
use crate::evidence::Location;
use anyhow::Result;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PipenvSteps {
    /// Pinned requirements installing Pipenv into /opt/pipenv.
    pub tool_requirements: Vec<String>,
    /// Whether a Pipfile.lock enforces the versions.
    pub locked: bool,
    /// `pipenv install`'s flags: `--deploy` refuses a stale lock.
    pub install_flags: Vec<String>,
}

pub fn decide(facts: &Facts, warnings: &mut Vec<Warning>) -> Result<Install> {
    let Some(pipfile) = &facts.pipfile else {
        return Err(attention("Pipfile.lock without its Pipfile: pipenv cannot install it"));
    };
    let lock = facts.lockfiles.iter().find(|l| l.manager == Manager::Pipenv);
    let steps = PipenvSteps {
        tool_requirements: super::locked_project::tool_requirements(Manager::Pipenv),
        locked: lock.is_some(),
        install_flags: lock.map(|_| "--deploy".to_string()).into_iter().collect(),
    };
    let mut install = Install::new(Steps::Pipenv(steps));
    install.manifests = vec!["Pipfile".into()];
    match lock {
        Some(lock) => {
            install.manifests.push(lock.path.clone());
            install.packages = locked_packages(lock);
        }
        None => {
            warnings.push(Warning::at(
                Location::file("Pipfile"),
                "no Pipfile.lock: the build locks the dependencies itself, so versions can change \
                 between builds (run `pipenv lock` and commit Pipfile.lock)",
            ));
            let names = pipfile.packages.iter().map(|n| (n.value.clone(), None));
            install.packages = declared_packages(names);
        }
    }
    install.source_files = vec![install.manifests.last().cloned().unwrap_or_default()];
    Ok(install)
}
