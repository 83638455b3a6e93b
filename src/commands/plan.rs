//! `containerize plan`: the decisions and their evidence, for people or
//! (with `--json`) for machines, for one project or several (a monorepo's
//! services, a list of repositories). Writes nothing. The exit status is
//! the worst of the projects'.

use super::Verbosity;
use crate::cli::{PlanArgs, RenderArgs};
use crate::plan::{json, report};
use anyhow::Result;
use serde_json::json;
use std::process::ExitCode;

pub fn run(args: &PlanArgs, verbosity: Verbosity) -> Result<ExitCode> {
    let paths = &args.project.paths;
    if paths.len() <= 1 {
        let (_, _, plan) = match super::make_plan(&args.project, &RenderArgs::default()) {
            Ok(made) => made,
            // A script reading stdout learns why, in the same shape as a
            // failing project among several; stderr still says it.
            Err(error) if args.json => {
                let code = super::exit_code(&error);
                let shown = paths.first().map_or_else(|| ".".to_string(), |p| p.display().to_string());
                println!(
                    "{}",
                    serde_json::to_string_pretty(&json::error(&shown, &format!("{error:#}"), code))?
                );
                return Err(error);
            }
            Err(error) => return Err(error),
        };
        if args.json {
            println!("{}", serde_json::to_string_pretty(&json::to_json(&plan))?);
        } else {
            print!("{}", report::full(&plan, verbosity.verbose));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut worst = 0;
    let mut results = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        match super::make_plan_at(&args.project, &RenderArgs::default(), path) {
            Ok((_, _, plan)) if args.json => {
                results.push(json!({ "path": shown, "plan": json::to_json(&plan) }));
            }
            Ok((_, _, plan)) => print!("==> {shown}\n{}\n", report::full(&plan, verbosity.verbose)),
            Err(error) => {
                let code = super::exit_code(&error);
                worst = worst.max(code);
                if args.json {
                    results.push(json::error(&shown, &format!("{error:#}"), code));
                } else {
                    eprintln!("==> {shown}\nerror: {error:#}\n");
                }
            }
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&results)?);
    }
    Ok(ExitCode::from(worst))
}
