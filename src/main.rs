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
//!
//! A reader that stops early (`containerize plan A B | head -1`) is not an
//! error: a write to a closed stdout ends the run quietly with status 0,
//! the way ripgrep does, or with the verdict a command already reached
//! (`check` found drift: 1). `println!` panics on such a write, so the panic
//! hook recognises that one panic; a write that returns the error instead
//! is recognised in the error chain. SIGPIPE stays ignored (Rust's default)
//! so that an engine that closes its stdin early is an error we report,
//! not a silent death.

use clap::Parser;
use containerize::{cli, commands, diagnostics};
use std::process::ExitCode;

const STACK: usize = 512 * 1024 * 1024;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    exit_quietly_on_a_closed_stdout();
    containerize::detect::pep508::quiet_panics_inside_the_parser();
    let worker = std::thread::Builder::new().name("containerize".into()).stack_size(STACK).spawn(move || {
        match commands::run(&cli) {
            Ok(code) => code,
            Err(error) if is_broken_pipe(&error) => ExitCode::from(diagnostics::closed_stdout_status()),
            Err(error) => {
                let message = format!("{error:#}");
                let message = containerize::sinks::terminal::clean(&message);
                eprintln!("{} {message}", diagnostics::paint("error:", diagnostics::Color::Red));
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

/// Whether the error is a write to a pipe whose reader has gone.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// `println!` and `eprintln!` panic when their stream is a closed pipe;
/// that panic ends the process quietly, with the status a command has
/// already decided (0 unless `check` found a problem). Any other failed
/// write to either stream (a full disk) is an error that says so, exit 2.
/// Every other panic goes on to the hook that was installed before.
fn exit_quietly_on_a_closed_stdout() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        let printing = message.starts_with("failed printing to stdout")
            || message.starts_with("failed printing to stderr");
        if printing && message.contains("Broken pipe") {
            std::process::exit(i32::from(diagnostics::closed_stdout_status()));
        }
        // A full disk or `/dev/full`: the output is lost, which is no bug
        // of ours; say so plainly (stderr may be full too) and fail.
        if printing {
            use std::io::Write;
            let stream = message.strip_prefix("failed printing to ").unwrap_or(message);
            let _ = writeln!(std::io::stderr(), "error: could not write to {stream}");
            std::process::exit(2);
        }
        previous(info);
    }));
}
