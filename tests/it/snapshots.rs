//! One snapshot per example: the plan as people read it, the plan as
//! JSON, and every rendered file. A snapshot proves the output did not
//! change by accident; that the Dockerfile works is proven by `e2e.rs`.

use crate::support::{containerize, example_dir};

fn snapshot(name: &str) {
    let dir = example_dir(name);
    let plan = containerize().args(["plan"]).arg(&dir).output().unwrap();
    assert!(plan.status.success(), "{}", String::from_utf8_lossy(&plan.stderr));
    let json = containerize().args(["plan", "--json"]).arg(&dir).output().unwrap();
    assert!(json.status.success(), "{}", String::from_utf8_lossy(&json.stderr));
    let (dockerfile, dockerignore) = crate::support::render(&dir);
    let text = format!(
        "==== containerize plan\n{}\n==== containerize plan --json\n{}\n==== Dockerfile\n{dockerfile}\n==== .dockerignore\n{dockerignore}",
        String::from_utf8_lossy(&plan.stdout),
        String::from_utf8_lossy(&json.stdout),
    );
    insta::assert_snapshot!(name, text);
}

macro_rules! snapshot_tests {
    ($($test:ident: $name:literal,)*) => {
        $(#[test] fn $test() { snapshot($name); })*
    };
}
with_examples!(snapshot_tests);
