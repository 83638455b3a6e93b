//! The one precedence chain every setting goes through: a flag (clap has
//! already folded in its environment variable, where it has one), then the
//! configuration (`[tool.containerize]` or containerize.toml), then the
//! caller's default. Each rung present is validated, so a bad configuration
//! value is reported even when a flag overrides it, and a flag that
//! overrides a configured value is recorded: the user sees it as a warning
//! instead of wondering why the file is ignored.
//!
//! Flag errors are usage errors (exit 2); configuration errors name the key,
//! the file and the line (exit 1).

use super::Set;
use crate::detect::config::ConfigFacts;
use crate::diagnostics::{Warning, attention};
use crate::evidence::Source;
use anyhow::{Result, anyhow};
use std::path::PathBuf;
use toml::Spanned;

/// A flag as typed: its name without dashes and its value, if given.
pub(super) struct Flag<'v, T> {
    pub name: &'static str,
    pub value: Option<&'v T>,
}

// Copy whatever T is: both hold only references (a derive would ask T: Copy).
impl<T> Clone for Flag<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Flag<'_, T> {}
impl<C> Clone for Key<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C> Copy for Key<'_, C> {}

/// A configuration key (kebab-case, as written) and its value, if set.
pub(super) struct Key<'v, C> {
    pub name: &'static str,
    pub value: &'v Option<Spanned<C>>,
}

/// How a flag's value is shown in an override warning.
pub(super) trait Typed {
    /// ` 9000` after `--port`; empty for a switch such as `--no-buildkit`.
    fn typed(&self) -> String;
}

impl Typed for String {
    fn typed(&self) -> String {
        format!(" {self}")
    }
}

impl Typed for u16 {
    fn typed(&self) -> String {
        format!(" {self}")
    }
}

impl Typed for PathBuf {
    fn typed(&self) -> String {
        format!(" {}", self.display())
    }
}

impl Typed for crate::engine::features::EngineVersion {
    fn typed(&self) -> String {
        format!(" {self}")
    }
}

impl Typed for bool {
    fn typed(&self) -> String {
        String::new()
    }
}

/// The chain, and what it overrode so far.
pub(super) struct Chain<'a> {
    config: Option<&'a ConfigFacts>,
    overridden: Vec<Warning>,
}

impl<'a> Chain<'a> {
    pub fn new(config: Option<&'a ConfigFacts>) -> Self {
        Self { config, overridden: Vec::new() }
    }

    /// The warnings for configured values a flag overrode.
    pub fn into_warnings(self) -> Vec<Warning> {
        self.overridden
    }

    /// Flag over key. Both are validated; when both are present the
    /// override is recorded.
    pub fn pick<T: Typed, C, U>(
        &mut self,
        flag: Flag<'_, T>,
        key: Key<'_, C>,
        check_flag: impl Fn(&T) -> std::result::Result<U, String>,
        check_key: impl Fn(&C) -> std::result::Result<U, String>,
    ) -> Result<Option<Set<U>>> {
        let from_flag = self.flag(flag.name, flag.value, check_flag)?;
        let from_key = self.key(key.name, key.value, check_key)?;
        if let (Some(typed), Some(config), Some(spanned)) = (flag.value, self.config, key.value) {
            let written = config.text.get(spanned.span()).unwrap_or("…").trim();
            self.overridden.push(Warning::new(format!(
                "--{}{} overrides `{} = {written}` in {}",
                flag.name,
                typed.typed(),
                key.name,
                config.location(spanned)
            )));
        }
        Ok(from_flag.or(from_key))
    }

    /// A flag with no configuration key. (A method, like `key`, though it
    /// needs nothing of the chain: every rung is asked the same way.)
    #[expect(clippy::unused_self, reason = "every rung of the chain is a method")]
    pub fn flag<T, U>(
        &self,
        name: &str,
        value: Option<&T>,
        check: impl Fn(&T) -> std::result::Result<U, String>,
    ) -> Result<Option<Set<U>>> {
        let Some(value) = value else { return Ok(None) };
        // A check quotes the value it refuses; a line break in it stays `\n`.
        let value = check(value).map_err(|e| anyhow!("--{name} {}", crate::sinks::terminal::one_line(&e)))?;
        Ok(Some(Set { value, source: Source::flag(&format!("--{name}")) }))
    }

    /// A configuration key with no flag.
    #[expect(clippy::ref_option, reason = "callers pass the raw struct's fields as destructured")]
    pub fn key<C, U>(
        &self,
        name: &str,
        value: &Option<Spanned<C>>,
        check: impl Fn(&C) -> std::result::Result<U, String>,
    ) -> Result<Option<Set<U>>> {
        let (Some(config), Some(spanned)) = (self.config, value) else { return Ok(None) };
        let location = config.location(spanned);
        let value = check(spanned.get_ref()).map_err(|e| {
            let e = crate::sinks::terminal::one_line(&e);
            attention(format!("{location}: {} {e}", config.describe(name)))
        })?;
        Ok(Some(Set { value, source: Source::Config { location, key: name.to_string() } }))
    }
}

/// The last rung: a value nothing set, as a [`Set`] from the default.
pub(super) fn or_default<U>(set: Option<Set<U>>, default: U) -> Set<U> {
    set.unwrap_or(Set { value: default, source: Source::Default })
}
