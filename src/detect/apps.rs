//! Web application objects and their routes, found in module summaries.
//!
//! Input: the [`ModuleSummary`] of every candidate module. Output: one
//! [`AppCandidate`] per application object, however many modules reach it
//! (`app = Flask(...)` in `server.py`, a factory `create_app()` and the
//! `wsgi.py` that calls it are one app), with the routes declared on it or
//! on the blueprints/routers it includes, ranked best first.
//!
//! Which calls make apps and routes is data (`data/frameworks.toml`); this
//! module only resolves names through imports and follows includes. It does
//! not evaluate code: a route whose path is computed is not seen.

use super::python_source::{Call, ModuleSummary, Scope, Value};
use crate::data::{self, Framework, Interface, PrefixMode};
use crate::evidence::Location;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Routers included deeper than this are not followed.
const MAX_INCLUDE_DEPTH: usize = 8;

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
}

/// How conventional a module name is for an entrypoint (lower is better).
fn entry_rank(module: &str) -> u8 {
    match module.rsplit('.').next().unwrap_or(module) {
        "wsgi" | "asgi" => 0,
        "app" | "application" | "main" | "server" | "api" | "web" => 1,
        _ => 2,
    }
}

/// The documented ranking, in words, for the plan and the README.
pub const RANKING: &str = "apps not mounted in another app first, then apps with routes, \
    then modules named wsgi/asgi, then app/application/main/server/api/web, then shallower \
    modules, then by module name";

/// Find every app, ranked best first.
pub fn find(modules: &[SourceModule]) -> Vec<AppCandidate> {
    let frameworks = &data::frameworks().framework;
    let mut graph = Graph::default();
    let resolvers: Vec<Resolver> = modules.iter().map(Resolver::new).collect();
    // Constructor calls: `app = Flask(...)`, `bp = Blueprint(...)`.
    for (m, module) in modules.iter().enumerate() {
        for binding in &module.summary.bindings {
            let Value::Call(call) = &binding.value else { continue };
            let func = resolvers[m].resolve(&binding.scope, &call.func);
            let key = ObjKey::new(&module.module, &binding.scope, &binding.name);
            let location = Location::at(&module.path, binding.line);
            if let Some(fw) = frameworks.iter().position(|f| f.constructors.contains(&func)) {
                let id = graph.new_app(fw, location);
                graph.objects.insert(key, Obj::App(id));
            } else if let Some(fw) = frameworks.iter().position(|f| f.routers.contains(&func)) {
                let prefix = frameworks[fw].router_prefix.as_ref().and_then(|k| string_kwarg(call, k));
                graph.routers.push(RouterObj {
                    framework: fw,
                    prefix,
                    routes: Vec::new(),
                    includes: Vec::new(),
                });
                graph.objects.insert(key, Obj::Router(graph.routers.len() - 1));
            }
        }
    }
    graph.find_factories(modules);
    graph.find_aliases(modules, &resolvers);
    graph.find_routes_and_includes(modules, &resolvers, frameworks);
    graph.into_candidates(frameworks)
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct ObjKey {
    module: String,
    /// The enclosing function (dotted), `None` at module level.
    function: Option<String>,
    name: String,
}

impl ObjKey {
    fn new(module: &str, scope: &Scope, name: &str) -> Self {
        let function = match scope {
            Scope::Function(f) => Some(f.clone()),
            Scope::Module | Scope::MainGuard => None,
        };
        Self { module: module.to_string(), function, name: name.to_string() }
    }
}

#[derive(Clone, Copy, Debug)]
enum Obj {
    App(usize),
    Router(usize),
}

struct AppObj {
    framework: usize,
    defined_at: Location,
    targets: Vec<Target>,
    routes: Vec<Route>,
    includes: Vec<IncludeEdge>,
    mounted: bool,
}

struct RouterObj {
    framework: usize,
    prefix: Option<String>,
    routes: Vec<Route>,
    includes: Vec<IncludeEdge>,
}

struct IncludeEdge {
    router: usize,
    prefix: Option<String>,
}

#[derive(Default)]
struct Graph {
    apps: Vec<AppObj>,
    routers: Vec<RouterObj>,
    objects: BTreeMap<ObjKey, Obj>,
    /// `module.function` of zero-argument factories → the app they return.
    factories: BTreeMap<String, usize>,
}

impl Graph {
    fn new_app(&mut self, framework: usize, defined_at: Location) -> usize {
        self.apps.push(AppObj {
            framework,
            defined_at,
            targets: Vec::new(),
            routes: Vec::new(),
            includes: Vec::new(),
            mounted: false,
        });
        self.apps.len() - 1
    }

    /// Module-level objects are targets; functions that build an app and
    /// return it are factories (targets when they take no arguments).
    fn find_factories(&mut self, modules: &[SourceModule]) {
        let module_level: Vec<_> = self
            .objects
            .iter()
            .filter_map(|(k, o)| match (o, &k.function) {
                (Obj::App(id), None) => Some((k.clone(), *id)),
                _ => None,
            })
            .collect();
        for (key, id) in module_level {
            let Some(module) = modules.iter().find(|m| m.module == key.module) else { continue };
            let line = self.apps[id].defined_at.line.unwrap_or(1);
            self.apps[id].targets.push(target(module, &key.name, false, line));
        }
        for module in modules {
            for ret in &module.summary.returns {
                let Value::Ref(name) = &ret.value else { continue };
                let key = ObjKey {
                    module: module.module.clone(),
                    function: Some(ret.function.clone()),
                    name: name.clone(),
                };
                let Some(Obj::App(id)) = self.objects.get(&key).copied() else { continue };
                self.factories.insert(format!("{}.{}", module.module, ret.function), id);
                let function = module.summary.functions.iter().find(|f| f.name == ret.function);
                if let Some(f) = function.filter(|f| f.required_params == 0 && !f.name.contains('.')) {
                    self.apps[id].targets.push(target(module, &f.name, true, f.line));
                }
            }
        }
    }

    /// `app = create_app()`, `app = other.app`, `from pkg import app`:
    /// more names for an app that already exists.
    fn find_aliases(&mut self, modules: &[SourceModule], resolvers: &[Resolver]) {
        for (m, module) in modules.iter().enumerate() {
            for binding in &module.summary.bindings {
                let found = match &binding.value {
                    Value::Call(call) if call.args.is_empty() && call.kwargs.is_empty() => {
                        let func = resolvers[m].resolve(&binding.scope, &call.func);
                        self.factories.get(&func).copied()
                    }
                    Value::Ref(name) => self.lookup_qualified(&resolvers[m].resolve(&binding.scope, name)),
                    _ => None,
                };
                let Some(id) = found else { continue };
                let key = ObjKey::new(&module.module, &binding.scope, &binding.name);
                if self.objects.contains_key(&key) {
                    continue;
                }
                self.objects.insert(key.clone(), Obj::App(id));
                if key.function.is_none() {
                    self.apps[id].targets.push(target(module, &key.name, false, binding.line));
                }
            }
            for import in &module.summary.imports {
                if import.scope != Scope::Module || import.name.is_none() {
                    continue;
                }
                let qualified = resolvers[m].resolve(&Scope::Module, &import.local);
                let Some(id) = self.lookup_qualified(&qualified) else { continue };
                let key = ObjKey::new(&module.module, &Scope::Module, &import.local);
                if self.objects.insert(key, Obj::App(id)).is_none() {
                    self.apps[id].targets.push(target(module, &import.local, false, import.line));
                }
            }
        }
    }

    /// A module-level app or router by its qualified name `pkg.mod.name`.
    fn lookup_qualified(&self, qualified: &str) -> Option<usize> {
        let (module, name) = qualified.rsplit_once('.')?;
        let key = ObjKey { module: module.to_string(), function: None, name: name.to_string() };
        match self.objects.get(&key) {
            Some(Obj::App(id)) => Some(*id),
            _ => None,
        }
    }

    /// The object a name refers to at a use site: the enclosing functions'
    /// bindings first, then the module's, then through imports.
    fn lookup(&self, module: &str, scope: &Scope, dotted: &str, resolver: &Resolver) -> Option<Obj> {
        if let Scope::Function(function) = scope {
            let mut function = function.as_str();
            loop {
                let key =
                    ObjKey { module: module.into(), function: Some(function.into()), name: dotted.into() };
                if let Some(obj) = self.objects.get(&key) {
                    return Some(*obj);
                }
                match function.rsplit_once('.') {
                    Some((outer, _)) => function = outer,
                    None => break,
                }
            }
        }
        let key = ObjKey { module: module.into(), function: None, name: dotted.into() };
        if let Some(obj) = self.objects.get(&key) {
            return Some(*obj);
        }
        let qualified = resolver.resolve(scope, dotted);
        let (m, name) = qualified.rsplit_once('.')?;
        self.objects.get(&ObjKey { module: m.into(), function: None, name: name.into() }).copied()
    }

    fn find_routes_and_includes(
        &mut self,
        modules: &[SourceModule],
        resolvers: &[Resolver],
        frameworks: &[Framework],
    ) {
        for (m, module) in modules.iter().enumerate() {
            let decorated = module.summary.decorators.iter().filter_map(|d| match &d.value {
                Value::Call(call) => Some((&d.scope, call.as_ref())),
                _ => None,
            });
            let called = module.summary.calls.iter().map(|c| (&c.scope, &c.call));
            let bound = module.summary.bindings.iter().filter_map(|b| match &b.value {
                Value::Call(call) => Some((&b.scope, call.as_ref())),
                _ => None,
            });
            for (scope, call) in decorated.chain(called).chain(bound) {
                let Some((object, method)) = call.func.rsplit_once('.') else { continue };
                let Some(obj) = self.lookup(&module.module, scope, object, &resolvers[m]) else { continue };
                let framework = &frameworks[self.framework_of(obj)];
                let location = Location::at(&module.path, call.line);
                if let Some(route) = route(framework, method, call, location) {
                    match obj {
                        Obj::App(id) => self.apps[id].routes.push(route),
                        Obj::Router(id) => self.routers[id].routes.push(route),
                    }
                } else if framework.include.as_ref().is_some_and(|i| i.method == method) {
                    let Some(Value::Ref(arg)) = call.args.first() else { continue };
                    let Some(Obj::Router(router)) = self.lookup(&module.module, scope, arg, &resolvers[m])
                    else {
                        continue;
                    };
                    let prefix = framework.include.as_ref().and_then(|i| string_kwarg(call, &i.prefix));
                    let edge = IncludeEdge { router, prefix };
                    match obj {
                        Obj::App(id) => self.apps[id].includes.push(edge),
                        Obj::Router(id) => self.routers[id].includes.push(edge),
                    }
                } else if method == "mount"
                    && let Some(Value::Ref(arg)) = call.args.get(1)
                    && let Some(Obj::App(sub)) = self.lookup(&module.module, scope, arg, &resolvers[m])
                {
                    self.apps[sub].mounted = true;
                }
            }
        }
    }

    fn framework_of(&self, obj: Obj) -> usize {
        match obj {
            Obj::App(id) => self.apps[id].framework,
            Obj::Router(id) => self.routers[id].framework,
        }
    }

    /// Routes reachable from an app, with include prefixes applied.
    fn reachable_routes(&self, app: &AppObj, frameworks: &[Framework]) -> Vec<Route> {
        let mut routes = app.routes.clone();
        let mut visited = BTreeSet::new();
        let mut stack: Vec<(usize, String, usize)> = Vec::new();
        let mode = frameworks[app.framework].prefix_mode;
        let push = |stack: &mut Vec<_>, edge: &IncludeEdge, base: &str, depth: usize| {
            let router = &self.routers[edge.router];
            let prefix = match mode {
                PrefixMode::Override => {
                    edge.prefix.clone().or_else(|| router.prefix.clone()).unwrap_or_default()
                }
                PrefixMode::Concat => {
                    join_path(edge.prefix.as_deref().unwrap_or(""), router.prefix.as_deref().unwrap_or(""))
                }
            };
            stack.push((edge.router, join_path(base, &prefix), depth));
        };
        for edge in &app.includes {
            push(&mut stack, edge, "", 1);
        }
        while let Some((id, prefix, depth)) = stack.pop() {
            if depth > MAX_INCLUDE_DEPTH || !visited.insert((id, prefix.clone())) {
                continue;
            }
            let router = &self.routers[id];
            for route in &router.routes {
                routes.push(Route { path: join_path(&prefix, &route.path), ..route.clone() });
            }
            for edge in &router.includes {
                push(&mut stack, edge, &prefix, depth + 1);
            }
        }
        routes.sort_by(|a, b| (&a.location, &a.path).cmp(&(&b.location, &b.path)));
        routes
    }

    fn into_candidates(self, frameworks: &[Framework]) -> Vec<AppCandidate> {
        let mut out: Vec<AppCandidate> = self
            .apps
            .iter()
            .filter(|app| !app.targets.is_empty())
            .map(|app| {
                let mut targets = app.targets.clone();
                targets
                    .sort_by_key(|t| (t.factory, entry_rank(&t.module), t.module.clone(), t.location.line));
                let target = targets.remove(0);
                AppCandidate {
                    framework: frameworks[app.framework].name.clone(),
                    interface: frameworks[app.framework].interface,
                    target,
                    also: targets,
                    routes: self.reachable_routes(app, frameworks),
                    mounted: app.mounted,
                }
            })
            .collect();
        out.sort_by_key(AppCandidate::rank_key);
        out
    }
}

fn target(module: &SourceModule, attr: &str, factory: bool, line: u32) -> Target {
    Target {
        root: module.root.clone(),
        module: module.module.clone(),
        attr: attr.to_string(),
        factory,
        location: Location::at(&module.path, line),
    }
}

/// A route declared by `obj.method(path, ...)`, if `method` declares one.
fn route(framework: &Framework, method: &str, call: &Call, location: Location) -> Option<Route> {
    let is_get = framework.get_routes.iter().any(|m| m == method);
    let is_any = framework.any_routes.iter().any(|m| m == method);
    if !is_get && !is_any {
        return None;
    }
    let path = match call.args.first() {
        Some(Value::Str(path)) => path.clone(),
        _ => framework.path_keywords.iter().find_map(|k| string_kwarg(call, k))?,
    };
    let answers_get = is_get
        || match call.kwarg("methods") {
            Some(Value::List(methods)) => {
                methods.iter().any(|m| matches!(m, Value::Str(s) if s.eq_ignore_ascii_case("GET")))
            }
            Some(_) => false,
            None => true,
        };
    Some(Route { path, answers_get, location })
}

fn string_kwarg(call: &Call, name: &str) -> Option<String> {
    match call.kwarg(name) {
        Some(Value::Str(s)) => Some(s.clone()),
        _ => None,
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

/// Resolves names as written in one module to fully qualified names,
/// through its imports.
struct Resolver {
    module: String,
    /// The package relative imports start from.
    package: String,
    /// (scope, local name) → qualified name.
    imports: BTreeMap<(Scope, String), String>,
}

impl Resolver {
    fn new(source: &SourceModule) -> Self {
        let is_package = source.path.ends_with("__init__.py");
        let package = if is_package {
            source.module.clone()
        } else {
            source.module.rsplit_once('.').map(|(p, _)| p.to_string()).unwrap_or_default()
        };
        let mut resolver = Self { module: source.module.clone(), package, imports: BTreeMap::new() };
        for import in &source.summary.imports {
            let base = resolver.absolute(import.level, &import.module);
            let qualified = match &import.name {
                Some(name) if base.is_empty() => name.clone(),
                Some(name) => format!("{base}.{name}"),
                None => base,
            };
            let scope = match &import.scope {
                Scope::MainGuard => Scope::Module,
                other => other.clone(),
            };
            resolver.imports.insert((scope, import.local.clone()), qualified);
        }
        resolver
    }

    /// `from ..x import y` in `pkg.sub.mod` → `pkg.x`.
    fn absolute(&self, level: u32, module: &str) -> String {
        if level == 0 {
            return module.to_string();
        }
        let mut parts: Vec<&str> =
            if self.package.is_empty() { Vec::new() } else { self.package.split('.').collect() };
        for _ in 1..level {
            parts.pop();
        }
        if !module.is_empty() {
            parts.push(module);
        }
        parts.join(".")
    }

    /// `F` → `flask.Flask` (after `from flask import Flask as F`),
    /// `fa.FastAPI` → `fastapi.FastAPI`; a name that is not imported is
    /// qualified with this module (`create_app` → `pkg.app.create_app`).
    fn resolve(&self, scope: &Scope, dotted: &str) -> String {
        let (head, rest) = match dotted.split_once('.') {
            Some((head, rest)) => (head, Some(rest)),
            None => (dotted, None),
        };
        let mut scopes = vec![Scope::Module];
        if let Scope::Function(function) = scope {
            let mut f = function.as_str();
            scopes.insert(0, Scope::Function(f.to_string()));
            while let Some((outer, _)) = f.rsplit_once('.') {
                scopes.insert(scopes.len() - 1, Scope::Function(outer.to_string()));
                f = outer;
            }
        }
        let base = scopes
            .iter()
            .find_map(|s| self.imports.get(&(s.clone(), head.to_string())))
            .cloned()
            .unwrap_or_else(|| format!("{}.{head}", self.module));
        match rest {
            Some(rest) => format!("{base}.{rest}"),
            None => base,
        }
    }
}

#[cfg(test)]
#[path = "apps_tests.rs"]
mod tests;
