//! `.dockerignore` lines that name one path, literally.
//!
//! Docker reads the file line by line (moby/patternmatcher): a line that
//! starts with `#` is a comment, whitespace around a line is trimmed, a
//! leading `!` re-includes, and `*`, `?`, `[` and `\` are pattern syntax.
//! A path from the project (a folder name, a file pyproject.toml names) is
//! escaped so that it matches itself and nothing else; a path no line can
//! hold (a newline in it, spaces at its ends) is refused.

use serde::Serialize;
use std::fmt;

/// One path as a `.dockerignore` pattern that matches only it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Literal(String);

/// Why a path cannot be a `.dockerignore` line.
#[derive(Debug, PartialEq, Eq)]
pub enum Unwritable {
    LineBreak,
    ControlCharacter,
    SpaceAtEnd,
    Empty,
}

impl fmt::Display for Unwritable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::LineBreak => "it holds a line break, which no .dockerignore line can",
            Self::ControlCharacter => "it holds a control character",
            Self::SpaceAtEnd => "it begins or ends with whitespace, which Docker trims from each line",
            Self::Empty => "it is empty",
        })
    }
}

impl Literal {
    pub fn new(path: &str) -> Result<Self, Unwritable> {
        if path.is_empty() {
            return Err(Unwritable::Empty);
        }
        if path.contains(['\n', '\r']) {
            return Err(Unwritable::LineBreak);
        }
        if path.chars().any(char::is_control) {
            return Err(Unwritable::ControlCharacter);
        }
        if path.trim() != path {
            return Err(Unwritable::SpaceAtEnd);
        }
        let mut out = String::with_capacity(path.len() + 2);
        for (i, c) in path.chars().enumerate() {
            // `{` and `}` are literal to Docker, but escaping them costs
            // nothing and keeps globset (our own check of the file) literal.
            if matches!(c, '\\' | '*' | '?' | '[' | ']' | '{' | '}') || (i == 0 && matches!(c, '!' | '#')) {
                out.push('\\');
            }
            out.push(c);
        }
        Ok(Self(out))
    }

    /// The line, escaped.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerignore::Matcher;

    #[test]
    fn paths_match_themselves_only() {
        assert_eq!(Literal::new("venv-3.13").unwrap().as_str(), "venv-3.13");
        assert_eq!(Literal::new("!.env").unwrap().as_str(), r"\!.env");
        assert_eq!(Literal::new("#notes").unwrap().as_str(), r"\#notes");
        assert_eq!(Literal::new("a*b[1]").unwrap().as_str(), r"a\*b\[1\]");
        assert_eq!(Literal::new("env\n!.git"), Err(Unwritable::LineBreak));
        assert_eq!(Literal::new(" env"), Err(Unwritable::SpaceAtEnd));
        for path in ["a*b", "!x", "#y", "c?d", "e[f]", r"g\h", "i{j,k}"] {
            let line = Literal::new(path).unwrap();
            let m = Matcher::parse(&format!("{line}\n"));
            assert!(m.is_excluded(path), "{line} excludes {path}");
            assert!(!m.is_excluded("aXb"), "{line} matches only itself");
            let kept = Matcher::parse(&format!("**\n!{line}\n"));
            assert!(!kept.is_excluded(path), "!{line} re-includes {path}");
        }
    }
}
