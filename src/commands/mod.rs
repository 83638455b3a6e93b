//! One function per subcommand; each returns the exit status it wants.

mod build;
mod init;
mod plan;

use crate::cli::{Cli, Command, ProjectArgs};
use crate::detect;
use crate::plan::Plan;
use crate::project::Project;
use crate::settings::Settings;
use anyhow::Result;
use std::process::ExitCode;

pub fn run(cli: &Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Plan(args) => plan::run(args, cli.quiet),
        Command::Init(args) => init::run(args, cli.quiet),
        Command::Build(args) => build::run(args, cli.quiet),
    }
}

/// The pipeline up to the plan: project → facts → plan.
fn make_plan(args: &ProjectArgs) -> Result<(Project, Settings, Plan)> {
    let project = Project::open(&args.path)?;
    let facts = detect::gather(&project)?;
    let settings = Settings::resolve(args, facts.config.as_ref(), project.root())?;
    let plan = crate::plan::make(&facts, &settings)?;
    Ok((project, settings, plan))
}
