//! Warnings and the error kinds that decide the exit status.
//!
//! Detection and planning never print: they return [`Warning`]s, and
//! `main` prints them through [`print_warnings`], which honours `--quiet`.
//! An error that means "the project needs attention" (exit 1) is an
//! [`Attention`]; a failing engine's own status passes through as a
//! [`Passthrough`]; every other error is a usage or internal error (exit 2).

use crate::evidence::Location;
use serde::Serialize;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Warning {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    pub message: String,
}

impl Warning {
    pub fn new(message: impl Into<String>) -> Self {
        Self { location: None, message: message.into() }
    }

    pub fn at(location: Location, message: impl Into<String>) -> Self {
        Self { location: Some(location), message: message.into() }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{location}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// The project (or the files generated for it) needs the user's attention:
/// malformed input, nothing to containerize, a file we refuse to overwrite.
/// Exit status 1.
#[derive(Debug)]
pub struct Attention(pub String);

impl fmt::Display for Attention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Attention {}

/// Build an [`Attention`] error: `Err(attention(format!(...)))?`.
pub fn attention(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Attention(message.into()))
}

/// Whether the error (or anything in its chain) is an [`Attention`].
pub fn needs_attention(error: &anyhow::Error) -> bool {
    error.chain().any(|e| e.is::<Attention>())
}

/// A command containerize ran failed with this exit status, which becomes
/// containerize's own (a failing `docker build` exits 1, a killed one 137,
/// Ctrl-C 130).
#[derive(Debug)]
pub struct Passthrough {
    pub status: u8,
    pub message: String,
}

impl fmt::Display for Passthrough {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Passthrough {}

/// Build a [`Passthrough`] error.
pub fn passthrough(status: u8, message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Passthrough { status, message: message.into() })
}

/// The exit status for an error: a passed-through status, 1 for
/// [`Attention`], else 2.
pub fn exit_code(error: &anyhow::Error) -> u8 {
    if let Some(pass) = error.chain().find_map(|e| e.downcast_ref::<Passthrough>()) {
        return pass.status;
    }
    if needs_attention(error) { 1 } else { 2 }
}

/// The one place warnings reach the terminal.
pub fn print_warnings(warnings: &[Warning], quiet: bool) {
    if quiet {
        return;
    }
    for warning in warnings {
        eprintln!("{} {warning}", paint("warning:", Color::Yellow));
    }
}

#[derive(Clone, Copy)]
pub enum Color {
    Red,
    Yellow,
}

/// `label` in color when standard error is a terminal and `NO_COLOR` is
/// not set (https://no-color.org), else as is.
pub fn paint(label: &str, color: Color) -> String {
    use std::io::IsTerminal;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if no_color || !std::io::stderr().is_terminal() {
        return label.to_string();
    }
    let code = match color {
        Color::Red => "1;31",
        Color::Yellow => "1;33",
    };
    format!("\x1b[{code}m{label}\x1b[0m")
}
