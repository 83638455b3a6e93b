//! The object graph: which names, in which module and function, hold an
//! app or a router, and every way an app can be reached by name.

use super::resolver::Resolver;
use super::run::RunCall;
use super::{AppCandidate, Route, SourceModule, Target, entry_rank, string_kwarg, target};
use crate::data::Framework;
use crate::detect::python_source::{Call, Scope, Value};
use crate::evidence::Location;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct ObjKey {
    pub module: String,
    /// The enclosing function (dotted), `None` at module level.
    pub function: Option<String>,
    pub name: String,
}

impl ObjKey {
    pub fn new(module: &str, scope: &Scope, name: &str) -> Self {
        let function = match scope {
            Scope::Function(f) => Some(f.clone()),
            Scope::Module | Scope::MainGuard => None,
        };
        Self { module: module.to_string(), function, name: name.to_string() }
    }
}

#[derive(Clone, Copy, Debug)]
pub(super) enum Obj {
    App(usize),
    Router(usize),
    /// An object of a builder type (Pyramid's Configurator): framework index.
    Builder(usize),
}

pub(super) struct AppObj {
    pub framework: usize,
    pub defined_at: Location,
    pub targets: Vec<Target>,
    /// Targets through the framework's serve attribute (`server = app.server`).
    pub served: Vec<Target>,
    pub routes: Vec<Route>,
    pub includes: Vec<IncludeEdge>,
    pub mounted: bool,
    /// Where the app says it keeps its instance folder (Flask's
    /// `instance_relative_config=True`, `app.instance_path`).
    pub instance_folder: Option<Location>,
}

pub(super) struct RouterObj {
    pub framework: usize,
    pub prefix: Option<String>,
    pub routes: Vec<Route>,
    pub includes: Vec<IncludeEdge>,
}

pub(super) struct IncludeEdge {
    pub router: usize,
    pub prefix: Option<String>,
}

#[derive(Default)]
pub(super) struct Graph {
    pub apps: Vec<AppObj>,
    pub routers: Vec<RouterObj>,
    pub objects: BTreeMap<ObjKey, Obj>,
    /// `module.function` of factories → the app they return.
    pub factories: BTreeMap<String, usize>,
    /// Routes declared by free functions or route objects, per framework:
    /// they belong to the apps of that framework.
    pub loose_routes: BTreeMap<usize, Vec<Route>>,
}

impl Graph {
    fn new_app(&mut self, framework: usize, defined_at: Location) -> usize {
        self.apps.push(AppObj {
            framework,
            defined_at,
            targets: Vec::new(),
            served: Vec::new(),
            routes: Vec::new(),
            includes: Vec::new(),
            mounted: false,
            instance_folder: None,
        });
        self.apps.len() - 1
    }

    /// Constructor and builder calls: `app = Flask(...)`, `bp =
    /// Blueprint(...)`, `config = Configurator()` then `app =
    /// config.make_wsgi_app()`.
    pub fn find_objects(
        &mut self,
        modules: &[SourceModule],
        resolvers: &[Resolver],
        frameworks: &[Framework],
    ) {
        for (m, module) in modules.iter().enumerate() {
            for binding in &module.summary.bindings {
                let Value::Call(call) = &binding.value else { continue };
                let func = resolvers[m].resolve(&binding.scope, &call.func);
                let key = ObjKey::new(&module.module, &binding.scope, &binding.name);
                let location = Location::at(&module.path, binding.line);
                if let Some(fw) = frameworks.iter().position(|f| f.constructors.contains(&func)) {
                    let id = self.new_app(fw, location.clone());
                    self.apps[id].instance_folder =
                        uses_instance_folder(module, &binding.name, call).then_some(location);
                    self.objects.insert(key, Obj::App(id));
                } else if let Some(fw) = frameworks.iter().position(|f| f.routers.contains(&func)) {
                    let prefix = frameworks[fw].router_prefix.as_ref().and_then(|k| string_kwarg(call, k));
                    self.routers.push(RouterObj {
                        framework: fw,
                        prefix,
                        routes: Vec::new(),
                        includes: Vec::new(),
                    });
                    self.objects.insert(key, Obj::Router(self.routers.len() - 1));
                } else if let Some(fw) =
                    frameworks.iter().position(|f| f.builders.iter().any(|b| b.type_name == func))
                {
                    self.objects.insert(key, Obj::Builder(fw));
                } else if let Some((object, method)) = call.func.rsplit_once('.')
                    && let Some(Obj::Builder(fw)) =
                        self.lookup(&module.module, &binding.scope, object, &resolvers[m])
                    && frameworks[fw].builders.iter().any(|b| b.method == method)
                {
                    let id = self.new_app(fw, location);
                    self.objects.insert(key, Obj::App(id));
                }
            }
        }
    }

    /// Module-level objects are targets; functions that build an app and
    /// return it are factories (targets when they take no arguments).
    pub fn find_factories(&mut self, modules: &[SourceModule]) {
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
                    let mut factory = target(module, &f.name, true, f.line);
                    factory.awaited = f.is_async;
                    self.apps[id].targets.push(factory);
                }
            }
        }
    }

    /// `app = create_app()`, `app = other.app`, `from pkg import app`,
    /// `server = app.server`: more names for an app that already exists.
    pub fn find_aliases(
        &mut self,
        modules: &[SourceModule],
        resolvers: &[Resolver],
        frameworks: &[Framework],
    ) {
        for (m, module) in modules.iter().enumerate() {
            for binding in &module.summary.bindings {
                let key = ObjKey::new(&module.module, &binding.scope, &binding.name);
                if let Value::Ref(name) = &binding.value
                    && let Some((object, attribute)) = name.rsplit_once('.')
                    && let Some(Obj::App(id)) =
                        self.lookup(&module.module, &binding.scope, object, &resolvers[m])
                    && frameworks[self.apps[id].framework].serve_attribute.as_deref() == Some(attribute)
                {
                    if key.function.is_none() {
                        self.apps[id].served.push(target(module, &binding.name, false, binding.line));
                    }
                    // Routes declared on the served object belong to the app.
                    self.objects.entry(key).or_insert(Obj::App(id));
                    continue;
                }
                let found = match &binding.value {
                    Value::Call(call) if call.args.is_empty() && call.kwargs.is_empty() => {
                        let func = resolvers[m].resolve(&binding.scope, &call.func);
                        self.factories.get(&func).copied()
                    }
                    Value::Ref(name) => self.lookup_qualified(&resolvers[m].resolve(&binding.scope, name)),
                    _ => None,
                };
                let Some(id) = found else { continue };
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

    /// A module-level app by its qualified name `pkg.mod.name`.
    pub fn lookup_qualified(&self, qualified: &str) -> Option<usize> {
        let (module, name) = qualified.rsplit_once('.')?;
        let key = ObjKey { module: module.to_string(), function: None, name: name.to_string() };
        match self.objects.get(&key) {
            Some(Obj::App(id)) => Some(*id),
            _ => None,
        }
    }

    /// The object a name refers to at a use site: the enclosing functions'
    /// bindings first, then the module's, then through imports.
    pub fn lookup(&self, module: &str, scope: &Scope, dotted: &str, resolver: &Resolver) -> Option<Obj> {
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

    pub fn framework_of(&self, obj: Obj) -> usize {
        match obj {
            Obj::App(id) => self.apps[id].framework,
            Obj::Router(id) => self.routers[id].framework,
            Obj::Builder(framework) => framework,
        }
    }

    pub fn into_candidates(
        self,
        frameworks: &[Framework],
        mut run_calls: BTreeMap<usize, RunCall>,
    ) -> Vec<AppCandidate> {
        (0..self.apps.len())
            .filter(|id| !self.apps[*id].targets.is_empty())
            .map(|id| {
                let app = &self.apps[id];
                let framework = &frameworks[app.framework];
                let mut targets = app.targets.clone();
                targets
                    .sort_by_key(|t| (t.factory, entry_rank(&t.module), t.module.clone(), t.location.line));
                // Servers need the serve attribute when the framework has one.
                let mut served = app.served.clone();
                served.sort_by_key(|t| (entry_rank(&t.module), t.module.clone(), t.location.line));
                if !served.is_empty() {
                    targets.splice(0..0, served);
                }
                let target = targets.remove(0);
                let mut routes = self.reachable_routes(app, frameworks);
                routes.extend(self.loose_routes.get(&app.framework).into_iter().flatten().cloned());
                routes.sort_by(|a, b| (&a.location, &a.path).cmp(&(&b.location, &b.path)));
                routes.dedup();
                AppCandidate {
                    framework: framework.name.clone(),
                    interface: framework.interface,
                    target,
                    also: targets,
                    routes,
                    mounted: app.mounted,
                    instance_folder: app.instance_folder.clone(),
                    run: run_calls.remove(&id),
                }
            })
            .collect()
    }
}

/// Whether a Flask-style app keeps files in its instance folder: its
/// configuration is read relative to it (`instance_relative_config=True`),
/// or the module passes `<app>.instance_path` somewhere (`os.makedirs`,
/// a sqlite path joined to it).
fn uses_instance_folder(module: &SourceModule, name: &str, constructor: &Call) -> bool {
    if matches!(constructor.kwarg("instance_relative_config"), Some(Value::Bool(true))) {
        return true;
    }
    let attribute = format!("{name}.instance_path");
    let mentions = |value: &Value| match value {
        Value::Ref(r) => *r == attribute,
        Value::Call(call) => call.args.iter().any(|a| matches!(a, Value::Ref(r) if *r == attribute)),
        _ => false,
    };
    module
        .summary
        .calls
        .iter()
        .any(|site| site.call.args.iter().chain(site.call.kwargs.iter().map(|(_, v)| v)).any(mentions))
}
