//! `containerize plan --json`: the plan for machines.
//!
//! The output is JSON Lines: one object per project, in the order the paths
//! were given, whether one path was given or several. Each object carries
//! `schema_version` and `path`; a project that was planned has the plan's
//! keys beside them, one that could not be has `error` and `exit` instead.
//!
//! The key names below are a stable interface that scripts rely on; add
//! keys freely, never rename or remove one (a change that must do so bumps
//! [`SCHEMA_VERSION`]). `schema/plan.schema.json` describes the output and a
//! test validates every example's against it. Every decision also appears
//! in `decisions` with its source and reason, named the same way as in its
//! own section: there is one source per decision.

/// The version of the output's shape, printed as `schema_version`.
/// Version 2: one object per line, with `path`, for any number of paths
/// (version 1 printed an object for one path and an array for several).
pub const SCHEMA_VERSION: u32 = 2;

use super::Plan;
use super::start::Kind;
use crate::evidence::{Decided, Source};
use serde_json::{Value, json};

/// The line `plan --json` prints for a project that was planned.
pub fn record(path: &str, plan: &Plan) -> Value {
    let mut value = to_json(plan);
    value["path"] = Value::from(path);
    value
}

pub fn to_json(plan: &Plan) -> Value {
    let start = &plan.start.value;
    // `app.kind`: the interface for web apps (wsgi, asgi, aiohttp, tornado),
    // else what runs (script, worker, cli, command).
    let app_kind = match (start.kind, start.interface) {
        (Kind::Web | Kind::Django, Some(interface)) => serde_json::to_value(interface).unwrap_or(Value::Null),
        (kind, _) => serde_json::to_value(kind).unwrap_or(Value::Null),
    };
    json!({
        "schema_version": SCHEMA_VERSION,
        "name": plan.name,
        "python": {
            "version": plan.python.value.minor,
            "source": plan.python.value.source,
            "evidence": evidence(&plan.python.source),
            "debian": plan.python.value.codename,
        },
        "base_image": plan.base_image.value.resolved(&plan.python.value.minor),
        "builder_image": plan.builder_image.value.resolved(&plan.python.value.minor),
        "manager": plan.manager.value.name(),
        "dependencies": {
            "source": plan.install.source_files,
            "files": plan.install.needed_files,
            "count": plan.install.packages.len(),
            "packages": plan.install.packages.iter().map(|p| match &p.version {
                Some(version) => format!("{}=={version}", p.name),
                None => p.name.clone(),
            }).collect::<Vec<_>>(),
            "install_project": plan.install.install_project,
            "added": plan.install.extra,
            "secrets": plan.install.secrets.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
        },
        "app": {
            "kind": app_kind,
            "process": start.kind,
            "framework": start.framework,
            "target": start.target,
            "evidence": evidence(&plan.start.source),
            "candidates": plan.candidates,
        },
        "server": plan.server.value,
        "command": plan.command,
        "port": plan.port.value,
        "healthcheck": plan.health.value,
        "engine": {
            "oldest": plan.engine.value.oldest,
            "needs": plan.engine.value.needs(),
            "features": plan.engine.value.features,
        },
        "system_packages": plan.system_packages,
        "env": plan.env.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>(),
        "collectstatic": plan.collectstatic.is_some(),
        "state_dirs": plan.state_dirs,
        "release_tasks": plan.release_tasks,
        "notes": plan.notes,
        "required_env": plan.required_env,
        "decisions": [
            // The same name as `python.source` (a Poetry constraint is
            // `poetry`, not `requires-python`, though both live in
            // pyproject.toml).
            named(decision("python", &plan.python), plan.python.value.source),
            decision("base_image", &plan.base_image),
            decision("builder_image", &plan.builder_image),
            decision("manager", &plan.manager),
            decision("app", &plan.start),
            decision("server", &plan.server),
            decision("port", &plan.port),
            decision("healthcheck", &plan.health),
            decision("engine", &plan.engine),
        ],
        "warnings": plan.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
    })
}

/// `.python-version`, `--python`, `default`, …: the source without a line.
fn source_name(source: &Source) -> String {
    match source {
        Source::Flag { flag } => flag.clone(),
        Source::Inferred { location } if location.path == crate::detect::pyproject::FILE => {
            "requires-python".into()
        }
        Source::Config { location, .. } | Source::File { location } | Source::Inferred { location } => {
            location.path.clone()
        }
        Source::Default => "default".into(),
    }
}

fn evidence(source: &Source) -> Value {
    source.location().map_or(Value::Null, |l| Value::from(l.to_string()))
}

fn decision<T>(name: &str, decided: &Decided<T>) -> Value {
    json!({
        "decision": name,
        "source": source_name(&decided.source),
        "evidence": evidence(&decided.source),
        "reason": decided.reason,
    })
}

fn named(mut decision: Value, source: &str) -> Value {
    decision["source"] = Value::from(source);
    decision
}

/// The line `plan --json` prints for a project that could not be planned.
pub fn error(path: &str, message: &str, exit: u8) -> Value {
    json!({ "schema_version": SCHEMA_VERSION, "path": path, "error": message, "exit": exit })
}
