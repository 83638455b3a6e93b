//! Python string literals, for the code the image runs (the health probe).
//!
//! A JSON string is a valid Python string literal with the same value:
//! both escape `"` and `\`, both read `\uXXXX`, and JSON escapes every
//! control character. So a project's word (a route, a host name) goes into
//! Python code as `serde_json`'s encoding of it, never through `%`
//! formatting or Rust's `{:?}` (whose `\u{301}` Python cannot read).

/// `value` as a Python `str` literal.
pub fn string(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "\"\"".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_data() {
        assert_eq!(string("/health"), r#""/health""#);
        assert_eq!(string(r#"/x" + str(1) + "/y"#), r#""/x\" + str(1) + \"/y""#);
        assert_eq!(string("cafe\u{301}"), "\"cafe\u{301}\"");
        assert_eq!(string("a\nb\u{0}"), r#""a\nb\u0000""#);
    }
}
