//! The package managers this tool installs with, by name. A leaf module:
//! settings parse `--manager` into it and the plan decides with it, so
//! neither needs the other.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Manager {
    Pip,
    Uv,
    Poetry,
    Pdm,
    Pipenv,
}

impl Manager {
    pub const ALL: [Manager; 5] = [Manager::Pip, Manager::Uv, Manager::Poetry, Manager::Pdm, Manager::Pipenv];

    pub fn name(self) -> &'static str {
        match self {
            Self::Pip => "pip",
            Self::Uv => "uv",
            Self::Poetry => "poetry",
            Self::Pdm => "pdm",
            Self::Pipenv => "pipenv",
        }
    }

    /// The lockfile this manager reads and writes at the project root;
    /// pip has none. The lockfile readers (`detect/lockfiles`) dispatch on
    /// the manager, so a new one without a reader does not compile.
    pub fn lock_file(self) -> Option<&'static str> {
        match self {
            Self::Pip => None,
            Self::Uv => Some("uv.lock"),
            Self::Poetry => Some("poetry.lock"),
            Self::Pdm => Some("pdm.lock"),
            Self::Pipenv => Some("Pipfile.lock"),
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name() == name)
    }
}
