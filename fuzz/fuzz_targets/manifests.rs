//! pyproject.toml (with [tool.containerize]), the four lockfile formats,
//! the Pipfile and the Procfile on arbitrary text. The first byte picks the
//! reader so that one corpus explores all of them.
#![no_main]

use containerize::detect::{lockfiles, pipfile, procfile, pyproject};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The binary's own panic hook, in front of libFuzzer's: a panic the pep508
    // door reports as an error is how the tool behaves, not a crash.
    containerize::detect::pep508::quiet_panics_inside_the_parser();
    let Some((which, rest)) = data.split_first() else { return };
    let Ok(text) = containerize::text::decode_plain(rest) else { return };
    let deps = ["flask".to_string()];
    match which % 7 {
        0 => drop(pyproject::parse(&text, "pyproject.toml")),
        1 => drop(lockfiles::parse(lockfiles::LockKind::Uv, &text, &deps)),
        2 => drop(lockfiles::parse(lockfiles::LockKind::Poetry, &text, &deps)),
        3 => drop(lockfiles::parse(lockfiles::LockKind::Pdm, &text, &deps)),
        4 => drop(lockfiles::parse(lockfiles::LockKind::Pipenv, &text, &deps)),
        5 => drop(pipfile::parse(&text)),
        _ => drop(procfile::parse(&text)),
    }
});
