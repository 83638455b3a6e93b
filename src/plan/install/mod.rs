//! How dependencies (and the project itself) get into the image's virtual
//! environment: which manager, with which files, in which layers.
//!
//! The manager is chosen by `--manager`, else by the files present, in this
//! order: a lockfile (uv.lock → uv, poetry.lock → Poetry, pdm.lock → PDM,
//! Pipfile.lock → Pipenv; two lockfiles of different managers are an error),
//! then a requirements file (pip), then a `[project]`/`[tool.poetry]` table
//! or setup.py/setup.cfg (pip installs the project), then a Pipfile without
//! its lock (Pipenv, with a warning). Each manager installs the way its
//! authors recommend for production images: lock enforced, dev/test groups
//! never installed, dependencies in a layer that source edits do not touch,
//! the project itself (when it is a package) installed non-editable last.

mod locked_project;
mod pdm;
mod pip;
mod pipenv;
mod poetry;
mod uv;

use crate::detect::Facts;
use crate::detect::lockfiles::Lockfile;
use crate::diagnostics::{Warning, attention};
use crate::evidence::{Decided, Located, Location, Source};
use crate::settings::Settings;
use anyhow::Result;
use serde::Serialize;

pub use crate::manager::Manager;
pub use pdm::PdmSteps;
pub use pip::PipSteps;
pub use pipenv::PipenvSteps;
pub use poetry::PoetrySteps;
pub use uv::UvSteps;

/// `COPY <sources…> <destination>`; sources keep their paths.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CopyStep {
    pub sources: Vec<String>,
    pub destination: String,
}

/// A BuildKit secret an install step mounts (private index credentials).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Secret {
    pub id: String,
    /// Mounted as this file (`/root/.netrc`), or, when `None`, read into
    /// the environment variable named `id` for the one command.
    pub target: Option<String>,
}

/// A package the image will contain (production only), for counting and
/// for the system-package knowledge base.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Package {
    pub name: String,
    pub version: Option<String>,
    /// Distribution files the lockfile lists (wheel names tell whether a
    /// compiler is needed).
    pub files: Vec<String>,
    /// The PEP 508 requirement it was declared with (no lockfile): its
    /// extras, version bounds and marker.
    pub requirement: Option<String>,
    /// Where it was declared.
    pub location: Option<Location>,
}

/// Everything the install templates (`templates/install/<manager>.j2`)
/// need, and what the plan reports: what every manager shares, and the
/// manager's own steps (flattened, so a template reads `install.manager`
/// and each field by name).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Install {
    #[serde(flatten)]
    pub steps: Steps,
    /// The file(s) that name the dependencies, for the plan's summary.
    pub source_files: Vec<String>,
    /// An image the manager is copied from into the builder (uv).
    pub tool_image: Option<String>,
    /// Files the dependency step reads, copied (or bind-mounted) before it.
    pub manifests: Vec<String>,
    /// The dependencies cannot be installed before the whole source.
    pub needs_source: bool,
    /// Install the project itself (non-editable) after the source.
    pub install_project: bool,
    /// Pinned requirements the image adds (a server the project lacks).
    pub extra: Vec<String>,
    pub secrets: Vec<Secret>,
    /// Production packages (locked versions when a lockfile says).
    pub packages: Vec<Package>,
    /// Every file the build reads; the .dockerignore must keep them.
    pub needed_files: Vec<String>,
}

/// One variant per manager, each with only its own fields, decided in its
/// own module and rendered by its own partial. Serialized as
/// `"manager": "<name>"` beside the fields.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "manager", rename_all = "lowercase")]
pub enum Steps {
    Pip(pip::PipSteps),
    Uv(uv::UvSteps),
    Poetry(poetry::PoetrySteps),
    Pdm(pdm::PdmSteps),
    Pipenv(pipenv::PipenvSteps),
}

impl Steps {
    pub fn manager(&self) -> Manager {
        match self {
            Self::Pip(_) => Manager::Pip,
            Self::Uv(_) => Manager::Uv,
            Self::Poetry(_) => Manager::Poetry,
            Self::Pdm(_) => Manager::Pdm,
            Self::Pipenv(_) => Manager::Pipenv,
        }
    }
}

impl Install {
    pub(crate) fn new(steps: Steps) -> Self {
        Self {
            steps,
            source_files: Vec::new(),
            tool_image: None,
            manifests: Vec::new(),
            needs_source: false,
            install_project: false,
            extra: Vec::new(),
            secrets: Vec::new(),
            packages: Vec::new(),
            needed_files: Vec::new(),
        }
    }

    pub fn manager(&self) -> Manager {
        self.steps.manager()
    }

    /// Whether the project requires `name` in production.
    pub fn requires(&self, name: &str) -> bool {
        self.packages.iter().any(|p| p.name == name)
    }
}

/// A manager named by `--manager` or `manager =` must find the files it
/// installs from; the error names the choice and what is missing.
fn needs_its_files(facts: &Facts, manager: &crate::settings::Set<Manager>) -> Result<()> {
    let lock = manager.value.lock_file();
    let has_lock = facts.lockfiles.iter().any(|l| l.manager == manager.value);
    let missing: Vec<&str> = match manager.value {
        Manager::Pip => return Ok(()),
        Manager::Pipenv => {
            if facts.pipfile.is_none() {
                vec!["Pipfile"]
            } else {
                Vec::new()
            }
        }
        Manager::Uv | Manager::Poetry | Manager::Pdm => {
            let mut missing = Vec::new();
            if facts.pyproject.is_none() {
                missing.push("pyproject.toml");
            }
            if !has_lock {
                missing.extend(lock);
            }
            missing
        }
    };
    if missing.is_empty() {
        return Ok(());
    }
    let who = match &manager.source {
        Source::Config { location, key } => format!("`{key} = \"{}\"` ({location})", manager.value.name()),
        _ => format!("--manager {}", manager.value.name()),
    };
    let lock_hint = match manager.value {
        _ if has_lock => "",
        Manager::Uv => "; `uv lock` writes uv.lock",
        Manager::Poetry => "; `poetry lock` writes poetry.lock",
        Manager::Pdm => "; `pdm lock` writes pdm.lock",
        _ => "",
    };
    let needs = match manager.value {
        Manager::Pipenv => "a Pipfile".to_string(),
        _ => format!("pyproject.toml and {}", lock.unwrap_or_default()),
    };
    Err(attention(format!(
        "{who} installs from {needs}; the project has no {}{lock_hint}",
        missing.join(" or ")
    )))
}

/// The manager, from `--manager` or the files present.
pub fn decide_manager(facts: &Facts, settings: &Settings) -> Result<Decided<Manager>> {
    let locks: Vec<&Lockfile> = facts.lockfiles.iter().collect();
    if let Some(manager) = &settings.manager {
        needs_its_files(facts, manager)?;
        return Ok(manager.decided());
    }
    if locks.len() > 1 {
        let files: Vec<String> = locks.iter().map(|l| format!("`{}`", l.path)).collect();
        return Err(attention(format!(
            "found lockfiles of different managers: {}; keep one, or choose with --manager {}",
            files.join(" and "),
            locks.iter().map(|l| l.manager.name()).collect::<Vec<_>>().join("|")
        )));
    }
    if let Some(lock) = locks.first() {
        let manager = lock.manager;
        let reason = format!("{} locks the dependencies", lock.path);
        return Ok(Decided::new(manager, Source::File { location: Location::file(&lock.path) }, reason));
    }
    if let Some(req) = &facts.requirements {
        let file = &req.files[0];
        let reason = format!("{file} names the dependencies");
        return Ok(Decided::new(Manager::Pip, Source::File { location: Location::file(file) }, reason));
    }
    if let Some(py) = facts.pyproject.as_ref().filter(|p| p.has_project || p.tools.poetry.is_some()) {
        let reason = "pyproject.toml declares the project; pip installs it (no lockfile)";
        return Ok(Decided::new(Manager::Pip, Source::File { location: py.location() }, reason));
    }
    if let Some(setup) = &facts.setup {
        let reason = format!("{} declares the project; pip installs it", setup.files.join(" and "));
        return Ok(Decided::new(
            Manager::Pip,
            Source::File { location: Location::file(&setup.files[0]) },
            reason,
        ));
    }
    if facts.pipfile.is_some() {
        let reason = "Pipfile declares the dependencies (no Pipfile.lock)";
        return Ok(Decided::new(
            Manager::Pipenv,
            Source::File { location: Location::file("Pipfile") },
            reason,
        ));
    }
    // A monorepo's root: its projects are in folders of their own.
    if !facts.subprojects.is_empty() {
        let shown: Vec<String> = facts.subprojects.iter().take(5).map(|d| format!("`{d}`")).collect();
        let more = if facts.subprojects.len() > 5 { ", …" } else { "" };
        let first = &facts.subprojects[0];
        return Err(attention(format!(
            "no dependency file here, but projects in {}{more}: name one (`containerize init {first}`), \
             or several for plan and check (`containerize check {first} …`)",
            shown.join(", ")
        )));
    }
    if facts.modules_parsed > 0 {
        let reason = "no dependency file: pip installs what the code imports";
        return Ok(Decided::new(Manager::Pip, Source::Default, reason));
    }
    Err(attention(format!(
        "no Python project found: looked for uv.lock, poetry.lock, pdm.lock, Pipfile.lock, requirements.txt \
         (also requirements/prod.txt, requirements/base.txt, …), pyproject.toml, setup.py, setup.cfg, Pipfile \
         and Python source{}",
        facts.skipped_note()
    )))
}

/// The install for the chosen manager. `app_file` is the file that holds
/// the app (a uv workspace installs the member that contains it).
pub fn decide(
    facts: &Facts,
    manager: &Decided<Manager>,
    app_file: Option<&str>,
    extra: Vec<String>,
    warnings: &mut Vec<Warning>,
) -> Result<Install> {
    let mut install = match manager.value {
        Manager::Pip => pip::decide(facts, warnings)?,
        Manager::Uv => uv::decide(facts, app_file, &extra, warnings)?,
        Manager::Poetry => poetry::decide(facts, warnings)?,
        Manager::Pdm => pdm::decide(facts, warnings)?,
        Manager::Pipenv => pipenv::decide(facts, warnings)?,
    };
    install.extra = extra;
    install.secrets = secrets(facts)?;
    warn_unused_manifests(facts, &install, warnings);
    if let Some(lock) = facts.lockfiles.iter().find(|l| install.manifests.contains(&l.path)) {
        warn_out_of_sync(facts, lock, warnings);
    }
    install.needed_files.extend(install.manifests.iter().cloned());
    install.needed_files.sort();
    install.needed_files.dedup();
    Ok(install)
}

/// Production packages from a lockfile.
fn locked_packages(lock: &Lockfile) -> Vec<Package> {
    lock.production()
        .map(|p| Package {
            name: p.name.clone(),
            version: p.version.clone(),
            files: p.files.clone(),
            requirement: None,
            location: None,
        })
        .collect()
}

/// Packages from declared names (no versions known), with the requirement
/// text when there is one.
fn declared_packages(declared: impl IntoIterator<Item = (String, Option<String>)>) -> Vec<Package> {
    let mut declared: Vec<(String, Option<String>)> = declared.into_iter().collect();
    declared.sort();
    declared.dedup_by(|a, b| a.0 == b.0);
    declared
        .into_iter()
        .map(|(name, requirement)| Package {
            name,
            version: None,
            files: Vec::new(),
            requirement,
            location: None,
        })
        .collect()
}

/// Private indexes: credentials reach the build only as BuildKit secrets.
/// A `.netrc` secret serves every manager (pip, uv, Poetry, PDM and Pipenv
/// read it); `${VAR}` references in requirement files become one secret
/// each, read into that variable for the install command alone.
/// Variables the build or the shell sets itself: a `${NAME}` credential
/// by one of these names would replace it for the install.
const RESERVED: &[&str] = &[
    "PATH",
    "HOME",
    "PWD",
    "OLDPWD",
    "SHELL",
    "USER",
    "IFS",
    "HOSTNAME",
    "TERM",
    "LANG",
    "PORT",
    "VIRTUAL_ENV",
    "PYTHONPATH",
    "PYTHONHOME",
    "PIP_PYTHON",
    "PIP_CONFIG_FILE",
    "PIP_INDEX_URL",
    "PIP_EXTRA_INDEX_URL",
    "PIP_FIND_LINKS",
    "PIP_TRUSTED_HOST",
    "PIP_CERT",
    "PIP_CLIENT_CERT",
    "PIP_CONSTRAINT",
    "PIP_REQUIREMENT",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "REQUESTS_CA_BUNDLE",
    "CURL_CA_BUNDLE",
];

/// Prefixes of variables an interpreter or installer reads as settings
/// (`PYTHONWARNINGS` echoes a bad value into the build log).
const RESERVED_PREFIXES: &[&str] = &["PYTHON", "LD_", "UV_", "LC_", "DOCKER_", "BUILDKIT_"];

fn reserved(name: &str) -> bool {
    RESERVED.contains(&name) || RESERVED_PREFIXES.iter().any(|p| name.starts_with(p))
}

fn secrets(facts: &Facts) -> Result<Vec<Secret>> {
    if let Some(name) = facts.requirements.iter().flat_map(|r| &r.env_vars).find(|n| reserved(&n.value)) {
        return Err(attention(format!(
            "{}: `${{{}}}` names a variable the build itself sets or its tools read as a setting; a credential needs a name of its own \
             (`${{PIP_TOKEN}}`), passed with `--secret id=PIP_TOKEN`",
            name.location, name.value
        )));
    }
    let mut out = Vec::new();
    let indexes = facts.private_indexes();
    if !indexes.is_empty() {
        out.push(Secret { id: "netrc".into(), target: Some("/root/.netrc".into()) });
    }
    let mut vars: Vec<&str> =
        facts.requirements.iter().flat_map(|r| r.env_vars.iter().map(|name| name.value.as_str())).collect();
    vars.sort_unstable();
    vars.dedup();
    out.extend(vars.into_iter().map(|id| Secret { id: id.to_string(), target: None }));
    Ok(out)
}

/// Manifests of other managers that the chosen one ignores.
fn warn_unused_manifests(facts: &Facts, install: &Install, warnings: &mut Vec<Warning>) {
    let uses = |file: &str| {
        install.manifests.iter().any(|m| m == file) || install.source_files.iter().any(|m| m == file)
    };
    if facts.pipfile.is_some() && install.manager() != Manager::Pipenv && !uses("Pipfile") {
        warnings.push(Warning::at(
            Location::file("Pipfile"),
            format!("ignored: {} decides the dependencies", install.source_files.join(", ")),
        ));
    }
    if let Some(req) = &facts.requirements
        && install.manager() != Manager::Pip
    {
        warnings.push(Warning::at(
            Location::file(&req.files[0]),
            format!("ignored: {} decides the dependencies", install.source_files.join(", ")),
        ));
    }
}

/// A manifest dependency missing from the lockfile means the lock is stale.
fn warn_out_of_sync(facts: &Facts, lock: &Lockfile, warnings: &mut Vec<Warning>) {
    let mut declared: Vec<Located<String>> = Vec::new();
    if let Some(py) = &facts.pyproject {
        declared.extend(py.dependencies.iter().map(|d| Located::new(d.name.clone(), d.location.clone())));
        if let Some(poetry) = &py.tools.poetry {
            declared.extend(poetry.dependencies.iter().cloned());
        }
    }
    if lock.manager == Manager::Pipenv {
        declared.extend(facts.pipfile.iter().flat_map(|p| p.packages.iter().cloned()));
    }
    for Located { value: name, location } in declared {
        if !lock.contains(&name) {
            warnings.push(Warning::at(
                location,
                format!(
                    "`{name}` is not in {}: the lockfile is out of date (run `{} lock`); the build will refuse it",
                    lock.path,
                    lock.manager.name()
                ),
            ));
        }
    }
}

/// Whether the pyproject declares an installable package: a build system
/// is declared (uv's rule), and neither `package-mode = false` (Poetry),
/// `tool.uv.package = false` nor `tool.pdm.distribution = false` says no.
fn is_package(py: &crate::detect::pyproject::PyprojectFacts) -> bool {
    if py.builds_nothing.is_some() {
        return false;
    }
    let tools = &py.tools;
    let poetry_says = tools.poetry.as_ref().map(|p| p.package_mode);
    let uv_says = tools.uv.as_ref().and_then(|u| u.package);
    let explicit = [poetry_says, uv_says, tools.pdm_distribution];
    if explicit.contains(&Some(false)) {
        return false;
    }
    py.has_build_system || explicit.contains(&Some(true))
}
