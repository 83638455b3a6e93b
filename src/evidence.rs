//! Evidence: where a fact was found, and where a decision's value came from.
//!
//! Every fact carries a [`Location`] (a value with one is a [`Located`]);
//! every decision is a [`Decided`] value
//! whose [`Source`] says which rung of the precedence ladder supplied it.
//! The ladder itself is data: [`first_of`] takes candidates highest first and
//! records the ones it passed over, so a conflict can be reported instead of
//! silently resolved.

use serde::Serialize;
use std::fmt;

/// A file relative to the project root (always `/`-separated), and a line.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

impl Location {
    pub fn file(path: impl Into<String>) -> Self {
        Self { path: path.into(), line: None }
    }

    pub fn at(path: impl Into<String>, line: u32) -> Self {
        Self { path: path.into(), line: Some(line) }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.path),
            None => f.write_str(&self.path),
        }
    }
}

/// A value and where it was read: a requirement line, a `python_requires`,
/// a package named in Aptfile. Facts carry these instead of bare pairs, so
/// the evidence travels with the value by name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Located<T> {
    pub value: T,
    pub location: Location,
}

impl<T> Located<T> {
    pub fn new(value: T, location: Location) -> Self {
        Self { value, location }
    }
}

/// Where a decided value came from, highest precedence first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Source {
    /// A command-line flag such as `--python`.
    Flag { flag: String },
    /// `[tool.containerize]` or `containerize.toml`.
    Config { location: Location, key: String },
    /// A file whose purpose is to state this value (`.python-version`, a Procfile).
    File { location: Location },
    /// Read off the project's code or dependencies.
    Inferred { location: Location },
    /// Nothing said otherwise.
    Default,
}

impl Source {
    pub fn flag(flag: &str) -> Self {
        Self::Flag { flag: flag.to_string() }
    }

    pub fn location(&self) -> Option<&Location> {
        match self {
            Self::Config { location, .. } | Self::File { location } | Self::Inferred { location } => {
                Some(location)
            }
            Self::Flag { .. } | Self::Default => None,
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Flag { flag } => write!(f, "{flag}"),
            Self::Config { location, key } => write!(f, "{key} in {location}"),
            Self::File { location } | Self::Inferred { location } => write!(f, "{location}"),
            Self::Default => f.write_str("default"),
        }
    }
}

/// A decided value, its source, and a short human reason.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decided<T> {
    pub value: T,
    pub source: Source,
    pub reason: String,
}

impl<T> Decided<T> {
    pub fn new(value: T, source: Source, reason: impl Into<String>) -> Self {
        Self { value, source, reason: reason.into() }
    }
}

/// The outcome of walking a precedence ladder: the winner and the
/// lower-ranked candidates that were also present.
pub struct Resolution<T> {
    pub winner: Decided<T>,
    pub overridden: Vec<Decided<T>>,
}

/// Take the first present candidate (candidates are listed highest
/// precedence first), falling back to `default`.
pub fn first_of<T>(candidates: Vec<Option<Decided<T>>>, default: Decided<T>) -> Resolution<T> {
    let mut present = candidates.into_iter().flatten();
    match present.next() {
        Some(winner) => Resolution { winner, overridden: present.collect() },
        None => Resolution { winner: default, overridden: Vec::new() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_present_candidate_wins_and_the_rest_are_kept() {
        let d = |v: u8, s: Source| Some(Decided::new(v, s, ""));
        let r = first_of(
            vec![
                None,
                d(2, Source::File { location: Location::at(".python-version", 1) }),
                d(3, Source::Default),
            ],
            Decided::new(9, Source::Default, ""),
        );
        assert_eq!(r.winner.value, 2);
        assert_eq!(r.winner.source.to_string(), ".python-version:1");
        assert_eq!(r.overridden.len(), 1);
        let r = first_of(vec![None::<Decided<u8>>], Decided::new(9, Source::Default, ""));
        assert_eq!((r.winner.value, r.overridden.len()), (9, 0));
    }
}
