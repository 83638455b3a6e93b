//! The exact command lines containerize runs, as argument vectors: pure
//! functions of the engine and the request, so tests can check them
//! without an engine. Nothing here runs anything.

use super::{Builder, Engine, Kind};
use std::path::PathBuf;
use std::process::Command;

/// A program, its arguments, extra environment, and what to write to its
/// standard input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invocation {
    pub program: PathBuf,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    pub stdin: Option<String>,
    /// The engine writes to the terminal itself (`--progress tty`): its
    /// output is not captured, so no step can be named on failure.
    pub terminal: bool,
}

impl Invocation {
    fn new(engine: &Engine) -> Self {
        Self {
            program: engine.program.clone(),
            args: Vec::new(),
            env: Vec::new(),
            stdin: None,
            terminal: false,
        }
    }

    fn arg(&mut self, arg: impl Into<String>) -> &mut Self {
        self.args.push(arg.into());
        self
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::new(&self.program);
        cmd.args(&self.args);
        for (key, value) in &self.env {
            cmd.env(key, value);
        }
        cmd
    }

    /// `docker build --tag x .` as a person would type it (for messages
    /// only; never run through a shell).
    pub fn display(&self) -> String {
        let program = self
            .program
            .file_name()
            .map_or_else(|| self.program.display().to_string(), |n| n.to_string_lossy().into_owned());
        let mut words: Vec<String> = self.env.iter().map(|(k, v)| format!("{k}={v}")).collect();
        words.push(program);
        words.extend(self.args.iter().map(|a| quote(a)));
        words.join(" ")
    }
}

/// Quote a word for display when a shell would split or expand it.
fn quote(word: &str) -> String {
    let plain =
        !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=,@+%".contains(c));
    if plain { word.to_string() } else { format!("'{}'", word.replace('\'', r"'\''")) }
}

/// What to build.
#[derive(Clone, Debug, Default)]
pub struct BuildSpec {
    pub tag: String,
    pub context: PathBuf,
    /// The Dockerfile's text when it is not on disk (sent with `--file -`).
    pub dockerfile_stdin: Option<String>,
    pub labels: Vec<(String, String)>,
    pub platforms: Vec<String>,
    pub builder_name: Option<String>,
    pub no_cache: bool,
    /// Push from within the build (buildx only; otherwise see [`push`]).
    pub push: bool,
    /// `--secret id=…,src=…|env=…`, as the engine takes them.
    pub secrets: Vec<String>,
    /// `NAME=VALUE`, or `NAME` alone.
    pub build_args: Vec<String>,
    pub pull: bool,
    pub cache_from: Vec<String>,
    pub cache_to: Vec<String>,
    pub sbom: bool,
    pub provenance: bool,
    /// The engine's terminal display instead of plain lines.
    pub tty: bool,
}

/// `docker build …`, `docker buildx build …` or `podman build …`.
pub fn build(engine: &Engine, spec: &BuildSpec) -> Invocation {
    let mut inv = Invocation::new(engine);
    match engine.builder {
        Builder::DockerBuildKit => {
            inv.env.push(("DOCKER_BUILDKIT".into(), "1".into()));
            inv.arg("build").arg(progress(spec));
        }
        Builder::DockerLegacy => {
            inv.env.push(("DOCKER_BUILDKIT".into(), "0".into()));
            inv.arg("build");
        }
        Builder::DockerBuildx => {
            inv.arg("buildx").arg("build");
            if let Some(name) = &spec.builder_name {
                inv.arg("--builder").arg(name);
            }
            inv.arg(progress(spec));
        }
        Builder::Podman => {
            // The OCI format drops HEALTHCHECK; the docker format keeps it.
            inv.arg("build").arg("--format").arg("docker");
        }
    }
    inv.arg("--tag").arg(&spec.tag);
    for (key, value) in &spec.labels {
        inv.arg("--label").arg(format!("{key}={value}"));
    }
    if !spec.platforms.is_empty() {
        inv.arg("--platform").arg(spec.platforms.join(","));
    }
    if spec.no_cache {
        inv.arg("--no-cache");
    }
    if spec.pull {
        // podman's bare --pull means "missing"; always is what docker's does.
        inv.arg(if engine.kind == Kind::Podman { "--pull=always" } else { "--pull" });
    }
    for arg in &spec.build_args {
        inv.arg("--build-arg").arg(arg);
    }
    for secret in &spec.secrets {
        inv.arg("--secret").arg(secret);
    }
    for source in &spec.cache_from {
        inv.arg("--cache-from").arg(source);
    }
    for destination in &spec.cache_to {
        inv.arg("--cache-to").arg(destination);
    }
    if spec.sbom {
        inv.arg("--sbom=true");
    }
    if spec.provenance {
        inv.arg("--provenance=mode=max");
    }
    inv.terminal = spec.tty;
    if engine.builder == Builder::DockerBuildx {
        // A buildx builder keeps its result to itself unless told.
        inv.arg(if spec.push { "--push" } else { "--load" });
    }
    if let Some(text) = &spec.dockerfile_stdin {
        inv.arg("--file").arg("-");
        inv.stdin = Some(text.clone());
    }
    inv.arg(spec.context.display().to_string());
    inv
}

/// BuildKit's progress display: plain lines, which containerize follows to
/// name a failed step, unless the terminal display was asked for.
fn progress(spec: &BuildSpec) -> &'static str {
    if spec.tty { "--progress=tty" } else { "--progress=plain" }
}

/// `docker push TAG` / `podman push TAG`, unless buildx pushed already.
pub fn push(engine: &Engine, spec: &BuildSpec) -> Option<Invocation> {
    if engine.builder == Builder::DockerBuildx && spec.push {
        return None;
    }
    let mut inv = Invocation::new(engine);
    inv.arg("push").arg(&spec.tag);
    Some(inv)
}

/// `docker run --detach …` for a smoke test: a chosen name (so cleanup
/// works even before the id is known), a label, and the port published on
/// an ephemeral loopback port.
pub fn run(
    engine: &Engine,
    name: &str,
    image: &str,
    port: Option<u16>,
    env: &[(String, String)],
) -> Invocation {
    let mut inv = Invocation::new(engine);
    inv.arg("run").arg("--detach").arg("--name").arg(name).arg("--label").arg("containerize.smoke=1");
    if let Some(port) = port {
        inv.arg("--publish").arg(format!("127.0.0.1::{port}"));
    }
    for (key, value) in env {
        inv.arg("--env").arg(format!("{key}={value}"));
    }
    inv.arg(image);
    inv
}

/// Remove a container now, whatever its state.
pub fn remove(engine: &Engine, name: &str) -> Invocation {
    let mut inv = Invocation::new(engine);
    inv.arg("rm").arg("--force");
    if engine.kind == Kind::Podman {
        // podman waits 10 s for the stop signal unless told otherwise.
        inv.arg("--time").arg("0");
    }
    inv.arg(name);
    inv
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> BuildSpec {
        BuildSpec {
            tag: "shop:1.0".into(),
            context: "/src/shop".into(),
            labels: vec![("org.opencontainers.image.title".into(), "shop".into())],
            ..BuildSpec::default()
        }
    }

    fn engine(kind: Kind, builder: Builder) -> Engine {
        Engine::new(kind, kind.program(), builder)
    }

    #[test]
    fn docker_buildkit() {
        let inv = build(&engine(Kind::Docker, Builder::DockerBuildKit), &spec());
        assert_eq!(
            inv.display(),
            "DOCKER_BUILDKIT=1 docker build --progress=plain --tag shop:1.0 \
             --label org.opencontainers.image.title=shop /src/shop"
        );
    }

    #[test]
    fn podman_keeps_the_healthcheck_and_reads_stdin() {
        let spec = BuildSpec { dockerfile_stdin: Some("FROM x\n".into()), no_cache: true, ..spec() };
        let inv = build(&engine(Kind::Podman, Builder::Podman), &spec);
        assert_eq!(
            inv.args,
            [
                "build",
                "--format",
                "docker",
                "--tag",
                "shop:1.0",
                "--label",
                "org.opencontainers.image.title=shop",
                "--no-cache",
                "--file",
                "-",
                "/src/shop"
            ]
        );
        assert_eq!(inv.stdin.as_deref(), Some("FROM x\n"));
    }

    #[test]
    fn buildx_with_a_builder_and_platforms() {
        let spec = BuildSpec {
            builder_name: Some("k8s".into()),
            platforms: vec!["linux/amd64".into(), "linux/arm64".into()],
            push: true,
            ..spec()
        };
        let docker = engine(Kind::Docker, Builder::DockerBuildx);
        assert_eq!(
            build(&docker, &spec).display(),
            "docker buildx build --builder k8s --progress=plain --tag shop:1.0 \
             --label org.opencontainers.image.title=shop --platform linux/amd64,linux/arm64 --push /src/shop"
        );
        assert_eq!(push(&docker, &spec), None);
        let local = BuildSpec { push: false, ..spec };
        assert!(build(&docker, &local).args.contains(&"--load".to_string()));
    }

    #[test]
    fn legacy_builder_and_smoke_commands() {
        let inv = build(&engine(Kind::Docker, Builder::DockerLegacy), &spec());
        assert_eq!(inv.env, [("DOCKER_BUILDKIT".to_string(), "0".to_string())]);
        assert!(!inv.args.iter().any(|a| a.starts_with("--progress")));
        let podman = engine(Kind::Podman, Builder::Podman);
        assert_eq!(
            run(&podman, "c1", "shop:1.0", Some(8000), &[]).display(),
            "podman run --detach --name c1 --label containerize.smoke=1 --publish 127.0.0.1::8000 shop:1.0"
        );
        assert_eq!(remove(&podman, "c1").display(), "podman rm --force --time 0 c1");
        assert_eq!(quote("it's a"), r"'it'\''s a'");
    }
}
