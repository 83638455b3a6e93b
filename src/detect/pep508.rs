//! The one door to `pep508_rs`, with a guard for a shape it panics on.
//!
//! pep508_rs 0.9.2, its newest release, unwraps instead of returning an
//! error when a package name ends in `.`, `-` or `_` and more text follows
//! (`fastapi.==1.0`, `fasta.|1`). `cargo fuzz` found it within seconds
//! (see `fuzz/README.md`). A hostile or merely mistyped manifest must get a
//! located error, not a crash, so every caller parses through here.

use std::path::Path;

use pep508_rs::{Requirement, VerbatimUrl};

/// Parses one PEP 508 requirement; the error reads like the parser's own.
pub fn parse(text: &str, base: &Path) -> Result<Requirement<VerbatimUrl>, String> {
    if let Some(bad) = trailing_separator(text) {
        return Err(format!("package name must end with a letter or digit, not `{bad}`"));
    }
    Requirement::<VerbatimUrl>::parse(text, base).map_err(|error| error.to_string())
}

/// The package name of a requirement, when it has a valid one.
pub fn name(text: &str) -> Option<String> {
    parse(text, Path::new("/")).ok().map(|req| req.name.to_string())
}

/// The separator a name ends with when text follows it: the input that
/// makes pep508_rs panic. A name must start with a letter or digit, so
/// anything else is left to the parser's own error.
fn trailing_separator(text: &str) -> Option<char> {
    let text = text.trim_start();
    let end = text.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))?;
    let name = &text[..end];
    let first = name.chars().next()?;
    let last = name.chars().last()?;
    (first.is_ascii_alphanumeric() && matches!(last, '.' | '-' | '_')).then_some(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_ending_in_a_separator_are_errors_not_panics() {
        for text in ["fastapi.==1.0", "fasta.|1i0==65.0", "a-_ >=1", "x_;python_version>'3'"] {
            let error = parse(text, Path::new("/")).unwrap_err();
            assert!(error.contains("must end with a letter or digit"), "{text}: {error}");
        }
    }

    #[test]
    fn ordinary_requirements_still_parse() {
        assert_eq!(name("zope.interface>=5").as_deref(), Some("zope-interface"));
        assert_eq!(name("uvicorn[standard]==0.30"), Some("uvicorn".into()));
        assert_eq!(name("a-"), None, "the parser's own error at end of input");
        assert_eq!(name("-e ."), None);
    }
}
