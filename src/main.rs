//! containerize: parse the command line, run the command, print any error
//! chain, and turn the outcome into an exit status (0 success, 1 the
//! project or the generated files need attention, 2 usage or internal
//! error, or the status of a failing engine command). Errors are printed here, never returned from `main`, so no
//! backtrace reaches the user even with RUST_BACKTRACE set.

use clap::Parser;
use containerize::{cli, commands, diagnostics};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(&cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{} {error:#}", diagnostics::paint("error:", diagnostics::Color::Red));
            ExitCode::from(diagnostics::exit_code(&error))
        }
    }
}
