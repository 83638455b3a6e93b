//! `containerize check`: render in memory, compare with the files on disk.
//! Exit 0 when every project's files match, 1 when one drifted, was edited
//! by hand or is missing (2 for usage errors). Several projects are checked
//! in one run, each reported, with the worst status as the exit status.
//! Output for people (with diffs), JSON, or GitHub annotations.

use super::Verbosity;
use crate::cli::{CheckArgs, Format};
use crate::output::check::{self, FileCheck};
use anyhow::Result;
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

struct Report {
    path: String,
    files: Vec<FileCheck>,
    error: Option<(String, u8)>,
    /// Found below the folder that was given (a monorepo's project).
    below: bool,
}

impl Report {
    fn exit(&self) -> u8 {
        match &self.error {
            Some((_, code)) => *code,
            None => u8::from(self.files.iter().any(|f| f.status.needs_attention())),
        }
    }
}

pub fn run(args: &CheckArgs, verbosity: Verbosity) -> Result<ExitCode> {
    let format = if args.json { Format::Json } else { args.format };
    let paths: Vec<&Path> = match args.project.paths.as_slice() {
        [] => vec![Path::new(".")],
        paths => paths.iter().map(|p| p.as_path()).collect(),
    };
    let reports: Vec<Report> = paths
        .iter()
        .flat_map(|path| {
            let report = check_one(args, path);
            match (&report.error, paths.len()) {
                (Some(_), 1) => generated_below(args, path).unwrap_or_else(|| vec![report]),
                _ => vec![report],
            }
        })
        .collect();
    let worst = reports.iter().map(Report::exit).max().unwrap_or(0);
    // `check | head` must still fail on drift when head stops reading.
    crate::diagnostics::exit_status_if_stdout_closes(worst);
    match format {
        Format::Text => print_text(&reports, verbosity),
        Format::Json => print_json(&reports, worst)?,
        Format::Github => print_github(&reports),
    }
    Ok(ExitCode::from(worst))
}

/// A monorepo's root, checked alone (the pre-commit hook runs `check` at
/// the repository's root): the projects in its folders whose Dockerfile
/// containerize generated, each checked. `None` when there are none.
fn generated_below(args: &CheckArgs, path: &Path) -> Option<Vec<Report>> {
    let project = crate::project::Project::open(path).ok()?;
    let walked = project.python_sources(crate::detect::sources::NOT_CANDIDATE_DIRS);
    let ours = |dir: &String| {
        std::fs::read_to_string(path.join(dir).join("Dockerfile"))
            .is_ok_and(|text| crate::output::is_generated(&text))
    };
    let reports: Vec<Report> = walked
        .project_dirs
        .iter()
        .filter(|dir| ours(dir))
        .map(|dir| {
            let mut report = check_one(args, &path.join(dir));
            if path == Path::new(".") {
                report.path.clone_from(dir);
            }
            report.below = true;
            report
        })
        .collect();
    (!reports.is_empty()).then_some(reports)
}

fn check_one(args: &CheckArgs, path: &Path) -> Report {
    let shown = path.display().to_string();
    let result =
        super::make_plan_at(&args.project, &args.render, path).and_then(|(project, settings, plan)| {
            let files = super::files::render(&plan, &settings)?;
            Ok(check::compare(project.root(), &files))
        });
    match result {
        Ok(files) => Report { path: shown, files, error: None, below: false },
        Err(error) => {
            let code = super::exit_code(&error);
            Report { path: shown, files: Vec::new(), error: Some((format!("{error:#}"), code)), below: false }
        }
    }
}

fn print_text(reports: &[Report], verbosity: Verbosity) {
    let several = reports.len() > 1 || reports.iter().any(|r| r.below);
    for report in reports {
        if several {
            println!("==> {}", report.path);
        }
        if let Some((error, _)) = &report.error {
            eprintln!("error: {error}");
            continue;
        }
        for file in &report.files {
            let quiet_ok = verbosity.quiet && !file.status.needs_attention();
            if !quiet_ok {
                println!("{}", file.message);
            }
            if let Some(diff) = &file.diff {
                print!("{}", crate::diagnostics::paint_diff(diff));
            }
        }
    }
}

fn print_json(reports: &[Report], worst: u8) -> Result<()> {
    let projects: Vec<_> = reports
        .iter()
        .map(|r| match &r.error {
            Some((error, code)) => json!({ "path": r.path, "exit": code, "error": error, "files": [] }),
            None => json!({ "path": r.path, "exit": r.exit(), "files": r.files }),
        })
        .collect();
    println!("{}", serde_json::to_string_pretty(&json!({ "ok": worst == 0, "projects": projects }))?);
    Ok(())
}

/// `::error file=…,title=…::message` lines; GitHub shows them on the files.
fn print_github(reports: &[Report]) {
    for report in reports {
        if let Some((error, _)) = &report.error {
            println!(
                "::error file={},title=containerize check::{}",
                crate::sinks::github::property(&report.path),
                crate::sinks::github::data(error)
            );
            continue;
        }
        for file in report.files.iter().filter(|f| f.status.needs_attention()) {
            let path = match report.path.trim_start_matches("./").trim_end_matches('/') {
                "" | "." => file.name.to_string(),
                folder => format!("{folder}/{}", file.name),
            };
            let line = file.line.map_or_else(String::new, |n| format!(",line={n}"));
            println!(
                "::error file={}{line},title=containerize check::{}",
                crate::sinks::github::property(&path),
                crate::sinks::github::data(&file.message)
            );
        }
    }
}
