//! One snapshot per example: the plan as people read it, the plan as
//! JSON, and every rendered file. A snapshot proves the output did not
//! change by accident; that the Dockerfile works is proven by `e2e.rs`.
//!
//! The `.dockerignore` is the same for most projects: it is snapshotted
//! once (`default-dockerignore`), and an example's snapshot holds only how
//! its own differs, as a unified diff.

use crate::support::{containerize, example_dir};
use std::sync::OnceLock;

/// The `.dockerignore` of a project that needs nothing special: an app
/// and its requirements.
fn default_dockerignore() -> &'static str {
    static DEFAULT: OnceLock<String> = OnceLock::new();
    DEFAULT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("requirements.txt"), "flask==3.1.2\n").unwrap();
        std::fs::write(dir.path().join("app.py"), "from flask import Flask\napp = Flask(__name__)\n")
            .unwrap();
        crate::support::render(dir.path()).1
    })
}

#[test]
fn default_dockerignore_snapshot() {
    insta::assert_snapshot!("default-dockerignore", default_dockerignore());
}

/// An example's `.dockerignore` in its snapshot: a pointer to the default,
/// or the diff from it.
fn dockerignore_section(dockerignore: &str) -> String {
    let default = default_dockerignore();
    if dockerignore == default {
        return "(the default: see the default-dockerignore snapshot)\n".to_string();
    }
    let diff = similar::TextDiff::from_lines(default, dockerignore);
    diff.unified_diff().context_radius(2).header("default", "this example").to_string()
}

fn snapshot(name: &str) {
    let dir = example_dir(name);
    let plan = containerize().args(["plan"]).arg(&dir).output().unwrap();
    assert!(plan.status.success(), "{}", String::from_utf8_lossy(&plan.stderr));
    let json = containerize().args(["plan", "--json"]).arg(&dir).output().unwrap();
    assert!(json.status.success(), "{}", String::from_utf8_lossy(&json.stderr));
    // One line of JSON, shown pretty; the path it was given differs per checkout.
    let mut record: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    record["path"] = serde_json::Value::from(format!("examples/{name}"));
    let json = serde_json::to_string_pretty(&record).unwrap();
    let (dockerfile, dockerignore) = crate::support::render(&dir);
    let dockerignore = dockerignore_section(&dockerignore);
    let text = format!(
        "==== containerize plan\n{}\n==== containerize plan --json\n{json}\n==== Dockerfile\n{dockerfile}\n==== .dockerignore\n{dockerignore}",
        String::from_utf8_lossy(&plan.stdout),
    );
    insta::assert_snapshot!(name, text);
}

macro_rules! snapshot_tests {
    ($($test:ident: $name:literal,)*) => {
        $(#[test] fn $test() { snapshot($name); })*
    };
}
with_examples!(snapshot_tests);
