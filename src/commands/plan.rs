//! `containerize plan`: the decisions and their evidence, for people or
//! (with `--json`) for machines, for one project or several (a monorepo's
//! services, a list of repositories). Writes nothing. The exit status is
//! the worst of the projects'.

use super::Verbosity;
use crate::cli::{PlanArgs, RenderArgs};
use crate::plan::{json, report};
use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(args: &PlanArgs, verbosity: Verbosity) -> Result<ExitCode> {
    let current = [PathBuf::from(".")];
    let paths = if args.project.paths.is_empty() { &current[..] } else { &args.project.paths[..] };
    let mut worst = 0;
    for path in paths {
        let shown = path.display().to_string();
        match super::make_plan_at(&args.project, &RenderArgs::default(), path) {
            // One line per project, the same shape for one path or many.
            Ok((_, _, plan)) if args.json => println!("{}", json::record(&shown, &plan)),
            Ok((_, _, plan)) if paths.len() == 1 => print!("{}", report::full(&plan, verbosity.verbose)),
            Ok((_, _, plan)) => print!("==> {shown}\n{}\n", report::full(&plan, verbosity.verbose)),
            // One project alone: `main` prints the error and picks the exit
            // status, after a script reading stdout has learned why.
            Err(error) if paths.len() == 1 => {
                if args.json {
                    println!("{}", json::error(&shown, &format!("{error:#}"), super::exit_code(&error)));
                }
                return Err(error);
            }
            Err(error) => {
                let code = super::exit_code(&error);
                worst = worst.max(code);
                if args.json {
                    println!("{}", json::error(&shown, &format!("{error:#}"), code));
                }
                eprintln!("==> {shown}\nerror: {error:#}\n");
            }
        }
    }
    Ok(ExitCode::from(worst))
}
