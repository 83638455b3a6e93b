//! The `[tool.*]` tables of pyproject.toml that say how a project is
//! managed: Poetry's dependencies, groups and `package-mode`, uv's
//! workspace and `package` switch, PDM's `distribution` switch, and the
//! package indexes any of them name. Read by `pyproject.rs`.

use crate::detect::requirements::mask_credentials;
use crate::evidence::{Located, Location};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A package index a project names, credentials masked.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexUrl {
    pub url: String,
    pub location: Location,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PoetryTable {
    /// `[tool.poetry.dependencies] python` constraint, in Poetry's syntax.
    pub python: Option<Located<String>>,
    /// Main dependencies (normalized names), without `python`.
    pub dependencies: Vec<Located<String>>,
    /// Group names (`[tool.poetry.group.<name>]`, and `dev` for the
    /// legacy `dev-dependencies`).
    pub groups: Vec<String>,
    /// `package-mode = false` marks a project that is not a package.
    pub package_mode: bool,
    pub location: Location,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct UvTable {
    pub workspace_members: Vec<String>,
    pub workspace_exclude: Vec<String>,
    /// `tool.uv.package`: whether uv installs the project itself.
    pub package: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ToolTables {
    pub poetry: Option<PoetryTable>,
    pub uv: Option<UvTable>,
    /// `tool.pdm.distribution`: whether PDM installs the project itself.
    pub pdm_distribution: Option<bool>,
    pub has_pdm: bool,
    pub indexes: Vec<IndexUrl>,
    /// Whether the pyproject tells its build backend which files to ship
    /// (`[tool.hatch.build]`, Poetry's `packages`, `[tool.flit.module]`),
    /// instead of leaving it to find a package named after the project.
    pub selects_wheel_files: bool,
    /// `[tool.containerize]` (parsed by `pyproject.rs` with `config.rs`).
    pub containerize: Option<super::config::ConfigFacts>,
}

#[derive(Deserialize, Default)]
pub struct RawTools {
    poetry: Option<RawPoetry>,
    uv: Option<RawUv>,
    pdm: Option<RawPdm>,
    /// Only whether they select the files of a wheel.
    hatch: Option<RawHatch>,
    flit: Option<RawFlit>,
    /// Only its presence: `config.rs` reads it with its own rules.
    containerize: Option<toml::Value>,
}

impl RawTools {
    pub fn has_containerize(&self) -> bool {
        self.containerize.is_some()
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct RawPoetry {
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Spanned<toml::Value>>,
    #[serde(default)]
    group: BTreeMap<String, toml::Value>,
    #[serde(default)]
    dev_dependencies: BTreeMap<String, toml::Value>,
    package_mode: Option<bool>,
    packages: Option<toml::Value>,
    #[serde(default)]
    source: Vec<RawSource>,
}

#[derive(Deserialize, Default)]
struct RawHatch {
    build: Option<toml::Value>,
}

#[derive(Deserialize, Default)]
struct RawFlit {
    module: Option<toml::Value>,
}

#[derive(Deserialize)]
struct RawSource {
    url: Option<toml::Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct RawUv {
    workspace: Option<RawWorkspace>,
    package: Option<bool>,
    #[serde(default)]
    index: Vec<RawSource>,
    index_url: Option<toml::Spanned<String>>,
    #[serde(default)]
    extra_index_url: Vec<toml::Spanned<String>>,
}

#[derive(Deserialize, Default)]
struct RawWorkspace {
    #[serde(default)]
    members: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
}

#[derive(Deserialize, Default)]
struct RawPdm {
    distribution: Option<bool>,
    #[serde(default)]
    source: Vec<RawSource>,
}

pub fn from_raw(raw: RawTools, text: &str, file: &str) -> ToolTables {
    let lines = crate::lines::LineIndex::new(text);
    let at = |offset: usize| Location::at(file, lines.line(offset));
    let mut indexes = Vec::new();
    let mut index = |url: &toml::Spanned<String>| {
        indexes.push(IndexUrl { url: mask_credentials(url.get_ref()), location: at(url.span().start) });
    };
    let selects_wheel_files = raw.hatch.is_some_and(|h| h.build.is_some())
        || raw.flit.is_some_and(|f| f.module.is_some())
        || raw.poetry.as_ref().is_some_and(|p| p.packages.is_some());
    let poetry = raw.poetry.map(|p| {
        p.source.iter().filter_map(|s| s.url.as_ref()).for_each(&mut index);
        let python = p
            .dependencies
            .get("python")
            .and_then(|v| v.get_ref().as_str().map(|s| Located::new(s.to_string(), at(v.span().start))));
        let dependencies = p
            .dependencies
            .iter()
            .filter(|(name, _)| name.as_str() != "python")
            .map(|(name, v)| Located::new(normalize(name), at(v.span().start)))
            .collect();
        let mut groups: Vec<String> = p.group.keys().cloned().collect();
        if !p.dev_dependencies.is_empty() && !groups.iter().any(|g| g == "dev") {
            groups.push("dev".into());
        }
        PoetryTable {
            python,
            dependencies,
            groups,
            package_mode: p.package_mode.unwrap_or(true),
            location: Location::file(file),
        }
    });
    let uv = raw.uv.map(|u| {
        u.index.iter().filter_map(|s| s.url.as_ref()).for_each(&mut index);
        u.index_url.iter().chain(&u.extra_index_url).for_each(&mut index);
        let workspace = u.workspace.unwrap_or_default();
        UvTable {
            workspace_members: workspace.members,
            workspace_exclude: workspace.exclude,
            package: u.package,
        }
    });
    let has_pdm = raw.pdm.is_some();
    let pdm_distribution = raw.pdm.and_then(|p| {
        p.source.iter().filter_map(|s| s.url.as_ref()).for_each(&mut index);
        p.distribution
    });
    ToolTables { poetry, uv, pdm_distribution, has_pdm, indexes, selects_wheel_files, containerize: None }
}

/// PEP 503 normalization: lowercase, runs of `-_.` become `-`.
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut separator = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            separator = true;
            continue;
        }
        if separator && !out.is_empty() {
            out.push('-');
        }
        separator = false;
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::pyproject::{FILE, parse};
    use super::*;

    #[test]
    fn poetry_tables() {
        let facts = parse(
            "[tool.poetry]\nname = \"x\"\npackage-mode = false\n\
             [tool.poetry.dependencies]\npython = \"^3.11\"\nDjango = \"^5.0\"\n\
             [tool.poetry.group.test.dependencies]\npytest = \"*\"\n\
             [tool.poetry.dev-dependencies]\nruff = \"*\"\n\
             [[tool.poetry.source]]\nname = \"corp\"\nurl = \"https://u:p@pypi.corp/simple\"\n",
            FILE,
        )
        .unwrap();
        let poetry = facts.tools.poetry.unwrap();
        assert_eq!(poetry.python, Some(Located::new("^3.11".into(), Location::at(FILE, 5))));
        assert_eq!(poetry.dependencies, vec![Located::new("django".into(), Location::at(FILE, 6))]);
        assert_eq!(poetry.groups, vec!["test", "dev"]);
        assert!(!poetry.package_mode);
        assert_eq!(facts.tools.indexes[0].url, "https://u:****@pypi.corp/simple");
    }

    #[test]
    fn uv_workspace_and_indexes() {
        let facts = parse(
            "[tool.uv]\npackage = false\n[tool.uv.workspace]\nmembers = [\"packages/*\"]\n\
             [[tool.uv.index]]\nname = \"corp\"\nurl = \"https://pypi.corp/simple\"\n",
            FILE,
        )
        .unwrap();
        let uv = facts.tools.uv.unwrap();
        assert_eq!((uv.workspace_members, uv.package), (vec!["packages/*".to_string()], Some(false)));
        assert_eq!(facts.tools.indexes[0].location, Location::at(FILE, 7));
    }

    #[test]
    fn names_normalize() {
        assert_eq!(normalize("Zope.Interface"), "zope-interface");
        assert_eq!(normalize("typing__extensions"), "typing-extensions");
    }
}
