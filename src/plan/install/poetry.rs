//! Poetry: `poetry export --only main` (which refuses a stale lock) to
//! hashed requirements, installed by pip. Poetry's own installer needs
//! PyPI's per-version JSON API, which some mirrors and proxies do not
//! serve; the exported, hash-checked install does the same job through the
//! simple index every mirror serves. The project itself (unless
//! `package-mode = false`) is installed non-editable after the source.

use super::{Install, Manager, Steps, locked_project};
use crate::detect::Facts;
use crate::diagnostics::Warning;
use anyhow::Result;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PoetrySteps {
    /// Pinned requirements installing Poetry into /opt/poetry.
    pub tool_requirements: Vec<String>,
}

pub fn decide(facts: &Facts, _warnings: &mut Vec<Warning>) -> Result<Install> {
    let steps = PoetrySteps { tool_requirements: locked_project::tool_requirements(Manager::Poetry) };
    let (install, _) = locked_project::decide(facts, Steps::Poetry(steps))?;
    Ok(install)
}
