//! Does the engine answer, and can it build this Dockerfile? Decides the
//! [`Builder`] from the client's version, the buildx plugin and
//! `DOCKER_BUILDKIT`, and says exactly what to install when the answer is
//! no.
//!
//! Docker runs BuildKit in two ways: built into clients 18.09–22 when
//! `DOCKER_BUILDKIT=1` (containerize sets it), and through the buildx
//! plugin from client 23 on, where `docker build` without the plugin falls
//! back to the legacy builder or, with `DOCKER_BUILDKIT=1`, fails. Podman
//! builds with Buildah, which runs `RUN --mount` itself.

use super::{Builder, Engine, Kind};
use crate::engine::features::{EngineVersion, Feature};
use anyhow::{Result, bail};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What the build asks of the engine.
#[derive(Clone, Debug, Default)]
pub struct Needs {
    /// BuildKit-only features of the Dockerfile (`RUN --mount (Dockerfile:23)`).
    pub buildkit_features: Vec<String>,
    /// Why `docker buildx build` is needed (`--builder remote`), if it is.
    pub buildx: Option<String>,
    /// `--no-buildkit`: build with the legacy builder.
    pub legacy: bool,
    /// Features newer than Engine 20.10, with the Dockerfile line of each
    /// (`dockerfile::newer_features`).
    pub newer: Vec<(Feature, u32)>,
}

/// Check the engine at `program` and decide how it builds.
pub fn check(kind: Kind, program: PathBuf, needs: &Needs) -> Result<Engine> {
    let (version, server) = answers(kind, &program)?;
    let builder = match kind {
        Kind::Podman => {
            if let Some(why) = &needs.buildx {
                bail!(
                    "{why} needs docker buildx; podman builds on this machine. Use --engine docker, \
                     or leave it out with podman"
                );
            }
            Builder::Podman
        }
        Kind::Docker => docker_builder(&program, &version, needs)?,
    };
    let engine = Engine { kind, program, version, server, builder };
    new_enough(&engine, &needs.newer)?;
    Ok(engine)
}

/// Refuse, before building, a Dockerfile that uses what this engine's
/// builder does not accept, with the two ways out. A buildx builder
/// brings its own BuildKit, which accepts them all.
pub fn new_enough(engine: &Engine, newer: &[(Feature, u32)]) -> Result<()> {
    let fix = |needs: EngineVersion| {
        format!(
            "Render a Dockerfile without them: `engine = \"20.10\"` in [tool.containerize] (or \
             containerize.toml), or `--engine-version 20.10`; or build with Docker Engine {needs} or newer."
        )
    };
    let list = |uses: &[&(Feature, u32)]| {
        uses.iter()
            .map(|(f, line)| format!("{} (Dockerfile:{line})", f.syntax()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match engine.builder {
        Builder::DockerBuildx => Ok(()),
        Builder::Podman => {
            let uses: Vec<&(Feature, u32)> = newer.iter().collect();
            let Some(needs) = uses.iter().map(|(f, _)| f.since()).max() else { return Ok(()) };
            bail!(
                "podman {} builds with Buildah, which does not accept {}.\n  {}",
                engine.version,
                list(&uses),
                fix(needs)
            )
        }
        Builder::DockerBuildKit | Builder::DockerLegacy => {
            let Some(server) = engine.server.as_deref().and_then(EngineVersion::parse_lenient) else {
                return Ok(());
            };
            let uses: Vec<&(Feature, u32)> = newer.iter().filter(|(f, _)| f.since() > server).collect();
            let Some(needs) = uses.iter().map(|(f, _)| f.since()).max() else { return Ok(()) };
            bail!(
                "the Docker Engine here is {}, and the Dockerfile uses {}, which need Engine {needs} or newer.\n  {}",
                engine.server.as_deref().unwrap_or("?"),
                list(&uses),
                fix(needs)
            )
        }
    }
}

/// The client version and docker's server version, once the engine has
/// shown that it answers.
fn answers(kind: Kind, program: &Path) -> Result<(String, Option<String>)> {
    let (args, hint): (&[&str], &str) = match kind {
        Kind::Docker => (
            &["version", "--format", "{{.Client.Version}} {{.Server.Version}}"],
            "Start it (`sudo systemctl start docker`, or open Docker Desktop), or point DOCKER_HOST \
             at a running engine. On Linux, `permission denied` means your user is not in the \
             `docker` group (`sudo usermod -aG docker $USER`, then log in again).",
        ),
        Kind::Podman => (
            &["version", "--format", "{{.Client.Version}}"],
            "`podman info` shows what is wrong; `podman system migrate` fixes most storage errors \
             after an upgrade.",
        ),
    };
    let out = Command::new(program).args(args).stdin(Stdio::null()).output();
    let out = match out {
        Ok(out) => out,
        Err(e) => bail!("cannot run `{}`: {e}", program.display()),
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut words = stdout.split_whitespace();
    let client = words.next().unwrap_or("?").to_string();
    let server = words.next().filter(|_| kind == Kind::Docker).map(str::to_string);
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let reason = stderr.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("no output");
        bail!(
            "{kind} is installed ({}, client {client}) but the engine does not answer: {reason}\n  {hint}",
            program.display()
        );
    }
    Ok((client, server))
}

/// `28.0.4` → 28.
fn major(version: &str) -> Option<u32> {
    version.split(['.', '-', '+']).next()?.parse().ok()
}

fn buildkit_env_off() -> bool {
    std::env::var("DOCKER_BUILDKIT").is_ok_and(|v| matches!(v.trim(), "0" | "false" | "FALSE" | "False"))
}

fn docker_builder(program: &Path, version: &str, needs: &Needs) -> Result<Builder> {
    let features = needs.buildkit_features.join(", ");
    let who = format!("docker {version} ({})", program.display());
    if needs.legacy {
        if let Some(why) = &needs.buildx {
            bail!("--no-buildkit cannot be combined with {why}: docker buildx always builds with BuildKit");
        }
        if !features.is_empty() {
            bail!(
                "--no-buildkit asks for the legacy builder, but the Dockerfile uses {features}, which \
                 only BuildKit runs (does a --templates override add it?)"
            );
        }
        return Ok(Builder::DockerLegacy);
    }
    if let Some(why) = &needs.buildx {
        if let Err(detail) = buildx(program) {
            bail!("{why} needs docker buildx, and {who} does not have it ({detail}).\n{}", buildx_install());
        }
        return Ok(Builder::DockerBuildx);
    }
    if buildkit_env_off() {
        if features.is_empty() {
            return Ok(Builder::DockerLegacy);
        }
        bail!(
            "DOCKER_BUILDKIT=0 in your environment selects the legacy builder, which cannot run \
             {features}. Unset DOCKER_BUILDKIT, or render a Dockerfile without BuildKit features: \
             `containerize build --no-buildkit`"
        );
    }
    match major(version) {
        Some(m) if m >= 23 => match buildx(program) {
            Ok(()) => Ok(Builder::DockerBuildKit),
            Err(_) if features.is_empty() => Ok(Builder::DockerLegacy),
            Err(detail) => bail!(
                "{who} cannot build this Dockerfile: it uses {features}, which needs BuildKit, and \
                 docker {m} runs BuildKit through the buildx plugin, which is missing ({detail}).\n{}\n  \
                 Or render a Dockerfile the legacy builder can run: `containerize build --no-buildkit`",
                buildx_install()
            ),
        },
        Some(m) if m >= 18 => Ok(Builder::DockerBuildKit),
        _ if features.is_empty() => Ok(Builder::DockerLegacy),
        _ => bail!(
            "{who} is too old for BuildKit, which this Dockerfile needs for {features}: install Docker \
             Engine 20.10 or newer, or use `containerize build --no-buildkit`"
        ),
    }
}

/// Whether `docker buildx version` works; its error otherwise.
fn buildx(program: &Path) -> std::result::Result<(), String> {
    buildx_version(program).map(drop)
}

/// What `docker buildx version` prints (`github.com/docker/buildx v0.12.1
/// …`), or why it failed.
pub fn buildx_version(program: &Path) -> std::result::Result<String, String> {
    let out = Command::new(program)
        .args(["buildx", "version"])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        return Ok(String::from_utf8_lossy(&out.stdout).trim().to_string());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("no output");
    Err(format!("`docker buildx version`: {line}"))
}

fn buildx_install() -> &'static str {
    "  Install the buildx plugin, then run this again:\n    \
     - from Docker's apt or dnf repository: `apt-get install docker-buildx-plugin` \
     (or `dnf install docker-buildx-plugin`);\n    \
     - or a release binary from https://github.com/docker/buildx/releases saved as \
     ~/.docker/cli-plugins/docker-buildx and made executable;\n    \
     - Docker Desktop includes it."
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majors() {
        assert_eq!(major("20.10.24+dfsg1"), Some(20));
        assert_eq!(major("28.0.4"), Some(28));
        assert_eq!(major("?"), None);
    }
}
