//! A parser's message in the user's words. serde names the Rust types it
//! was asked for (`expected struct RawConfig`, `untagged enum FileRef`);
//! the user wrote TOML or JSON, so the message says what the file should
//! hold instead.

/// The message with Rust type names replaced by what the file should hold.
pub fn plain(message: &str, json: bool) -> String {
    let table = if json { "an object" } else { "a table" };
    let mut out = message.trim().replace('\n', "; ");
    for (rust, words) in [
        ("untagged enum CommandValue", "a command: a string or a list of strings"),
        ("untagged enum FileRef", "a file name, or a table with `file` or `text`"),
    ] {
        out = out.replace(&format!("data did not match any variant of {rust}"), &format!("expected {words}"));
    }
    if out.contains("data did not match any variant of untagged enum") {
        out = "a value of the wrong type".to_string();
    }
    // `expected struct RawConfig`, `expected struct Document at line 1 column 4`.
    while let Some(at) = out.find("expected struct ") {
        let rest = &out[at + "expected struct ".len()..];
        let end = rest.find(|c: char| !c.is_alphanumeric() && c != '_').unwrap_or(rest.len());
        out = format!("{}expected {table}{}", &out[..at], &rest[end..]);
    }
    for (rust, words) in [
        ("u8", "a whole number from 0 to 255"),
        ("u16", "a whole number from 0 to 65535"),
        ("u32", "a whole number from 0 to 4294967295"),
        ("u64", "a whole number of 0 or more"),
        ("usize", "a whole number of 0 or more"),
        ("i64", "a whole number"),
        ("f64", "a number"),
    ] {
        out = replace_whole(&out, &format!("expected {rust}"), &format!("expected {words}"));
    }
    out.replace("expected a map", &format!("expected {table}"))
}

/// `from` replaced where it ends a word (`expected u16`, not `expected u160`).
fn replace_whole(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let after = &rest[at + from.len()..];
        let whole = !after.starts_with(|c: char| c.is_alphanumeric() || c == '_');
        out.push_str(&rest[..at]);
        out.push_str(if whole { to } else { from });
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_rust_type_names() {
        assert_eq!(
            plain("invalid type: integer `5`, expected struct RawConfig\n", false),
            "invalid type: integer `5`, expected a table"
        );
        assert_eq!(
            plain("invalid type: null, expected struct Document at line 1 column 4", true),
            "invalid type: null, expected an object at line 1 column 4"
        );
        assert_eq!(
            plain("data did not match any variant of untagged enum FileRef", false),
            "expected a file name, or a table with `file` or `text`"
        );
        assert_eq!(
            plain("data did not match any variant of untagged enum Other", false),
            "a value of the wrong type"
        );
        assert_eq!(
            plain("invalid value: integer `70000`, expected u16", false),
            "invalid value: integer `70000`, expected a whole number from 0 to 65535"
        );
        assert_eq!(
            plain("expected u16 at line 1", false),
            "expected a whole number from 0 to 65535 at line 1"
        );
        assert_eq!(plain("expected u160", false), "expected u160", "only whole type names");
    }
}
