//! `containerize completions` and `containerize man`: shell completion
//! scripts and manual pages, generated from the clap definitions in
//! `cli.rs`, so they never disagree with `--help`.
//!
//! The man pages carry the package version alone, not the templates
//! digest of `--version`: a template change does not change the manual.
//! `man/` in the repository holds the pages as `man --dir man` writes
//! them; a test regenerates them and fails when they differ.

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use anyhow::{Context, Result};
use clap::CommandFactory;
use std::io::Write;
use std::process::ExitCode;

pub fn completions(args: &CompletionsArgs) -> Result<ExitCode> {
    let mut out = Vec::new();
    write_completions(args.shell, &mut out);
    std::io::stdout().write_all(&out).context("writing the completion script")?;
    Ok(ExitCode::SUCCESS)
}

/// The completion script for `shell`.
pub fn write_completions(shell: clap_complete::Shell, out: &mut dyn Write) {
    clap_complete::generate(shell, &mut Cli::command(), "containerize", out);
}

pub fn man(args: &ManArgs) -> Result<ExitCode> {
    match &args.dir {
        None => {
            let mut out = Vec::new();
            clap_mangen::Man::new(man_command()).render(&mut out).context("rendering the man page")?;
            std::io::stdout().write_all(&out).context("writing the man page")?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            clap_mangen::generate_to(man_command(), dir)
                .with_context(|| format!("writing man pages into {}", dir.display()))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The command the man pages describe: `--version` without the templates
/// digest, and no `help` subcommand (as `clap_mangen::generate_to` does,
/// so the printed page is the one written to a folder).
pub fn man_command() -> clap::Command {
    Cli::command().version(crate::version::VERSION).disable_help_subcommand(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap_complete::Shell;

    fn script(shell: Shell) -> String {
        let mut out = Vec::new();
        write_completions(shell, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn completions_know_every_command_and_flag() {
        let bash = script(Shell::Bash);
        assert!(bash.contains("_containerize()"), "{bash}");
        for word in ["plan", "init", "build", "check", "doctor", "--no-buildkit", "--smoke-timeout"] {
            assert!(bash.contains(word), "bash completes {word}");
        }
        assert!(script(Shell::Zsh).starts_with("#compdef containerize"));
        let fish = script(Shell::Fish);
        assert!(fish.contains("complete -c containerize") && fish.contains("__fish_containerize"), "{fish}");
    }

    #[test]
    fn the_man_page_is_roff_with_the_plain_version() {
        let mut out = Vec::new();
        clap_mangen::Man::new(man_command()).render(&mut out).unwrap();
        let page = String::from_utf8(out).unwrap();
        let title = format!(".TH containerize 1  \"containerize {}\"", crate::version::VERSION);
        assert!(page.contains(&title), "{page}");
        assert!(page.contains(".SH SUBCOMMANDS") && page.contains("containerize\\-doctor(1)"), "{page}");
        assert!(!page.contains(&crate::version::templates_digest()), "no templates digest in the manual");
    }
}
