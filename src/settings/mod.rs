//! Flags and configuration → validated settings, each with its source.
//!
//! The plan consults these before anything it reads off the project
//! (precedence: flag, then `[tool.containerize]` / containerize.toml, then
//! project files, then inferred facts, then defaults). Validation happens
//! here, once, so the plan never sees a malformed override; a bad flag is a
//! usage error (exit 2), a bad configuration value names its file and line
//! (exit 1).

use crate::cli::ProjectArgs;
use crate::detect::config::{CommandValue, ConfigFacts};
use crate::diagnostics::attention;
use crate::evidence::Source;
use crate::manager::Manager;
use anyhow::{Result, anyhow};
use std::path::{Path, PathBuf};
use toml::Spanned;

mod checks;
use checks::*;

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
    pub python: Option<Set<(u32, u32)>>,
    pub port: Option<Set<u16>>,
    pub app: Option<Set<AppSpec>>,
    pub base_image: Option<Set<String>>,
    pub templates: Option<Set<PathBuf>>,
    pub manager: Option<Set<Manager>>,
    /// The start command, split into words.
    pub command: Option<Set<Vec<String>>>,
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
    /// `buildkit = false` renders without BuildKit-only features.
    pub buildkit: Option<bool>,
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

/// Where a value came from, for validation messages and evidence.
struct Origin<'a> {
    config: Option<&'a ConfigFacts>,
}

impl Origin<'_> {
    /// Validate a flag: its errors are usage errors.
    fn flag<T, U>(
        &self,
        flag: &str,
        value: Option<&T>,
        check: impl Fn(&T) -> std::result::Result<U, String>,
    ) -> Result<Option<Set<U>>> {
        let Some(value) = value else { return Ok(None) };
        let value = check(value).map_err(|e| anyhow!("--{flag} {e}"))?;
        Ok(Some(Set { value, source: Source::flag(&format!("--{flag}")) }))
    }

    /// Validate a config key: its errors name the file and line.
    fn key<T, U>(
        &self,
        key: &str,
        value: &Option<Spanned<T>>,
        check: impl Fn(&T) -> std::result::Result<U, String>,
    ) -> Result<Option<Set<U>>> {
        let (Some(config), Some(spanned)) = (self.config, value) else { return Ok(None) };
        let location = config.location(spanned);
        let value = check(spanned.get_ref())
            .map_err(|e| attention(format!("{location}: {} {e}", config.describe(key))))?;
        Ok(Some(Set { value, source: Source::Config { location, key: key.to_string() } }))
    }
}

impl Settings {
    /// Flags over configuration; `root` anchors configured paths.
    pub fn resolve(args: &ProjectArgs, config: Option<&ConfigFacts>, root: &Path) -> Result<Self> {
        let origin = Origin { config };
        let raw = config.map(|c| c.raw.clone()).unwrap_or_default();
        let python = origin
            .flag("python", args.python.as_ref(), |s: &String| parse_python(s))?
            .or(origin.key("python", &raw.python, |s: &String| parse_python(s))?);
        let port = origin.flag("port", args.port.as_ref(), |p: &u16| check_port(*p))?.or(origin.key(
            "port",
            &raw.port,
            |p: &u16| check_port(*p),
        )?);
        let app = origin.flag("app", args.app.as_ref(), |s: &String| AppSpec::parse(s))?.or(origin.key(
            "app",
            &raw.app,
            |s: &String| AppSpec::parse(s),
        )?);
        let base_image = origin
            .flag("base-image", args.base_image.as_ref(), |s: &String| check_image(s))?
            .or(origin.key("base-image", &raw.base_image, |s: &String| check_image(s))?);
        let manager = origin
            .flag("manager", args.manager.as_ref(), |s: &String| parse_manager(s))?
            .or(origin.key("manager", &raw.manager, |s: &String| parse_manager(s))?);
        let command = origin.flag("command", args.command.as_ref(), |s: &String| split_command(s))?.or(
            origin.key("command", &raw.command, |c: &CommandValue| match c {
                CommandValue::Line(line) => split_command(line),
                CommandValue::Words(words) if !words.is_empty() => Ok(words.clone()),
                CommandValue::Words(_) => Err("is empty".to_string()),
            })?,
        );
        let templates = origin
            .flag("templates", args.templates.as_ref(), |p: &PathBuf| Ok::<_, String>(p.clone()))?
            .or(origin.key("templates", &raw.templates, |p: &String| inside(root, p))?);
        let health_path = origin.key("health-path", &raw.health_path, |p: &String| check_path(p))?;
        let healthcheck = origin.key("healthcheck", &raw.healthcheck, |b: &bool| Ok::<_, String>(*b))?;
        let user = origin.key("user", &raw.user, |u: &String| check_user(u))?;
        let uid = origin.key("uid", &raw.uid, |u: &u32| check_uid(*u))?;
        let list = |key: &str, value: &Option<Spanned<Vec<String>>>| -> Result<Vec<String>> {
            Ok(origin.key(key, value, |v: &Vec<String>| check_words(v))?.map(|s| s.value).unwrap_or_default())
        };
        // Debian package names end up in a shell command: nothing else passes.
        let packages = |key: &str, value: &Option<Spanned<Vec<String>>>| -> Result<Vec<String>> {
            let check = |v: &Vec<String>| check_debian_packages(v);
            Ok(origin.key(key, value, check)?.map(|s| s.value).unwrap_or_default())
        };
        let env = origin
            .key("env", &raw.env, |env: &std::collections::BTreeMap<String, String>| check_env(env))?
            .map(|s| s.value)
            .unwrap_or_default();
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
            apt_packages: packages("apt-packages", &raw.apt_packages)?,
            build_apt_packages: packages("build-apt-packages", &raw.build_apt_packages)?,
            ignore: list("ignore", &raw.ignore)?,
            keep: list("keep", &raw.keep)?,
            user,
            uid,
            env,
            syntax_line: raw.syntax_line.map(|s| s.into_inner()).unwrap_or(false),
            buildkit: raw.buildkit.map(|s| s.into_inner()),
        })
    }
}

#[cfg(test)]
mod tests;
