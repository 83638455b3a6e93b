//! Command-line definitions, and nothing else: these structs hold exactly
//! what was typed. `settings.rs` turns them into resolved settings.
//!
//! Command names and flags are a stable interface; scripts rely on them.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Turn a Python project into a production-grade container image.
///
/// containerize reads the project (requirements, pyproject.toml,
/// .python-version, the Python source itself), decides how the app is
/// installed and started, and writes a Dockerfile with a HEALTHCHECK and a
/// .dockerignore. Every decision is explained by `containerize plan`.
#[derive(Debug, Parser)]
#[command(name = "containerize", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Print no warnings.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the decisions for a project and the evidence for each.
    Plan(PlanArgs),
    /// Write a Dockerfile and .dockerignore for a project.
    Init(InitArgs),
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// Print the plan as JSON (a stable interface for scripts).
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

    /// Replace files that containerize did not generate, keeping each old
    /// file as `<name>.bak`.
    #[arg(long)]
    pub force: bool,
}

/// The project and the overrides shared by every command that plans.
#[derive(Debug, Args)]
pub struct ProjectArgs {
    /// The project folder.
    #[arg(default_value = ".")]
    pub path: PathBuf,

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
