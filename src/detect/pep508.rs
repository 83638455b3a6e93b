//! The one door to `pep508_rs`, with guards for the shapes it panics on.
//!
//! pep508_rs 0.9.2, its newest release, unwraps instead of returning an
//! error when a package name or an extra ends in `.`, `-` or `_` where the
//! grammar then stops (`fastapi.==1.0`, `uvicorn[standard.]`). `cargo fuzz`
//! found both (see `fuzz/README.md`). A hostile or merely mistyped manifest
//! must get a located error, not a crash, so every caller parses through
//! here: the known shapes are refused first, and any other panic inside the
//! parser is caught and reported as an invalid requirement.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use pep508_rs::{Requirement, VerbatimUrl};

thread_local! {
    /// Set while this thread is inside the parser: the panic hook installed
    /// by [`quiet_panics_inside_the_parser`] stays silent then.
    static PARSING: Cell<bool> = const { Cell::new(false) };
}

/// Parses one PEP 508 requirement; the error reads like the parser's own.
pub fn parse(text: &str, base: &Path) -> Result<Requirement<VerbatimUrl>, String> {
    if let Some(bad) = trailing_separator(text) {
        return Err(format!("{bad} must end with a letter or digit"));
    }
    // One requirement is one line of a requirements file or of an install
    // command: a line break (even inside a marker's quotes) is refused.
    if text.contains(|c: char| c.is_control() && c != '\t') {
        return Err("a requirement is one line: it holds a line break or a control character".to_string());
    }
    PARSING.with(|p| p.set(true));
    let parsed = panic::catch_unwind(AssertUnwindSafe(|| Requirement::<VerbatimUrl>::parse(text, base)));
    PARSING.with(|p| p.set(false));
    match parsed {
        Ok(result) => result.map_err(|error| describe(&error)),
        Err(_) => Err("the PEP 508 parser rejects it".to_string()),
    }
}

/// The parser's message with the offending span underlined. Its own
/// `Display` slices the input by byte offsets that can fall inside a
/// multi-byte character (`cargo fuzz` found that panic too), so the
/// underline is drawn here, only when the span is on character boundaries.
fn describe(error: &pep508_rs::Pep508Error<VerbatimUrl>) -> String {
    let message = error.message.to_string();
    let input = error.input.as_str();
    let end = error.start.saturating_add(error.len).min(input.len());
    let (Some(before), Some(span)) = (input.get(..error.start), input.get(error.start..end)) else {
        return message;
    };
    let indent = " ".repeat(before.chars().count());
    let carets = "^".repeat(span.chars().count().max(1));
    format!("{message}\n{input}\n{indent}{carets}")
}

/// The package name of a requirement, when it has a valid one.
pub fn name(text: &str) -> Option<String> {
    parse(text, Path::new("/")).ok().map(|req| req.name.to_string())
}

/// Keeps the default panic message for every panic but those [`parse`]
/// turns into an error. Called by the binary before any work, and by the
/// fuzz targets; only the first call installs the hook, in front of
/// whichever hook is in place then.
pub fn quiet_panics_inside_the_parser() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !PARSING.with(Cell::get) {
                default(info);
            }
        }));
    });
}

/// A name or extra that ends in a separator where pep508_rs would unwrap:
/// the input shapes that make it panic, described for the error. A name or
/// extra must start with a letter or digit; anything else is left to the
/// parser's own error.
fn trailing_separator(text: &str) -> Option<String> {
    let text = text.trim_start();
    let (name, rest) = identifier(text);
    if ends_badly(name) && !rest.is_empty() {
        return Some(format!("package name `{name}`"));
    }
    let extras = rest.trim_start().strip_prefix('[')?;
    let extras = extras.split(']').next().unwrap_or_default();
    for extra in extras.split(',') {
        let (word, after) = identifier(extra.trim_start());
        let stops = after.chars().next().is_none_or(char::is_whitespace);
        if ends_badly(word) && stops {
            return Some(format!("extra `{word}`"));
        }
    }
    None
}

fn identifier(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
        .unwrap_or(text.len());
    text.split_at(end)
}

fn ends_badly(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_alphanumeric()) && word.ends_with(['.', '-', '_'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_extras_ending_in_a_separator_are_errors_not_panics() {
        for (text, what) in [
            ("fastapi.==1.0", "package name `fastapi.`"),
            ("fasta.|1i0==65.0", "package name `fasta.`"),
            ("a-_ >=1", "package name `a-_`"),
            ("x_;python_version>'3'", "package name `x_`"),
            ("uvicorn[standaolit.", "extra `standaolit.`"),
            ("uvicorn[standard.]", "extra `standard.`"),
            ("uvicorn [a, b- ]>=1", "extra `b-`"),
        ] {
            let error = parse(text, Path::new("/")).unwrap_err();
            assert_eq!(error, format!("{what} must end with a letter or digit"), "{text}");
        }
    }

    #[test]
    fn errors_underline_characters_not_bytes() {
        let error = parse("fsa[t   \u{4300}sst[nda7", Path::new("/")).unwrap_err();
        assert!(error.contains("found `\u{4300}`"), "{error}");
        let error = parse("caf\u{e9}>=", Path::new("/")).unwrap_err();
        assert!(error.ends_with("caf\u{e9}>=\n   ^"), "the caret under the fourth character: {error}");
    }

    #[test]
    fn any_other_parser_panic_is_an_error() {
        // pep508_rs slices the text after a complete marker by bytes; the
        // U+FFFF lands inside a character there (found by `cargo fuzz`).
        quiet_panics_inside_the_parser();
        let error = parse("a;'x' in 'y'=3\u{ffff}", Path::new("/")).unwrap_err();
        assert_eq!(error, "the PEP 508 parser rejects it");
    }

    #[test]
    fn ordinary_requirements_still_parse() {
        assert_eq!(name("zope.interface>=5").as_deref(), Some("zope-interface"));
        assert_eq!(name("uvicorn[standard]==0.30"), Some("uvicorn".into()));
        assert_eq!(name("uvicorn[standard,b.c] ; python_version > '3'"), Some("uvicorn".into()));
        assert_eq!(name("a-"), None, "the parser's own error at end of input");
        assert_eq!(name("-e ."), None);
    }
}
