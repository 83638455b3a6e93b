//! Quoting words for POSIX `sh`, for the few places the image needs a shell
//! (expanding `$PORT` at run time). Commands are assembled from words, never
//! from formatted strings.

use std::fmt::Write as _;

/// One shell word: left bare when it holds only characters no POSIX shell
/// treats specially, else single-quoted (`'` becomes `'\''`).
pub fn quote(word: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_.-=+:/@,%".contains(c);
    if !word.is_empty() && word.chars().all(safe) {
        return word.to_string();
    }
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// Like [`quote`], but a word that references variables (`$PORT`,
/// `0.0.0.0:${PORT}`) is double-quoted so that the shell expands them.
pub fn quote_expanding(word: &str) -> String {
    if !word.contains('$') {
        return quote(word);
    }
    let mut out = String::from("\"");
    for c in word.chars() {
        if matches!(c, '"' | '\\' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// The program a command's first word runs, by its file name
/// (`/venv/bin/gunicorn` → `gunicorn`).
pub fn program_name(word: &str) -> &str {
    word.rsplit('/').next().unwrap_or(word)
}

/// `sh -c 'exec WORDS…'`: the shell expands variables, then `exec` hands
/// PID 1 to the program so that it receives the container's signals.
/// `exports` are set (and exported) first.
pub fn exec_line(exports: &[(String, String)], words: &[String]) -> Vec<String> {
    let mut line = String::new();
    for (name, value) in exports {
        let _ = write!(line, "export {name}={}; ", quote_expanding(value));
    }
    line.push_str("exec");
    for word in words {
        line.push(' ');
        line.push_str(&quote_expanding(word));
    }
    vec!["sh".into(), "-c".into(), line]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_only_when_needed() {
        assert_eq!(quote("gunicorn==27.0.1"), "gunicorn==27.0.1");
        assert_eq!(quote("flask>=3"), "'flask>=3'");
        assert_eq!(quote("a; python_version < '3.12'"), r"'a; python_version < '\''3.12'\'''");
        assert_eq!(quote_expanding("0.0.0.0:$PORT"), "\"0.0.0.0:$PORT\"");
        assert_eq!(quote_expanding("*"), "'*'");
    }

    #[test]
    fn exec_lines_export_then_exec() {
        let line =
            exec_line(&[("GRADIO_SERVER_PORT".into(), "$PORT".into())], &["python".into(), "app.py".into()]);
        assert_eq!(line[2], "export GRADIO_SERVER_PORT=\"$PORT\"; exec python app.py");
    }
}
