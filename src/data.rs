//! The knowledge bases in `data/`, embedded in the binary and parsed once.
//!
//! They are data so that reviewers can read and change them without reading
//! Rust: which calls make a web app, which Python releases exist and on which
//! Debian release their images are built, which server versions to pin,
//! which Debian packages native Python packages need (`native.rs`).
//! A malformed file is a bug caught by the tests that load each one.

pub mod native;

use crate::manager::Manager;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Framework {
    pub name: String,
    pub interface: Interface,
    #[serde(default)]
    pub constructors: Vec<String>,
    #[serde(default)]
    pub routers: Vec<String>,
    pub router_prefix: Option<String>,
    pub include: Option<Include>,
    pub prefix_mode: PrefixMode,
    #[serde(default)]
    pub get_routes: Vec<String>,
    #[serde(default)]
    pub any_routes: Vec<String>,
    #[serde(default)]
    pub path_keywords: Vec<String>,
    #[serde(default)]
    pub builders: Vec<Builder>,
    pub serve_attribute: Option<String>,
    #[serde(default)]
    pub route_functions: Vec<String>,
    #[serde(default)]
    pub route_objects: Vec<String>,
    #[serde(default)]
    pub run_methods: Vec<RunMethod>,
}

/// A development-server method and where its port and host arguments sit.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RunMethod {
    pub method: String,
    pub port_arg: Option<usize>,
    pub host_arg: Option<usize>,
}

/// `x = Type(...)` then `app = x.method()`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Builder {
    #[serde(rename = "type")]
    pub type_name: String,
    pub method: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interface {
    Wsgi,
    Asgi,
    Aiohttp,
    Celery,
    Tornado,
}

impl Interface {
    /// Whether it serves HTTP (has a port and, usually, routes).
    pub fn is_web(self) -> bool {
        !matches!(self, Self::Celery)
    }
}

/// A framework started as a script (`streamlit run app.py`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Runner {
    pub name: String,
    pub modules: Vec<String>,
    pub command: Vec<String>,
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    pub port: u16,
    pub health: Option<String>,
    pub names: Vec<String>,
    pub requires_call: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Include {
    pub method: String,
    pub prefix: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PrefixMode {
    Override,
    Concat,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Health {
    pub names: Vec<String>,
    pub auth_decorators: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frameworks {
    pub framework: Vec<Framework>,
    pub health: Health,
    pub runner: Vec<Runner>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Release {
    pub minor: String,
    pub codename: String,
    pub end_of_life: String,
    #[serde(default)]
    pub prerelease: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PythonReleases {
    pub default: String,
    pub release: Vec<Release>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ServerPin {
    pub version: String,
    pub requires_python: String,
    pub fallback: String,
}

/// How the builder stage gets a package manager (`data/tools.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    /// An image to copy the tool's binaries from.
    pub image: Option<String>,
    /// Pinned requirements to pip-install into /opt/<tool>.
    #[serde(default)]
    pub requirements: Vec<String>,
}

/// `data/tools.toml`: one table per manager that needs a tool, named as
/// the manager is (`Manager::name`). The load test checks that every
/// manager but pip has one, so adding a manager touches only the data file.
pub fn tools() -> &'static BTreeMap<String, Tool> {
    static DATA: OnceLock<BTreeMap<String, Tool>> = OnceLock::new();
    DATA.get_or_init(|| parse("tools.toml", include_str!("../data/tools.toml")))
}

/// The tool a manager installs in the builder stage; pip has none (it is
/// in every Python image).
pub fn tool(manager: Manager) -> Option<&'static Tool> {
    tools().get(manager.name())
}

pub fn frameworks() -> &'static Frameworks {
    static DATA: OnceLock<Frameworks> = OnceLock::new();
    DATA.get_or_init(|| parse("frameworks.toml", include_str!("../data/frameworks.toml")))
}

pub fn python_releases() -> &'static PythonReleases {
    static DATA: OnceLock<PythonReleases> = OnceLock::new();
    DATA.get_or_init(|| parse("python.toml", include_str!("../data/python.toml")))
}

pub fn servers() -> &'static BTreeMap<String, ServerPin> {
    static DATA: OnceLock<BTreeMap<String, ServerPin>> = OnceLock::new();
    DATA.get_or_init(|| parse("servers.toml", include_str!("../data/servers.toml")))
}

/// A server's pin, if `data/servers.toml` has one: the lookup for callers
/// that must not panic on a name the file lacks.
pub fn server(name: &str) -> Option<&'static ServerPin> {
    servers().get(name)
}

/// `data/imports.toml`: the standard library's module names, and the
/// import names whose PyPI distribution is named otherwise.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Imports {
    pub stdlib: std::collections::BTreeSet<String>,
    pub distributions: BTreeMap<String, String>,
}

pub fn imports() -> &'static Imports {
    static DATA: OnceLock<Imports> = OnceLock::new();
    DATA.get_or_init(|| parse("imports.toml", include_str!("../data/imports.toml")))
}

pub(crate) fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> T {
    // The files are compiled in and loaded by the tests below: a parse
    // failure here is a bug in this build, not bad user input.
    toml::from_str(text).unwrap_or_else(|e| panic!("data/{name} is malformed: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_knowledge_base_loads() {
        use crate::python_minor::PythonMinor;
        assert!(imports().stdlib.contains("asyncio") && imports().distributions["yaml"] == "PyYAML");
        assert!(!frameworks().framework.is_empty());
        assert!(!frameworks().health.names.is_empty());
        let python = python_releases();
        assert!(python.release.iter().any(|r| r.minor == python.default));
        // The plan compares these as versions: each must parse as one.
        for minor in python.release.iter().map(|r| &r.minor).chain([&python.default]) {
            assert!(minor.parse::<PythonMinor>().is_ok(), "data/python.toml: `{minor}`");
        }
        for (server, pin) in servers() {
            assert!(pin.requires_python.parse::<PythonMinor>().is_ok(), "data/servers.toml: {server}");
        }
        assert!(servers().contains_key("gunicorn") && servers().contains_key("uvicorn"));
        assert!(tool(Manager::Pip).is_none());
        assert!(
            tools().keys().all(|name| Manager::parse(name).is_some()),
            "data/tools.toml: a table for no manager"
        );
        for manager in Manager::ALL.iter().copied().filter(|m| *m != Manager::Pip) {
            let pin = tool(manager).unwrap_or_else(|| panic!("data/tools.toml: no [{}]", manager.name()));
            assert!(pin.image.is_some() || !pin.requirements.is_empty(), "{manager:?}");
            assert!(pin.requirements.iter().all(|r| r.contains("==")), "{manager:?}: pin every requirement");
        }
        assert!(server("gunicorn").is_some() && server("no-such-server").is_none());
    }

    #[test]
    fn frameworks_name_fully_qualified_constructors() {
        for framework in &frameworks().framework {
            let builders = framework.builders.iter().map(|b| &b.type_name);
            let all = framework.constructors.iter().chain(&framework.routers).chain(builders);
            for callable in all.chain(&framework.route_functions).chain(&framework.route_objects) {
                assert!(callable.contains('.'), "{}: `{callable}` must be module.name", framework.name);
            }
            assert!(
                !framework.constructors.is_empty() || !framework.builders.is_empty(),
                "{}: nothing makes the app",
                framework.name
            );
        }
        for runner in &frameworks().runner {
            assert!(
                runner.command.iter().any(|w| w == "{script}"),
                "{}: command names no script",
                runner.name
            );
        }
    }
}
