//! Raw flags → validated overrides.
//!
//! The plan consults these first (precedence: flag, then project files,
//! then inferred facts, then defaults). Validation happens here, once, so
//! the plan never sees a malformed override.

use crate::cli::ProjectArgs;
use crate::plan::install::Manager;
use anyhow::{Result, bail};
use std::path::PathBuf;

#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// `--python X.Y`.
    pub python: Option<(u32, u32)>,
    pub port: Option<u16>,
    pub app: Option<AppSpec>,
    pub base_image: Option<String>,
    pub templates: Option<PathBuf>,
    pub manager: Option<Manager>,
    /// `--command`, split into words.
    pub command: Option<Vec<String>>,
}

/// `module:object` or `module:factory()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppSpec {
    pub module: String,
    pub attr: String,
    pub factory: bool,
}

impl AppSpec {
    pub fn parse(text: &str) -> Result<Self> {
        let Some((module, attr)) = text.split_once(':') else {
            bail!("--app `{text}` must look like `module:object` or `module:factory()`");
        };
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
            bail!(
                "--app `{text}` must look like `module:object` or `module:factory()` (dotted Python names)"
            );
        }
        Ok(Self { module: module.to_string(), attr: attr.to_string(), factory })
    }

    pub fn spec(&self) -> String {
        format!("{}:{}{}", self.module, self.attr, if self.factory { "()" } else { "" })
    }
}

impl Settings {
    pub fn from_args(args: &ProjectArgs) -> Result<Self> {
        let python = args.python.as_deref().map(parse_python).transpose()?;
        if args.port == Some(0) {
            bail!("--port must be between 1 and 65535");
        }
        let app = args.app.as_deref().map(AppSpec::parse).transpose()?;
        if let Some(image) = &args.base_image {
            check_image(image)?;
        }
        let manager = match args.manager.as_deref() {
            None => None,
            Some(name) => Some(Manager::parse(name).ok_or_else(|| {
                let known: Vec<_> = Manager::ALL.iter().map(|m| m.name()).collect();
                anyhow::anyhow!("--manager `{name}` is not one of {}", known.join(", "))
            })?),
        };
        Ok(Self {
            python,
            port: args.port,
            app,
            base_image: args.base_image.clone(),
            templates: args.templates.clone(),
            manager,
            command: args.command.as_deref().map(split_command).transpose()?,
        })
    }
}

/// `--command "gunicorn app:app --workers 4"` → words, as a shell splits them.
fn split_command(text: &str) -> Result<Vec<String>> {
    match shlex::split(text) {
        Some(words) if !words.is_empty() => Ok(words),
        _ => bail!("--command `{text}` is not a command (empty, or unbalanced quotes)"),
    }
}

/// `3.12` → (3, 12). Patch versions are refused: images are chosen by minor.
fn parse_python(text: &str) -> Result<(u32, u32)> {
    let parts: Vec<_> = text.split('.').map(str::parse::<u32>).collect();
    match parts.as_slice() {
        [Ok(major), Ok(minor)] => Ok((*major, *minor)),
        _ => bail!("--python `{text}` must be a minor version such as `3.13`"),
    }
}

/// A base image must be pinned to a tag or digest, never `latest`.
fn check_image(image: &str) -> Result<()> {
    if image.is_empty() || image.contains(char::is_whitespace) {
        bail!("--base-image `{image}` is not an image reference");
    }
    let name = image.rsplit('/').next().unwrap_or(image);
    let pinned = image.contains('@') || name.contains(':');
    if !pinned || name.ends_with(":latest") {
        bail!("--base-image `{image}` must name a version tag or digest (`latest` changes under you)");
    }
    Ok(())
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
}
