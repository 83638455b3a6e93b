//! Values in Dockerfile instructions.
//!
//! Two forms carry a project's words safely: a JSON array (exec-form `CMD`,
//! `HEALTHCHECK`, `VOLUME`, and `COPY` of paths, where a space or a `$`
//! is just a character) and a double-quoted `ENV` value with `\`, `"` and
//! `$` escaped. A line break cannot be escaped in either, so values that
//! hold one are refused where they are read.

/// A value as a Dockerfile double-quoted string, literal: `\`, `"` and `$`
/// are escaped, so the value reaches the app exactly as written and
/// expands nothing.
pub fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if matches!(c, '\\' | '"' | '$') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Words as a JSON array: the exec form of `CMD`, `HEALTHCHECK`,
/// `VOLUME` and `COPY`.
pub fn json_array<S: AsRef<str>>(words: &[S]) -> String {
    let quoted: Vec<String> =
        words.iter().map(|w| serde_json::to_string(w.as_ref()).unwrap_or_default()).collect();
    format!("[{}]", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_value_is_one_literal_word() {
        assert_eq!(quoted("info"), r#""info""#);
        assert_eq!(quoted(r#"a "b" $HOME \ c"#), r#""a \"b\" \$HOME \\ c""#);
        // Undone as BuildKit reads a double-quoted word: the value comes back.
        for value in ["", "x y", r#"\"$"#, "$(id)", "a=b", "é ✓"] {
            let quoted = quoted(value);
            let inner = &quoted[1..quoted.len() - 1];
            let mut back = String::new();
            let mut chars = inner.chars();
            while let Some(c) = chars.next() {
                back.push(if c == '\\' { chars.next().unwrap() } else { c });
            }
            assert_eq!(back, value);
        }
    }

    #[test]
    fn arrays_are_json_without_html_escaping() {
        assert_eq!(json_array(&["sh", "-c", "a \"$PORT\" <b>"]), r#"["sh", "-c", "a \"$PORT\" <b>"]"#);
    }
}
