//! The container engine: finding `docker` or `podman`, checking that it
//! answers and can build what the Dockerfile uses, and driving builds and
//! containers.
//!
//! Discovery uses `which`: the engine named by `--engine` /
//! `CONTAINERIZE_ENGINE`, else docker, then podman. Checks happen before
//! anything is built, and a failing check says what to install or which
//! flag to use. Every command is built as an argument vector
//! ([`invocation`]); nothing goes through a shell.
//!
//! Not supported: remote engines other than through the engine's own
//! settings (`DOCKER_HOST`, docker contexts, podman connections), and
//! multi-platform builds with podman (they need a manifest list).

pub mod capability;
pub mod dockerfile;
pub mod features;
pub mod invocation;
pub mod labels;
pub mod reference;
pub mod secrets;
pub mod smoke;
pub mod stream;

use anyhow::{Result, bail};
use std::fmt;
use std::path::PathBuf;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Docker,
    Podman,
}

impl Kind {
    pub fn program(self) -> &'static str {
        match self {
            Self::Docker => "docker",
            Self::Podman => "podman",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.program())
    }
}

/// How `build` runs on this engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builder {
    /// `docker build` with BuildKit (`DOCKER_BUILDKIT=1`: built into 18.09–22
    /// clients, the buildx plugin behind `docker build` since 23).
    DockerBuildKit,
    /// `docker buildx build`: a named builder or several platforms.
    DockerBuildx,
    /// `docker build` with `DOCKER_BUILDKIT=0`, the legacy builder.
    DockerLegacy,
    /// `podman build --format docker` (Buildah runs `RUN --mount` itself).
    Podman,
}

/// A found, answering engine and how it builds.
#[derive(Clone, Debug)]
pub struct Engine {
    pub kind: Kind,
    /// The executable, as found on PATH.
    pub program: PathBuf,
    /// The client's version (`20.10.24`, `4.3.1`).
    pub version: String,
    /// Docker's server (the engine that runs the build and the container),
    /// when it said (`26.1.5+dfsg1`); podman has no separate server here.
    pub server: Option<String>,
    pub builder: Builder,
}

impl Engine {
    /// An engine with a known builder, without probing (for tests and
    /// command-line previews).
    pub fn new(kind: Kind, program: impl Into<PathBuf>, builder: Builder) -> Self {
        Self { kind, program: program.into(), version: String::new(), server: None, builder }
    }

    /// `docker` / `podman`, for messages.
    pub fn name(&self) -> &'static str {
        self.kind.program()
    }

    /// A command for this engine, with the environment the builder needs.
    pub fn command(&self) -> std::process::Command {
        std::process::Command::new(&self.program)
    }
}

/// The executable for the requested engine, else the first of docker and
/// podman on PATH.
pub fn find(requested: Option<Kind>) -> Result<(Kind, PathBuf)> {
    let candidates = match requested {
        Some(kind) => vec![kind],
        None => vec![Kind::Docker, Kind::Podman],
    };
    for kind in &candidates {
        if let Ok(path) = which::which(kind.program()) {
            return Ok((*kind, path));
        }
    }
    match requested {
        Some(kind) => bail!(
            "`{kind}` is not on PATH (named by --engine or CONTAINERIZE_ENGINE). {}",
            install_hint(Some(kind))
        ),
        None => bail!(
            "no container engine found: looked for `docker` and `podman` on PATH. {} \
             `containerize init` writes the Dockerfile without one.",
            install_hint(None)
        ),
    }
}

fn install_hint(kind: Option<Kind>) -> &'static str {
    match kind {
        Some(Kind::Docker) => {
            "Install Docker Engine (https://docs.docker.com/engine/install/) or Docker Desktop, \
             or use podman with --engine podman."
        }
        Some(Kind::Podman) => {
            "Install Podman (`apt-get install podman`, `dnf install podman`, `brew install podman`; \
             https://podman.io/docs/installation), or use docker with --engine docker."
        }
        None => {
            "Install Docker Engine (https://docs.docker.com/engine/install/) or Podman \
             (`apt-get install podman`; https://podman.io/docs/installation)."
        }
    }
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Catch Ctrl-C (and SIGTERM, SIGHUP) from now on: instead of dying with
/// a container left running, containerize notices through
/// [`interrupted`], stops what it runs, removes what it started and exits
/// with status 130.
pub fn catch_interrupts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Failing to install the handler only loses the cleanup on Ctrl-C.
        let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));
    });
}

/// Whether Ctrl-C was pressed since [`catch_interrupts`].
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}
