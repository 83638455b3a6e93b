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
use crate::plan::install::Manager;
use anyhow::{Result, anyhow};
use std::path::{Path, PathBuf};
use toml::Spanned;

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

/// `gunicorn app:app --workers 4` → words, as a shell splits them.
fn split_command(text: &str) -> std::result::Result<Vec<String>, String> {
    match shlex::split(text) {
        Some(words) if !words.is_empty() => Ok(words),
        _ => Err(format!("`{text}` is not a command (empty, or unbalanced quotes)")),
    }
}

/// `3.12` → (3, 12). Patch versions are refused: images are chosen by minor.
fn parse_python(text: &str) -> std::result::Result<(u32, u32), String> {
    let parts: Vec<_> = text.split('.').map(str::parse::<u32>).collect();
    match parts.as_slice() {
        [Ok(major), Ok(minor)] => Ok((*major, *minor)),
        _ => Err(format!("`{text}` must be a minor version such as `3.13`")),
    }
}

fn check_port(port: u16) -> std::result::Result<u16, String> {
    if port == 0 { Err("must be between 1 and 65535".into()) } else { Ok(port) }
}

fn parse_manager(name: &str) -> std::result::Result<Manager, String> {
    Manager::parse(name).ok_or_else(|| {
        let known: Vec<_> = Manager::ALL.iter().map(|m| m.name()).collect();
        format!("`{name}` is not one of {}", known.join(", "))
    })
}

/// A base image must be pinned to a tag or digest, never `latest`.
fn check_image(image: &str) -> std::result::Result<String, String> {
    if image.is_empty() || image.contains(char::is_whitespace) {
        return Err(format!("`{image}` is not an image reference"));
    }
    let name = image.rsplit('/').next().unwrap_or(image);
    let pinned = image.contains('@') || name.contains(':');
    if !pinned || name.ends_with(":latest") {
        return Err(format!("`{image}` must name a version tag or digest (`latest` changes under you)"));
    }
    Ok(image.to_string())
}

/// A folder the configuration names must be inside the project (a
/// repository's configuration never makes containerize read elsewhere).
fn inside(root: &Path, rel: &str) -> std::result::Result<PathBuf, String> {
    let outside = || format!("`{rel}` leads outside the project; configured paths stay inside it");
    let normal = crate::detect::requirements::normalize_path(rel)
        .filter(|_| !rel.starts_with('/'))
        .ok_or_else(outside)?;
    let path = root.join(normal);
    match path.canonicalize() {
        Ok(real) if !real.starts_with(root) => Err(outside()),
        _ => Ok(path),
    }
}

fn check_path(path: &str) -> std::result::Result<String, String> {
    let plain = path.starts_with('/') && !path.contains(char::is_whitespace) && !path.contains(['"', '\\']);
    if plain { Ok(path.to_string()) } else { Err(format!("`{path}` must be a URL path such as `/healthz`")) }
}

fn check_user(user: &str) -> std::result::Result<String, String> {
    let valid = !user.is_empty()
        && user.len() <= 32
        && user.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && user.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if valid { Ok(user.to_string()) } else { Err(format!("`{user}` is not a valid user name")) }
}

fn check_uid(uid: u32) -> std::result::Result<u32, String> {
    // 0 is root; system ranges below 1000 may collide with the image's users.
    if (1000..=2_147_483_647).contains(&uid) {
        Ok(uid)
    } else {
        Err(format!("`{uid}` must be between 1000 and 2147483647 (never root)"))
    }
}

fn check_words(words: &[String]) -> std::result::Result<Vec<String>, String> {
    match words.iter().find(|w| w.is_empty() || w.contains(char::is_whitespace)) {
        Some(bad) => Err(format!("has `{bad}`, which is not one word")),
        None => Ok(words.to_vec()),
    }
}

fn check_debian_packages(names: &[String]) -> std::result::Result<Vec<String>, String> {
    match names.iter().find(|n| !crate::data::native::valid_debian_package(n)) {
        Some(bad) => Err(format!(
            "has `{bad}`, which is not a Debian package name (lowercase letters, digits, `+`, `-`, `.`; \
             optionally `=version`)"
        )),
        None => Ok(names.to_vec()),
    }
}

/// Names that look like secrets never become `ENV`: they would be baked
/// into every layer and `docker inspect` output.
fn check_env(
    env: &std::collections::BTreeMap<String, String>,
) -> std::result::Result<Vec<(String, String)>, String> {
    const SECRET: &[&str] =
        &["SECRET", "PASSWORD", "PASSWD", "TOKEN", "API_KEY", "PRIVATE_KEY", "CREDENTIAL"];
    for name in env.keys() {
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("has `{name}`, which is not a variable name"));
        }
        let upper = name.to_ascii_uppercase();
        if SECRET.iter().any(|s| upper.contains(s)) {
            return Err(format!(
                "has `{name}`, which looks like a secret: pass it at run time (docker run -e {name}=…), never in the image"
            ));
        }
    }
    Ok(env.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_specs() {
        let spec = AppSpec::parse("pkg.wsgi:create_app()").unwrap();
        assert_eq!(
            (spec.module.as_str(), spec.attr.as_str(), spec.factory),
            ("pkg.wsgi", "create_app", true)
        );
        assert_eq!(spec.spec(), "pkg.wsgi:create_app()");
        for bad in ["app", "app:", ":app", "my-app:app", "app:app(x)"] {
            assert!(AppSpec::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn python_and_images() {
        assert_eq!(parse_python("3.13").unwrap(), (3, 13));
        assert!(parse_python("3.13.1").is_err());
        assert!(parse_python("three").is_err());
        assert!(check_image("python:3.13-slim").is_ok());
        assert!(check_image("registry.local:5000/python@sha256:abc").is_ok());
        assert!(check_image("registry.local:5000/python").is_err());
        assert!(check_image("python:latest").is_err());
        assert!(check_image("python").is_err());
    }

    fn config(text: &str) -> ConfigFacts {
        let raw = toml::from_str(text).unwrap();
        ConfigFacts { raw, file: "containerize.toml".into(), text: text.into() }
    }

    fn args(flags: &[&str]) -> ProjectArgs {
        use clap::Parser;
        #[derive(Parser)]
        struct Wrapper {
            #[command(flatten)]
            project: ProjectArgs,
        }
        Wrapper::parse_from(std::iter::once("containerize").chain(flags.iter().copied())).project
    }

    #[test]
    fn flags_beat_configuration_and_sources_are_kept() {
        let config = config("python = \"3.13\"\nport = 9000\n");
        let settings = Settings::resolve(&args(&["--port", "7000"]), Some(&config), Path::new("/p")).unwrap();
        assert_eq!(settings.port.unwrap(), Set { value: 7000, source: Source::flag("--port") });
        let python = settings.python.unwrap();
        assert_eq!(python.value, (3, 13));
        assert_eq!(python.source.to_string(), "python in containerize.toml:1");
    }

    #[test]
    fn bad_configuration_values_name_key_file_and_line() {
        let config = config("port = 8000\nenv = { DB_PASSWORD = \"hunter2\" }\n");
        let err = Settings::resolve(&args(&[]), Some(&config), Path::new("/p")).unwrap_err().to_string();
        assert!(
            err.starts_with(
                "containerize.toml:2: `env` in containerize.toml has `DB_PASSWORD`, which looks like a secret"
            ),
            "{err}"
        );
        let config = self::config("apt-packages = [\"libpq5\", \"libpq5 && curl\"]\n");
        let err = Settings::resolve(&args(&[]), Some(&config), Path::new("/p")).unwrap_err().to_string();
        assert!(err.contains("has `libpq5 && curl`, which is not a Debian package name"), "{err}");
        let config = self::config(
            "build-apt-packages = [\"libldap-dev\"]\napt-packages = [\"libldap2=2.6.10+dfsg-1\"]\n",
        );
        let settings = Settings::resolve(&args(&[]), Some(&config), Path::new("/p")).unwrap();
        assert_eq!(
            (settings.build_apt_packages, settings.apt_packages),
            (vec!["libldap-dev".to_string()], vec!["libldap2=2.6.10+dfsg-1".to_string()])
        );
        let config = self::config("uid = 0\n");
        let err = Settings::resolve(&args(&[]), Some(&config), Path::new("/p")).unwrap_err().to_string();
        assert!(err.contains("`uid` in containerize.toml `0` must be between 1000"), "{err}");
    }
}
