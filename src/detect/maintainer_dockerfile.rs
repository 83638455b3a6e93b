//! What a maintainer's own Dockerfile says: evidence that is weighed and
//! cited, never copied.
//!
//! The port: the last `EXPOSE` wins (a multi-stage file exposes in its final
//! stage); without one, a port the `CMD` or `ENTRYPOINT` binds (`--port
//! 5000`, `-b 0.0.0.0:80`, `--hosts 0.0.0.0:5232`).
//!
//! The Python: the minor of the last stage built `FROM` an official Python
//! image (`python:3.9-slim-bullseye`, `python:${PYTHON_VERSION}-slim` with
//! the `ARG`'s default, uv's `ghcr.io/astral-sh/uv:python3.12-bookworm-slim`):
//! the version the maintainer runs the app on. A tag without a minor
//! (`python:3-alpine`, `python:slim`) says nothing.
//!
//! The command: the last `ENTRYPOINT`'s words followed by the last `CMD`'s
//! (a shell-form `ENTRYPOINT` ignores `CMD`), and the final stage's
//! `WORKDIR` and `VOLUME`s: how the maintainer runs the app and where it
//! keeps its state. The start decision takes the command only for one of
//! the project's own console scripts that it runs as a server.
//!
//! A port below 1024 is not taken: the maintainer's image ran as root, ours
//! runs as an unprivileged user, which may not bind it (Kubernetes grants
//! no such port by default).
//!
//! Read from `Dockerfile` or `Containerfile` at the project root. A
//! Dockerfile containerize generated says nothing new; when `init --force`
//! replaced the maintainer's, theirs is `Dockerfile.bak`, and that is read,
//! so a later `check` decides the same port from the same evidence.

use crate::engine::dockerfile::{Instruction, instructions};
use crate::evidence::{Located, Location};
use crate::output::is_generated;
use crate::project::{MANIFEST_LIMIT, Project};
use anyhow::Result;

/// Where a maintainer's Dockerfile may be, in the order they are tried.
const FILES: &[&str] = &["Dockerfile", "Containerfile"];

/// What the maintainer's Dockerfile states, each with its line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stated {
    /// The port it exposes or binds (1024 and up).
    pub port: Option<Located<u16>>,
    /// The Python minor its image runs (`3.9`).
    pub python: Option<Located<String>>,
    /// What its image runs: `ENTRYPOINT` then `CMD` words, at the line of
    /// the later of the two.
    pub command: Option<Located<Vec<String>>>,
    /// The final stage's `WORKDIR`, where its source lives.
    pub workdir: Option<String>,
    /// The final stage's `VOLUME`s (absolute paths, as written).
    pub volumes: Vec<Located<String>>,
}

/// Read the maintainer's Dockerfile, if the project has one.
pub fn read(project: &Project) -> Result<Stated> {
    Ok(maintainers(project)?.map_or_else(Stated::default, |(file, text)| {
        let instructions = instructions(&text);
        let (workdir, volumes) = final_stage(&file, &instructions);
        Stated {
            port: port_in(&file, &instructions),
            python: python_in(&file, &instructions),
            command: command_in(&file, &instructions),
            workdir,
            volumes,
        }
    }))
}

/// The maintainer's Dockerfile and its name: ours says nothing new, but
/// the one `init --force` set aside does.
fn maintainers(project: &Project) -> Result<Option<(String, String)>> {
    for file in FILES {
        let Some(text) = project.read_required(file, MANIFEST_LIMIT)? else { continue };
        if !is_generated(&text) {
            return Ok(Some(((*file).to_string(), text)));
        }
        let backup = format!("{file}.bak");
        return Ok(match project.read_required(&backup, MANIFEST_LIMIT)? {
            Some(text) if !is_generated(&text) => Some((backup, text)),
            _ => None,
        });
    }
    Ok(None)
}

fn keyword(text: &str) -> String {
    text.split(' ').next().unwrap_or_default().to_ascii_uppercase()
}

/// What follows the instruction's keyword.
fn arguments(instruction: &Instruction) -> &str {
    instruction.text.split_once(' ').map_or("", |(_, rest)| rest)
}

fn python_in(file: &str, instructions: &[Instruction]) -> Option<Located<String>> {
    // `ARG`s before the first `FROM` may be used in `FROM` lines.
    let global: Vec<(String, String)> = instructions
        .iter()
        .take_while(|i| keyword(&i.text) != "FROM")
        .filter(|i| keyword(&i.text) == "ARG")
        .filter_map(|i| {
            let (name, default) = arguments(i).split_once('=')?;
            Some((name.to_string(), default.trim_matches('"').to_string()))
        })
        .collect();
    instructions.iter().rev().filter(|i| keyword(&i.text) == "FROM").find_map(|i| {
        let image = i.text.split(' ').skip(1).find(|w| !w.starts_with("--"))?;
        let minor = python_minor(&expand(image, &global))?;
        Some(Located::new(minor, Location::at(file, i.line)))
    })
}

fn command_in(file: &str, instructions: &[Instruction]) -> Option<Located<Vec<String>>> {
    let last = |name: &str| instructions.iter().rev().find(|i| keyword(&i.text) == name);
    let mut argv = Vec::new();
    let mut line = 0;
    if let Some(i) = last("ENTRYPOINT") {
        argv.extend(words(arguments(i)));
        line = i.line;
        if !arguments(i).starts_with('[') {
            return (!argv.is_empty()).then(|| Located::new(argv, Location::at(file, line)));
        }
    }
    if let Some(i) = last("CMD") {
        argv.extend(words(arguments(i)));
        line = line.max(i.line);
    }
    (!argv.is_empty()).then(|| Located::new(argv, Location::at(file, line)))
}

/// The final stage's `WORKDIR` and its `VOLUME`s.
fn final_stage(file: &str, instructions: &[Instruction]) -> (Option<String>, Vec<Located<String>>) {
    let start = instructions.iter().rposition(|i| keyword(&i.text) == "FROM").map_or(0, |i| i + 1);
    let mut workdir = None;
    let mut volumes = Vec::new();
    for i in &instructions[start..] {
        let rest = arguments(i);
        match keyword(&i.text).as_str() {
            "WORKDIR" => workdir = Some(rest.trim_matches('"').to_string()),
            "VOLUME" => volumes.extend(
                words(rest)
                    .into_iter()
                    .filter(|v| v.starts_with('/') && !v.contains('$'))
                    .map(|v| Located::new(v.trim_end_matches('/').to_string(), Location::at(file, i.line))),
            ),
            _ => {}
        }
    }
    (workdir, volumes)
}

/// `$NAME` and `${NAME}` replaced by the global `ARG` defaults.
fn expand(image: &str, args: &[(String, String)]) -> String {
    args.iter().fold(image.to_string(), |image, (name, value)| {
        image.replace(&format!("${{{name}}}"), value).replace(&format!("${name}"), value)
    })
}

/// The Python minor an image reference runs, when it names one.
fn python_minor(image: &str) -> Option<String> {
    let (repository, tag) = image.rsplit_once(':')?;
    let version = match repository.rsplit('/').next()? {
        "python" if matches!(repository, "python" | "library/python" | "docker.io/library/python") => tag,
        "uv" => tag.strip_prefix("python")?,
        _ => return None,
    };
    let mut parts = version.split(['.', '-']);
    let (major, minor) = (parts.next()?, parts.next()?);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (major == "3" && digits(minor)).then(|| format!("{major}.{minor}"))
}

fn port_in(file: &str, instructions: &[Instruction]) -> Option<Located<u16>> {
    stated_port(file, instructions).filter(|port| port.value >= 1024)
}

fn stated_port(file: &str, instructions: &[Instruction]) -> Option<Located<u16>> {
    let at = |line: u32| Location::at(file, line);
    let exposed = instructions.iter().rev().filter(|i| keyword(&i.text) == "EXPOSE").find_map(|i| {
        let first = arguments(i).split(' ').next()?;
        let port = first.split('/').next()?.parse().ok()?;
        Some(Located::new(port, at(i.line)))
    });
    exposed.or_else(|| {
        instructions
            .iter()
            .rev()
            .filter(|i| matches!(keyword(&i.text).as_str(), "CMD" | "ENTRYPOINT"))
            .find_map(|i| bound_port(&words(arguments(i))).map(|(port, _)| Located::new(port, at(i.line))))
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
pub fn bound_port<S: AsRef<str>>(words: &[S]) -> Option<(u16, String)> {
    bind_values(words).find_map(|value| {
        let port = port_of(value).filter(|p| *p != 0)?;
        Some((port, value.to_string()))
    })
}

/// The value of a bind that asks for port 0 (any free port, chosen when
/// the server starts): no `EXPOSE` or health check can follow it.
pub fn binds_port_zero<S: AsRef<str>>(words: &[S]) -> Option<String> {
    bind_values(words).find(|value| port_of(value) == Some(0)).map(str::to_string)
}

/// The port of a bind's first address (`0.0.0.0:5232,[::]:5232` → 5232).
fn port_of(value: &str) -> Option<u16> {
    value.split(',').next()?.rsplit(':').next()?.parse().ok()
}

fn bind_values<S: AsRef<str>>(words: &[S]) -> impl Iterator<Item = &str> {
    words.iter().enumerate().filter_map(|(i, word)| {
        let value = match word.as_ref() {
            "-b" | "--bind" | "-p" | "--port" | "--hosts" => words.get(i + 1)?.as_ref(),
            w => match w.split_once('=') {
                Some(("--bind" | "--port" | "--hosts", value)) => value,
                _ => return None,
            },
        };
        Some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn port(text: &str) -> Option<(u16, u32)> {
        port_in("Dockerfile", &instructions(text)).map(|p| (p.value, p.location.line.unwrap_or(0)))
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

    #[test]
    fn the_command_is_the_entrypoint_then_the_cmd_and_the_state_is_the_final_stages_volumes() {
        let text = "FROM python:3.12 AS build\nVOLUME /build\nFROM python:3.12-slim\nWORKDIR /srv\n\
                    VOLUME [\"/var/lib/notes\", \"/srv/cache/\"]\nVOLUME $DATA\n\
                    ENTRYPOINT [\"/venv/bin/python\", \"/venv/bin/notes\"]\nCMD [\"--hosts\", \"0.0.0.0:5232\"]\n";
        let parsed = instructions(text);
        let command = command_in("Dockerfile", &parsed).unwrap();
        assert_eq!(command.value, ["/venv/bin/python", "/venv/bin/notes", "--hosts", "0.0.0.0:5232"]);
        assert_eq!(command.location.line, Some(8));
        let (workdir, volumes) = final_stage("Dockerfile", &parsed);
        assert_eq!(workdir.as_deref(), Some("/srv"));
        let volumes: Vec<&str> = volumes.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(volumes, ["/var/lib/notes", "/srv/cache"]);
        let shell = command_in(
            "Dockerfile",
            &instructions("FROM python\nENTRYPOINT exec notes --port 9000\nCMD [\"x\"]\n"),
        );
        assert_eq!(
            shell.unwrap().value,
            ["exec", "notes", "--port", "9000"],
            "a shell-form ENTRYPOINT ignores CMD"
        );
        assert_eq!(command_in("Dockerfile", &instructions("FROM python\n")), None);
    }

    fn python(text: &str) -> Option<(String, u32)> {
        python_in("Dockerfile", &instructions(text)).map(|p| (p.value, p.location.line.unwrap_or(0)))
    }

    #[test]
    fn the_last_stage_from_an_official_python_image_names_the_python() {
        let some = |minor: &str, line| Some((minor.to_string(), line));
        assert_eq!(python("FROM python:3.9-slim-bullseye\n"), some("3.9", 1));
        assert_eq!(python("FROM docker.io/library/python:3.11.4\n"), some("3.11", 1));
        assert_eq!(
            python("ARG PYTHON_VERSION=3.11\nFROM python:${PYTHON_VERSION}-slim AS builder\nFROM builder\n"),
            some("3.11", 2)
        );
        assert_eq!(
            python("FROM --platform=$BUILDPLATFORM python:3.10 AS build\nFROM python:3.12-slim\n"),
            some("3.12", 2)
        );
        assert_eq!(python("FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim\n"), some("3.12", 1));
        assert_eq!(python("FROM python:3.13\nFROM gcr.io/distroless/base\n"), some("3.13", 1));
        for says_nothing in [
            "FROM python:3-alpine\n",
            "FROM python:slim\n",
            "FROM python\n",
            "FROM ubuntu:18.04\n",
            "FROM pypy:3.10\n",
            "FROM ghcr.io/someone/python:3.9\n",
            "FROM python:${PYTHON_VERSION}-slim\n",
        ] {
            assert_eq!(python(says_nothing), None, "{says_nothing}");
        }
    }
}
