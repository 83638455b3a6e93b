//! pyproject.toml (with [tool.containerize]), the four lockfile formats,
//! the Pipfile and the Procfile on arbitrary text. The first byte picks the
//! reader so that one corpus explores all of them. What the readers found
//! then goes through the sinks it reaches in the image: a Procfile's words
//! must quote into one shell word each that reads back the same, the files
//! pyproject.toml names must be `.dockerignore` lines that match only
//! themselves (or be refused), and any text shown on a terminal must carry
//! no control character.
#![no_main]

use containerize::detect::{lockfiles, pipfile, procfile, pyproject};
use containerize::dockerignore::Matcher;
use containerize::shell;
use containerize::sinks::{ignore, terminal};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The binary's own panic hook, in front of libFuzzer's: a panic the pep508
    // door reports as an error is how the tool behaves, not a crash.
    containerize::detect::pep508::quiet_panics_inside_the_parser();
    let Some((which, rest)) = data.split_first() else { return };
    let Ok(text) = containerize::text::decode_plain(rest) else { return };
    let deps = ["flask".to_string()];
    match which % 7 {
        0 => {
            if let Ok(facts) = pyproject::parse(&text, "pyproject.toml") {
                for path in &facts.referenced_files {
                    if let Ok(line) = ignore::Literal::new(path) {
                        assert!(Matcher::parse(&format!("{line}\n")).is_excluded(path), "{line} / {path:?}");
                        assert!(!line.as_str().contains('\n') && !line.as_str().starts_with('!'));
                    }
                }
            }
        }
        1 => drop(lockfiles::parse(containerize::manager::Manager::Uv, &text, &deps)),
        2 => drop(lockfiles::parse(containerize::manager::Manager::Poetry, &text, &deps)),
        3 => drop(lockfiles::parse(containerize::manager::Manager::Pdm, &text, &deps)),
        4 => drop(lockfiles::parse(containerize::manager::Manager::Pipenv, &text, &deps)),
        5 => drop(pipfile::parse(&text)),
        _ => match procfile::parse(&text) {
            Ok(facts) => {
                for process in &facts.processes {
                    for word in &process.words {
                        let quoted = word.quoted();
                        assert_eq!(shell::split(&quoted), Some(vec![word.clone()]), "{quoted}");
                    }
                }
            }
            Err(error) => {
                let shown = format!("{error:#}");
                let shown = terminal::clean(&shown);
                assert!(shown.chars().all(|c| !c.is_control() || c == '\n' || c == '\t'));
            }
        },
    }
});
