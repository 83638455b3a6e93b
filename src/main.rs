//! containerize: parse the command line, run the command, print any error
//! chain, and turn the outcome into an exit status (0 success, 1 the
//! project or the generated files need attention, 2 usage or internal
//! error, or the status of a failing engine command). Errors are printed
//! here, never returned from `main`, so no backtrace reaches the user even
//! with RUST_BACKTRACE set.
//!
//! The command runs on a thread with a large stack: the parsers (Python,
//! TOML) recurse, and a hostile repository's deeply nested file must not
//! overflow the main thread's stack. The stack is reserved, not committed.

use clap::Parser;
use containerize::{cli, commands, diagnostics};
use std::process::ExitCode;

const STACK: usize = 512 * 1024 * 1024;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    containerize::detect::pep508::quiet_panics_inside_the_parser();
    let worker = std::thread::Builder::new().name("containerize".into()).stack_size(STACK).spawn(move || {
        match commands::run(&cli) {
            Ok(code) => code,
            Err(error) => {
                eprintln!("{} {error:#}", diagnostics::paint("error:", diagnostics::Color::Red));
                ExitCode::from(diagnostics::exit_code(&error))
            }
        }
    });
    match worker.map(|handle| handle.join()) {
        Ok(Ok(code)) => code,
        // A panic already printed its message; it is a bug in containerize.
        _ => {
            eprintln!("error: containerize failed unexpectedly; please report this with the command you ran");
            ExitCode::from(2)
        }
    }
}
