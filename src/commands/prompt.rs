//! `init` on a terminal: show the plan, then ask before writing, with a
//! chance to change the port, the command or the Python version first.
//! Never asked when standard input or output is not a terminal (CI,
//! pre-commit, pipes) or with `--yes`.

use crate::cli::ProjectArgs;
use std::io::{BufRead, IsTerminal, Write};

pub enum Answer {
    Write,
    Quit,
    /// Plan again with these overrides.
    Change(ProjectArgs),
}

pub fn interactive(yes: bool) -> bool {
    !yes && std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// Ask once; `args` are the overrides the plan was made with.
pub fn ask(args: &ProjectArgs) -> Answer {
    loop {
        let Some(answer) = read(
            "write Dockerfile and .dockerignore? [Y]es, [n]o, change [p]ort, [c]ommand or Python [v]ersion: ",
        ) else {
            return Answer::Quit;
        };
        let mut changed = args.clone();
        match answer.trim().to_ascii_lowercase().as_str() {
            "" | "y" | "yes" => return Answer::Write,
            "n" | "no" | "q" => return Answer::Quit,
            "p" => match read("port: ").map(|p| p.trim().parse::<u16>()) {
                Some(Ok(port)) if port > 0 => changed.port = Some(port),
                Some(_) => {
                    println!("a port is a number from 1 to 65535");
                    continue;
                }
                None => return Answer::Quit,
            },
            "c" => match read("command (as a shell would split it; $PORT expands at run time): ") {
                Some(command) if !command.trim().is_empty() => {
                    changed.command = Some(command.trim().to_string());
                }
                Some(_) => continue,
                None => return Answer::Quit,
            },
            "v" => match read("Python version (X.Y): ") {
                Some(version) if !version.trim().is_empty() => {
                    changed.python = Some(version.trim().to_string());
                }
                Some(_) => continue,
                None => return Answer::Quit,
            },
            other => {
                println!("`{other}` is not one of y, n, p, c, v");
                continue;
            }
        }
        return Answer::Change(changed);
    }
}

/// A line from standard input; `None` at end of input.
fn read(question: &str) -> Option<String> {
    print!("{question}");
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line),
    }
}
