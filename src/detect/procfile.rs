//! `Procfile` (Heroku's format): `process: command` lines. The `web`
//! process is an explicit start command; `worker` is one for projects
//! without a web process. Commands are split into words the way a POSIX
//! shell would (`$PORT` stays a reference for the shell in the image).

use crate::diagnostics::{Warning, attention};
use crate::evidence::Location;
use crate::project::{MANIFEST_LIMIT, Project};
use anyhow::Result;
use serde::Serialize;

pub const FILE: &str = "Procfile";

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Process {
    pub name: String,
    /// The command as written.
    pub command: String,
    /// The last simple command split into words: the one that serves.
    pub words: Vec<crate::shell::Word>,
    /// What a shell line runs before it, with its operator (`flask db
    /// upgrade && `), as written.
    pub prelude: Option<String>,
    pub location: Location,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ProcfileFacts {
    pub processes: Vec<Process>,
    pub warnings: Vec<Warning>,
}

impl ProcfileFacts {
    pub fn process(&self, name: &str) -> Option<&Process> {
        self.processes.iter().find(|p| p.name == name)
    }
}

pub fn read(project: &Project) -> Result<Option<ProcfileFacts>> {
    let Some(text) = project.read_required(FILE, MANIFEST_LIMIT)? else { return Ok(None) };
    parse(&text).map(Some)
}

pub fn parse(text: &str) -> Result<ProcfileFacts> {
    let mut facts = ProcfileFacts::default();
    // The names seen so far: a lookup in `facts.processes` per line would
    // make a long Procfile quadratic.
    let mut seen = std::collections::HashSet::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let location = Location::at(FILE, index as u32 + 1);
        let is_name =
            |n: &str| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let Some((name, command)) = line.split_once(':').filter(|(n, _)| is_name(n.trim())) else {
            return Err(attention(format!("{location}: expected `process: command`, found `{line}`")));
        };
        let name = name.trim();
        let command = command.trim().to_string();
        let (prelude, last) = split_last(&command);
        let Some(words) = crate::shell::split(last) else {
            return Err(attention(format!(
                "{location}: cannot split `{command}` into words (unbalanced quotes?)"
            )));
        };
        if !seen.insert(name) {
            facts
                .warnings
                .push(Warning::at(location.clone(), format!("`{name}` is declared again; the first wins")));
            continue;
        }
        let prelude = prelude.map(str::to_string);
        facts.processes.push(Process { name: name.to_string(), command, words, prelude, location });
    }
    Ok(facts)
}

/// A shell line split before its last command: `a; b && c` → (`a; b &&
/// `, `c`). Only the list operators `;`, `&&` and `||` outside quotes
/// split; pipes and redirections stay with their command.
fn split_last(line: &str) -> (Option<&str>, &str) {
    let bytes = line.as_bytes();
    let (mut single, mut double, mut escaped) = (false, false, false);
    let mut cut = None;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if escaped {
            escaped = false;
        } else if c == b'\\' && !single {
            escaped = true;
        } else if c == b'\'' && !double {
            single = !single;
        } else if c == b'"' && !single {
            double = !double;
        } else if !single && !double {
            let pair = bytes.get(i..i + 2);
            if pair == Some(b"&&") || pair == Some(b"||") {
                cut = Some(i + 2);
                i += 1;
            } else if c == b';' {
                cut = Some(i + 1);
            }
        }
        i += 1;
    }
    match cut {
        Some(at) if !line[at..].trim().is_empty() => (Some(&line[..at]), line[at..].trim_start()),
        _ => (None, line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn processes_and_words() {
        let facts = parse("# heroku\nweb: gunicorn app:app --bind 0.0.0.0:$PORT\nworker: celery -A tasks worker\nrelease: python manage.py migrate\n").unwrap();
        let web = facts.process("web").unwrap();
        assert_eq!(web.words, ["gunicorn", "app:app", "--bind", "0.0.0.0:$PORT"]);
        assert_eq!(web.location, Location::at(FILE, 2));
        assert_eq!(facts.processes.len(), 3);
    }

    #[test]
    fn bad_lines_name_the_line() {
        let err = parse("web gunicorn app:app\n").unwrap_err().to_string();
        assert_eq!(err, "Procfile:1: expected `process: command`, found `web gunicorn app:app`");
        assert!(parse("web: echo 'unbalanced\n").unwrap_err().to_string().contains("unbalanced quotes"));
    }

    /// A shell line runs as written up to its last command, which serves:
    /// list operators outside quotes split, nothing else does.
    #[test]
    fn shell_lines_split_before_the_last_command() {
        assert_eq!(split_last("gunicorn app:app"), (None, "gunicorn app:app"));
        assert_eq!(
            split_last("flask db upgrade; flask translate compile; gunicorn microblog:app"),
            (Some("flask db upgrade; flask translate compile;"), "gunicorn microblog:app")
        );
        assert_eq!(
            split_last("python migrate.py && uvicorn a:b"),
            (Some("python migrate.py &&"), "uvicorn a:b")
        );
        assert_eq!(split_last("test -f x || gunicorn a:b"), (Some("test -f x ||"), "gunicorn a:b"));
        assert_eq!(split_last("echo 'a; b' && gunicorn a:b"), (Some("echo 'a; b' &&"), "gunicorn a:b"));
        assert_eq!(split_last(r#"sh -c "a && b""#), (None, r#"sh -c "a && b""#));
        assert_eq!(split_last("gunicorn a:b | tee log"), (None, "gunicorn a:b | tee log"));
        assert_eq!(split_last("gunicorn a:b;"), (None, "gunicorn a:b;"));
        let facts = parse("web: flask db upgrade; gunicorn app:app\n").unwrap();
        let web = facts.process("web").unwrap();
        assert_eq!(web.words, ["gunicorn", "app:app"]);
        assert_eq!(web.prelude.as_deref(), Some("flask db upgrade;"));
    }
}
