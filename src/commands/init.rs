//! `containerize init`: write the Dockerfile and .dockerignore (or print
//! them with `--stdout`), never replacing a file the user wrote by hand
//! unless `--force`; with `--build`, then build the image (`build.rs`).

use crate::cli::{EngineArgs, InitArgs};
use crate::diagnostics::print_warnings;
use crate::engine::reference::image_name;
use crate::output::{self, FileOut, Outcome};
use crate::plan::report;
use crate::render;
use anyhow::{Result, bail};
use std::process::ExitCode;

pub fn run(args: &InitArgs, quiet: bool) -> Result<ExitCode> {
    if !args.build {
        refuse_build_options(&args.engine)?;
    }
    let (project, settings, plan) = super::make_plan(&args.project)?;
    let options = render::Options::from_settings(&settings, args.no_buildkit);
    let rendered = render::render(&plan, &options)?;
    let files = [
        FileOut { name: "Dockerfile", content: output::with_header(&rendered.dockerfile) },
        FileOut { name: ".dockerignore", content: output::with_header(&rendered.dockerignore) },
    ];
    if args.stdout {
        eprint!("{}", report::summary(&plan));
        print_warnings(&plan.warnings, quiet);
        for file in &files {
            println!("# ---- {} ----", file.name);
            print!("{}", file.content);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let outcomes = output::write_all(project.root(), &files, args.force)?;
    print!("{}", report::summary(&plan));
    print_warnings(&plan.warnings, quiet);
    println!("{}", describe(&outcomes));
    if args.build {
        return super::build::after_init(&args.engine, &project, &plan, args.no_buildkit);
    }
    let tag = image_name(&plan.name);
    let publish = plan.port.value.map(|port| format!("-p {port}:{port} ")).unwrap_or_default();
    println!("next: {} && docker run {publish}{tag}", report::build_command(&plan, &tag));
    Ok(ExitCode::SUCCESS)
}

/// Build options typed without `--build` would be silently ignored.
fn refuse_build_options(args: &EngineArgs) -> Result<()> {
    let typed = [
        ("--tag", args.tag.is_some()),
        ("--platform", args.platform.is_some()),
        ("--builder", args.builder.is_some()),
        ("--smoke", args.smoke),
        ("--no-cache", args.no_cache),
        ("--push", args.push),
    ];
    if let Some((flag, _)) = typed.iter().find(|(_, set)| *set) {
        bail!("{flag} is a build option: add --build, or use `containerize build`");
    }
    Ok(())
}

/// `wrote Dockerfile, .dockerignore` / `unchanged …` / `kept … as …`.
pub(super) fn describe(outcomes: &[(&str, Outcome)]) -> String {
    let names = |want: fn(&Outcome) -> bool| -> Vec<&str> {
        outcomes.iter().filter(|(_, o)| want(o)).map(|(n, _)| *n).collect()
    };
    let mut parts = Vec::new();
    let written = names(|o| !matches!(o, Outcome::Unchanged));
    if !written.is_empty() {
        parts.push(format!("wrote {}", written.join(", ")));
    }
    let unchanged = names(|o| matches!(o, Outcome::Unchanged));
    if !unchanged.is_empty() {
        parts.push(format!("unchanged {}", unchanged.join(", ")));
    }
    for (name, outcome) in outcomes {
        if let Outcome::Replaced { backup } = outcome {
            parts.push(format!("your {name} is kept as {backup}"));
        }
    }
    parts.join("; ")
}
