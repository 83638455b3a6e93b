//! How the container starts: which application, which server, which command.
//!
//! The app: `--app` if given, else the best-ranked candidate from the AST
//! (ranking in `detect/apps.rs`); every other candidate is listed with why
//! it lost. The server: gunicorn for WSGI; for ASGI, uvicorn, or gunicorn
//! with uvicorn workers when gunicorn is already a dependency. A server the
//! project does not depend on is installed at the version pinned in
//! `data/servers.toml`, and the plan says so.

use super::install::Install;
use super::minor_key;
use crate::data::{self, Interface};
use crate::detect::Facts;
use crate::detect::apps::AppCandidate;
use crate::diagnostics::{Warning, attention};
use crate::evidence::{Decided, Location, Source};
use crate::settings::Settings;
use anyhow::Result;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AppChoice {
    /// `Flask`, `FastAPI`, or empty when `--app` named something unseen.
    pub framework: String,
    pub interface: Interface,
    /// `module:object` or `module:factory()`.
    pub target: String,
    /// The import root the module name is relative to ("" for the project
    /// root, `src` for the src layout, a workspace member's folder).
    pub root: String,
    /// The folder the server must import from, when the import root is not
    /// installed as a package (decided with the install, in `plan/mod.rs`).
    pub app_dir: Option<String>,
}

/// A candidate as the plan lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CandidateReport {
    pub rank: usize,
    pub target: String,
    pub framework: String,
    pub location: Location,
    pub chosen: bool,
    pub why: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServerKind {
    Gunicorn,
    GunicornUvicornWorker,
    Uvicorn,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Server {
    pub kind: ServerKind,
    /// Pinned requirements the image adds because the project lacks them.
    pub added: Vec<String>,
}

pub fn decide_app(facts: &Facts, settings: &Settings) -> Result<(Decided<AppChoice>, Vec<CandidateReport>)> {
    let apps = &facts.apps;
    if let Some(spec) = &settings.app {
        let wanted = spec.spec();
        let found =
            apps.iter().find(|a| a.target.spec() == wanted || a.also.iter().any(|t| t.spec() == wanted));
        let (framework, interface) = match found {
            Some(app) => (app.framework.clone(), app.interface),
            None => (String::new(), interface_from_dependencies(facts)),
        };
        let root = found.map(|a| a.target.root.clone()).unwrap_or_default();
        let choice = AppChoice { framework, interface, target: wanted, root, app_dir: None };
        let reports = reports(apps, None);
        return Ok((Decided::new(choice, Source::flag("--app"), "named on the command line"), reports));
    }
    let Some(best) = apps.first() else {
        return Err(attention(format!(
            "no web application found: looked for {} objects and factories in {} Python modules \
             (tests, docs and virtual environments excluded); name it with --app module:object",
            known_constructors(),
            facts.modules_parsed
        )));
    };
    let choice = AppChoice {
        framework: best.framework.clone(),
        interface: best.interface,
        target: best.target.spec(),
        root: best.target.root.clone(),
        app_dir: None,
    };
    let reason = if apps.len() == 1 {
        format!("the only {} app in the project", best.framework)
    } else {
        format!("ranked first of {} candidates ({})", apps.len(), crate::detect::apps::RANKING)
    };
    let source = Source::Inferred { location: best.target.location.clone() };
    Ok((Decided::new(choice, source, reason), reports(apps, Some(0))))
}

fn known_constructors() -> String {
    let names: Vec<_> = data::frameworks().framework.iter().map(|f| format!("{}(...)", f.name)).collect();
    names.join(", ")
}

/// Without a detected app, the interface follows the dependencies.
fn interface_from_dependencies(facts: &Facts) -> Interface {
    let asgi = ["fastapi", "starlette", "quart", "litestar", "sanic"];
    let declared = facts.declared_names();
    if asgi.iter().any(|n| declared.iter().any(|d| d == n)) { Interface::Asgi } else { Interface::Wsgi }
}

fn reports(apps: &[AppCandidate], chosen: Option<usize>) -> Vec<CandidateReport> {
    apps.iter()
        .enumerate()
        .map(|(i, app)| CandidateReport {
            rank: i + 1,
            target: app.target.spec(),
            framework: app.framework.clone(),
            location: app.target.location.clone(),
            chosen: chosen == Some(i),
            why: why(app, apps.first(), chosen == Some(i)),
        })
        .collect()
}

/// Why a candidate won or lost against the winner, in the ranking's terms.
fn why(app: &AppCandidate, best: Option<&AppCandidate>, chosen: bool) -> String {
    let also = if app.also.is_empty() {
        String::new()
    } else {
        let names: Vec<_> = app.also.iter().map(|t| t.spec()).collect();
        format!("; also reachable as {}", names.join(", "))
    };
    if chosen {
        return format!("chosen{also}");
    }
    let Some(best) = best else { return format!("not chosen: --app names another object{also}") };
    let reason = if app.mounted {
        "mounted inside another app"
    } else if app.routes.is_empty() && !best.routes.is_empty() {
        "declares no routes"
    } else if app.target.module.rsplit('.').next() != best.target.module.rsplit('.').next() {
        "its module name is a less conventional entrypoint"
    } else if app.target.module.matches('.').count() > best.target.module.matches('.').count() {
        "its module is nested deeper"
    } else {
        "ranked after it by module name"
    };
    format!("not chosen: {reason}{also}")
}

pub fn decide_server(app: &AppChoice, install: &Install, python_minor: &str) -> Decided<Server> {
    let evidence = Location::file(install.source_files.first().map_or("", String::as_str));
    let requires = |name: &str| install.requires(name).then(|| evidence.clone());
    let pin = |name: &str| {
        let pin = &data::servers()[name];
        let new_enough = minor_key(python_minor) >= minor_key(&pin.requires_python);
        format!("{name}=={}", if new_enough { &pin.version } else { &pin.fallback })
    };
    match (app.interface, requires("gunicorn")) {
        (Interface::Wsgi, Some(location)) => Decided::new(
            Server { kind: ServerKind::Gunicorn, added: Vec::new() },
            Source::Inferred { location },
            "WSGI app; gunicorn is already a dependency",
        ),
        (Interface::Wsgi, None) => Decided::new(
            Server { kind: ServerKind::Gunicorn, added: vec![pin("gunicorn")] },
            Source::Default,
            "WSGI app; gunicorn is the production server (added: not in your dependencies)",
        ),
        (Interface::Asgi, Some(location)) => {
            let added =
                if requires("uvicorn-worker").is_some() { Vec::new() } else { vec![pin("uvicorn-worker")] };
            let reason = if added.is_empty() {
                "ASGI app; gunicorn is a dependency, so it runs uvicorn workers"
            } else {
                "ASGI app; gunicorn is a dependency, so it runs uvicorn workers (uvicorn-worker added)"
            };
            Decided::new(
                Server { kind: ServerKind::GunicornUvicornWorker, added },
                Source::Inferred { location },
                reason,
            )
        }
        (Interface::Asgi, None) => match requires("uvicorn") {
            Some(location) => Decided::new(
                Server { kind: ServerKind::Uvicorn, added: Vec::new() },
                Source::Inferred { location },
                "ASGI app; uvicorn is already a dependency",
            ),
            None => Decided::new(
                Server { kind: ServerKind::Uvicorn, added: vec![pin("uvicorn")] },
                Source::Default,
                "ASGI app; uvicorn is the production server (added: not in your dependencies)",
            ),
        },
    }
}

/// The exec-form command. gunicorn reads `PORT` itself (it binds
/// `0.0.0.0:$PORT` when PORT is set and no `--bind` is given) and
/// `WEB_CONCURRENCY` for its worker count, so it needs no shell. uvicorn
/// reads neither, so `sh -c 'exec …'` expands `$PORT` and then replaces the
/// shell, leaving uvicorn as PID 1 to receive signals.
pub fn command(app: &AppChoice, server: &Server) -> Vec<String> {
    let mut args: Vec<String> = Vec::new();
    match server.kind {
        ServerKind::Gunicorn | ServerKind::GunicornUvicornWorker => {
            args.extend(
                ["gunicorn", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-"].map(String::from),
            );
            if server.kind == ServerKind::GunicornUvicornWorker {
                args.extend(["--worker-class", "uvicorn_worker.UvicornWorker"].map(String::from));
            }
            if let Some(dir) = &app.app_dir {
                args.extend(["--chdir".to_string(), format!("/app/{dir}")]);
            }
            args.push(app.target.clone());
            args
        }
        ServerKind::Uvicorn => {
            let mut line = vec!["exec uvicorn --host 0.0.0.0 --port \"$PORT\"".to_string()];
            if let Some(dir) = &app.app_dir {
                line.push(format!("--app-dir {dir}"));
            }
            match app.target.strip_suffix("()") {
                Some(factory) => line.push(format!("--factory {factory}")),
                None => line.push(app.target.clone()),
            }
            vec!["sh".to_string(), "-c".to_string(), line.join(" ")]
        }
    }
}

/// Warnings about the start decision worth a user's attention.
pub fn warnings(app: &Decided<AppChoice>) -> Vec<Warning> {
    let mut out = Vec::new();
    if app.value.framework.is_empty() {
        out.push(Warning::new(format!(
            "--app {} is not an app this tool found in the source; assuming a {} app",
            app.value.target,
            match app.value.interface {
                Interface::Wsgi => "WSGI",
                Interface::Asgi => "ASGI",
            }
        )));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(interface: Interface, target: &str) -> AppChoice {
        AppChoice {
            framework: "X".into(),
            interface,
            target: target.into(),
            root: String::new(),
            app_dir: None,
        }
    }

    #[test]
    fn gunicorn_command_needs_no_shell() {
        let server = Server { kind: ServerKind::Gunicorn, added: vec![] };
        assert_eq!(
            command(&app(Interface::Wsgi, "server:application"), &server),
            ["gunicorn", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-", "server:application"]
        );
    }

    #[test]
    fn uvicorn_factories_and_src_layout() {
        let server = Server { kind: ServerKind::Uvicorn, added: vec![] };
        let mut choice = app(Interface::Asgi, "svc.main:create_app()");
        choice.app_dir = Some("src".into());
        assert_eq!(
            command(&choice, &server),
            [
                "sh",
                "-c",
                "exec uvicorn --host 0.0.0.0 --port \"$PORT\" --app-dir src --factory svc.main:create_app"
            ]
        );
    }

    #[test]
    fn gunicorn_with_uvicorn_workers() {
        let server = Server { kind: ServerKind::GunicornUvicornWorker, added: vec![] };
        let cmd = command(&app(Interface::Asgi, "main:app"), &server);
        assert_eq!(cmd[5..], ["--worker-class", "uvicorn_worker.UvicornWorker", "main:app"]);
    }
}
