//! `uv.lock`: packages, their dependency edges, and which are production
//! (reachable from the workspace's own packages without dev groups).

use super::{LockedPackage, Lockfile, Manager, closure, unknown_version};
use crate::detect::pyproject::{line_at, toml_error};
use crate::detect::tool_tables::normalize;
use crate::evidence::{Located, Location};
use anyhow::Result;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Document {
    version: Option<u32>,
    requires_python: Option<toml::Spanned<String>>,
    #[serde(default)]
    package: Vec<Package>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    version: Option<String>,
    #[serde(default)]
    source: BTreeMap<String, toml::Value>,
    #[serde(default)]
    dependencies: Vec<Dependency>,
    sdist: Option<File>,
    #[serde(default)]
    wheels: Vec<File>,
}

#[derive(Deserialize)]
struct Dependency {
    name: String,
}

#[derive(Deserialize)]
struct File {
    url: Option<String>,
    filename: Option<String>,
}

impl File {
    fn name(&self) -> Option<String> {
        self.filename
            .clone()
            .or_else(|| self.url.as_ref().and_then(|u| u.rsplit('/').next()).map(String::from))
    }
}

pub fn parse(text: &str, path: &str) -> Result<Lockfile> {
    let doc: Document = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
    let version = doc.version.map(|v| v.to_string());
    let warnings =
        unknown_version(path, Manager::Uv, version.as_deref(), "1", |v| v == "1").into_iter().collect();
    // The project's own packages are the ones built from local source.
    let local = |p: &Package| p.source.contains_key("editable") || p.source.contains_key("virtual");
    let edges: BTreeMap<String, Vec<String>> = doc
        .package
        .iter()
        .map(|p| (normalize(&p.name), p.dependencies.iter().map(|d| normalize(&d.name)).collect()))
        .collect();
    let roots: Vec<String> = doc.package.iter().filter(|p| local(p)).map(|p| normalize(&p.name)).collect();
    let production = closure(roots, &edges);
    let packages = doc
        .package
        .iter()
        .map(|p| LockedPackage {
            name: normalize(&p.name),
            version: p.version.clone(),
            // The project's own packages come from its source, not an index.
            production: production.contains(&normalize(&p.name)) && !local(p),
            files: p.sdist.iter().chain(&p.wheels).filter_map(File::name).collect(),
        })
        .collect();
    let requires_python = doc
        .requires_python
        .map(|s| Located::new(s.get_ref().clone(), Location::at(path, line_at(text, s.span().start))));
    Ok(Lockfile {
        manager: Manager::Uv,
        path: path.into(),
        format_version: version,
        requires_python,
        packages,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"version = 1
revision = 5
requires-python = ">=3.13"

[[package]]
name = "demo"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "flask" }]

[package.dev-dependencies]
dev = [{ name = "pytest" }]

[[package]]
name = "Flask"
version = "3.1.3"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "werkzeug" }]
wheels = [{ url = "https://files.pythonhosted.org/packages/x/flask-3.1.3-py3-none-any.whl", hash = "sha256:0" }]

[[package]]
name = "werkzeug"
version = "3.1.9"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pytest"
version = "9.0.0"
source = { registry = "https://pypi.org/simple" }
"#;

    #[test]
    fn production_is_the_closure_of_the_project_without_dev_groups() {
        let lock = parse(LOCK, "uv.lock").unwrap();
        let prod: Vec<_> = lock.production().map(|p| p.name.as_str()).collect();
        assert_eq!(prod, vec!["flask", "werkzeug"]);
        assert_eq!(lock.packages[1].files, vec!["flask-3.1.3-py3-none-any.whl"]);
        assert_eq!(lock.requires_python, Some(Located::new(">=3.13".into(), Location::at("uv.lock", 3))));
        assert!(lock.warnings.is_empty());
        let future = parse(&LOCK.replace("version = 1\n", "version = 9\n"), "uv.lock").unwrap();
        assert!(future.warnings[0].message.contains("`9` is not one this tool knows"));
    }
}
