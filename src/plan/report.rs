//! The plan as people read it: one line per decision with its evidence,
//! then the app candidates and the warnings. `init` prints the summary;
//! `plan` prints everything.

use super::Plan;
use super::health::Health;
use crate::evidence::Source;
use std::fmt::Write;

/// The decision lines shared by `init` and `plan`.
pub fn summary(plan: &Plan) -> String {
    let mut out = String::new();
    let python = &plan.python;
    let from = match &python.source {
        Source::Default => format!("default: {}", python.reason),
        source => format!("from {source}"),
    };
    line(&mut out, &format!("Python {}", python.value.minor), &from);
    let install = &plan.install;
    let packages = match install.packages.len() {
        1 => "1 package".to_string(),
        n => format!("{n} packages"),
    };
    let project = if install.install_project { "; the project is installed as a package" } else { "" };
    line(
        &mut out,
        "dependencies",
        &format!("{} ({}), {packages}{project}", install.source_files.join(", "), install.manager.name()),
    );
    let start = &plan.start;
    let framework =
        if start.value.framework.is_empty() { "framework unknown" } else { &start.value.framework };
    let at = start.source.location().map_or_else(|| start.source.to_string(), ToString::to_string);
    line(&mut out, start_label(plan), &format!("{}  ({framework}, {at})", start.value.target));
    line(&mut out, "server", &server(plan));
    let port = match plan.port.value {
        Some(port) => format!("{port} ({})", plan.port.reason),
        None => format!("none ({})", plan.port.reason),
    };
    line(&mut out, "port", &port);
    let health = match &plan.health.value {
        Health::Http { path, host: None } => format!("GET {path}  ({})", plan.health.reason),
        Health::Http { path, host: Some(host) } => {
            format!("GET {path} with Host {}  ({})", host.first_host(), plan.health.reason)
        }
        Health::Tcp => format!("TCP connect to the port  ({})", plan.health.reason),
        Health::None => format!("none  ({})", plan.health.reason),
    };
    line(&mut out, "health check", &health);
    out
}

/// `app`, `worker`, `program` or `command`: what the summary calls it.
fn start_label(plan: &Plan) -> &'static str {
    use super::start::Kind;
    match plan.start.value.kind {
        Kind::Web | Kind::Django | Kind::Script => "app",
        Kind::Worker => "worker",
        Kind::Cli => "program",
        Kind::Command => "command",
    }
}

fn server(plan: &Plan) -> String {
    let server = &plan.server.value;
    let name = server.kind.name();
    match server.added.as_slice() {
        [] if matches!(plan.server.source, crate::evidence::Source::Inferred { .. }) => {
            format!("{name} (in your dependencies, {})", plan.server.source)
        }
        [] => format!("{name} ({})", plan.server.reason),
        added => format!("{name} (added {}: not in your dependencies)", added.join(", ")),
    }
}

/// The `docker build` a user runs: with one `--secret` per credential the
/// install mounts.
pub fn build_command(plan: &Plan, tag: &str) -> String {
    let mut words = vec!["docker build".to_string()];
    for secret in &plan.install.secrets {
        words.push(match &secret.target {
            Some(_) => format!("--secret id={},src=$HOME/.{}", secret.id, secret.id),
            None => format!("--secret id={},env={}", secret.id, secret.id),
        });
    }
    words.push(format!("-t {tag} ."));
    words.join(" ")
}

/// Everything: the summary plus image, command, candidates, notes and
/// warnings; `verbose` adds every decision's source and reason.
pub fn full(plan: &Plan, verbose: bool) -> String {
    let mut out = format!("containerize plan for {}\n\n", plan.name);
    out.push_str(&summary(plan));
    let base = &plan.base_image;
    let image = base.value.resolved(&plan.python.value.minor);
    line(&mut out, "base image", &format!("{image}  ({})", base.reason));
    line(&mut out, "command", &plan.command.join(" "));
    let packages = &plan.system_packages;
    let system = if packages.build.is_empty() && packages.runtime.is_empty() {
        "none needed".to_string()
    } else {
        format!("build: {}; runtime: {}", packages.build.join(" "), packages.runtime.join(" "))
    };
    line(&mut out, "system packages", &system);
    if !plan.install.secrets.is_empty() {
        let ids: Vec<_> = plan.install.secrets.iter().map(|s| s.id.as_str()).collect();
        line(
            &mut out,
            "build secrets",
            &format!("{} (build with: {})", ids.join(", "), build_command(plan, "IMAGE")),
        );
    }
    if !plan.candidates.is_empty() {
        out.push_str("\nstart candidates, best first\n");
        let width = plan.candidates.iter().map(|c| c.target.len()).max().unwrap_or(0);
        for c in &plan.candidates {
            let at = c.location.as_ref().map_or_else(|| "command line".to_string(), ToString::to_string);
            let _ = writeln!(out, "  {}. {:width$}  {}  {at}  {}", c.rank, c.target, c.framework, c.why);
        }
    }
    if verbose {
        out.push_str("\ndecisions\n");
        let decisions = [
            ("python", plan.python.source.to_string(), &plan.python.reason),
            ("base image", plan.base_image.source.to_string(), &plan.base_image.reason),
            ("manager", plan.manager.source.to_string(), &plan.manager.reason),
            ("start", plan.start.source.to_string(), &plan.start.reason),
            ("server", plan.server.source.to_string(), &plan.server.reason),
            ("port", plan.port.source.to_string(), &plan.port.reason),
            ("health check", plan.health.source.to_string(), &plan.health.reason),
        ];
        for (name, source, reason) in decisions {
            let _ = writeln!(out, "  {name:<16}{source}: {reason}");
        }
    }
    if !plan.notes.is_empty() {
        out.push_str("\nnotes\n");
        for note in &plan.notes {
            let _ = writeln!(out, "  {note}");
        }
    }
    if !plan.warnings.is_empty() {
        out.push_str("\nwarnings\n");
        for warning in &plan.warnings {
            let _ = writeln!(out, "  {warning}");
        }
    }
    out
}

fn line(out: &mut String, label: &str, value: &str) {
    let _ = writeln!(out, "  {label:<18}{value}");
}
