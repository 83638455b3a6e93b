//! How the container starts: which process, served by what, with which
//! command.
//!
//! Every way the project could start is a candidate, from explicit to
//! inferred (`candidates.rs`, whose order is the documented precedence):
//! `--command`, `--app`, the Procfile's `web:` process, a Django project,
//! web application objects (ranked by `detect/apps`), Streamlit/Gradio/Panel
//! scripts, the Procfile's `worker:`, Celery apps, then console scripts and
//! `python -m` packages. The first wins; the plan lists every other with why
//! it lost. Two candidates the ranking cannot tell apart are an error that
//! lists them and the flag that picks one.

mod candidates;
pub mod command;
mod maintained;
pub mod server;

use crate::data::Interface;
use crate::detect::Facts;
use crate::diagnostics::{Warning, attention};
use crate::evidence::{Decided, Location};
use crate::settings::Settings;
use anyhow::Result;
use serde::Serialize;

/// What kind of process the container runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A web application object, served by a production server.
    Web,
    /// A Django project (a web app with static files and settings).
    Django,
    /// A script run by its framework's runner (Streamlit, Gradio, Panel) or
    /// by Python (Tornado).
    Script,
    /// A long-running process that serves no HTTP (Celery).
    Worker,
    /// A command-line program.
    Cli,
    /// A command given by the user (flag, Procfile).
    Command,
}

impl Kind {
    pub fn serves_http(self) -> bool {
        matches!(self, Self::Web | Self::Django | Self::Script | Self::Command)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Start {
    pub kind: Kind,
    /// How a web object is served (WSGI, ASGI, aiohttp, Tornado).
    pub interface: Option<Interface>,
    /// `Flask`, `Django`, `Streamlit`, `Celery`, `Procfile`, …
    pub framework: String,
    /// What starts, as people read it: `server:application`,
    /// `streamlit_app.py`, `tasks:app`, `mytool`, a command line.
    pub target: String,
    /// The import root of the target ("" for the project root).
    pub root: String,
    /// The folder the server must import from, when the import root is not
    /// installed as a package (decided with the install, in `plan/mod.rs`).
    pub app_dir: Option<String>,
    /// The words of an explicit command (Procfile, `--command`) or a CLI.
    /// For a shell line, the last command's: the one that serves.
    pub argv: Vec<crate::shell::Word>,
    /// Shell text a Procfile line runs around its last command (`flask db
    /// upgrade; ` before, `| tee log` after), kept as written for `sh -c`.
    pub around: Option<crate::detect::procfile::Around>,
    /// The candidate's evidence.
    pub location: Option<Location>,
}

/// A candidate as the plan lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CandidateReport {
    pub rank: usize,
    pub kind: Kind,
    pub target: String,
    pub framework: String,
    pub location: Option<Location>,
    pub chosen: bool,
    pub why: String,
}

pub fn decide(
    facts: &Facts,
    settings: &Settings,
    warnings: &mut Vec<Warning>,
) -> Result<(Decided<Start>, Vec<CandidateReport>)> {
    let all = candidates::gather(facts, settings, warnings);
    let Some(best) = all.first() else {
        return Err(attention(format!(
            "nothing to start: looked for a Procfile, a Django manage.py, application objects ({}), \
             Streamlit/Gradio/Panel scripts, Celery apps, console scripts and `__main__.py` packages in {} \
             Python modules (tests, docs and virtual environments excluded){}; name it with --app \
             MODULE:OBJECT or --command",
            candidates::known_constructors(),
            facts.modules_parsed,
            facts.skipped_note()
        )));
    };
    if let Some(rival) = all.get(1).filter(|r| candidates::tied(best, r)) {
        let tied: Vec<String> = all
            .iter()
            .filter(|c| c.tier == best.tier && (std::ptr::eq(*c, best) || candidates::tied(best, c)))
            .map(|c| {
                format!(
                    "  {} ({}, {})",
                    c.start.target,
                    c.start.framework,
                    location_text(c.start.location.as_ref())
                )
            })
            .collect();
        let flag =
            if rival.start.kind == Kind::Cli { "--command" } else { "--app MODULE:OBJECT (or --command)" };
        return Err(attention(format!(
            "cannot choose what to start: {} candidates rank equally:\n{}\nchoose one with {flag}",
            tied.len(),
            tied.join("\n")
        )));
    }
    if best.start.kind == Kind::Command
        && let Some(bind) = crate::detect::maintainer_dockerfile::binds_port_zero(&best.start.argv)
    {
        return Err(attention(format!(
            "{}: the start command binds `{bind}`, port 0: the server takes any free port when it \
             starts, so EXPOSE and the health check cannot follow it; bind a fixed port, or `$PORT`",
            location_text(best.start.location.as_ref())
        )));
    }
    let reports = all
        .iter()
        .enumerate()
        .map(|(i, c)| CandidateReport {
            rank: i + 1,
            kind: c.start.kind,
            target: c.start.target.clone(),
            framework: c.start.framework.clone(),
            location: c.start.location.clone(),
            chosen: i == 0,
            why: if i == 0 {
                format!("chosen: {}", c.why)
            } else {
                format!("not chosen: {}", candidates::why_lost(c, best))
            },
        })
        .collect();
    let best = &all[0];
    Ok((Decided::new(best.start.clone(), best.source.clone(), best.why.clone()), reports))
}

fn location_text(location: Option<&Location>) -> String {
    location.as_ref().map_or_else(|| "command line".to_string(), ToString::to_string)
}
