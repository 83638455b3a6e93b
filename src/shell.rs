//! Words for POSIX `sh`, for the few places the image needs a shell
//! (expanding `$PORT` at run time). Commands are assembled from [`Word`]s,
//! never from formatted strings, and a word says which of its `$` the shell
//! may expand: the tool's own `$PORT` and `$WEB_CONCURRENCY`, and in a
//! command line the project wrote for a shell (a Procfile line, `command =
//! "…"`), exactly the ones its author left unquoted. Every other character
//! of a project's word reaches the program literally.

use serde::Serialize;
use std::fmt::Write as _;

/// The variables the tool itself sets for the start command.
const OURS: &[&str] = &["PORT", "WEB_CONCURRENCY"];

/// One word of a command: its value (as the program receives it after
/// expansion, for the words that expand nothing) and the byte offsets of
/// the `$` and `` ` `` characters the shell is to expand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    value: String,
    expands: Vec<usize>,
}

impl Word {
    /// A project's value (a module path, a folder, a script): literal.
    pub fn literal(value: impl Into<String>) -> Self {
        Self { value: value.into(), expands: Vec::new() }
    }

    /// The tool's own word, or a word of a list the user wrote (`command =
    /// ["…"]`): `$PORT` and `$WEB_CONCURRENCY` (also `${…}`) expand,
    /// nothing else does.
    pub fn ours(value: impl Into<String>) -> Self {
        let value = value.into();
        let expands = value
            .match_indices('$')
            .map(|(i, _)| i)
            .filter(|&i| {
                let rest = &value[i + 1..];
                let rest = rest.strip_prefix('{').map_or(rest, |r| r);
                OURS.iter().any(|name| {
                    rest.strip_prefix(name).is_some_and(|after| {
                        !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                    })
                })
            })
            .collect();
        Self { value, expands }
    }

    /// The word with its first `len` bytes replaced by `prefix` (the
    /// tool's, expanding nothing); the rest keeps what it expands.
    #[must_use]
    pub fn replaced_prefix(&self, len: usize, prefix: &str) -> Self {
        let value = format!("{prefix}{}", &self.value[len..]);
        let expands = self.expands.iter().filter(|&&i| i >= len).map(|i| i - len + prefix.len()).collect();
        Self { value, expands }
    }

    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// Whether the shell expands part of it.
    pub fn expands(&self) -> bool {
        !self.expands.is_empty()
    }

    /// The word as `sh` must read it: bare when nothing in it is special,
    /// single-quoted when nothing expands, else double-quoted with only
    /// the expanding `$` and `` ` `` left unescaped.
    pub fn quoted(&self) -> String {
        if self.expands.is_empty() {
            return quote(&self.value);
        }
        let mut out = String::with_capacity(self.value.len() + 2);
        out.push('"');
        for (i, c) in self.value.char_indices() {
            let expanding = self.expands.contains(&i);
            if matches!(c, '"' | '\\' | '`' | '$') && !expanding {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
        out
    }
}

impl std::ops::Deref for Word {
    type Target = str;
    fn deref(&self) -> &str {
        &self.value
    }
}

impl AsRef<str> for Word {
    fn as_ref(&self) -> &str {
        &self.value
    }
}

impl PartialEq<str> for Word {
    fn eq(&self, other: &str) -> bool {
        self.value == other
    }
}

impl PartialEq<&str> for Word {
    fn eq(&self, other: &&str) -> bool {
        self.value == *other
    }
}

impl Serialize for Word {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// A command line split into words the way `sh` splits it, remembering
/// which `$` and `` ` `` it would expand (those outside single quotes and
/// not escaped). `None` for unbalanced quotes or an empty line; a `#` that
/// starts a word starts a comment.
pub fn split(line: &str) -> Option<Vec<Word>> {
    let mut words = Vec::new();
    let mut current: Option<Word> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            words.extend(current.take());
            continue;
        }
        if c == '#' && current.is_none() {
            break;
        }
        let word = current.get_or_insert_with(|| Word::literal(String::new()));
        match c {
            '\'' => loop {
                match chars.next()? {
                    '\'' => break,
                    c => word.value.push(c),
                }
            },
            '"' => loop {
                match chars.next()? {
                    '"' => break,
                    '\\' => match chars.peek() {
                        Some('$' | '`' | '"' | '\\') => word.value.push(chars.next()?),
                        Some('\n') => {
                            chars.next();
                        }
                        _ => word.value.push('\\'),
                    },
                    c @ ('$' | '`') => {
                        word.expands.push(word.value.len());
                        word.value.push(c);
                    }
                    c => word.value.push(c),
                }
            },
            '\\' => match chars.next() {
                Some('\n') | None => {}
                Some(c) => word.value.push(c),
            },
            '$' | '`' => {
                word.expands.push(word.value.len());
                word.value.push(c);
            }
            c => word.value.push(c),
        }
    }
    words.extend(current);
    (!words.is_empty()).then_some(words)
}

/// One literal shell word: left bare when it holds only characters no
/// POSIX shell treats specially, else single-quoted (`'` becomes `'\''`).
pub fn quote(word: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_.-=+:/@,%".contains(c);
    if !word.is_empty() && word.chars().all(safe) {
        return word.to_string();
    }
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// The program a command's first word runs, by its file name
/// (`/venv/bin/gunicorn` → `gunicorn`).
pub fn program_name(word: &str) -> &str {
    word.rsplit('/').next().unwrap_or(word)
}

/// `sh -c 'exec WORDS…'`: the shell expands variables, then `exec` hands
/// PID 1 to the program so that it receives the container's signals.
/// `exports` are set (and exported) first.
pub fn exec_line(exports: &[(String, Word)], words: &[Word]) -> Vec<String> {
    let mut line = String::new();
    for (name, value) in exports {
        let _ = write!(line, "export {name}={}; ", value.quoted());
    }
    line.push_str("exec");
    for word in words {
        line.push(' ');
        line.push_str(&word.quoted());
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
        assert_eq!(Word::ours("0.0.0.0:$PORT").quoted(), "\"0.0.0.0:$PORT\"");
        assert_eq!(Word::ours("${WEB_CONCURRENCY}").quoted(), "\"${WEB_CONCURRENCY}\"");
        assert_eq!(Word::ours("*").quoted(), "'*'");
        // Only the tool's own variables expand in its words.
        assert_eq!(Word::ours("$PORTS:$(id)").quoted(), "'$PORTS:$(id)'");
        assert_eq!(Word::ours("$PORT$(id)").quoted(), "\"$PORT\\$(id)\"");
        assert_eq!(Word::literal("mysite.asgi:app$(id>&2)").quoted(), "'mysite.asgi:app$(id>&2)'");
    }

    #[test]
    fn a_written_line_expands_what_its_author_left_unquoted() {
        let words = split(r#"gunicorn app:app --name '$(id)' -b "0.0.0.0:$PORT" \$HOME $Q # c"#).unwrap();
        let shown: Vec<String> = words.iter().map(Word::quoted).collect();
        assert_eq!(
            shown,
            ["gunicorn", "app:app", "--name", "'$(id)'", "-b", "\"0.0.0.0:$PORT\"", "'$HOME'", "\"$Q\""]
        );
        assert_eq!(words[3], "$(id)");
        assert!(split("echo 'unbalanced").is_none());
        assert!(split("  # only a comment").is_none());
        assert_eq!(
            split(r#"a "b\"c" d\ e"#).unwrap(),
            [Word::literal("a"), Word::literal("b\"c"), Word::literal("d e")]
        );
    }

    #[test]
    fn exec_lines_export_then_exec() {
        let line = exec_line(
            &[("GRADIO_SERVER_PORT".into(), Word::ours("$PORT"))],
            &[Word::literal("python"), Word::literal("app.py")],
        );
        assert_eq!(line[2], "export GRADIO_SERVER_PORT=\"$PORT\"; exec python app.py");
    }
}
