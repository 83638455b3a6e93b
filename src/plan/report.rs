//! The plan as people read it: one line per decision with its evidence,
//! then the app candidates and the warnings. `init` prints the summary;
//! `plan` prints everything.

use super::Plan;
use super::health::Probe;
use crate::evidence::Source;
use std::fmt::Write;

/// The widest start-candidate name the report shows whole.
const TARGET_COLUMN: usize = 120;

/// The decision lines shared by `init` and `plan`.
pub fn summary(plan: &Plan) -> String {
    let mut out = String::new();
    let python = &plan.python;
    let from = match (&python.source, &python.value.bounded_by) {
        (source, Some(bound)) => format!(
            "held back from {} by {} ({source}): no wheel there, it would compile",
            bound.instead_of, bound.package
        ),
        (Source::Default, None) => format!("default: {}", python.reason),
        (source, None) => format!("from {source}"),
    };
    line(&mut out, &format!("Python {}", python.value.minor), &from);
    let install = &plan.install;
    let packages = match install.packages.len() {
        1 => "1 package".to_string(),
        n => format!("{n} packages"),
    };
    let project = if install.install_project { "; the project is installed as a package" } else { "" };
    let named_by = if install.source_files.is_empty() {
        "no dependency file: what the code imports".to_string()
    } else {
        install.source_files.join(", ")
    };
    line(
        &mut out,
        "dependencies",
        &format!("{named_by} ({}), {packages}{project}", install.manager().name()),
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
    let health = match &plan.health.value.probe {
        Probe::Http { path, host: None } => format!("GET {path}  ({})", plan.health.reason),
        Probe::Http { path, host: Some(host) } => {
            format!("GET {path} with Host {}  ({})", host.first_host(), plan.health.reason)
        }
        Probe::Tcp => format!("TCP connect to the port  ({})", plan.health.reason),
        Probe::None => format!("none  ({})", plan.health.reason),
    };
    line(&mut out, "health check", &health);
    if !plan.env.is_empty() {
        let pairs: Vec<String> = plan.env.iter().map(|(name, value)| format!("{name}={value}")).collect();
        line(&mut out, "environment", &format!("{}  (ENV in the image)", pairs.join(", ")));
    }
    for dir in &plan.state_dirs {
        let keep = if dir.volume {
            "a volume; mount one to keep it"
        } else {
            "beside the source, so not a volume: it lives as long as the container"
        };
        line(&mut out, "writes", &format!("{}  ({}, {}): {keep}", dir.path, dir.why, dir.location));
    }
    if let Some(system) = system_summary(plan) {
        line(&mut out, "system packages", &system);
    }
    // Project words (a Procfile line, a file name) are shown, never obeyed.
    crate::sinks::terminal::clean(&out).into_owned()
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

/// `runtime libpq5; psycopg2 2.9.13 compiled in python:3.11-bookworm`,
/// or nothing when no Debian package is involved.
fn system_summary(plan: &Plan) -> Option<String> {
    let packages = &plan.system_packages;
    let mut parts = Vec::new();
    if !packages.runtime.is_empty() {
        parts.push(format!("runtime {}", packages.runtime.join(" ")));
    }
    if !packages.compiled.is_empty() {
        let builder = plan.builder_image.value.resolved(&plan.python.value.minor);
        parts.push(format!("{} compiled in {builder}", packages.compiled.join(", ")));
    }
    if !packages.builder_installs.is_empty() {
        parts.push(format!("builder installs {}", packages.builder_installs.join(" ")));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// `Docker Engine 25 or newer (HEALTHCHECK --start-interval, COPY --link)`.
fn engine(plan: &Plan) -> String {
    let target = &plan.engine.value;
    let features: Vec<&str> = target.features.iter().map(|f| f.syntax()).collect();
    let uses = if features.is_empty() {
        "nothing newer than 20.10's BuildKit".to_string()
    } else {
        features.join(", ")
    };
    let source = match &plan.engine.source {
        crate::evidence::Source::Default => String::new(),
        _ => format!("; {}", plan.engine.reason),
    };
    format!("Docker Engine {} or newer  (the Dockerfile uses {uses}{source})", target.needs())
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

/// The `docker build … -t TAG CONTEXT` (or `podman build …`) a user runs,
/// with one `--secret` per credential the install mounts; `context` is the
/// project folder as the user named it (`.` from inside it).
pub fn build_command(plan: &Plan, program: &str, tag: &str, context: &str) -> String {
    let mut words = vec![format!("{program} build")];
    for secret in &plan.install.secrets {
        words.push(match &secret.target {
            Some(_) => format!("--secret id={},src=$HOME/.{}", secret.id, secret.id),
            None => format!("--secret id={},env={}", secret.id, secret.id),
        });
    }
    words.push(format!("-t {tag} {}", crate::shell::quote(context)));
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
    let builder = &plan.builder_image;
    if builder.value != base.value {
        let image = builder.value.resolved(&plan.python.value.minor);
        line(&mut out, "builder image", &format!("{image}  ({})", builder.reason));
    }
    line(&mut out, "command", &plan.command.join(" "));
    line(&mut out, "engine", &engine(plan));
    let packages = &plan.system_packages;
    if system_summary(plan).is_none() {
        line(&mut out, "system packages", "none needed");
    }
    if !plan.install.secrets.is_empty() {
        let ids: Vec<_> = plan.install.secrets.iter().map(|s| s.id.as_str()).collect();
        line(
            &mut out,
            "build secrets",
            &format!("{} (build with: {})", ids.join(", "), build_command(plan, "docker", "IMAGE", ".")),
        );
    }
    if !plan.candidates.is_empty() {
        out.push_str("\nstart candidates, best first\n");
        // A column no wider than a terminal line; a longer name is cut.
        let shown = |t: &str| match t.char_indices().nth(TARGET_COLUMN) {
            Some((at, _)) => format!("{}…", &t[..at]),
            None => t.to_string(),
        };
        let width = plan.candidates.iter().map(|c| shown(&c.target).chars().count()).max().unwrap_or(0);
        for c in &plan.candidates {
            let at = c.location.as_ref().map_or_else(|| "command line".to_string(), ToString::to_string);
            let target = shown(&c.target);
            let _ = writeln!(out, "  {}. {target:width$}  {}  {at}  {}", c.rank, c.framework, c.why);
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
            ("engine", plan.engine.source.to_string(), &plan.engine.reason),
        ];
        for (name, source, reason) in decisions {
            // The source in brackets, unless the reason already names it.
            let said = reason.contains(&source) || (source == "default" && reason.starts_with("default"));
            let evidence = if said { String::new() } else { format!("  [{source}]") };
            let _ = writeln!(out, "  {name:<16}{reason}{evidence}");
        }
    }
    if !plan.notes.is_empty() {
        out.push_str("\nnotes\n");
        for note in &plan.notes {
            let _ = writeln!(out, "  {note}");
        }
    }
    if !packages.reasons.is_empty() {
        out.push_str("\nsystem packages, per package\n");
        for need in &packages.reasons {
            let mut lists = Vec::new();
            if !need.build.is_empty() {
                lists.push(format!("build: {}", need.build.join(" ")));
            }
            if !need.runtime.is_empty() {
                lists.push(format!("runtime: {}", need.runtime.join(" ")));
            }
            let lists = if lists.is_empty() { String::new() } else { format!(" ({})", lists.join("; ")) };
            let _ = writeln!(out, "  {}{lists}", need.why);
        }
    }
    if !plan.warnings.is_empty() {
        out.push_str("\nwarnings\n");
        for warning in &plan.warnings {
            let _ = writeln!(out, "  {warning}");
        }
    }
    // Project words (a Procfile line, a file name) are shown, never obeyed.
    crate::sinks::terminal::clean(&out).into_owned()
}

fn line(out: &mut String, label: &str, value: &str) {
    let _ = writeln!(out, "  {label:<18}{value}");
}
