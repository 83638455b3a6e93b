//! `poetry.lock`: lock-version 1.1 (`category`), 2.0 (no group data: the
//! production set is the closure of the main dependencies) and 2.1
//! (`groups`).

use super::{LockedPackage, Lockfile, Manager, closure, unknown_version};
use crate::detect::pyproject::toml_error;
use crate::detect::tool_tables::normalize;
use anyhow::Result;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Document {
    #[serde(default)]
    package: Vec<Package>,
    #[serde(default)]
    metadata: Metadata,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct Metadata {
    lock_version: Option<String>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    version: Option<String>,
    category: Option<String>,
    groups: Option<Vec<String>>,
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
    #[serde(default)]
    files: Vec<File>,
}

#[derive(Deserialize)]
struct File {
    file: String,
}

/// `main_dependencies`: the normalized names of the project's main
/// dependencies, used when the lock itself records no groups.
pub fn parse(text: &str, path: &str, main_dependencies: &[String]) -> Result<Lockfile> {
    let doc: Document = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
    let version = doc.metadata.lock_version.clone();
    let warnings = unknown_version(path, Manager::Poetry, version.as_deref(), "1.1, 2.0, 2.1", |v| {
        ["1.1", "2.0", "2.1"].contains(&v)
    })
    .into_iter()
    .collect();
    let edges: BTreeMap<String, Vec<String>> = doc
        .package
        .iter()
        .map(|p| (normalize(&p.name), p.dependencies.keys().map(|d| normalize(d)).collect()))
        .collect();
    let reachable = closure(main_dependencies.iter().cloned(), &edges);
    let packages = doc
        .package
        .iter()
        .map(|p| {
            let name = normalize(&p.name);
            let production = match (&p.groups, &p.category) {
                (Some(groups), _) => groups.iter().any(|g| g == "main"),
                (None, Some(category)) => category == "main",
                (None, None) => reachable.contains(&name),
            };
            LockedPackage {
                name,
                version: p.version.clone(),
                production,
                files: p.files.iter().map(|f| f.file.clone()).collect(),
            }
        })
        .collect();
    Ok(Lockfile {
        manager: Manager::Poetry,
        path: path.into(),
        format_version: version,
        requires_python: None,
        packages,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_categories_and_closure() {
        let v21 = "[[package]]\nname = \"Flask\"\nversion = \"3.1.3\"\ngroups = [\"main\"]\nfiles = [{file = \"flask-3.1.3-py3-none-any.whl\", hash = \"sha256:0\"}]\n\
                   [[package]]\nname = \"pytest\"\nversion = \"9\"\ngroups = [\"dev\"]\n\
                   [metadata]\nlock-version = \"2.1\"\n";
        let lock = parse(v21, "poetry.lock", &[]).unwrap();
        assert_eq!(lock.production().map(|p| p.name.as_str()).collect::<Vec<_>>(), vec!["flask"]);
        assert_eq!(lock.packages[0].files, vec!["flask-3.1.3-py3-none-any.whl"]);
        let v20 = "[[package]]\nname = \"flask\"\nversion = \"3\"\n[package.dependencies]\nwerkzeug = \">=3\"\n\
                   [[package]]\nname = \"werkzeug\"\nversion = \"3\"\n[[package]]\nname = \"pytest\"\nversion = \"9\"\n\
                   [metadata]\nlock-version = \"2.0\"\n";
        let lock = parse(v20, "poetry.lock", &["flask".into()]).unwrap();
        assert_eq!(lock.production().map(|p| p.name.as_str()).collect::<Vec<_>>(), vec!["flask", "werkzeug"]);
        assert!(lock.warnings.is_empty());
    }
}
