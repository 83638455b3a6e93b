//! Building the image once the files are rendered, for `build` and
//! `init --build` alike: the default tag, the engine found and checked
//! against what the Dockerfile and the flags need, the build with the
//! engine's output streamed live, then `--smoke` and `--push`.
//!
//! Order matters: the engine is checked before anything is written, and a
//! smoke test runs before a push, so a broken image is never published.

use crate::cli::ProgressMode;
use crate::detect::pyproject;
use crate::diagnostics::passthrough;
use crate::engine::capability::{self, Needs};
use crate::engine::invocation::{self, BuildSpec, Invocation};
use crate::engine::smoke::{self, Target};
use crate::engine::{self, Builder, Engine, Kind, dockerfile, labels, reference, stream};
use crate::plan::Plan;
use crate::progress::Progress;
use crate::project::Project;
use crate::settings::build_options::{BuildOptions, SecretSource};
use crate::settings::engine::EngineSettings;
use anyhow::Result;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// How long a worker (no port) must keep running under `--smoke`.
const WORKER_GRACE: Duration = Duration::from_secs(10);

/// The value given to environment variables the app requires, during the
/// smoke test only.
const SMOKE_VALUE: &str = "containerize-smoke-test";
/// The engine settings with the tag chosen and the builder decided.
pub(super) struct Request {
    tag: String,
    /// Why this tag, when it was not typed.
    tag_note: Option<String>,
    kind: Option<Kind>,
    platforms: Vec<String>,
    builder_name: Option<String>,
    smoke: bool,
    smoke_timeout: Duration,
    no_cache: bool,
    push: bool,
    legacy: bool,
    version: Option<String>,
    options: BuildOptions,
}

impl Request {
    /// `legacy`: build with the legacy builder (`--no-buildkit`).
    pub(super) fn new(settings: EngineSettings, project: &Project, plan: &Plan, legacy: bool) -> Self {
        let EngineSettings { tag, kind, platforms, builder, smoke, smoke_timeout, no_cache, push, options } =
            settings;
        let version = pyproject::read(project).ok().flatten().and_then(|p| p.version);
        let tag_note = match (&tag, &version) {
            (None, None) => Some("no version in pyproject.toml; choose another tag with --tag".to_string()),
            _ => None,
        };
        let tag = tag.unwrap_or_else(|| reference::default_tag(&plan.name, version.as_deref()));
        Self {
            tag,
            tag_note,
            kind,
            platforms,
            builder_name: builder,
            smoke,
            smoke_timeout,
            no_cache,
            push,
            legacy,
            version,
            options,
        }
    }

    /// Why the build needs `docker buildx build`, if it does.
    fn buildx_reason(&self) -> Option<String> {
        if let Some(name) = &self.builder_name {
            return Some(format!("--builder {name}"));
        }
        if self.platforms.len() > 1 {
            return Some(format!("--platform {} (several platforms)", self.platforms.join(",")));
        }
        self.options.buildx_reason()
    }
}

/// `init --build`: the files are written; check the engine and build.
pub(super) fn after_init(request: &Request, project: &Project, plan: &Plan) -> Result<ExitCode> {
    let dockerfile = std::fs::read_to_string(project.root().join("Dockerfile"))?;
    let engine = find_engine(request, &dockerfile)?;
    image(project, plan, request, &engine, None)
}

pub(super) fn find_engine(request: &Request, dockerfile: &str) -> Result<Engine> {
    let (kind, program) = engine::find(request.kind)?;
    let needs = Needs {
        buildkit_features: dockerfile::buildkit_features(dockerfile),
        buildx: request.buildx_reason(),
        legacy: request.legacy,
        newer: dockerfile::newer_features(dockerfile),
    };
    capability::check(kind, program, &needs)
}

/// Build, then smoke-test and push as asked.
pub(super) fn image(
    project: &Project,
    plan: &Plan,
    request: &Request,
    engine: &Engine,
    stdin: Option<String>,
) -> Result<ExitCode> {
    engine::catch_interrupts();
    let root = project.root();
    let facts = labels::LabelFacts {
        title: &plan.name,
        version: request.version.as_deref(),
        created: labels::created(),
        revision: labels::git_revision(root),
        source: labels::git_source(root),
    };
    let buildx_push = engine.builder == Builder::DockerBuildx && request.push && !request.smoke;
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    let (secrets, missing) = crate::engine::secrets::sources(
        &plan.install.secrets,
        &request.options.secrets,
        home.as_deref(),
        |name| std::env::var_os(name).is_some_and(|v| !v.is_empty()),
    );
    if engine.builder == Builder::DockerLegacy && !secrets.is_empty() {
        anyhow::bail!(
            "the legacy builder cannot pass build secrets ({}); build with BuildKit",
            secrets.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ")
        );
    }
    for note in &missing {
        eprintln!("note: {note}");
    }
    let options = &request.options;
    let tty = match options.progress {
        ProgressMode::Plain => false,
        ProgressMode::Tty => true,
        ProgressMode::Auto => std::io::IsTerminal::is_terminal(&std::io::stderr()),
    };
    let spec = BuildSpec {
        tag: request.tag.clone(),
        context: root.to_path_buf(),
        dockerfile_stdin: stdin.clone(),
        labels: labels::labels(&facts),
        platforms: request.platforms.clone(),
        builder_name: request.builder_name.clone(),
        no_cache: request.no_cache,
        push: buildx_push,
        secrets: secrets.iter().map(SecretSource::arg).collect(),
        build_args: options
            .build_args
            .iter()
            .map(|(name, value)| value.as_ref().map_or_else(|| name.clone(), |v| format!("{name}={v}")))
            .collect(),
        pull: options.pull,
        cache_from: options.cache_from.clone(),
        cache_to: options.cache_to.clone(),
        sbom: options.sbom,
        provenance: options.provenance,
        tty,
    };
    let dockerfile = match stdin {
        Some(text) => text,
        None => std::fs::read_to_string(root.join("Dockerfile")).unwrap_or_default(),
    };
    let progress = Progress::stderr();
    let how = match engine.builder {
        Builder::DockerBuildKit | Builder::DockerBuildx => "BuildKit",
        Builder::DockerLegacy => "legacy builder",
        Builder::Podman => "Buildah, docker format",
    };
    if let Some(note) = &request.tag_note {
        println!("image {}  ({note})", request.tag);
    }
    let build = invocation::build(engine, &spec);
    progress.line(&format!("$ {}", build.display()));
    if !build.terminal {
        progress.start(&format!(
            "building {} with {} {} ({how})",
            request.tag,
            engine.name(),
            engine.version
        ));
    }
    let started = Instant::now();
    let outcome = stream::run(&build, &progress)?;
    progress.clear();
    check_exit(engine, &build, outcome.status, outcome.step.as_deref(), &dockerfile)?;
    let size = image_size(engine, &request.tag).map(|s| format!(", {s}")).unwrap_or_default();
    println!("built {} in {:.1}s{size}", request.tag, started.elapsed().as_secs_f64());
    if request.smoke {
        let target = Target {
            port: plan.port.value,
            probe: plan.health.value.probe.clone(),
            timeout: request.smoke_timeout,
            grace: WORKER_GRACE,
            one_shot: plan.start.value.kind == crate::plan::start::Kind::Cli,
            env: plan.required_env.iter().map(|name| (name.clone(), SMOKE_VALUE.to_string())).collect(),
        };
        for name in &plan.required_env {
            println!("  {name}={SMOKE_VALUE} for the smoke test only (the app requires it at run time)");
        }
        let report = smoke::smoke(engine, &request.tag, &target, &progress)?;
        let what = match (target.port, target.one_shot) {
            (_, true) => "exited 0",
            (Some(_), false) => "healthy",
            (None, false) => "still running",
        };
        println!(
            "smoke test passed: {what} {:.1}s after `{} run`",
            report.healthy_after.as_secs_f64(),
            engine.name()
        );
        if let Some(probe) = &report.probe {
            println!("  {probe}");
        }
        println!("  removed container {}", report.container);
    }
    if request.push
        && let Some(push) = invocation::push(engine, &spec)
    {
        progress.line(&format!("$ {}", push.display()));
        progress.start(&format!("pushing {}", request.tag));
        let outcome = stream::run(&push, &progress)?;
        progress.clear();
        check_exit(engine, &push, outcome.status, None, "")?;
        println!("pushed {}", request.tag);
    } else if buildx_push {
        println!("pushed {}", request.tag);
    }
    Ok(ExitCode::SUCCESS)
}

/// The engine's failing status, passed through, naming the failing step.
fn check_exit(
    engine: &Engine,
    inv: &Invocation,
    status: std::process::ExitStatus,
    step: Option<&str>,
    dockerfile: &str,
) -> Result<()> {
    if engine::interrupted() {
        return Err(passthrough(130, "interrupted"));
    }
    if status.success() {
        return Ok(());
    }
    let code = status.code().unwrap_or_else(|| {
        use std::os::unix::process::ExitStatusExt;
        128 + status.signal().unwrap_or(0)
    });
    let command = inv.args.iter().take_while(|a| !a.starts_with('-')).cloned().collect::<Vec<_>>().join(" ");
    let at = match step {
        Some(step) => {
            let line = dockerfile::line_of_step(dockerfile, step)
                .map(|l| format!(" (Dockerfile:{l})"))
                .unwrap_or_default();
            format!(" at step `{step}`{line}")
        }
        None => String::new(),
    };
    Err(passthrough(
        u8::try_from(code).unwrap_or(1).max(1),
        format!("`{} {command}` failed{at} with exit status {code}; its output is above", engine.name()),
    ))
}

/// `206 MB`, as `docker images` shows sizes.
fn image_size(engine: &Engine, tag: &str) -> Option<String> {
    let out = engine.command().args(["image", "inspect", "--format", "{{.Size}}", tag]).output().ok()?;
    let bytes: f64 = String::from_utf8_lossy(&out.stdout).trim().parse().ok()?;
    out.status.success().then(|| format!("{:.0} MB", bytes / 1e6))
}
