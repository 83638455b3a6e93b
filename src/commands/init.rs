//! `containerize init`: write the Dockerfile and .dockerignore (or print
//! them with `--stdout`), never replacing a file the user wrote by hand
//! unless `--force`.

use crate::cli::InitArgs;
use crate::diagnostics::print_warnings;
use crate::output::{self, FileOut, Outcome};
use crate::plan::report;
use crate::render;
use anyhow::Result;
use std::process::ExitCode;

pub fn run(args: &InitArgs, quiet: bool) -> Result<ExitCode> {
    let (project, settings, plan) = super::make_plan(&args.project)?;
    let rendered = render::render(&plan, settings.templates.as_deref())?;
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
    let tag = image_name(&plan.name);
    let port = plan.port.value;
    println!("next: {} && docker run -p {port}:{port} {tag}", report::build_command(&plan, &tag));
    Ok(ExitCode::SUCCESS)
}

/// `wrote Dockerfile, .dockerignore` / `unchanged …` / `kept … as …`.
fn describe(outcomes: &[(&str, Outcome)]) -> String {
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

/// A valid image name: lowercase, `[a-z0-9._-]`, no leading separator.
pub fn image_name(name: &str) -> String {
    let mut out: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '-' })
        .collect();
    out = out.trim_matches(|c: char| !c.is_ascii_alphanumeric()).to_string();
    if out.is_empty() { "app".to_string() } else { out }
}
