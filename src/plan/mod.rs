//! The plan: every decision the generated files embody, each with its
//! evidence. One function per decision family, in the files beside this
//! one; [`make`] calls them in dependency order.
//!
//! The plan is a typed intermediate representation: templates render it,
//! `containerize plan` prints it (`report.rs`), `--json` serializes it
//! (`json.rs`) under names that are a stable interface.

pub mod context;
pub mod django;
pub mod engine;
pub mod health;
pub mod install;
pub mod json;
pub mod native;
pub mod port;
pub mod python;
pub mod report;
pub mod start;
pub mod state;

use crate::detect::Facts;
use crate::diagnostics::Warning;
use crate::evidence::{Decided, Source, first_of};
use crate::settings::Settings;
use anyhow::Result;
use health::HealthCheck;
use install::{Install, Manager};
use python::PythonChoice;
use start::server::Server;
use start::{CandidateReport, Start};

/// The app's user: a fixed numeric UID/GID above the range distributions
/// allocate, so volumes and Kubernetes `runAsUser` policies can name it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct User {
    pub name: String,
    pub uid: u32,
}

pub use native::SystemPackages;

/// A stage's image.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum BaseImage {
    /// The official `python` image for the `PYTHON_VERSION` build argument
    /// on this Debian release: `python:${PYTHON_VERSION}-slim-trixie`, or,
    /// not slim, `python:${PYTHON_VERSION}-trixie` (gcc, headers, -dev
    /// packages) for a builder that compiles.
    Official { slim: bool, codename: String },
    /// An image named by `--base-image` (or configuration), as written.
    Named { reference: String },
}

impl BaseImage {
    pub fn official(slim: bool, codename: &str) -> Self {
        Self::Official { slim, codename: codename.to_string() }
    }

    /// The `FROM` reference as written in the Dockerfile.
    pub fn reference(&self) -> String {
        match self {
            Self::Official { slim: true, codename } => format!("python:${{PYTHON_VERSION}}-slim-{codename}"),
            Self::Official { slim: false, codename } => format!("python:${{PYTHON_VERSION}}-{codename}"),
            Self::Named { reference } => reference.clone(),
        }
    }

    /// The reference with the build argument's default applied.
    pub fn resolved(&self, python_minor: &str) -> String {
        self.reference().replace("${PYTHON_VERSION}", python_minor)
    }
}

#[derive(serde::Serialize)]
pub struct Plan {
    /// Project name (pyproject's, else the folder's), for tags and messages.
    pub name: String,
    pub python: Decided<PythonChoice>,
    pub base_image: Decided<BaseImage>,
    /// The builder stage's image: the base, or the full image when
    /// something is compiled (`native.rs`).
    pub builder_image: Decided<BaseImage>,
    pub manager: Decided<Manager>,
    pub install: Install,
    pub start: Decided<Start>,
    pub candidates: Vec<CandidateReport>,
    pub server: Decided<Server>,
    pub command: Vec<String>,
    /// `CMD` or `ENTRYPOINT`.
    pub command_form: start::command::Form,
    /// Environment the start command needs (`GRADIO_SERVER_NAME=0.0.0.0`).
    pub env: Vec<(String, String)>,
    pub port: Decided<Option<u16>>,
    /// The oldest engine the files run on, and the features that allows.
    pub engine: Decided<engine::EngineTarget>,
    pub health: Decided<HealthCheck>,
    /// Directories the app writes into: writable by its user, volumes.
    pub state_dirs: Vec<state::StateDir>,
    /// Steps before the app serves (migrations of a file database).
    pub release_tasks: Vec<state::ReleaseTask>,
    /// Django: collect static files at build time.
    pub collectstatic: Option<django::Collectstatic>,
    pub system_packages: SystemPackages,
    /// Files the build context must keep (the .dockerignore re-includes
    /// any of them that its patterns would drop). Never a secret.
    pub needed_files: Vec<context::Needed>,
    /// Virtual environments to keep out of the build context.
    pub virtualenvs: Vec<crate::sinks::ignore::Literal>,
    /// Extra .dockerignore patterns (configuration).
    pub ignore: Vec<String>,
    /// The unprivileged user the app runs as.
    pub user: User,
    /// `# syntax=docker/dockerfile:1` first line (configuration).
    pub syntax_line: bool,
    /// Things worth knowing that are not problems (how to run migrations).
    pub notes: Vec<String>,
    /// Environment variables the app cannot start without (a secret key
    /// read with no default): `docker run` must pass them.
    pub required_env: Vec<String>,
    pub warnings: Vec<Warning>,
}

pub fn make(facts: &Facts, settings: &Settings) -> Result<Plan> {
    let mut warnings = facts.warnings.clone();
    warnings.extend(settings.warnings.iter().cloned());
    let python = python::decide(facts, settings, &mut warnings)?;
    let manager = install::decide_manager(facts, settings)?;
    let (mut start, candidates) = start::decide(facts, settings, &mut warnings)?;
    let app_file = start.value.location.as_ref().map(|l| l.path.as_str());
    // The server depends on what the project already requires, which the
    // install knows: decide it once without extras, then with the server
    // the project lacks.
    let probe = install::decide(facts, &manager, app_file, Vec::new(), &mut Vec::new())?;
    // Where the project leaves Python open, the dependencies bound it.
    let open = python::open_releases(&python, facts);
    let python = python::bounded_by_wheels(python, &open, |choice| native::compiled(&probe, choice));
    let base_image = self::base_image(settings, &python.value);
    let server = start::server::decide(&start.value, &probe, &python.value.minor, &mut warnings);
    let install = install::decide(facts, &manager, app_file, server.value.added.clone(), &mut warnings)?;
    // Code below an import root that is not installed as a package runs
    // from its folder (`--chdir` / `--app-dir`).
    if !start.value.root.is_empty() && !install.install_project {
        start.value.app_dir = Some(start.value.root.clone());
    }
    let command = start::command::command(&start.value, server.value.kind);
    warnings.extend(
        command
            .notes
            .iter()
            .map(|n| Warning::at(start.value.location.clone().unwrap_or_default(), n.clone())),
    );
    let port = port::decide(settings, facts, &start.value, server.value.kind);
    let mut engine = engine::decide(settings);
    let health = health::decide(facts, settings, &start.value, port.value, &engine.value);
    if health.value.command.is_none() {
        engine.value.unused(engine::Feature::StartInterval);
    }
    let collectstatic = django::collectstatic(facts, &start.value);
    let release_tasks: Vec<state::ReleaseTask> =
        django::migrate_at_start(facts, &start.value).into_iter().collect();
    let state_dirs = state::decide(facts, &start.value, crate::render::WORKDIR, crate::render::VENV);
    secret_warnings(facts, &mut warnings);
    literal_password_warnings(facts, &mut warnings);
    let mut notes = django::notes(facts, &start.value, &mut warnings);
    loopback_notes(facts, &start.value, &mut notes, &mut warnings);
    let required_env = django::required_env(facts, &start.value);
    let native =
        native::decide(&facts.apt_txt, settings, &install, &python.value, &base_image, &mut warnings)?;
    let mut needed_files = install.needed_files.clone();
    if let Some(pyproject) = &facts.pyproject {
        needed_files.push(pyproject.path.clone());
        needed_files.extend(pyproject.referenced_files.iter().cloned());
    }
    needed_files.extend(start.value.location.as_ref().map(|l| l.path.clone()).filter(|p| !p.is_empty()));
    needed_files.extend(settings.keep.iter().cloned());
    needed_files.sort();
    needed_files.dedup();
    let needed_files = context::needed(needed_files, &mut warnings);
    let virtualenvs = context::virtualenvs(&facts.virtualenvs, &mut warnings);
    warnings.sort();
    warnings.dedup();
    let name =
        facts.pyproject.as_ref().and_then(|p| p.name.clone()).unwrap_or_else(|| facts.dir_name.clone());
    Ok(Plan {
        name,
        python,
        base_image,
        builder_image: native.builder_image,
        manager,
        install,
        start,
        candidates,
        server,
        command: state::run_first(&release_tasks, command.argv),
        command_form: command.form,
        env: command.env.into_iter().chain(settings.env.iter().cloned()).collect(),
        port,
        engine,
        health,
        collectstatic,
        state_dirs,
        release_tasks,
        system_packages: native.packages,
        needed_files,
        virtualenvs,
        ignore: settings.ignore.clone(),
        user: User {
            name: settings.user.as_ref().map_or_else(|| "app".to_string(), |s| s.value.clone()),
            uid: settings.uid.as_ref().map_or(10001, |s| s.value),
        },
        syntax_line: settings.syntax_line,
        notes,
        required_env,
        warnings,
    })
}

/// An index URL with a password written into it: the file that holds it is
/// copied into the image, so the password is in a layer whatever the
/// install does. (The URL was masked when it was read: `****` marks it.)
fn literal_password_warnings(facts: &Facts, warnings: &mut Vec<Warning>) {
    for index in facts.private_indexes() {
        if index.url.contains(":****@") || index.url.contains("://****@") {
            warnings.push(Warning::at(
                index.location.clone(),
                format!(
                    "`{}` holds a literal password, and this file is copied into the image: the password ends \
                     up in a layer. Reference a variable instead (`${{INDEX_PASSWORD}}` in requirements.txt, \
                     passed with `--secret id=INDEX_PASSWORD,env=INDEX_PASSWORD`), or keep it in ~/.netrc, \
                     which the build mounts as a secret",
                    index.url
                ),
            ));
        }
    }
}

/// Secret-looking files in the build context: the generated .dockerignore
/// drops them; a .dockerignore the user owns is checked for each.
fn secret_warnings(facts: &Facts, warnings: &mut Vec<Warning>) {
    if facts.secret_files.is_empty() {
        return;
    }
    let list = |files: &[&String]| {
        let shown: Vec<&str> = files.iter().take(8).map(|f| f.as_str()).collect();
        let more = files.len().saturating_sub(shown.len());
        if more > 0 { format!("{} and {more} more", shown.join(", ")) } else { shown.join(", ") }
    };
    let all: Vec<&String> = facts.secret_files.iter().collect();
    match &facts.user_dockerignore {
        Some(text) => {
            let matcher = crate::dockerignore::Matcher::parse(text);
            let copied: Vec<&String> = all.iter().copied().filter(|f| !matcher.is_excluded(f)).collect();
            if !copied.is_empty() {
                warnings.push(Warning::new(format!(
                    "secret-looking files would be copied into the image, because your .dockerignore does not exclude them: {}",
                    list(&copied)
                )));
            }
        }
        None => warnings.push(Warning::new(format!(
            "secret-looking files in the build context: {}; the generated .dockerignore keeps them out of the image",
            list(&all)
        ))),
    }
}

/// The image binds 0.0.0.0 whatever a development-server call says; a
/// script that starts its own server on loopback cannot be reached.
fn loopback_notes(facts: &Facts, start: &Start, notes: &mut Vec<String>, warnings: &mut Vec<Warning>) {
    let run = facts
        .apps
        .iter()
        .find(|a| start.location.as_ref() == Some(&a.target.location))
        .and_then(|a| a.run.as_ref())
        .filter(|run| matches!(run.host.as_deref(), Some("127.0.0.1" | "localhost")));
    let Some(run) = run else { return };
    let host = run.host.as_deref().unwrap_or_default();
    if start.kind == start::Kind::Script {
        warnings.push(Warning::at(
            run.location.clone(),
            format!("the script listens on {host}, unreachable from outside the container; make it listen on 0.0.0.0"),
        ));
    } else {
        notes.push(format!(
            "{} runs a development server on {host}; the image runs {} on 0.0.0.0 instead",
            run.location, start.target
        ));
    }
}

fn base_image(settings: &Settings, python: &PythonChoice) -> Decided<BaseImage> {
    let flag = settings
        .base_image
        .as_ref()
        .map(|set| set.decides(BaseImage::Named { reference: set.value.clone() }));
    let official = BaseImage::official(true, &python.codename);
    let reason = format!("the official slim image for Python {} on Debian {}", python.minor, python.codename);
    first_of(vec![flag], Decided::new(official, Source::Default, reason)).winner
}

/// `3.13` → (3, 13), for ordering minor versions.
pub fn minor_key(minor: &str) -> (u32, u32) {
    let mut parts = minor.split('.').map(|p| p.parse().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}
