//! The user's configuration: `[tool.containerize]` in pyproject.toml, or
//! `containerize.toml` (same keys, at the top level) for projects without
//! one. Every decision the plan makes has a key; `settings.rs` merges them
//! with the command line (flags win).
//!
//! An unknown key or a value of the wrong type is an error naming the key,
//! the file and the line, with a "did you mean" for likely typos.

use super::pyproject::line_at;
use crate::diagnostics::attention;
use crate::evidence::Location;
use crate::project::{MANIFEST_LIMIT, Project};
use anyhow::Result;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

pub const FILE: &str = "containerize.toml";
pub const TABLE: &str = "[tool.containerize]";

/// A command as a string (split like a shell) or a list of words.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum CommandValue {
    Line(String),
    Words(Vec<String>),
}

/// Every key, as written. Field names are the keys (kebab-case).
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawConfig {
    pub python: Option<Spanned<String>>,
    pub base_image: Option<Spanned<String>>,
    pub manager: Option<Spanned<String>>,
    pub app: Option<Spanned<String>>,
    pub command: Option<Spanned<CommandValue>>,
    pub port: Option<Spanned<u16>>,
    pub health_path: Option<Spanned<String>>,
    pub healthcheck: Option<Spanned<bool>>,
    pub apt_packages: Option<Spanned<Vec<String>>>,
    pub build_apt_packages: Option<Spanned<Vec<String>>>,
    /// Extra .dockerignore patterns.
    pub ignore: Option<Spanned<Vec<String>>>,
    /// Files the image must contain even if a pattern would drop them.
    pub keep: Option<Spanned<Vec<String>>>,
    pub user: Option<Spanned<String>>,
    pub uid: Option<Spanned<u32>>,
    pub env: Option<Spanned<BTreeMap<String, String>>>,
    pub templates: Option<Spanned<String>>,
    pub syntax_line: Option<Spanned<bool>>,
    pub buildkit: Option<Spanned<bool>>,
    /// The oldest engine the files must run on (`"20.10"`).
    pub engine: Option<Spanned<String>>,
}

/// Every key the configuration accepts, for "did you mean".
pub const KEYS: &[&str] = &[
    "python",
    "base-image",
    "manager",
    "app",
    "command",
    "port",
    "health-path",
    "healthcheck",
    "apt-packages",
    "build-apt-packages",
    "ignore",
    "keep",
    "user",
    "uid",
    "env",
    "templates",
    "syntax-line",
    "buildkit",
    "engine",
];

/// The configuration and the text it was read from (for line numbers).
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigFacts {
    pub raw: RawConfig,
    /// `pyproject.toml` or `containerize.toml`.
    pub file: String,
    pub text: String,
}

impl ConfigFacts {
    /// Where a value sits, for evidence.
    pub fn location<T>(&self, value: &Spanned<T>) -> Location {
        Location::at(&self.file, line_at(&self.text, value.span().start))
    }

    /// How the key is named in messages: `port in [tool.containerize]`.
    pub fn describe(&self, key: &str) -> String {
        if self.file == FILE { format!("`{key}` in {FILE}") } else { format!("`{key}` in {TABLE}") }
    }
}

/// `containerize.toml`, if present.
pub fn read_file(project: &Project) -> Result<Option<ConfigFacts>> {
    let Some(text) = project.read_required(FILE, MANIFEST_LIMIT)? else { return Ok(None) };
    let raw: RawConfig = toml::from_str(&text).map_err(|e| config_error(FILE, &text, &e, ""))?;
    Ok(Some(ConfigFacts { raw, file: FILE.to_string(), text }))
}

/// A configuration error: unknown keys get a "did you mean", wrong types
/// name the key.
pub fn config_error(file: &str, text: &str, error: &toml::de::Error, table: &str) -> anyhow::Error {
    let line = error.span().map_or(1, |s| line_at(text, s.start));
    let message = error.message().trim();
    let within = if table.is_empty() { String::new() } else { format!(" in {table}") };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default();
        let hint = closest(key)
            .map(|k| format!("; did you mean `{k}`?"))
            .unwrap_or_else(|| format!("; the keys are {}", KEYS.join(", ")));
        return attention(format!("{file}:{line}: unknown key `{key}`{within}{hint}"));
    }
    let key = text
        .lines()
        .nth(line as usize - 1)
        .and_then(|l| l.split_once('='))
        .map(|(k, _)| k.trim().trim_matches('"').to_string())
        .unwrap_or_default();
    let message = crate::sinks::serde_words::plain(message, false);
    if key.is_empty() {
        return attention(format!("{file}:{line}: invalid TOML: {message}"));
    }
    attention(format!("{file}:{line}: `{key}`{within}: {message}"))
}

/// The known key closest to a misspelt one, when it is close enough.
fn closest(key: &str) -> Option<&'static str> {
    KEYS.iter()
        .map(|k| (strsim::jaro_winkler(key, k), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<RawConfig> {
        toml::from_str(text).map_err(|e| config_error(FILE, text, &e, ""))
    }

    #[test]
    fn every_key_parses() {
        let raw = parse(
            "python = \"3.13\"\nbase-image = \"python:3.13-slim\"\nmanager = \"uv\"\napp = \"a:b\"\n\
             command = [\"gunicorn\", \"a:b\"]\nport = 9000\nhealth-path = \"/up\"\nhealthcheck = true\n\
             apt-packages = [\"libpq5\"]\nbuild-apt-packages = [\"libpq-dev\"]\nignore = [\"data/\"]\n\
             keep = [\"data/model.bin\"]\nuser = \"web\"\nuid = 2000\nenv = { LOG_LEVEL = \"info\" }\n\
             templates = \"ci/templates\"\nsyntax-line = true\nbuildkit = false\n",
        )
        .unwrap();
        assert_eq!(raw.port.map(|p| p.into_inner()), Some(9000));
        assert_eq!(
            raw.command.map(|c| c.into_inner()),
            Some(CommandValue::Words(vec!["gunicorn".into(), "a:b".into()]))
        );
    }

    #[test]
    fn unknown_keys_suggest_the_closest() {
        let err = parse("python = \"3.13\"\nprot = 9000\n").unwrap_err().to_string();
        assert_eq!(err, "containerize.toml:2: unknown key `prot`; did you mean `port`?");
        let err = parse("banana = 1\n").unwrap_err().to_string();
        assert!(err.contains("unknown key `banana`; the keys are python, base-image"), "{err}");
    }

    #[test]
    fn wrong_types_name_the_key_and_line() {
        let err = parse("python = \"3.13\"\nport = \"eighty\"\n").unwrap_err().to_string();
        assert!(err.starts_with("containerize.toml:2: `port`: invalid type: string \"eighty\""), "{err}");
    }
}
