//! Application objects (web apps, Celery apps) and their routes, found in
//! module summaries.
//!
//! Input: the [`ModuleSummary`] of every candidate module. Output: one
//! [`AppCandidate`] per application object, however many modules reach it
//! (`app = Flask(...)` in `server.py`, a factory `create_app()` and the
//! `wsgi.py` that calls it are one app), with the routes declared on it or
//! on the blueprints/routers it includes, the development-server call that
//! states its port, ranked best first.
//!
//! Which calls make apps and routes is data (`data/frameworks.toml`); this
//! module only resolves names through imports and follows includes. It does
//! not evaluate code: a route whose path is computed is not seen.

mod graph;
mod resolver;
mod routes;
mod run;

use super::python_source::{Call, ModuleSummary, Value};
use crate::data::{self, Interface};
use crate::evidence::Location;
use graph::Graph;
use resolver::Resolver;
pub use run::{PortHint, RunCall, port_hint};
use serde::Serialize;

/// A parsed module of the project.
pub struct SourceModule {
    /// Root-relative file path.
    pub path: String,
    /// The folder the module name is relative to (must be on `sys.path`):
    /// "" for the project root, `src` for the src layout, or a workspace
    /// member's folder.
    pub root: String,
    /// Dotted module name (`pkg.main`; a package's `__init__.py` is `pkg`).
    pub module: String,
    pub summary: ModuleSummary,
}

/// One way to import the app: `module:attr`, or `module:attr()` for a factory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Target {
    /// The import root of `module` (see [`SourceModule::root`]).
    pub root: String,
    pub module: String,
    pub attr: String,
    pub factory: bool,
    /// The factory is a coroutine function (`async def create_app()`).
    pub awaited: bool,
    pub location: Location,
}

impl Target {
    /// The `module:attr` / `module:attr()` form servers accept.
    pub fn spec(&self) -> String {
        let call = if self.factory { "()" } else { "" };
        format!("{}:{}{call}", self.module, self.attr)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Route {
    pub path: String,
    /// Whether a plain GET reaches it (a POST-only route cannot be probed).
    pub answers_get: bool,
    /// Behind an authentication decorator or dependency: never a health
    /// check.
    pub protected: bool,
    pub location: Location,
}

#[derive(Clone, Debug, Serialize)]
pub struct AppCandidate {
    pub framework: String,
    pub interface: Interface,
    /// The best way to reach the app; `also` lists the others.
    pub target: Target,
    pub also: Vec<Target>,
    pub routes: Vec<Route>,
    /// Mounted inside another app (a sub-application, not an entrypoint).
    pub mounted: bool,
    /// The app keeps files in its instance folder (`<root>/instance`), which
    /// must be writable; where the source says so.
    pub instance_folder: Option<Location>,
    /// A development-server call (`app.run(port=5000)`, `uvicorn.run(app,
    /// …)`, `web.run_app(app, …)`) that states where the app listens.
    pub run: Option<RunCall>,
}

impl AppCandidate {
    fn rank_key(&self) -> impl Ord + use<> {
        (
            self.mounted,
            self.routes.is_empty(),
            entry_rank(&self.target.module),
            self.target.module.matches('.').count(),
            self.target.module.clone(),
            self.target.location.line,
        )
    }

    /// Whether `other` ranks the same as this one on everything but the
    /// module's name: then the ranking cannot choose between them.
    pub fn ties_with(&self, other: &AppCandidate) -> bool {
        let (a, b) = (self.rank_key_parts(), other.rank_key_parts());
        a == b
    }

    fn rank_key_parts(&self) -> (bool, bool, u8, usize) {
        (
            self.mounted,
            self.routes.is_empty(),
            entry_rank(&self.target.module),
            self.target.module.matches('.').count(),
        )
    }
}

/// How conventional a module name is for an entrypoint (lower is better).
pub fn entry_rank(module: &str) -> u8 {
    match module.rsplit('.').next().unwrap_or(module) {
        "wsgi" | "asgi" => 0,
        "app" | "application" | "main" | "server" | "api" | "web" | "service" => 1,
        _ => 2,
    }
}

/// The documented ranking, in words, for the plan and the README.
pub const RANKING: &str = "apps not mounted in another app first, then apps with routes, \
    then modules named wsgi/asgi, then app/application/main/server/api/web/service, then \
    shallower modules";

/// Find every app, ranked best first.
pub fn find(modules: &[SourceModule]) -> Vec<AppCandidate> {
    let frameworks = &data::frameworks().framework;
    let resolvers: Vec<Resolver> = modules.iter().map(Resolver::new).collect();
    let mut graph = Graph::default();
    graph.find_objects(modules, &resolvers, frameworks);
    graph.find_factories(modules);
    graph.find_aliases(modules, &resolvers, frameworks);
    graph.find_routes(modules, &resolvers, frameworks);
    let run_calls = run::find(modules, &resolvers, &graph, frameworks);
    let mut out = graph.into_candidates(frameworks, run_calls);
    out.sort_by_key(AppCandidate::rank_key);
    out
}

fn target(module: &SourceModule, attr: &str, factory: bool, line: u32) -> Target {
    Target {
        root: module.root.clone(),
        module: module.module.clone(),
        attr: attr.to_string(),
        factory,
        awaited: false,
        location: Location::at(&module.path, line),
    }
}

fn string_kwarg(call: &Call, name: &str) -> Option<String> {
    match call.kwarg(name) {
        Some(Value::Str(s)) => Some(s.clone()),
        _ => None,
    }
}

/// Every call inside a value (list items, arguments), depth first.
fn calls_in(value: &Value, out: &mut Vec<Call>) {
    match value {
        Value::Call(call) => {
            out.push(call.as_ref().clone());
            for arg in call.args.iter().chain(call.kwargs.iter().map(|(_, v)| v)) {
                calls_in(arg, out);
            }
        }
        Value::List(items) => items.iter().for_each(|item| calls_in(item, out)),
        _ => {}
    }
}

/// `/api` + `/health` → `/api/health`; empty parts are dropped.
fn join_path(prefix: &str, path: &str) -> String {
    let prefix = prefix.trim_end_matches('/');
    match (prefix.is_empty(), path.is_empty()) {
        (true, _) if path.starts_with('/') => path.to_string(),
        (true, _) => format!("/{path}"),
        (false, true) => prefix.to_string(),
        (false, false) => format!("{prefix}/{}", path.trim_start_matches('/')),
    }
}

#[cfg(test)]
mod tests;
