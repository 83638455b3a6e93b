//! `pdm.lock`: packages and their groups (`default` is production). A lock
//! written before PDM recorded each package's groups (lock_version 4.4 and
//! older) lists every group's packages alike; there the production set is
//! the closure of the project's main dependencies through each package's
//! `dependencies`.

use super::{LockedPackage, Lockfile, Manager, closure, unknown_version};
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
    /// PEP 508 requirements (`"idna>=2.8"`, `"x; python_version < \"3.11\""`).
    #[serde(default)]
    dependencies: Vec<String>,
    #[serde(default)]
    files: Vec<File>,
}

#[derive(Deserialize)]
struct File {
    file: String,
}

/// `main_dependencies`: the normalized names of the project's main
/// dependencies, used when the lock records no groups per package.
pub fn parse(text: &str, path: &str, main_dependencies: &[String]) -> Result<Lockfile> {
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
    // Without groups per package, what the main dependencies reach.
    let grouped = doc.package.iter().any(|p| !p.groups.is_empty());
    let reachable =
        (!grouped && !main_dependencies.is_empty()).then(|| reachable(&doc.package, main_dependencies));
    let packages = doc
        .package
        .iter()
        .map(|p| LockedPackage {
            name: normalize(&p.name),
            version: p.version.clone(),
            production: match &reachable {
                Some(reachable) => reachable.contains(&normalize(&p.name)),
                None => !grouped || p.groups.iter().any(|g| g == "default"),
            },
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

/// The packages reachable from `roots` through each package's
/// `dependencies`, read with the PEP 508 parser. A package locked once per
/// extra (`coverage` and `coverage[toml]`) has its edges in every entry.
fn reachable(packages: &[Package], roots: &[String]) -> std::collections::BTreeSet<String> {
    let mut edges = std::collections::BTreeMap::<String, Vec<String>>::new();
    for p in packages {
        let names = p.dependencies.iter().filter_map(|d| crate::detect::pep508::name(d));
        edges.entry(normalize(&p.name)).or_default().extend(names.map(|n| normalize(&n)));
    }
    closure(roots.iter().cloned(), &edges)
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
        let lock = parse(text, "pdm.lock", &[]).unwrap();
        assert_eq!(lock.production().map(|p| p.name.as_str()).collect::<Vec<_>>(), vec!["flask"]);
        assert_eq!(lock.requires_python.unwrap().value, ">=3.13");
        assert!(lock.warnings.is_empty());
        assert!(!parse(&text.replace("4.5.1", "5.0"), "pdm.lock", &[]).unwrap().warnings.is_empty());
    }

    #[test]
    fn without_groups_per_package_production_is_what_the_main_dependencies_reach() {
        let text = "[metadata]\ngroups = [\"default\", \"test\"]\nlock_version = \"4.4\"\n\
                    [[package]]\nname = \"Litestar\"\nversion = \"2\"\ndependencies = [\"anyio>=3\", \"rich; python_version < \\\"3.13\\\"\"]\n\
                    [[package]]\nname = \"anyio\"\nversion = \"4\"\n\
                    [[package]]\nname = \"rich\"\nversion = \"13\"\ndependencies = [\"mylib @ file:///${PROJECT_ROOT}/libs/mylib\"]\n\
                    [[package]]\nname = \"coverage\"\nversion = \"7\"\n\
                    [[package]]\nname = \"coverage\"\nversion = \"7\"\nextras = [\"toml\"]\ndependencies = [\"coverage==7\", \"tomli\"]\n\
                    [[package]]\nname = \"pytest-cov\"\nversion = \"4\"\ndependencies = [\"coverage[toml]>=5\"]\n\
                    [[package]]\nname = \"mylib\"\nversion = \"1\"\n";
        let lock = parse(text, "pdm.lock", &["litestar".into()]).unwrap();
        let production: Vec<&str> = lock.production().map(|p| p.name.as_str()).collect();
        assert_eq!(production, vec!["litestar", "anyio", "rich", "mylib"], "a local path dependency too");
    }
}
