//! Development-server calls that say where an app listens:
//! `app.run(host=…, port=…)`, `uvicorn.run(app, port=…)`,
//! `web.run_app(app, port=int(os.environ.get("PORT", "8081")))`. The image
//! never runs these development servers; it keeps the port they state.

use super::SourceModule;
use super::graph::{Graph, Obj};
use super::resolver::Resolver;
use crate::data::Framework;
use crate::detect::python_source::{Call, Scope, Value};
use crate::evidence::Location;
use serde::Serialize;
use std::collections::BTreeMap;

/// Calls that start an ASGI server on an app (first argument).
const ASGI_RUNNERS: &[&str] = &["uvicorn.run", "uvicorn.main.run", "hypercorn.run"];
/// Calls that start aiohttp's server on an app (first argument).
const AIOHTTP_RUNNERS: &[&str] = &["aiohttp.web.run_app", "aiohttp.web_runner.run_app"];

/// A port as the code states it: a number, an environment variable read
/// with a default, or both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PortHint {
    pub port: Option<u16>,
    /// The environment variable the code reads the port from.
    pub env: Option<String>,
    pub location: Location,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RunCall {
    /// The call as written (`app.run`, `uvicorn.run`).
    pub call: String,
    pub port: Option<PortHint>,
    pub host: Option<String>,
    pub location: Location,
}

/// The development-server call for each app (by graph index).
pub(super) fn find(
    modules: &[SourceModule],
    resolvers: &[Resolver],
    graph: &Graph,
    frameworks: &[Framework],
) -> BTreeMap<usize, RunCall> {
    let mut out = BTreeMap::new();
    for (m, module) in modules.iter().enumerate() {
        for site in &module.summary.calls {
            let Some((app, port_at, host_at)) =
                run_target(module, &resolvers[m], graph, frameworks, &site.scope, &site.call)
            else {
                continue;
            };
            let call = &site.call;
            let location = Location::at(&module.path, call.line);
            let port_value = call.kwarg("port").or_else(|| port_at.and_then(|i| call.args.get(i)));
            let port = port_value.and_then(|v| port_hint(v, module, &location));
            let host = match call.kwarg("host").or_else(|| host_at.and_then(|i| call.args.get(i))) {
                Some(Value::Str(host)) => Some(host.clone()),
                _ => None,
            };
            // A call in the main guard wins over one elsewhere.
            if site.scope == Scope::MainGuard || !out.contains_key(&app) {
                out.insert(app, RunCall { call: call.func.clone(), port, host, location });
            }
        }
    }
    out
}

/// The app a call runs, and the positional indexes of its port and host.
fn run_target(
    module: &SourceModule,
    resolver: &Resolver,
    graph: &Graph,
    frameworks: &[Framework],
    scope: &Scope,
    call: &Call,
) -> Option<(usize, Option<usize>, Option<usize>)> {
    let func = resolver.resolve(scope, &call.func);
    let app_argument = |call: &Call| match call.args.first() {
        Some(Value::Ref(name)) => match graph.lookup(&module.module, scope, name, resolver) {
            Some(Obj::App(id)) => Some(id),
            _ => None,
        },
        Some(Value::Str(spec)) => {
            let (module_name, attr) = spec.split_once(':')?;
            graph.lookup_qualified(&format!("{module_name}.{}", attr.trim_end_matches("()")))
        }
        _ => None,
    };
    if ASGI_RUNNERS.contains(&func.as_str()) {
        return Some((app_argument(call)?, Some(2), Some(1)));
    }
    if AIOHTTP_RUNNERS.contains(&func.as_str()) {
        return Some((app_argument(call)?, None, None));
    }
    // `app.run(...)`, or `create_app().run(...)`.
    let (object, method) = match (call.func.rsplit_once('.'), call.receiver.as_deref()) {
        (Some((object, method)), _) => (graph.lookup(&module.module, scope, object, resolver), method),
        (None, Some(Value::Call(inner))) => {
            let factory = resolver.resolve(scope, &inner.func);
            (graph.factories.get(&factory).map(|id| Obj::App(*id)), call.func.as_str())
        }
        _ => return None,
    };
    let Some(Obj::App(id)) = object else { return None };
    let framework = &frameworks[graph.apps[id].framework];
    let run = framework.run_methods.iter().find(|m| m.method == method)?;
    Some((id, run.port_arg, run.host_arg))
}

/// What a value says about a port: `8080`, `"8080"`, `int(...)`,
/// `os.environ.get("PORT", "8080")`, `os.environ["PORT"]`, or a module-level
/// name bound to one of those.
pub fn port_hint(value: &Value, module: &SourceModule, location: &Location) -> Option<PortHint> {
    hint(value, module, location, 0)
}

fn hint(value: &Value, module: &SourceModule, location: &Location, depth: usize) -> Option<PortHint> {
    if depth > 4 {
        return None;
    }
    let number = |port: Option<u16>| Some(PortHint { port, env: None, location: location.clone() });
    match value {
        Value::Int(n) => number(u16::try_from(*n).ok().filter(|p| *p > 0)),
        Value::Str(s) => number(s.trim().parse().ok().filter(|p| *p > 0)),
        Value::Call(call) if matches!(call.func.as_str(), "int" | "str") => {
            hint(call.args.first()?, module, location, depth + 1)
        }
        Value::Call(call) if is_env_get(&call.func) => {
            let Some(Value::Str(name)) = call.args.first() else { return None };
            let default = call.args.get(1).and_then(|d| hint(d, module, location, depth + 1));
            Some(PortHint {
                port: default.and_then(|d| d.port),
                env: Some(name.clone()),
                location: location.clone(),
            })
        }
        Value::Subscript { value, key } if value == "environ" || value.ends_with(".environ") => {
            match key.as_ref() {
                Value::Str(name) => {
                    Some(PortHint { port: None, env: Some(name.clone()), location: location.clone() })
                }
                _ => None,
            }
        }
        Value::Ref(name) => {
            let binding = module
                .summary
                .bindings
                .iter()
                .rev()
                .find(|b| b.name == *name && matches!(b.scope, Scope::Module | Scope::MainGuard))?;
            let location = Location::at(&module.path, binding.line);
            hint(&binding.value, module, &location, depth + 1)
        }
        _ => None,
    }
}

fn is_env_get(func: &str) -> bool {
    func == "getenv" || func.ends_with(".getenv") || func.ends_with("environ.get")
}
