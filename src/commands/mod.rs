//! One function per subcommand; each returns the exit status it wants.

mod build;
mod check;
mod doctor;
mod generate;
mod init;
mod plan;
mod prompt;
mod templates;

use crate::cli::{Cli, Command, ProjectArgs, TemplatesCommand};
use crate::detect;
use crate::output::{self, FileOut};
use crate::plan::Plan;
use crate::project::Project;
use crate::render;
use crate::settings::Settings;
use anyhow::{Result, bail};
use std::path::Path;
use std::process::ExitCode;

pub fn run(cli: &Cli) -> Result<ExitCode> {
    let verbosity = Verbosity { quiet: cli.quiet, verbose: cli.verbose };
    match &cli.command {
        Command::Plan(args) => plan::run(args, verbosity),
        Command::Init(args) => init::run(args, verbosity),
        Command::Build(args) => build::run(args, cli.quiet),
        Command::Check(args) => check::run(args, verbosity),
        Command::Templates(TemplatesCommand::Eject(args)) => templates::eject(args),
        Command::Doctor(args) => doctor::run(args),
        Command::Completions(args) => generate::completions(args),
        Command::Man(args) => generate::man(args),
    }
}

/// `--quiet` and `--verbose`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Verbosity {
    pub quiet: bool,
    pub verbose: bool,
}

/// The pipeline up to the plan for one project: project → facts → settings
/// (flags over configuration) → plan.
fn make_plan_at(args: &ProjectArgs, path: &Path) -> Result<(Project, Settings, Plan)> {
    let project = Project::open(path)?;
    let facts = detect::gather(&project)?;
    let settings = Settings::resolve(args, facts.config.as_ref(), project.root())?;
    let plan = crate::plan::make(&facts, &settings)?;
    Ok((project, settings, plan))
}

/// For commands that take one project folder.
fn make_plan(args: &ProjectArgs) -> Result<(Project, Settings, Plan)> {
    make_plan_at(args, one_path(args)?)
}

fn one_path(args: &ProjectArgs) -> Result<&Path> {
    match args.paths.as_slice() {
        [path] => Ok(path),
        [] => Ok(Path::new(".")),
        _ => bail!("this command takes one project folder; `plan` and `check` take several"),
    }
}

/// The Dockerfile and .dockerignore as they would be written, headers
/// included.
fn render_files(plan: &Plan, settings: &Settings, no_buildkit: bool) -> Result<[FileOut; 2]> {
    let options = render::Options::from_settings(settings, no_buildkit);
    let rendered = render::render(plan, &options)?;
    Ok([
        FileOut { name: "Dockerfile", content: output::with_header(&rendered.dockerfile) },
        FileOut { name: ".dockerignore", content: output::with_header(&rendered.dockerignore) },
    ])
}

/// The exit status an error would produce, for per-project reports.
fn exit_code(error: &anyhow::Error) -> u8 {
    if crate::diagnostics::needs_attention(error) { 1 } else { 2 }
}
