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
    /// The command split into words.
    pub words: Vec<String>,
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
        let Some(words) = shlex::split(&command).filter(|w| !w.is_empty()) else {
            return Err(attention(format!(
                "{location}: cannot split `{command}` into words (unbalanced quotes?)"
            )));
        };
        if facts.process(name).is_some() {
            facts
                .warnings
                .push(Warning::at(location.clone(), format!("`{name}` is declared again; the first wins")));
            continue;
        }
        facts.processes.push(Process { name: name.to_string(), command, words, location });
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn processes_and_words() {
        let facts = parse("# heroku\nweb: gunicorn app:app --bind 0.0.0.0:$PORT\nworker: celery -A tasks worker\nrelease: python manage.py migrate\n").unwrap();
        let web = facts.process("web").unwrap();
        assert_eq!(web.words, vec!["gunicorn", "app:app", "--bind", "0.0.0.0:$PORT"]);
        assert_eq!(web.location, Location::at(FILE, 2));
        assert_eq!(facts.processes.len(), 3);
    }

    #[test]
    fn bad_lines_name_the_line() {
        let err = parse("web gunicorn app:app\n").unwrap_err().to_string();
        assert_eq!(err, "Procfile:1: expected `process: command`, found `web gunicorn app:app`");
        assert!(parse("web: echo 'unbalanced\n").unwrap_err().to_string().contains("unbalanced quotes"));
    }
}
