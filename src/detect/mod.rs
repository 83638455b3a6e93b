//! Facts: what the repository says, with evidence and without opinions.
//!
//! Each submodule reads one kind of fact; [`gather`] runs them all. Nothing
//! here decides anything: choosing a Python version, a server or a health
//! check is the plan's job (`src/plan/`).

pub mod apps;
pub mod pyproject;
pub mod python_source;
pub mod python_version;
pub mod requirements;
pub mod sources;

use crate::diagnostics::Warning;
use crate::project::Project;
use anyhow::Result;
use apps::AppCandidate;
use pyproject::PyprojectFacts;
use python_version::VersionFact;
use requirements::RequirementsFacts;

pub const REQUIREMENTS_TXT: &str = "requirements.txt";

pub struct Facts {
    /// The project folder's name (used when pyproject names nothing).
    pub dir_name: String,
    pub requirements: Option<RequirementsFacts>,
    pub pyproject: Option<PyprojectFacts>,
    pub python_versions: Vec<VersionFact>,
    /// Application objects, ranked best first.
    pub apps: Vec<AppCandidate>,
    /// Top-level virtual environments with unusual names (`env/`).
    pub virtualenvs: Vec<String>,
    /// How many Python modules were parsed.
    pub modules_parsed: usize,
    pub warnings: Vec<Warning>,
}

pub fn gather(project: &Project) -> Result<Facts> {
    let pyproject = pyproject::read(project)?;
    let requirements = if project.is_file(REQUIREMENTS_TXT) {
        Some(requirements::read(project, REQUIREMENTS_TXT)?)
    } else {
        None
    };
    let python_versions =
        python_version::gather(project, pyproject.as_ref().and_then(|p| p.requires_python.as_ref()))?;
    let parsed = sources::parse_all(project);
    let mut warnings = parsed.warnings;
    if let Some(req) = &requirements {
        warnings.extend(req.warnings.iter().cloned());
    }
    Ok(Facts {
        dir_name: project.dir_name(),
        requirements,
        pyproject,
        python_versions,
        apps: apps::find(&parsed.modules),
        virtualenvs: project.virtualenvs(),
        modules_parsed: parsed.modules.len(),
        warnings,
    })
}
