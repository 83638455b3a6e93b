//! Flags and configuration → validated settings, each with its source.
//!
//! The plan consults these before anything it reads off the project
//! (precedence: flag, then `[tool.containerize]` / containerize.toml, then
//! project files, then inferred facts, then defaults). Validation happens
//! here, once, so the plan never sees a malformed override; a bad flag is a
//! usage error (exit 2), a bad configuration value names its file and line
//! (exit 1).

use crate::cli::{ProjectArgs, RenderArgs};
use crate::detect::config::{CommandValue, ConfigFacts, RawConfig};
use crate::diagnostics::Warning;
use crate::evidence::Source;
use crate::manager::Manager;
use crate::python_minor::PythonMinor;
use anyhow::Result;
use std::path::{Path, PathBuf};
use toml::Spanned;

pub mod build_options;
mod checks;
pub mod engine;
mod precedence;
use checks::{
    ListCheck, check_debian_packages, check_env, check_ignore, check_image, check_path, check_port,
    check_uid, check_user, check_words, inside, parse_manager, parse_python, split_command,
};
use precedence::{Chain, Flag, Key, or_default};

/// A setting's value and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Set<T> {
    pub value: T,
    pub source: Source,
}

impl<T: Clone> Set<T> {
    /// Why the plan uses it: named on the command line, or configured.
    pub fn reason(&self) -> String {
        match &self.source {
            Source::Config { location, key } => format!("`{key}` is set in {location}"),
            _ => "named on the command line".to_string(),
        }
    }

    /// As a decision, with its source and reason.
    pub fn decided(&self) -> crate::evidence::Decided<T> {
        crate::evidence::Decided::new(self.value.clone(), self.source.clone(), self.reason())
    }

    /// As a decision of another value (a setting that selects it).
    pub fn decides<U>(&self, value: U) -> crate::evidence::Decided<U> {
        crate::evidence::Decided::new(value, self.source.clone(), self.reason())
    }
}

#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub python: Option<Set<PythonMinor>>,
    pub port: Option<Set<u16>>,
    pub app: Option<Set<AppSpec>>,
    pub base_image: Option<Set<String>>,
    pub templates: Option<Set<PathBuf>>,
    pub manager: Option<Set<Manager>>,
    /// The start command, split into words.
    pub command: Option<Set<Vec<crate::shell::Word>>>,
    pub health_path: Option<Set<String>>,
    /// `healthcheck = false`: no HEALTHCHECK.
    pub healthcheck: Option<Set<bool>>,
    /// Debian packages for the runtime image, and for the builder only.
    pub apt_packages: Vec<String>,
    pub build_apt_packages: Vec<String>,
    /// Extra .dockerignore patterns, and files to keep despite them.
    pub ignore: Vec<String>,
    pub keep: Vec<String>,
    /// The app user's name and UID.
    pub user: Option<Set<String>>,
    pub uid: Option<Set<u32>>,
    /// Extra `ENV` in the runtime image.
    pub env: Vec<(String, String)>,
    pub syntax_line: bool,
    /// `--no-buildkit` or `buildkit = false` render without BuildKit-only
    /// features; read it through [`Settings::buildkit`].
    pub buildkit: Option<Set<bool>>,
    /// `--engine-version` or `engine =`: the oldest engine to render for.
    pub engine: Option<Set<crate::engine::features::EngineVersion>>,
    /// Configured values a flag overrode, for the user to see.
    pub warnings: Vec<Warning>,
}

/// `module:object` or `module:factory()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppSpec {
    pub module: String,
    pub attr: String,
    pub factory: bool,
}

impl AppSpec {
    pub fn parse(text: &str) -> std::result::Result<Self, String> {
        let invalid =
            || format!("`{text}` must look like `module:object` or `module:factory()` (dotted Python names)");
        let (module, attr) = text.split_once(':').ok_or_else(invalid)?;
        let (attr, factory) = match attr.strip_suffix("()") {
            Some(attr) => (attr, true),
            None => (attr, false),
        };
        let valid = |s: &str| {
            !s.is_empty()
                && s.split('.').all(|part| {
                    let mut chars = part.chars();
                    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
                        && chars.all(|c| c == '_' || c.is_alphanumeric())
                })
        };
        if !valid(module) || !valid(attr) {
            return Err(invalid());
        }
        Ok(Self { module: module.to_string(), attr: attr.to_string(), factory })
    }

    pub fn spec(&self) -> String {
        format!("{}:{}{}", self.module, self.attr, if self.factory { "()" } else { "" })
    }
}

impl Settings {
    /// Flags over configuration over defaults, through one [`Chain`];
    /// `root` anchors configured paths. Both the flags and the
    /// configuration are destructured without `..`: a flag or key added
    /// and not resolved here does not compile.
    pub fn resolve(
        args: &ProjectArgs,
        render: &RenderArgs,
        config: Option<&ConfigFacts>,
        root: &Path,
    ) -> Result<Self> {
        let ProjectArgs { paths: _, python, port, app, command, base_image, manager, templates } = args;
        let RenderArgs { no_buildkit, engine_version } = render;
        let raw = config.map(|c| c.raw.clone()).unwrap_or_default();
        let RawConfig {
            python: python_key,
            base_image: base_image_key,
            manager: manager_key,
            app: app_key,
            command: command_key,
            port: port_key,
            health_path,
            healthcheck,
            apt_packages,
            build_apt_packages,
            ignore,
            keep,
            user,
            uid,
            env,
            templates: templates_key,
            syntax_line,
            buildkit,
            engine: engine_key,
        } = &raw;
        let mut chain = Chain::new(config);
        let python = chain.pick(
            Flag { name: "python", value: python.as_ref() },
            Key { name: "python", value: python_key },
            |s: &String| parse_python(s),
            |s: &String| parse_python(s),
        )?;
        let port = chain.pick(
            Flag { name: "port", value: port.as_ref() },
            Key { name: "port", value: port_key },
            |p: &u16| check_port(*p),
            |p: &u16| check_port(*p),
        )?;
        let app = chain.pick(
            Flag { name: "app", value: app.as_ref() },
            Key { name: "app", value: app_key },
            |s: &String| AppSpec::parse(s),
            |s: &String| AppSpec::parse(s),
        )?;
        let base_image = chain.pick(
            Flag { name: "base-image", value: base_image.as_ref() },
            Key { name: "base-image", value: base_image_key },
            |s: &String| check_image(s),
            |s: &String| check_image(s),
        )?;
        let manager = chain.pick(
            Flag { name: "manager", value: manager.as_ref() },
            Key { name: "manager", value: manager_key },
            |s: &String| parse_manager(s),
            |s: &String| parse_manager(s),
        )?;
        let command = chain.pick(
            Flag { name: "command", value: command.as_ref() },
            Key { name: "command", value: command_key },
            |s: &String| split_command(s),
            |c: &CommandValue| match c {
                CommandValue::Line(line) => split_command(line),
                CommandValue::Words(words) if words.first().is_some_and(|w| !w.trim().is_empty()) => {
                    Ok(words.iter().map(|w| crate::shell::Word::ours(w.as_str())).collect())
                }
                CommandValue::Words(_) => {
                    Err("has no program to run (its first word is missing or blank)".to_string())
                }
            },
        )?;
        let templates = chain.pick(
            Flag { name: "templates", value: templates.as_ref() },
            Key { name: "templates", value: templates_key },
            |p: &PathBuf| Ok::<_, String>(p.clone()),
            |p: &String| {
                inside(root, p).and_then(|path| {
                    if path.is_dir() {
                        Ok(path)
                    } else {
                        Err(format!(
                            "`{p}` is not a folder in the project (`containerize templates eject {p}` writes one)"
                        ))
                    }
                })
            },
        )?;
        // `--no-buildkit` is a switch: typed, it says `false`.
        let buildkit = chain.pick(
            Flag { name: "no-buildkit", value: no_buildkit.then_some(&false) },
            Key { name: "buildkit", value: buildkit },
            |b: &bool| Ok::<_, String>(*b),
            |b: &bool| Ok::<_, String>(*b),
        )?;
        let engine = chain.pick(
            Flag { name: "engine-version", value: engine_version.as_ref() },
            Key { name: "engine", value: engine_key },
            |v: &crate::engine::features::EngineVersion| Ok::<_, String>(*v),
            |s: &String| crate::engine::features::EngineVersion::parse_setting(s),
        )?;
        let health_path = chain.key("health-path", health_path, |p: &String| check_path(p))?;
        let healthcheck = chain.key("healthcheck", healthcheck, |b: &bool| Ok::<_, String>(*b))?;
        let user = chain.key("user", user, |u: &String| check_user(u))?;
        let uid = chain.key("uid", uid, |u: &u32| check_uid(*u))?;
        // A list key and the check its words pass: Debian package names end
        // up in a shell command, `ignore` patterns after the secret rules.
        let list =
            |key: &str, value: &Option<Spanned<Vec<String>>>, check: ListCheck| -> Result<Vec<String>> {
                Ok(or_default(chain.key(key, value, |v: &Vec<String>| check(v))?, Vec::new()).value)
            };
        let check = |env: &std::collections::BTreeMap<String, String>| check_env(env);
        let env = or_default(chain.key("env", env, check)?, Vec::new()).value;
        let syntax_line =
            or_default(chain.key("syntax-line", syntax_line, |b: &bool| Ok::<_, String>(*b))?, false);
        Ok(Self {
            python,
            port,
            app,
            base_image,
            templates,
            manager,
            command,
            health_path,
            healthcheck,
            apt_packages: list("apt-packages", apt_packages, check_debian_packages)?,
            build_apt_packages: list("build-apt-packages", build_apt_packages, check_debian_packages)?,
            ignore: list("ignore", ignore, check_ignore)?,
            keep: list("keep", keep, check_words)?,
            user,
            uid,
            env,
            syntax_line: syntax_line.value,
            buildkit,
            engine,
            warnings: chain.into_warnings(),
        })
    }

    /// BuildKit-only features allowed: unless `--no-buildkit` or
    /// `buildkit = false`.
    pub fn buildkit(&self) -> bool {
        self.buildkit.as_ref().is_none_or(|set| set.value)
    }

    /// Build with the legacy builder (`DOCKER_BUILDKIT=0`): only when
    /// `--no-buildkit` was typed; `buildkit = false` in a configuration
    /// changes the file, not the engine a machine builds with.
    pub fn legacy_builder(&self) -> bool {
        self.buildkit.as_ref().is_some_and(|set| !set.value && matches!(set.source, Source::Flag { .. }))
    }
}

#[cfg(test)]
mod tests;
