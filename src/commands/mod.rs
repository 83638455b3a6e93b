//! One function per subcommand; each returns the exit status it wants.

mod build;
mod check;
mod doctor;
mod files;
mod generate;
mod image;
mod init;
mod plan;
mod prompt;
mod templates;

use crate::cli::{Cli, Command, ProjectArgs, RenderArgs, TemplatesCommand};
use crate::detect;
use crate::plan::Plan;
use crate::project::Project;
use crate::settings::Settings;
use anyhow::{Result, bail};
use std::path::Path;
use std::process::ExitCode;

pub fn run(cli: &Cli) -> Result<ExitCode> {
    crate::diagnostics::set_color(cli.color);
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
fn make_plan_at(args: &ProjectArgs, render: &RenderArgs, path: &Path) -> Result<(Project, Settings, Plan)> {
    let project = Project::open(path)?;
    let facts = detect::gather(&project)?;
    let settings = Settings::resolve(args, render, facts.config.as_ref(), project.root())?;
    let plan = crate::plan::make(&facts, &settings)?;
    Ok((project, settings, plan))
}

/// For commands that take one project folder.
fn make_plan(args: &ProjectArgs, render: &RenderArgs) -> Result<(Project, Settings, Plan)> {
    make_plan_at(args, render, one_path(args)?)
}

fn one_path(args: &ProjectArgs) -> Result<&Path> {
    match args.paths.as_slice() {
        [path] => Ok(path),
        [] => Ok(Path::new(".")),
        _ => bail!("this command takes one project folder; `plan` and `check` take several"),
    }
}

/// The exit status an error would produce, for per-project reports.
fn exit_code(error: &anyhow::Error) -> u8 {
    if crate::diagnostics::needs_attention(error) { 1 } else { 2 }
}
