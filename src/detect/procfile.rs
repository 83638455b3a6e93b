//! `Procfile` (Heroku's format): `process: command` lines. The `web`
//! process is an explicit start command; `worker` is one for projects
//! without a web process. Commands are split into words the way a POSIX
//! shell would (`$PORT` stays a reference for the shell in the image).

use crate::diagnostics::{Warning, attention};
use crate::evidence::Location;
use crate::project::{MANIFEST_LIMIT, Project};
use anyhow::Result;
use serde::Serialize;
use std::fmt::Write as _;

pub const FILE: &str = "Procfile";

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Process {
    pub name: String,
    /// The command as written.
    pub command: String,
    /// The last simple command split into words: the one that serves
    /// (without leading `VAR=value` assignments or `exec`).
    pub words: Vec<crate::shell::Word>,
    /// The shell text around those words, when the line has any.
    pub around: Option<Around>,
    pub location: Location,
}

/// What a shell line runs around its serving command, kept as written for
/// `sh -c` (Heroku runs Procfile lines through a shell).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Around {
    /// Commands before it with their operator (`flask db upgrade && `), and
    /// its leading assignments as `export` commands.
    pub before: String,
    /// Redirections and pipes after it (`> /dev/null 2>&1`, `| tee log`).
    pub after: String,
    /// A pipe or a background `&` follows: the shell must stay to run it,
    /// so the server cannot replace it as PID 1.
    pub pipeline: bool,
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
        let (simple, after) = split_redirections(last);
        if command.is_empty() {
            return Err(attention(format!("{location}: the `{name}` process has no command")));
        }
        if command.ends_with('\\') {
            return Err(attention(format!(
                "{location}: `{name}` ends with `\\`, but a Procfile command is one line: join it onto this one"
            )));
        }
        let Some(mut words) = crate::shell::split(simple) else {
            return Err(attention(format!(
                "{location}: cannot split `{}` into words: a quote is not closed",
                crate::sinks::terminal::one_line(&command)
            )));
        };
        if !seen.insert(name) {
            facts
                .warnings
                .push(Warning::at(location.clone(), format!("`{name}` is declared again; the first wins")));
            continue;
        }
        // `FOO=bar gunicorn …` and `exec gunicorn …`: the shell's business,
        // not the server's words.
        let mut before = prelude.map(|p| format!("{} ", p.trim_end())).unwrap_or_default();
        while words.len() > 1 && is_assignment(&words[0]) {
            let _ = write!(before, "export {}; ", words.remove(0).quoted());
        }
        if words.len() > 1 && words[0] == "exec" {
            words.remove(0);
        }
        let pipeline = after.contains('|') || after.replace(">&", "").replace("&>", "").contains('&');
        let around = (!before.is_empty() || !after.is_empty()).then(|| Around {
            before,
            after: after.to_string(),
            pipeline,
        });
        facts.processes.push(Process { name: name.to_string(), command, words, around, location });
    }
    Ok(facts)
}

/// `NAME=value` before a command: an assignment, not a program.
fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| crate::sinks::ident::is_env_name(name))
}

/// Where a byte of a shell line stands in POSIX quoting, scanned left to
/// right.
#[derive(Default)]
struct Quoting {
    single: bool,
    double: bool,
    escaped: bool,
}

impl Quoting {
    /// Feed the next byte: whether it stands outside every quote and is not
    /// escaped, so that an operator there is the shell's.
    fn bare(&mut self, c: u8) -> bool {
        if self.escaped {
            self.escaped = false;
            return false;
        }
        match c {
            b'\\' if !self.single => {
                self.escaped = true;
                false
            }
            b'\'' if !self.double => {
                self.single = !self.single;
                false
            }
            b'"' if !self.single => {
                self.double = !self.double;
                false
            }
            _ => !self.single && !self.double,
        }
    }
}

/// A simple command split before its first redirection or pipe outside
/// quotes: `gunicorn a:b 2>&1 | tee log` → (`gunicorn a:b`, `2>&1 | tee
/// log`). A file descriptor number written against its `>` goes with it.
fn split_redirections(line: &str) -> (&str, &str) {
    let mut quoting = Quoting::default();
    for (i, &c) in line.as_bytes().iter().enumerate() {
        if quoting.bare(c) && matches!(c, b'|' | b'&' | b'<' | b'>') {
            let digits = line[..i].bytes().rev().take_while(u8::is_ascii_digit).count();
            let at = if digits > 0 && line[..i - digits].ends_with([' ', '\t']) { i - digits } else { i };
            return (line[..at].trim_end(), line[at..].trim());
        }
    }
    (line, "")
}

/// A shell line split before its last command: `a; b && c` → (`a; b &&
/// `, `c`). Only the list operators `;`, `&&` and `||` outside quotes
/// split; pipes and redirections stay with their command.
fn split_last(line: &str) -> (Option<&str>, &str) {
    let bytes = line.as_bytes();
    let mut quoting = Quoting::default();
    let mut cut = None;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if quoting.bare(c) {
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
        assert!(parse("web: echo 'unbalanced\n").unwrap_err().to_string().contains("a quote is not closed"));
        assert_eq!(parse("web:\n").unwrap_err().to_string(), "Procfile:1: the `web` process has no command");
        assert!(parse("web: gunicorn app:app \\\n").unwrap_err().to_string().contains("is one line"));
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
        assert_eq!(web.around.as_ref().unwrap().before, "flask db upgrade; ");
    }

    /// Redirections and pipes stay shell text after the server's words;
    /// assignments become exports and a written `exec` is the shell's.
    #[test]
    fn redirections_assignments_and_exec() {
        assert_eq!(split_redirections("gunicorn a:b > /dev/null 2>&1"), ("gunicorn a:b", "> /dev/null 2>&1"));
        assert_eq!(split_redirections("gunicorn a:b 2>&1 | tee log"), ("gunicorn a:b", "2>&1 | tee log"));
        assert_eq!(split_redirections("gunicorn 'a|b' \\> x"), ("gunicorn 'a|b' \\> x", ""));
        assert_eq!(split_redirections("gunicorn a:b>log"), ("gunicorn a:b", ">log"));
        let facts = parse("web: FOO=bar exec gunicorn app:app | tee log\n").unwrap();
        let web = facts.process("web").unwrap();
        assert_eq!(web.words, ["gunicorn", "app:app"]);
        let around = web.around.as_ref().unwrap();
        assert_eq!(
            (around.before.as_str(), around.after.as_str(), around.pipeline),
            ("export FOO=bar; ", "| tee log", true)
        );
        let facts = parse("web: gunicorn app:app > /dev/null 2>&1\n").unwrap();
        assert!(!facts.process("web").unwrap().around.as_ref().unwrap().pipeline);
    }
}
