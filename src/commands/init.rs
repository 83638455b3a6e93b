//! `containerize init`: write the Dockerfile and .dockerignore (or print
//! them with `--stdout`), never replacing a file the user wrote by hand
//! unless `--force`; with `--build`, then build the image (`build.rs`).

use super::{Verbosity, prompt};
use crate::cli::{EngineArgs, InitArgs};
use crate::diagnostics::print_warnings;
use crate::engine::reference::image_name;
use crate::output::{self, Outcome};
use crate::plan::report;
use anyhow::{Result, bail};
use std::process::ExitCode;

pub fn run(args: &InitArgs, verbosity: Verbosity) -> Result<ExitCode> {
    if !args.build {
        refuse_build_options(&args.engine)?;
    }
    let quiet = verbosity.quiet;
    let interactive = prompt::interactive(args.yes) && !args.stdout;
    let mut overrides = args.project.clone();
    // The overrides of the last plan that worked, to fall back on when an
    // answer on the terminal does not.
    let mut last_good: Option<crate::cli::ProjectArgs> = None;
    let (project, settings, plan) = loop {
        let planned = super::make_plan(&overrides);
        if !interactive {
            break planned?;
        }
        let (project, settings, plan) = match (planned, &last_good) {
            (Ok(planned), _) => planned,
            (Err(error), Some(good)) => {
                eprintln!("error: {error:#}");
                overrides = good.clone();
                continue;
            }
            (Err(error), None) => return Err(error),
        };
        last_good = Some(overrides.clone());
        print!("{}", if verbosity.verbose { report::full(&plan, true) } else { report::summary(&plan) });
        print_warnings(&plan.warnings, quiet);
        match prompt::ask(&overrides) {
            prompt::Answer::Write => break (project, settings, plan),
            prompt::Answer::Quit => {
                println!("nothing written");
                return Ok(ExitCode::SUCCESS);
            }
            prompt::Answer::Change(changed) => overrides = changed,
        }
    };
    let files = super::render_files(&plan, &settings, args.no_buildkit)?;
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
    if !interactive {
        print!("{}", if verbosity.verbose { report::full(&plan, true) } else { report::summary(&plan) });
        print_warnings(&plan.warnings, quiet);
    }
    println!("{}", describe(&outcomes));
    if args.build {
        return super::build::after_init(&args.engine, &project, &plan, args.no_buildkit);
    }
    let tag = image_name(&plan.name);
    let publish = plan.port.value.map(|port| format!("-p {port}:{port} ")).unwrap_or_default();
    // `-e NAME` passes the variable from the caller's environment: the
    // value never lands in the command line or the shell's history.
    let env: String = plan.required_env.iter().map(|name| format!("-e {name} ")).collect();
    println!("next: {} && docker run {publish}{env}{tag}", report::build_command(&plan, &tag));
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
