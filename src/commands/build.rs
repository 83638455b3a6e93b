//! `containerize build`: render the files, write them like `init` (or keep
//! them in memory with `--no-write`, sending the Dockerfile on standard
//! input), then build the image (`image.rs`).

use super::image::{self, Request};
use crate::cli::BuildArgs;
use crate::diagnostics::{Warning, print_warnings};
use crate::output;
use crate::plan::report;
use crate::settings::engine::EngineSettings;
use anyhow::Result;
use std::process::ExitCode;

pub fn run(args: &BuildArgs, quiet: bool) -> Result<ExitCode> {
    let BuildArgs { project: project_args, no_write, force, render, engine } = args;
    let engine = EngineSettings::resolve(engine, true)?;
    let (project, settings, plan) = super::make_plan(project_args, render)?;
    let files = super::files::render(&plan, &settings)?;
    let request = Request::new(engine, &project, &plan, settings.legacy_builder());
    let engine = image::find_engine(&request, &files[0].content)?;
    print!("{}", report::summary(&plan));
    let mut warnings = plan.warnings.clone();
    let stdin = if *no_write {
        if !project.is_file(".dockerignore") {
            warnings.push(Warning::new(
                "the project has no .dockerignore, so the engine receives the whole folder as build \
                 context; `containerize init` writes one",
            ));
        }
        let [dockerfile, _] = files;
        Some(dockerfile.content)
    } else {
        let outcomes = output::write_all(project.root(), &files, *force)?;
        println!("{}", super::files::describe(&outcomes));
        None
    };
    print_warnings(&warnings, quiet);
    image::image(&project, &plan, &request, &engine, stdin)
}
