//! What a maintainer's own Dockerfile says about the port: evidence that is
//! weighed and cited, never copied. The last `EXPOSE` wins (a multi-stage
//! file exposes in its final stage); without one, a port the `CMD` or
//! `ENTRYPOINT` binds (`--port 5000`, `-b 0.0.0.0:80`, `--hosts
//! 0.0.0.0:5232`).
//!
//! A port below 1024 is not taken: the maintainer's image ran as root, ours
//! runs as an unprivileged user, which may not bind it (Kubernetes grants
//! no such port by default).
//!
//! Read from `Dockerfile` or `Containerfile` at the project root. A
//! Dockerfile containerize generated says nothing new; when `init --force`
//! replaced the maintainer's, theirs is `Dockerfile.bak`, and that is read,
//! so a later `check` decides the same port from the same evidence.

use crate::evidence::{Located, Location};
use crate::output::is_generated;
use crate::project::{MANIFEST_LIMIT, Project};
use anyhow::Result;

/// Where a maintainer's Dockerfile may be, in the order they are tried.
const FILES: &[&str] = &["Dockerfile", "Containerfile"];

/// The port the maintainer's Dockerfile exposes or binds, with its line.
pub fn port(project: &Project) -> Result<Option<Located<u16>>> {
    for file in FILES {
        let Some(text) = project.read_required(file, MANIFEST_LIMIT)? else { continue };
        if !is_generated(&text) {
            return Ok(port_in(file, &text));
        }
        let backup = format!("{file}.bak");
        return Ok(match project.read_required(&backup, MANIFEST_LIMIT)? {
            Some(text) if !is_generated(&text) => port_in(&backup, &text),
            _ => None,
        });
    }
    Ok(None)
}

fn port_in(file: &str, text: &str) -> Option<Located<u16>> {
    stated_port(file, text).filter(|port| port.value >= 1024)
}

fn stated_port(file: &str, text: &str) -> Option<Located<u16>> {
    let instructions = crate::engine::dockerfile::instructions(text);
    let keyword = |text: &str| text.split(' ').next().unwrap_or_default().to_ascii_uppercase();
    let at = |line: u32| Location::at(file, line);
    let exposed = instructions.iter().rev().filter(|i| keyword(&i.text) == "EXPOSE").find_map(|i| {
        let first = i.text.split(' ').nth(1)?;
        let port = first.split('/').next()?.parse().ok()?;
        Some(Located::new(port, at(i.line)))
    });
    exposed.or_else(|| {
        instructions
            .iter()
            .rev()
            .filter(|i| matches!(keyword(&i.text).as_str(), "CMD" | "ENTRYPOINT"))
            .find_map(|i| {
                let rest = i.text.split_once(' ').map_or("", |(_, rest)| rest);
                bound_port(&words(rest)).map(|(port, _)| Located::new(port, at(i.line)))
            })
    })
}

/// The words of an exec-form (`["a", "b"]`) or shell-form instruction.
fn words(rest: &str) -> Vec<String> {
    if rest.starts_with('[')
        && let Ok(words) = serde_json::from_str::<Vec<String>>(rest)
    {
        return words;
    }
    shlex::split(rest).unwrap_or_default()
}

/// The port a server's options bind, and the option's value as written:
/// `--port N`, `-p N`, `-b HOST:N`, `--bind=HOST:N`, `--hosts HOST:N,…`.
pub fn bound_port(words: &[String]) -> Option<(u16, String)> {
    words.iter().enumerate().find_map(|(i, word)| {
        let value = match word.as_str() {
            "-b" | "--bind" | "-p" | "--port" | "--hosts" => words.get(i + 1)?.as_str(),
            w => match w.split_once('=') {
                Some(("--bind" | "--port" | "--hosts", value)) => value,
                _ => return None,
            },
        };
        let first = value.split(',').next()?;
        let port = first.rsplit(':').next()?.parse().ok()?;
        Some((port, value.to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn port(text: &str) -> Option<(u16, u32)> {
        port_in("Dockerfile", text).map(|p| (p.value, p.location.line.unwrap_or(0)))
    }

    #[test]
    fn the_last_expose_wins_then_the_command_binds() {
        assert_eq!(port("FROM python\nEXPOSE 9000\nFROM python\nEXPOSE 5000/tcp 443\n"), Some((5000, 4)));
        assert_eq!(
            port("FROM python\nCMD [\"uvicorn\", \"main:app\", \"--port\", \"5000\"]\n"),
            Some((5000, 2))
        );
        assert_eq!(port("FROM python\nCMD gunicorn -b 0.0.0.0:8080 app:app\n"), Some((8080, 2)));
        assert_eq!(port("FROM python\nEXPOSE 80\nCMD gunicorn -b 0.0.0.0:80 app:app\n"), None, "root-only");
        assert_eq!(port("FROM python\nCMD [\"--hosts\", \"0.0.0.0:5232,[::]:5232\"]\n"), Some((5232, 2)));
        assert_eq!(port("FROM python\nEXPOSE $PORT\nCMD [\"./boot.sh\"]\n"), None);
    }
}
