//! `pdm.lock`: packages and their groups (`default` is production).

use super::{LockedPackage, Lockfile, Manager, unknown_version};
use crate::detect::pyproject::{line_at, toml_error};
use crate::detect::tool_tables::normalize;
use crate::evidence::{Located, Location};
use anyhow::Result;
use serde::Deserialize;

#[derive(Deserialize)]
struct Document {
    #[serde(default)]
    metadata: Metadata,
    #[serde(default)]
    package: Vec<Package>,
}

#[derive(Deserialize, Default)]
struct Metadata {
    lock_version: Option<String>,
    #[serde(default)]
    targets: Vec<Target>,
}

#[derive(Deserialize)]
struct Target {
    requires_python: Option<toml::Spanned<String>>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    version: Option<String>,
    #[serde(default)]
    groups: Vec<String>,
    #[serde(default)]
    files: Vec<File>,
}

#[derive(Deserialize)]
struct File {
    file: String,
}

pub fn parse(text: &str, path: &str) -> Result<Lockfile> {
    let doc: Document = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
    let version = doc.metadata.lock_version.clone();
    let warnings = unknown_version(path, Manager::Pdm, version.as_deref(), "4.x", |v| v.starts_with("4."))
        .into_iter()
        .collect();
    let requires_python = doc
        .metadata
        .targets
        .iter()
        .find_map(|t| t.requires_python.as_ref())
        .map(|s| Located::new(s.get_ref().clone(), Location::at(path, line_at(text, s.span().start))));
    let packages = doc
        .package
        .iter()
        .map(|p| LockedPackage {
            name: normalize(&p.name),
            version: p.version.clone(),
            production: p.groups.is_empty() || p.groups.iter().any(|g| g == "default"),
            files: p.files.iter().map(|f| f.file.clone()).collect(),
        })
        .collect();
    Ok(Lockfile {
        manager: Manager::Pdm,
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

    #[test]
    fn default_group_is_production() {
        let text = "[metadata]\ngroups = [\"default\", \"dev\"]\nlock_version = \"4.5.1\"\n\
                    [[metadata.targets]]\nrequires_python = \">=3.13\"\n\
                    [[package]]\nname = \"flask\"\nversion = \"3.1.3\"\ngroups = [\"default\"]\n\
                    [[package]]\nname = \"pytest\"\nversion = \"9\"\ngroups = [\"dev\"]\n";
        let lock = parse(text, "pdm.lock").unwrap();
        assert_eq!(lock.production().map(|p| p.name.as_str()).collect::<Vec<_>>(), vec!["flask"]);
        assert_eq!(lock.requires_python.unwrap().value, ">=3.13");
        assert!(lock.warnings.is_empty());
        assert!(!parse(&text.replace("4.5.1", "5.0"), "pdm.lock").unwrap().warnings.is_empty());
    }
}
