//! Text for a terminal: a project's words are printed, never obeyed.
//!
//! A Procfile line or a file name can hold escape sequences (`ESC [2K`
//! erases the line, `\r` goes back over it) that would let the project
//! rewrite what the report says. Control characters other than a line
//! break and a tab are shown as `\x1b`-style escapes instead.

use std::borrow::Cow;
use std::fmt::Write as _;

pub fn clean(text: &str) -> Cow<'_, str> {
    let shown = |c: char| !c.is_control() || c == '\n' || c == '\t';
    if text.chars().all(shown) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if shown(c) {
            out.push(c);
        } else if (c as u32) < 0x100 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

/// A value quoted inside a one-line message: line breaks and tabs are
/// shown as escapes too, so the message stays one line.
pub fn one_line(text: &str) -> String {
    clean(text).replace('\n', "\\n").replace('\t', "\\t")
}

/// At most `max` characters of a value for a message, on one line, with
/// `…` where it was cut: a megabyte of junk is quoted, not repeated.
pub fn excerpt(text: &str, max: usize) -> String {
    let line = one_line(text);
    match line.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_shown_not_run() {
        assert_eq!(clean("gunicorn app:app\n"), "gunicorn app:app\n");
        assert_eq!(clean("\x1b[2K\r  command  x"), r"\x1b[2K\x0d  command  x");
        assert_eq!(clean("a\u{85}b"), r"a\x85b");
        assert_eq!(one_line("a\nRUN id\r"), r"a\nRUN id\x0d");
        assert_eq!(excerpt(&"x".repeat(1000), 3), "xxx…");
    }
}
