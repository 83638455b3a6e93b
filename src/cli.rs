//! Command-line definitions, and nothing else: these structs hold exactly
//! what was typed. `settings/` turns them into resolved settings, and
//! destructures every struct here without `..`, so a flag nobody resolves
//! does not compile.
//!
//! Command names and flags are a stable interface; scripts rely on them.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Turn a Python project into a production-grade container image.
///
/// containerize reads the project (requirements, pyproject.toml,
/// .python-version, the Python source itself), decides how the app is
/// installed and started, and writes a Dockerfile with a HEALTHCHECK and a
/// .dockerignore. Every decision is explained by `containerize plan`.
#[derive(Debug, Parser)]
#[command(name = "containerize", version = crate::version::text(), propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Print no warnings, only errors and what was asked for.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print more: every candidate, note and decision, not just the summary.
    #[arg(long, short, global = true)]
    pub verbose: bool,

    /// Color in the output: `auto` colors a terminal unless `NO_COLOR` is
    /// set (and colors any output when `FORCE_COLOR` is).
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
}

/// When to color the output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the decisions for a project and the evidence for each.
    Plan(PlanArgs),
    /// Write a Dockerfile and .dockerignore for a project.
    Init(InitArgs),
    /// Write the files, build the image with docker or podman, and (with
    /// `--smoke`) prove that the container comes up healthy.
    Build(BuildArgs),
    /// Compare the generated files with what containerize would write now:
    /// exit 0 when they match, 1 (with a diff) when they drifted.
    Check(CheckArgs),
    /// Work with the templates the files are rendered from.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Check this machine: the container engine, BuildKit and the linters.
    ///
    /// Reports the engine `build` would use and whether it can build the
    /// Dockerfiles containerize writes (they use BuildKit's cache mounts),
    /// docker and podman with their versions, and the Dockerfile linters
    /// hadolint and checkov if present. Exit 0 when that engine can build,
    /// 1 when there is none or it cannot; missing linters do not count.
    Doctor(DoctorArgs),
    /// Print a shell completion script.
    ///
    /// For example `containerize completions bash >
    /// ~/.local/share/bash-completion/completions/containerize`, or
    /// `containerize completions fish > ~/.config/fish/completions/containerize.fish`.
    Completions(CompletionsArgs),
    /// Print the manual page.
    ///
    /// The page is roff (`containerize man | man -l -` shows it); with
    /// `--dir`, one page per command is written into a folder.
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// The engine to check (default: the first of docker, podman on PATH,
    /// as `build` picks it).
    #[arg(long, value_enum, env = "CONTAINERIZE_ENGINE")]
    pub engine: Option<EngineName>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write `containerize.1` and a `containerize-<command>.1` page for
    /// every command into this folder instead of printing the main page.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// How results are printed for machines and CI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// One JSON document (a stable interface).
    Json,
    /// GitHub Actions workflow commands (`::error file=…::…`), so CI
    /// annotates the files.
    Github,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// Print the result as JSON (the same as `--format json`).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    #[command(flatten)]
    pub render: RenderArgs,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Copy the built-in templates into a folder for editing; point
    /// `templates` in [tool.containerize] (or `--templates`) at it.
    Eject(EjectArgs),
}

#[derive(Debug, Args)]
pub struct EjectArgs {
    /// The folder to write (inside the current directory).
    #[arg(default_value = "containerize-templates")]
    pub dir: PathBuf,

    /// Replace templates that exist in the folder.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// Print the plan as JSON Lines (a stable interface for scripts): one
    /// object per folder, with its `path`, or its `error` and `exit`.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// Print the files to standard output instead of writing them.
    #[arg(long)]
    pub stdout: bool,

    /// Do not ask for confirmation on a terminal.
    #[arg(long, short)]
    pub yes: bool,

    /// Replace files that containerize did not generate, keeping each old
    /// file as `<name>.bak`.
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub render: RenderArgs,

    /// Build the image after writing the files (as `containerize build`).
    #[arg(long, conflicts_with = "stdout")]
    pub build: bool,

    #[command(flatten, next_help_heading = "Build options (with --build)")]
    pub engine: EngineArgs,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// Build from the rendered files in memory (the Dockerfile goes to the
    /// engine on standard input) and write nothing into the project.
    #[arg(long)]
    pub no_write: bool,

    /// Replace files that containerize did not generate, keeping each old
    /// file as `<name>.bak`.
    #[arg(long, conflicts_with = "no_write")]
    pub force: bool,

    #[command(flatten)]
    pub render: RenderArgs,

    #[command(flatten)]
    pub engine: EngineArgs,
}

/// How the Dockerfile is rendered, shared by `init`, `build` and `check`
/// (declared once, so the three cannot drift apart).
#[derive(Clone, Copy, Debug, Default, Args)]
pub struct RenderArgs {
    /// Render a Dockerfile without BuildKit-only features (no cache
    /// mounts), for engines that only have the legacy builder; `build`
    /// then builds it with the legacy builder (DOCKER_BUILDKIT=0).
    #[arg(long)]
    pub no_buildkit: bool,

    /// The oldest Docker Engine the Dockerfile must build and run on
    /// (default 25: a HEALTHCHECK that probes every second while the app
    /// starts, and `COPY --link`). `20.10` renders without them, for older
    /// engines and for Podman, whose Buildah accepts neither.
    #[arg(long, value_name = "VERSION", value_parser = parse_engine_version)]
    pub engine_version: Option<crate::engine::features::EngineVersion>,
}

fn parse_engine_version(text: &str) -> Result<crate::engine::features::EngineVersion, String> {
    crate::engine::features::EngineVersion::parse_setting(text)
}

/// How to build, run and publish the image.
#[derive(Debug, Args)]
pub struct EngineArgs {
    /// Image reference to tag (default: the project's name and version,
    /// lowercased, such as `shop:1.2.0`; `latest` when it has no version).
    #[arg(long, short = 't', value_name = "NAME[:TAG]")]
    pub tag: Option<String>,

    /// The container engine (default: the first of docker, podman on PATH).
    #[arg(long, value_enum, env = "CONTAINERIZE_ENGINE")]
    pub engine: Option<EngineName>,

    /// Target platforms, comma-separated (`linux/amd64,linux/arm64`).
    /// Several platforms need docker buildx and --push.
    #[arg(long, value_name = "LIST")]
    pub platform: Option<String>,

    /// Build on this docker buildx builder (`docker buildx build --builder
    /// NAME`), such as a remote or Kubernetes BuildKit.
    #[arg(long, value_name = "NAME")]
    pub builder: Option<String>,

    /// After the build, run the container with its port published on
    /// 127.0.0.1, wait for its HEALTHCHECK to report healthy, probe the
    /// health path from the host, then remove the container.
    #[arg(long)]
    pub smoke: bool,

    /// How long `--smoke` waits for healthy.
    #[arg(long, value_name = "SECONDS", default_value_t = 90)]
    pub smoke_timeout: u64,

    /// Build every step again, ignoring the engine's layer cache.
    #[arg(long)]
    pub no_cache: bool,

    /// Push the image after the build (and after `--smoke` passes).
    #[arg(long)]
    pub push: bool,

    #[command(flatten)]
    pub options: BuildOptionArgs,
}

/// What else the engine's build takes, passed through in the form it
/// expects.
#[derive(Debug, Default, Args)]
pub struct BuildOptionArgs {
    /// A build secret, `id=ID,src=PATH` or `id=ID,env=VAR` (repeatable).
    /// The secrets the Dockerfile mounts are passed without it when found:
    /// `netrc` from ~/.netrc, any other from the environment variable of
    /// its name. Values are never printed.
    #[arg(long, value_name = "id=ID,src=PATH|env=VAR")]
    pub secret: Vec<String>,

    /// A build argument, `NAME=VALUE` (repeatable), such as
    /// `PYTHON_VERSION=3.13`.
    #[arg(long, value_name = "NAME=VALUE")]
    pub build_arg: Vec<String>,

    /// Pull newer versions of the base images before building.
    #[arg(long)]
    pub pull: bool,

    /// Use this cache source (repeatable): an image, or buildx's
    /// `type=registry,ref=…` form.
    #[arg(long, value_name = "SOURCE")]
    pub cache_from: Vec<String>,

    /// Export the build cache here (repeatable), such as
    /// `type=registry,ref=registry.example/app:cache,mode=max`; needs
    /// docker buildx.
    #[arg(long, value_name = "DESTINATION")]
    pub cache_to: Vec<String>,

    /// Attach an SBOM attestation (`--sbom=true`); needs docker buildx and
    /// a builder that stores attestations (push, or the containerd image
    /// store).
    #[arg(long)]
    pub sbom: bool,

    /// Attach a provenance attestation (`--provenance=mode=max`); needs
    /// docker buildx, like --sbom.
    #[arg(long)]
    pub provenance: bool,

    /// The engine's progress output: `auto` (its terminal display on a
    /// terminal, plain lines otherwise), `plain` or `tty`. Only with
    /// plain lines can containerize name the Dockerfile line of a failed
    /// step.
    #[arg(long, value_enum, default_value_t = ProgressMode::Auto)]
    pub progress: ProgressMode,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ProgressMode {
    #[default]
    Auto,
    Plain,
    Tty,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EngineName {
    Docker,
    Podman,
}

/// The project and the overrides shared by every command that plans.
#[derive(Clone, Debug, Default, Args)]
pub struct ProjectArgs {
    /// The project folder (`plan` and `check` take several).
    #[arg(default_value = ".", value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Python version for the image, `X.Y` (overrides every project file).
    #[arg(long, value_name = "X.Y")]
    pub python: Option<String>,

    /// Port the app listens on inside the container (the PORT variable
    /// still changes it at run time).
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,

    /// The application object, `module:object` or `module:factory()`.
    #[arg(long, value_name = "MODULE:OBJECT")]
    pub app: Option<String>,

    /// The start command, as a shell would split it (overrides every
    /// detected entrypoint; `$PORT` is expanded at run time).
    #[arg(long, value_name = "COMMAND")]
    pub command: Option<String>,

    /// Base image for both stages, instead of the official
    /// `python:X.Y-slim-<debian>` image.
    #[arg(long, value_name = "IMAGE")]
    pub base_image: Option<String>,

    /// Package manager to install with when the project has files for
    /// several: pip, uv, poetry, pdm or pipenv.
    #[arg(long, value_name = "NAME")]
    pub manager: Option<String>,

    /// A folder with templates (`Dockerfile.j2`, `dockerignore.j2`, …)
    /// that replace the built-in ones of the same name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}
