//! Which program serves the app, and which pinned requirements the image
//! adds because the project lacks them.
//!
//! WSGI (Django included): gunicorn. ASGI: uvicorn, or gunicorn with
//! uvicorn workers when gunicorn is already a dependency. aiohttp: gunicorn
//! with aiohttp's worker. Scripts run under their framework's runner (or
//! Python); Celery apps under `celery worker`; explicit commands as given.
//! Pins live in `data/servers.toml`.

use super::{Kind, Start};
use crate::data::{self, Interface};
use crate::diagnostics::Warning;
use crate::evidence::{Decided, Location, Source};
use crate::plan::install::Install;
use crate::plan::minor_key;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServerKind {
    Gunicorn,
    GunicornUvicornWorker,
    Uvicorn,
    GunicornAiohttp,
    /// A framework's own runner (`streamlit run`, `panel serve`).
    Runner,
    /// `python script.py`.
    Python,
    Celery,
    /// A console script or `python -m`.
    Cli,
    /// The user's command, as given.
    Command,
}

impl ServerKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Gunicorn => "gunicorn",
            Self::GunicornUvicornWorker => "gunicorn with uvicorn workers",
            Self::Uvicorn => "uvicorn",
            Self::GunicornAiohttp => "gunicorn with aiohttp workers",
            Self::Runner => "the framework's runner",
            Self::Python => "python",
            Self::Celery => "celery worker",
            Self::Cli => "the program itself",
            Self::Command => "the command as given",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Server {
    pub kind: ServerKind,
    /// Pinned requirements the image adds because the project lacks them.
    pub added: Vec<String>,
}

pub fn decide(
    start: &Start,
    install: &Install,
    python_minor: &str,
    warnings: &mut Vec<Warning>,
) -> Decided<Server> {
    let evidence = Location::file(install.source_files.first().map_or("", String::as_str));
    let requires = |name: &str| install.requires(name).then(|| evidence.clone());
    // Every name asked for here is in data/servers.toml (a data test
    // checks the file); a missing one would install unpinned, not panic.
    let pin = |name: &str| match data::server(name) {
        Some(pin) => {
            let new_enough = minor_key(python_minor) >= minor_key(&pin.requires_python);
            format!("{name}=={}", if new_enough { &pin.version } else { &pin.fallback })
        }
        None => name.to_string(),
    };
    let server = |kind, added: Vec<String>, source: Source, reason: String| {
        Decided::new(Server { kind, added }, source, reason)
    };
    let in_deps = |location: Location| Source::Inferred { location };
    let mut decided = match (start.kind, start.interface) {
        (Kind::Command, _) | (Kind::Worker, None) => {
            server(ServerKind::Command, Vec::new(), Source::Default, "the command runs as given".into())
        }
        (Kind::Cli, _) => {
            server(ServerKind::Cli, Vec::new(), Source::Default, "a program, run directly".into())
        }
        (Kind::Worker, _) => {
            if requires("celery").is_none() {
                warnings
                    .push(Warning::new("a Celery app, but celery is not among the production dependencies"));
            }
            server(
                ServerKind::Celery,
                Vec::new(),
                Source::Default,
                "Celery apps run as `celery worker`".into(),
            )
        }
        (Kind::Script, Some(_)) => {
            server(ServerKind::Python, Vec::new(), Source::Default, "the script starts its own server".into())
        }
        (Kind::Script, None) => {
            let reason = format!("{} scripts run under their own server", start.framework);
            server(ServerKind::Runner, Vec::new(), Source::Default, reason)
        }
        (_, Some(Interface::Aiohttp)) => match requires("gunicorn") {
            Some(location) => server(
                ServerKind::GunicornAiohttp,
                Vec::new(),
                in_deps(location),
                "aiohttp app; gunicorn is already a dependency and runs aiohttp's worker".into(),
            ),
            None => server(
                ServerKind::GunicornAiohttp,
                vec![pin("gunicorn")],
                Source::Default,
                "aiohttp app; gunicorn runs aiohttp's GunicornWebWorker (added: not in your dependencies)"
                    .into(),
            ),
        },
        (_, Some(Interface::Asgi)) => match (requires("gunicorn"), requires("uvicorn")) {
            (Some(location), _) => {
                let added = if requires("uvicorn-worker").is_some() {
                    Vec::new()
                } else {
                    vec![pin("uvicorn-worker")]
                };
                let reason = if added.is_empty() {
                    "ASGI app; gunicorn is a dependency, so it runs uvicorn workers"
                } else {
                    "ASGI app; gunicorn is a dependency, so it runs uvicorn workers (uvicorn-worker added)"
                };
                server(ServerKind::GunicornUvicornWorker, added, in_deps(location), reason.into())
            }
            (None, Some(location)) => server(
                ServerKind::Uvicorn,
                Vec::new(),
                in_deps(location),
                "ASGI app; uvicorn is already a dependency".into(),
            ),
            (None, None) => server(
                ServerKind::Uvicorn,
                vec![pin("uvicorn")],
                Source::Default,
                "ASGI app; uvicorn is the production server (added: not in your dependencies)".into(),
            ),
        },
        _ => match requires("gunicorn") {
            Some(location) => server(
                ServerKind::Gunicorn,
                Vec::new(),
                in_deps(location),
                "WSGI app; gunicorn is already a dependency".into(),
            ),
            None => server(
                ServerKind::Gunicorn,
                vec![pin("gunicorn")],
                Source::Default,
                "WSGI app; gunicorn is the production server (added: not in your dependencies)".into(),
            ),
        },
    };
    if let Some(framework) = undeclared_framework(start, install) {
        warnings.push(Warning::at(
            evidence.clone(),
            format!(
                "the code imports {} ({}), but it is not among the production dependencies: the image adds {}; \
                 declare it to choose the version",
                start.framework,
                start.location.as_ref().map_or_else(String::new, ToString::to_string),
                pin(&framework)
            ),
        ));
        decided.value.added.insert(0, pin(&framework));
    }
    decided
}

/// The framework the app imports, when the project does not declare it
/// and `data/servers.toml` knows a pin for it.
fn undeclared_framework(start: &Start, install: &Install) -> Option<String> {
    if !matches!(start.kind, Kind::Web | Kind::Script) {
        return None;
    }
    let name = start.framework.to_lowercase();
    (!install.requires(&name) && data::server(&name).is_some()).then_some(name)
}
