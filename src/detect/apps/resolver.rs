//! Names as written in one module → fully qualified names, through its
//! imports (absolute and relative, at module or function scope).

use super::SourceModule;
use crate::detect::python_source::Scope;
use std::collections::BTreeMap;

/// Resolves names as written in one module to fully qualified names,
/// through its imports.
pub(super) struct Resolver {
    module: String,
    /// The package relative imports start from.
    package: String,
    /// (scope, local name) → qualified name.
    imports: BTreeMap<(Scope, String), String>,
}

impl Resolver {
    pub(super) fn new(source: &SourceModule) -> Self {
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
    pub(super) fn resolve(&self, scope: &Scope, dotted: &str) -> String {
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
