//! `containerize init`: write the Dockerfile and .dockerignore (or print
//! them with `--stdout`), never replacing a file the user wrote by hand
//! unless `--force`; with `--build`, then build the image (`image.rs`).

use super::image::{self, Request};
use super::{Verbosity, prompt};
use crate::cli::{InitArgs, ProjectArgs, RenderArgs};
use crate::diagnostics::print_warnings;
use crate::engine::reference::image_name;
use crate::output;
use crate::output::persist::Choice;
use crate::plan::report;
use crate::settings::engine::EngineSettings;
use anyhow::Result;
use std::process::ExitCode;

pub fn run(args: &InitArgs, verbosity: Verbosity) -> Result<ExitCode> {
    let InitArgs { project, stdout, yes, force, render, build, engine } = args;
    // Build options typed without `--build` are refused, not ignored.
    let engine = EngineSettings::resolve(engine, *build)?;
    let quiet = verbosity.quiet;
    let interactive = prompt::interactive(*yes) && !stdout;
    let mut overrides = project.clone();
    // The overrides of the last plan that worked, to fall back on when an
    // answer on the terminal does not.
    let mut last_good: Option<crate::cli::ProjectArgs> = None;
    let (project, settings, plan) = loop {
        let planned = super::make_plan(&overrides, render);
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
    // Keep every choice a flag or the prompt made where `check` reads it,
    // then plan from that configuration alone: the files written are the
    // ones the next `check` expects.
    let choices = choices(&overrides, render, project.root());
    let (project, settings, plan) = match (*stdout, choices.is_empty()) {
        (false, false) => {
            if let Some(saved) = output::persist::save(project.root(), &choices)? {
                println!("{saved}");
            }
            let configured = ProjectArgs { paths: overrides.paths.clone(), ..ProjectArgs::default() };
            super::make_plan(&configured, &RenderArgs::default())?
        }
        _ => (project, settings, plan),
    };
    let files = super::files::render(&plan, &settings)?;
    if *stdout {
        eprint!("{}", report::summary(&plan));
        print_warnings(&plan.warnings, quiet);
        for file in &files {
            println!("# ---- {} ----", file.name);
            print!("{}", file.content);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let outcomes = output::write_all(project.root(), &files, *force)?;
    if !interactive {
        // --quiet: only what was written (and the warnings, as ever).
        if !quiet {
            print!("{}", if verbosity.verbose { report::full(&plan, true) } else { report::summary(&plan) });
        }
        print_warnings(&plan.warnings, quiet);
    }
    println!("{}", super::files::describe(&outcomes));
    if *build {
        let request = Request::new(engine, &project, &plan, settings.legacy_builder());
        return image::after_init(&request, &project, &plan);
    }
    // The engine the user has: docker, else podman (docker when neither is
    // installed yet).
    let kind = crate::engine::find(engine.kind).map_or(crate::engine::Kind::Docker, |(kind, _)| kind);
    let program = kind.program();
    let tag = image_name(&plan.name);
    let publish = plan.port.value.map(|port| format!("-p {port}:{port} ")).unwrap_or_default();
    // `-e NAME` passes the variable from the caller's environment: the
    // value never lands in the command line or the shell's history.
    let env: String = plan.required_env.iter().flat_map(|name| ["-e ", name, " "]).collect();
    if quiet {
        return Ok(ExitCode::SUCCESS);
    }
    // The build context is the folder the user named, from where they are.
    let context = args.project.paths.first().map_or_else(|| ".".to_string(), |p| p.display().to_string());
    let newer: Vec<&str> = plan.engine.value.features.iter().map(|f| f.syntax()).collect();
    if kind == crate::engine::Kind::Podman && !newer.is_empty() {
        println!(
            "note: podman's Buildah does not accept {}: `containerize init --engine-version 20.10` renders a file it builds",
            newer.join(" or ")
        );
    }
    println!(
        "next: {} && {program} run {publish}{env}{tag}",
        report::build_command(&plan, program, &tag, &context)
    );
    Ok(ExitCode::SUCCESS)
}

/// The settings the flags (and the prompt's answers) chose, as the
/// configuration spells them.
fn choices(args: &ProjectArgs, render: &RenderArgs, root: &std::path::Path) -> Vec<Choice> {
    let ProjectArgs { paths: _, python, port, app, command, base_image, manager, templates } = args;
    let text = |key, value: &Option<String>| value.as_ref().map(|v| Choice::Text(key, v.clone()));
    [
        text("python", python),
        port.map(|p| Choice::Integer("port", i64::from(p))),
        text("app", app),
        text("command", command),
        text("base-image", base_image),
        text("manager", manager),
        // The configuration names it from the project root.
        templates.as_ref().map(|t| {
            let absolute = std::fs::canonicalize(t).unwrap_or_else(|_| t.clone());
            let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
            let shown = absolute.strip_prefix(&root).map_or(absolute.clone(), std::path::Path::to_path_buf);
            Choice::Text("templates", shown.display().to_string())
        }),
        render.no_buildkit.then_some(Choice::Flag("buildkit", false)),
        render.engine_version.map(|v| Choice::Text("engine", v.to_string())),
    ]
    .into_iter()
    .flatten()
    .collect()
}
