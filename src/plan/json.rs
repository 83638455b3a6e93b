//! `containerize plan --json`: the plan for machines.
//!
//! The key names below are a stable interface that scripts rely on; add
//! keys freely, never rename or remove one. Every decision also appears in
//! `decisions` with its source and reason.

use super::Plan;
use super::health::{Health, TIMING};
use crate::evidence::{Decided, Source};
use serde_json::{Value, json};

pub fn to_json(plan: &Plan) -> Value {
    let (health_kind, health_path) = match &plan.health.value {
        Health::Http { path } => ("http", Value::from(path.as_str())),
        Health::Tcp => ("tcp", Value::Null),
    };
    let app = &plan.app.value;
    json!({
        "name": plan.name,
        "python": {
            "version": plan.python.value.minor,
            "source": plan.python.value.source,
            "evidence": evidence(&plan.python.source),
            "debian": plan.python.value.codename,
        },
        "base_image": plan.base_image.value.resolved(&plan.python.value.minor),
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
            "kind": app.interface,
            "framework": app.framework,
            "target": app.target,
            "evidence": evidence(&plan.app.source),
            "candidates": plan.candidates,
        },
        "server": plan.server.value,
        "command": plan.command,
        "port": plan.port.value,
        "healthcheck": {
            "kind": health_kind,
            "path": health_path,
            "interval": TIMING.interval,
            "timeout": TIMING.timeout,
            "start_period": TIMING.start_period,
            "retries": TIMING.retries,
        },
        "system_packages": plan.system_packages,
        "decisions": [
            decision("python", &plan.python),
            decision("base_image", &plan.base_image),
            decision("manager", &plan.manager),
            decision("app", &plan.app),
            decision("server", &plan.server),
            decision("port", &plan.port),
            decision("healthcheck", &plan.health),
        ],
        "warnings": plan.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
    })
}

/// `.python-version`, `--python`, `default`, …: the source without a line.
fn source_name(source: &Source) -> String {
    match source {
        Source::Flag { flag } => flag.clone(),
        Source::Config { location, .. } | Source::File { location } => location.path.clone(),
        Source::Inferred { location } if location.path == crate::detect::pyproject::FILE => {
            "requires-python".into()
        }
        Source::Inferred { location } => location.path.clone(),
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
