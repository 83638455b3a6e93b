//! The port the app listens on inside the container.
//!
//! Precedence: `--port`, then a port the start command states (a
//! Procfile's `--bind 0.0.0.0:5000`), then the `bind` of gunicorn's
//! configuration file when gunicorn serves (it wins over `PORT`), then one
//! the code states
//! (`app.run(port=5000)`, the default of `os.environ.get("PORT", "9000")`,
//! `demo.launch(server_port=7861)`), then the maintainer's own Dockerfile
//! (`EXPOSE 5000`, or the port its `CMD` binds), then the framework's convention
//! (Streamlit 8501, Gradio 7860, Panel 5006), then 8000. Whatever wins
//! becomes `ENV PORT` and `EXPOSE`; servers and the health check read
//! `PORT` at run time, so `docker run -e PORT=…` changes it without a
//! rebuild. Workers and command-line programs have no port.

use super::start::server::ServerKind;
use super::start::{Kind, Start};
use crate::data;
use crate::detect::Facts;
use crate::detect::apps::PortHint;
use crate::evidence::{Decided, Source, first_of};
use crate::settings::Settings;

pub const DEFAULT_PORT: u16 = 8000;

pub fn decide(settings: &Settings, facts: &Facts, start: &Start, server: ServerKind) -> Decided<Option<u16>> {
    if !start.kind.serves_http() {
        return Decided::new(None, Source::Default, "serves no HTTP, so no port is exposed");
    }
    let flag = settings.port.as_ref().map(|set| set.decides(Some(set.value)));
    let in_command = command_port(start).map(|(port, word)| {
        let location = start.location.clone().unwrap_or_default();
        Decided::new(Some(port), Source::File { location }, format!("the start command binds `{word}`"))
    });
    let in_config = gunicorn_config(facts, start, server).and_then(|hint| {
        let reason = match &hint.env {
            Some(env) => {
                format!("the default of {env} where gunicorn's configuration binds ({})", hint.location)
            }
            None => format!("gunicorn's configuration binds it ({})", hint.location),
        };
        Some(Decided::new(Some(hint.port?), Source::File { location: hint.location.clone() }, reason))
    });
    let in_code = code_hint(facts, start).and_then(|hint| {
        let port = hint.port?;
        let reason = match &hint.env {
            Some(env) => format!("the code's default for {env} ({})", hint.location),
            None => format!("the code listens there ({})", hint.location),
        };
        Some(Decided::new(Some(port), Source::Inferred { location: hint.location.clone() }, reason))
    });
    let maintained = facts.maintainer_dockerfile.port.as_ref().map(|port| {
        let reason = format!("stated by the project's own Dockerfile at {}", port.location);
        Decided::new(Some(port.value), Source::File { location: port.location.clone() }, reason)
    });
    let convention = data::frameworks()
        .runner
        .iter()
        .find(|r| r.name == start.framework && start.kind == Kind::Script)
        .map(|r| Decided::new(Some(r.port), Source::Default, format!("{}'s conventional port", r.name)));
    let default = Decided::new(
        Some(DEFAULT_PORT),
        Source::Default,
        "default; override with --port or PORT at run time",
    );
    first_of(vec![flag, in_command, in_config, in_code, maintained, convention], default).winner
}

/// A port number in an explicit command's bind (`0.0.0.0:5000`,
/// `--port 5000`).
fn command_port(start: &Start) -> Option<(u16, String)> {
    if start.kind != Kind::Command {
        return None;
    }
    crate::detect::maintainer_dockerfile::bound_port(&start.argv)
}

/// The bind of `gunicorn.conf.py`, when gunicorn serves and reads it (a
/// command that names another `--config` does not).
fn gunicorn_config<'a>(facts: &'a Facts, start: &Start, server: ServerKind) -> Option<&'a PortHint> {
    let program = start.argv.first().map(|w| crate::shell::program_name(w));
    let gunicorn = match server {
        ServerKind::Gunicorn | ServerKind::GunicornUvicornWorker | ServerKind::GunicornAiohttp => true,
        ServerKind::Command => program == Some("gunicorn"),
        _ => false,
    };
    let other_config = start.argv.windows(2).any(|w| {
        matches!(w[0].as_str(), "-c" | "--config")
            && w[1].trim_start_matches("./") != crate::detect::gunicorn_conf::FILE
    }) || start.argv.iter().any(|w| {
        w.strip_prefix("--config=")
            .is_some_and(|f| f.trim_start_matches("./") != crate::detect::gunicorn_conf::FILE)
    });
    facts.gunicorn_bind.as_ref().filter(|_| gunicorn && !other_config)
}

/// What the code says about the chosen app's port.
fn code_hint<'a>(facts: &'a Facts, start: &Start) -> Option<&'a PortHint> {
    match start.kind {
        Kind::Script if start.interface.is_none() => {
            facts.runner_scripts.iter().find(|s| s.path == start.target).and_then(|s| s.port.as_ref())
        }
        _ => facts
            .apps
            .iter()
            .find(|a| start.location.as_ref() == Some(&a.target.location))
            .and_then(|a| a.run.as_ref())
            .and_then(|run| run.port.as_ref()),
    }
}
