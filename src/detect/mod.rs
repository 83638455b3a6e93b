//! Facts: what the repository says, with evidence and without opinions.
//!
//! Each submodule reads one kind of fact; [`gather`] runs them all. Nothing
//! here decides anything: choosing a manager, a Python version, a server or
//! a health check is the plan's job (`src/plan/`).

pub mod apps;
pub mod apt_txt;
mod build_target;
pub mod config;
pub mod django;
mod django_db;
pub mod gunicorn_conf;
mod imports;
pub mod lockfiles;
pub mod maintainer_dockerfile;
pub mod pep508;
pub mod pipfile;
pub mod procfile;
pub mod pyproject;
pub mod python_source;
pub mod python_version;
pub mod requirements;
pub mod scripts;
pub mod setup_py;
pub mod sources;
pub mod tool_tables;

use crate::diagnostics::Warning;
use crate::project::Project;
use anyhow::Result;
use apps::AppCandidate;
use lockfiles::Lockfile;
use pipfile::PipfileFacts;
use pyproject::PyprojectFacts;
use python_version::VersionFact;
use requirements::RequirementsFacts;
use setup_py::SetupFacts;

/// Requirement files that hold production dependencies, best first. The
/// root `requirements.txt` wins; otherwise the first of these that exists.
/// Files named for development, tests, linting or docs are never chosen.
pub const REQUIREMENTS_RANKING: &[&str] = &[
    "requirements.txt",
    "requirements/prod.txt",
    "requirements/production.txt",
    "requirements-prod.txt",
    "requirements_prod.txt",
    "requirements.prod.txt",
    "requirements-production.txt",
    "requirements/main.txt",
    "requirements/base.txt",
    "requirements/common.txt",
    "requirements/requirements.txt",
];

pub struct Facts {
    /// The project folder's name (used when no manifest names the project).
    pub dir_name: String,
    pub requirements: Option<RequirementsFacts>,
    pub pyproject: Option<PyprojectFacts>,
    /// `pyproject.toml` of workspace members and other nested projects.
    pub member_pyprojects: Vec<PyprojectFacts>,
    pub lockfiles: Vec<Lockfile>,
    pub pipfile: Option<PipfileFacts>,
    pub setup: Option<SetupFacts>,
    pub python_versions: Vec<VersionFact>,
    /// Application objects (web apps, Celery apps), ranked best first.
    pub apps: Vec<AppCandidate>,
    pub django: Option<django::DjangoFacts>,
    pub procfile: Option<procfile::ProcfileFacts>,
    /// Streamlit/Gradio/Panel scripts, best first.
    pub runner_scripts: Vec<scripts::RunnerScript>,
    /// Packages with a `__main__.py`.
    pub main_packages: Vec<scripts::MainPackage>,
    /// The user's configuration (`[tool.containerize]` or containerize.toml).
    pub config: Option<config::ConfigFacts>,
    /// Secret-looking files in the build context (`.env`, keys, …).
    pub secret_files: Vec<String>,
    /// A `.dockerignore` the user wrote (no generated-file header).
    pub user_dockerignore: Option<String>,
    /// Top-level virtual environments with unusual names (`env/`).
    pub virtualenvs: Vec<String>,
    /// How many Python modules were parsed.
    pub modules_parsed: usize,
    /// Debian packages `apt.txt` lists (run time), with their lines.
    pub apt_txt: Vec<crate::evidence::Located<String>>,
    /// The PyPI distributions the source imports (from outside the project
    /// and the standard library), each at its first import: the
    /// dependencies of a project with no dependency file (read only then).
    pub imported: Vec<crate::evidence::Located<String>>,
    /// Folders below the root that hold a dependency file of their own.
    pub subprojects: Vec<String>,
    /// Where `gunicorn.conf.py` binds, when it does.
    pub gunicorn_bind: Option<apps::PortHint>,
    /// The port and the Python the maintainer's own Dockerfile states.
    pub maintainer_dockerfile: maintainer_dockerfile::Stated,
    pub warnings: Vec<Warning>,
}

impl Facts {
    /// Whether a file names the dependencies: a requirements file, a
    /// pyproject that declares the project, setup.py/setup.cfg or a Pipfile.
    pub fn names_dependencies(&self) -> bool {
        self.requirements.is_some()
            || self.pyproject.as_ref().is_some_and(|p| p.has_project || p.tools.poetry.is_some())
            || self.setup.is_some()
            || self.pipfile.is_some()
    }

    /// Every production dependency name the manifests declare (not locks).
    pub fn declared_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        if let Some(py) = &self.pyproject {
            names.extend(py.dependencies.iter().map(|d| d.name.clone()));
            if let Some(poetry) = &py.tools.poetry {
                names.extend(poetry.dependencies.iter().map(|n| n.value.clone()));
            }
        }
        if let Some(pipfile) = &self.pipfile {
            names.extend(pipfile.packages.iter().map(|n| n.value.clone()));
        }
        if let Some(req) = &self.requirements {
            names.extend(req.dependencies.iter().map(|d| d.name.clone()));
        }
        if let Some(setup) = &self.setup {
            names.extend(setup.install_requires.iter().flatten().filter_map(|(_, n)| n.clone()));
        }
        names.sort();
        names.dedup();
        names
    }
}

impl Facts {
    /// Index URLs on hosts other than PyPI, wherever they are declared.
    /// The files that were skipped, for an error that found nothing: `;
    /// not read: app.py: skipped: cannot read it: Permission denied`, or "".
    pub fn skipped_note(&self) -> String {
        let skipped: Vec<String> = self
            .warnings
            .iter()
            .filter(|w| w.message.contains("skipped") || w.message.contains("not read"))
            .take(5)
            .map(ToString::to_string)
            .collect();
        if skipped.is_empty() { String::new() } else { format!("; not read: {}", skipped.join("; ")) }
    }

    pub fn private_indexes(&self) -> Vec<tool_tables::IndexUrl> {
        let mut all: Vec<tool_tables::IndexUrl> = Vec::new();
        if let Some(req) = &self.requirements {
            all.extend(
                req.index_urls.iter().map(|url| tool_tables::IndexUrl {
                    url: url.value.clone(),
                    location: url.location.clone(),
                }),
            );
        }
        all.extend(self.pyproject.iter().flat_map(|p| p.tools.indexes.iter().cloned()));
        all.extend(self.pipfile.iter().flat_map(|p| p.indexes.iter().cloned()));
        all.retain(|index| !is_public_index(&index.url));
        all
    }
}

/// `[tool.containerize]`, else containerize.toml; both is an error.
fn config_of(project: &Project, pyproject: Option<&PyprojectFacts>) -> Result<Option<config::ConfigFacts>> {
    let in_pyproject = pyproject.and_then(|p| p.tools.containerize.clone());
    let in_file = config::read_file(project)?;
    match (in_pyproject, in_file) {
        (Some(_), Some(_)) => Err(crate::diagnostics::attention(format!(
            "configuration in both {} of pyproject.toml and {}; keep one",
            config::TABLE,
            config::FILE
        ))),
        (a, b) => Ok(a.or(b)),
    }
}

/// PyPI itself (and its file host) needs no credentials.
fn is_public_index(url: &str) -> bool {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = after_scheme.split('/').next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    let host = host_port.split(':').next().unwrap_or_default();
    matches!(host, "pypi.org" | "pypi.python.org" | "files.pythonhosted.org")
}

/// Files whose content decides the plan; one that leads outside the
/// project (a symlink out of it) is never read, and the plan says so.
const MANIFESTS: &[&str] = &[
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "Pipfile",
    "Pipfile.lock",
    "uv.lock",
    "poetry.lock",
    "pdm.lock",
    ".python-version",
    "runtime.txt",
    "Procfile",
    "containerize.toml",
    "apt.txt",
];

pub fn gather(project: &Project) -> Result<Facts> {
    for name in MANIFESTS.iter().chain(REQUIREMENTS_RANKING) {
        if project.leads_outside(name) {
            project.skip(Warning::at(
                crate::evidence::Location::file(*name),
                "is a symbolic link that leads outside the project: not read",
            ));
        }
    }
    let mut pyproject = pyproject::read(project)?;
    let mut warnings = Vec::new();
    if let Some(py) = pyproject.as_mut() {
        py.builds_nothing = build_target::finds_nothing(project, py);
        warnings.extend(py.builds_nothing.iter().map(|why| Warning::new(why.clone())));
    }
    let pipfile = pipfile::read(project)?;
    let setup = setup_py::read(project)?;
    let requirements = match REQUIREMENTS_RANKING.iter().find(|f| project.is_file(f)) {
        Some(file) => Some(requirements::read(project, file)?),
        None => None,
    };
    let walked = project.python_sources(sources::NOT_CANDIDATE_DIRS);
    // A broken pyproject.toml in a subfolder (a cookiecutter template, a
    // tool's own project) is skipped with a warning: it is not the project.
    let mut member_pyprojects = Vec::new();
    for dir in walked.manifest_dirs.iter().filter(|d| !d.is_empty()) {
        match pyproject::read_at(project, &format!("{dir}/pyproject.toml")) {
            Ok(found) => member_pyprojects.extend(found),
            Err(error) => warnings.push(Warning::new(format!("skipped: {error:#}"))),
        }
    }
    let mut facts = Facts {
        dir_name: project.dir_name(),
        requirements,
        pyproject,
        member_pyprojects,
        lockfiles: Vec::new(),
        pipfile,
        setup,
        python_versions: Vec::new(),
        apps: Vec::new(),
        django: None,
        procfile: procfile::read(project)?,
        runner_scripts: Vec::new(),
        main_packages: Vec::new(),
        config: None,
        secret_files: Vec::new(),
        user_dockerignore: None,
        virtualenvs: project.virtualenvs(),
        modules_parsed: 0,
        apt_txt: apt_txt::read(project)?,
        imported: Vec::new(),
        subprojects: walked.project_dirs.clone(),
        gunicorn_bind: gunicorn_conf::bind(project)?,
        maintainer_dockerfile: maintainer_dockerfile::read(project)?,
        warnings,
    };
    facts.config = config_of(project, facts.pyproject.as_ref())?;
    facts.lockfiles = lockfiles::read_all(project, &facts.declared_names())?;
    let uv_lock = facts
        .lockfiles
        .iter()
        .find(|l| l.manager == crate::manager::Manager::Uv)
        .and_then(|l| l.requires_python.as_ref());
    let stated = python_version::Stated {
        pipfile: facts.pipfile.as_ref().and_then(|p| p.python.as_ref()),
        requires_python: facts
            .pyproject
            .as_ref()
            .and_then(|p| p.requires_python.as_ref())
            .or_else(|| facts.setup.as_ref().and_then(|s| s.python_requires.as_ref())),
        poetry: facts
            .pyproject
            .as_ref()
            .and_then(|p| p.tools.poetry.as_ref())
            .and_then(|p| p.python.as_ref()),
        uv_lock,
        dockerfile: facts.maintainer_dockerfile.python.as_ref(),
    };
    facts.python_versions = python_version::gather(project, &stated)?;
    let parsed = sources::parse_all(project, &walked);
    facts.warnings.extend(parsed.warnings);
    facts.warnings.extend(facts.requirements.iter().flat_map(|r| r.warnings.iter().cloned()));
    facts.warnings.extend(facts.lockfiles.iter().flat_map(|l| l.warnings.iter().cloned()));
    facts.secret_files = project.secret_files();
    facts.apps = apps::find(&parsed.modules);
    if !facts.names_dependencies() {
        facts.imported = imports::distributions(&parsed.modules, &walked.files);
    }
    facts.django = django::find(&parsed.modules);
    facts.warnings.extend(facts.django.iter().flat_map(|d| d.warnings.iter().cloned()));
    facts.runner_scripts = scripts::runner_scripts(&parsed.modules);
    facts.main_packages = scripts::main_packages(&parsed.modules);
    facts.warnings.extend(facts.procfile.iter().flat_map(|p| p.warnings.iter().cloned()));
    facts.warnings.extend(facts.pyproject.iter().flat_map(|p| {
        p.outside_files.iter().map(|crate::evidence::Located { value: file, location }| {
            Warning::at(
                location.clone(),
                format!("`{file}` is outside the project: not read, and the build cannot use it"),
            )
        })
    }));
    facts.modules_parsed = parsed.modules.len();
    facts.user_dockerignore = project
        .read_text(".dockerignore", crate::project::MANIFEST_LIMIT)
        .ok()
        .flatten()
        .filter(|text| !crate::output::is_generated(text));
    facts.warnings.extend(project.skipped());
    Ok(facts)
}

#[cfg(test)]
mod tests {
    #[test]
    fn public_indexes() {
        assert!(super::is_public_index("https://pypi.org/simple"));
        assert!(super::is_public_index("https://u:****@pypi.org/simple"));
        assert!(!super::is_public_index("https://pypi.org.evil.example/simple"));
        assert!(!super::is_public_index("https://${TOKEN}@pypi.corp:8443/simple"));
    }
}
