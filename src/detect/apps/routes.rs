//! Routes: declared by methods on apps and routers (`@app.get("/x")`,
//! `app.add_url_rule(...)`), by free functions (Litestar's `@get("/x")`),
//! or by route objects (Starlette's `Route("/x", f)`); routers included
//! into apps with their prefixes; sub-apps mounted into others.

use super::graph::{AppObj, Graph, IncludeEdge, Obj};
use super::resolver::Resolver;
use super::{Route, SourceModule, calls_in, join_path, string_kwarg};
use crate::data::{self, Framework, PrefixMode};
use crate::detect::python_source::{Call, Scope, Value};
use crate::evidence::Location;
use std::collections::{BTreeSet, VecDeque};

/// Routers included deeper than this are not followed.
const MAX_INCLUDE_DEPTH: usize = 8;

/// Routes collected through includes, per app, at most: a router included
/// 8 times at each of 8 levels reaches 16 million prefixed paths from 3 KB
/// of source. The health route sits near the top; the rest is not read.
const MAX_INCLUDED_ROUTES: usize = 10_000;

impl Graph {
    pub fn find_routes(
        &mut self,
        modules: &[SourceModule],
        resolvers: &[Resolver],
        frameworks: &[Framework],
    ) {
        for (m, module) in modules.iter().enumerate() {
            let resolver = &resolvers[m];
            let summary = &module.summary;
            let decorated = summary.decorators.iter().filter_map(|d| match &d.value {
                Value::Call(call) => Some((&d.scope, call.as_ref().clone(), Some(d.target.as_str()))),
                _ => None,
            });
            let called = summary.calls.iter().flat_map(|c| {
                let mut nested = Vec::new();
                calls_in(&Value::Call(Box::new(c.call.clone())), &mut nested);
                nested.into_iter().map(move |call| (&c.scope, call, None))
            });
            let bound = summary.bindings.iter().flat_map(|b| {
                let mut nested = Vec::new();
                calls_in(&b.value, &mut nested);
                nested.into_iter().map(move |call| (&b.scope, call, None))
            });
            let sites: Vec<_> = decorated.chain(called).chain(bound).collect();
            for (scope, call, handler) in sites {
                let location = Location::at(&module.path, call.line);
                let protected = handler.is_some_and(|h| is_protected(module, scope, h)) || has_guard(&call);
                self.free_route(&call, scope, resolver, frameworks, &location, protected);
                self.method_route(module, resolver, frameworks, scope, &call, location, protected);
            }
        }
    }

    /// A route declared by a free function or a route object, for every app
    /// of its framework.
    fn free_route(
        &mut self,
        call: &Call,
        scope: &Scope,
        resolver: &Resolver,
        frameworks: &[Framework],
        location: &Location,
        protected: bool,
    ) {
        let func = resolver.resolve(scope, &call.func);
        for (fw, framework) in frameworks.iter().enumerate() {
            let is_function = framework.route_functions.contains(&func);
            let is_object = framework.route_objects.contains(&func);
            if !is_function && !is_object {
                continue;
            }
            let Some(path) = path_of(framework, call) else { continue };
            let answers_get = is_function || answers_get(call);
            let route = Route { path, answers_get, protected, location: location.clone() };
            self.loose_routes.entry(fw).or_default().push(route);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn method_route(
        &mut self,
        module: &SourceModule,
        resolver: &Resolver,
        frameworks: &[Framework],
        scope: &Scope,
        call: &Call,
        location: Location,
        protected: bool,
    ) {
        let Some((object, method)) = call.func.rsplit_once('.') else { return };
        // aiohttp declares routes on `app.router`.
        let object = object.strip_suffix(".router").unwrap_or(object);
        let Some(obj) = self.lookup(&module.module, scope, object, resolver) else { return };
        let framework = &frameworks[self.framework_of(obj)];
        if let Some(route) = method_route(framework, method, call, location, protected) {
            match obj {
                Obj::App(id) => self.apps[id].routes.push(route),
                Obj::Router(id) => self.routers[id].routes.push(route),
                Obj::Builder(_) => {}
            }
        } else if framework.include.as_ref().is_some_and(|i| i.method == method) {
            let Some(Value::Ref(arg)) = call.args.first() else { return };
            let Some(Obj::Router(router)) = self.lookup(&module.module, scope, arg, resolver) else { return };
            let prefix = framework.include.as_ref().and_then(|i| string_kwarg(call, &i.prefix));
            let edge = IncludeEdge { router, prefix };
            match obj {
                Obj::App(id) => self.apps[id].includes.push(edge),
                Obj::Router(id) => self.routers[id].includes.push(edge),
                Obj::Builder(_) => {}
            }
        } else if method == "mount"
            && let Some(Value::Ref(arg)) = call.args.get(1)
            && let Some(Obj::App(sub)) = self.lookup(&module.module, scope, arg, resolver)
        {
            self.apps[sub].mounted = true;
        }
    }

    /// Routes reachable from an app, with include prefixes applied.
    pub fn reachable_routes(&self, app: &AppObj, frameworks: &[Framework]) -> Vec<Route> {
        let mut routes = app.routes.clone();
        let mut visited = BTreeSet::new();
        // Breadth first: the shallow routes, where a health route sits, before the budget runs out.
        let mut queue: VecDeque<(usize, String, usize)> = VecDeque::new();
        let mode = frameworks[app.framework].prefix_mode;
        let push = |queue: &mut VecDeque<_>, edge: &IncludeEdge, base: &str, depth: usize| {
            let router = &self.routers[edge.router];
            let prefix = match mode {
                PrefixMode::Override => {
                    edge.prefix.clone().or_else(|| router.prefix.clone()).unwrap_or_default()
                }
                PrefixMode::Concat => {
                    join_path(edge.prefix.as_deref().unwrap_or(""), router.prefix.as_deref().unwrap_or(""))
                }
            };
            queue.push_back((edge.router, join_path(base, &prefix), depth));
        };
        for edge in &app.includes {
            push(&mut queue, edge, "", 1);
        }
        let mut included = 0usize;
        while let Some((id, prefix, depth)) = queue.pop_front() {
            included += 1;
            if routes.len() >= MAX_INCLUDED_ROUTES || included > MAX_INCLUDED_ROUTES {
                break;
            }
            if depth > MAX_INCLUDE_DEPTH || !visited.insert((id, prefix.clone())) {
                continue;
            }
            let router = &self.routers[id];
            for route in &router.routes {
                routes.push(Route { path: join_path(&prefix, &route.path), ..route.clone() });
            }
            for edge in &router.includes {
                push(&mut queue, edge, &prefix, depth + 1);
            }
        }
        routes
    }
}

/// A route declared by `obj.method(path, ...)`, if `method` declares one.
fn method_route(
    framework: &Framework,
    method: &str,
    call: &Call,
    location: Location,
    protected: bool,
) -> Option<Route> {
    let is_get = framework.get_routes.iter().any(|m| m == method);
    let is_any = framework.any_routes.iter().any(|m| m == method);
    if !is_get && !is_any {
        return None;
    }
    let path = path_of(framework, call)?;
    Some(Route { path, answers_get: is_get || answers_get(call), protected, location })
}

fn path_of(framework: &Framework, call: &Call) -> Option<String> {
    match call.args.first() {
        Some(Value::Str(path)) => Some(path.clone()),
        _ => framework.path_keywords.iter().find_map(|k| string_kwarg(call, k)),
    }
}

/// GET unless a `methods=` list leaves it out.
fn answers_get(call: &Call) -> bool {
    match call.kwarg("methods") {
        Some(Value::List(methods)) => {
            methods.iter().any(|m| matches!(m, Value::Str(s) if s.eq_ignore_ascii_case("GET")))
        }
        Some(_) => false,
        None => true,
    }
}

/// FastAPI `dependencies=[...]` and Litestar `guards=[...]` usually mean
/// authentication: such a route is not probed.
fn has_guard(call: &Call) -> bool {
    ["dependencies", "guards"]
        .iter()
        .any(|k| matches!(call.kwarg(k), Some(Value::List(items)) if !items.is_empty()))
}

/// Whether the handler function carries an authentication decorator.
fn is_protected(module: &SourceModule, scope: &Scope, handler: &str) -> bool {
    let names = &data::frameworks().health.auth_decorators;
    module.summary.decorators.iter().filter(|d| &d.scope == scope && d.target == handler).any(|d| {
        let func = match &d.value {
            Value::Ref(name) => name.as_str(),
            Value::Call(call) => call.func.as_str(),
            _ => return false,
        };
        let last = func.rsplit('.').next().unwrap_or(func);
        names.iter().any(|n| n == last)
    })
}
