//! What is generated from the clap definitions: the man pages committed
//! in `man/` (regenerated here and compared, so a help text edited in
//! `src/cli.rs` without regenerating them fails), and the completion
//! scripts.

use crate::support::{containerize, root};
use std::collections::BTreeMap;
use std::path::Path;

fn pages(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).unwrap()))
        .collect()
}

#[test]
fn the_committed_man_pages_are_up_to_date() {
    let fresh = tempfile::tempdir().unwrap();
    containerize().args(["man", "--dir"]).arg(fresh.path()).assert().success();
    let fresh = pages(fresh.path());
    let committed = pages(&root().join("man"));
    let names = |pages: &BTreeMap<String, String>| pages.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&fresh),
        "man/ is stale: `cargo run -- man --dir man` regenerates it"
    );
    for (name, text) in &fresh {
        assert!(committed[name] == *text, "man/{name} is stale: `cargo run -- man --dir man` regenerates it");
    }
    let printed = containerize().arg("man").output().unwrap();
    assert_eq!(
        String::from_utf8(printed.stdout).unwrap(),
        fresh["containerize.1"],
        "`man` prints the main page"
    );
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _containerize"),
        ("zsh", "#compdef containerize"),
        ("fish", "complete -c containerize"),
    ] {
        let out = containerize().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("doctor"), "{shell} completes the subcommands");
    }
    containerize().args(["completions", "tcsh"]).assert().code(2);
}
