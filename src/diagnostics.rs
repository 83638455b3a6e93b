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
        let message = crate::sinks::terminal::clean(&self.message);
        match &self.location {
            Some(location) => {
                write!(f, "{}: {message}", crate::sinks::terminal::clean(&location.to_string()))
            }
            None => f.write_str(&message),
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

static CLOSED_STDOUT_STATUS: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// The exit status when stdout closes before the output is written: 0
/// unless a command has already reached a verdict (`check` found drift),
/// which a reader that stops early must not turn into success.
pub fn exit_status_if_stdout_closes(status: u8) {
    CLOSED_STDOUT_STATUS.store(status, std::sync::atomic::Ordering::SeqCst);
}

pub fn closed_stdout_status() -> u8 {
    CLOSED_STDOUT_STATUS.load(std::sync::atomic::Ordering::SeqCst)
}

#[derive(Clone, Copy)]
pub enum Color {
    Red,
    Yellow,
}

static COLOR: std::sync::OnceLock<crate::cli::ColorWhen> = std::sync::OnceLock::new();

/// `--color`, set once by `main` before anything is printed.
pub fn set_color(when: crate::cli::ColorWhen) {
    let _ = COLOR.set(when);
}

/// Whether to color a stream: `--color always|never`, else `NO_COLOR`
/// (https://no-color.org) turns it off, `FORCE_COLOR` on, and otherwise
/// only a terminal (not `TERM=dumb`) is colored.
fn enabled(is_terminal: bool) -> bool {
    use crate::cli::ColorWhen;
    let set = |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty());
    match COLOR.get().copied().unwrap_or_default() {
        ColorWhen::Never => false,
        ColorWhen::Always => true,
        ColorWhen::Auto if set("NO_COLOR") => false,
        ColorWhen::Auto if set("FORCE_COLOR") => std::env::var("FORCE_COLOR").is_ok_and(|v| v != "0"),
        ColorWhen::Auto => is_terminal && std::env::var("TERM").map_or(true, |t| t != "dumb"),
    }
}

/// `label` in color on standard error, when colors are on (see `enabled`).
pub fn paint(label: &str, color: Color) -> String {
    use std::io::IsTerminal;
    if !enabled(std::io::stderr().is_terminal()) {
        return label.to_string();
    }
    let code = match color {
        Color::Red => "1;31",
        Color::Yellow => "1;33",
    };
    format!("\x1b[{code}m{label}\x1b[0m")
}

/// A unified diff for standard output: removed lines red, added green,
/// hunk headers cyan, when colors are on (see `enabled`).
pub fn paint_diff(diff: &str) -> String {
    use std::fmt::Write;
    use std::io::IsTerminal;
    if !enabled(std::io::stdout().is_terminal()) {
        return diff.to_string();
    }
    let mut out = String::with_capacity(diff.len() + diff.len() / 8);
    for line in diff.split_inclusive('\n') {
        let code = match line.as_bytes() {
            [b'+', b'+', b'+', ..] | [b'-', b'-', b'-', ..] => "1",
            [b'+', ..] => "32",
            [b'-', ..] => "31",
            [b'@', b'@', ..] => "36",
            _ => {
                out.push_str(line);
                continue;
            }
        };
        let (text, end) = line.strip_suffix('\n').map_or((line, ""), |t| (t, "\n"));
        let _ = write!(out, "\x1b[{code}m{text}\x1b[0m{end}");
    }
    out
}
