//! `containerize plan`: the decisions and their evidence, for people or
//! (with `--json`) for machines. Writes nothing.

use crate::cli::PlanArgs;
use crate::plan::{json, report};
use anyhow::Result;
use std::process::ExitCode;

pub fn run(args: &PlanArgs, _quiet: bool) -> Result<ExitCode> {
    let (_, _, plan) = super::make_plan(&args.project)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&json::to_json(&plan))?);
    } else {
        print!("{}", report::full(&plan));
    }
    Ok(ExitCode::SUCCESS)
}
