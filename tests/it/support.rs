//! Helpers shared by the test modules: the binary, the examples, and the
//! skip-or-fail rule for tests that need tools from outside.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

macro_rules! example_names {
    ($($test:ident: $name:literal,)*) => {
        /// Every example folder, from `with_examples!`.
        pub const EXAMPLES: &[&str] = &[$($name),*];
    };
}
with_examples!(example_names);

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The cargo target folder shared by every release build the tests make
/// (the wheel, the pre-commit hook, `cargo install`): the dependencies are
/// compiled once, and kept between runs.
pub fn release_target() -> PathBuf {
    root().join("target").join("release-cache")
}

pub fn example_dir(name: &str) -> PathBuf {
    root().join("examples").join(name)
}

/// The containerize binary under test.
pub fn containerize() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("containerize").expect("binary built");
    cmd.env_remove("RUST_BACKTRACE").env("NO_COLOR", "1");
    cmd
}

/// A private copy of an example, without files a previous `init` wrote.
pub fn copy_example(name: &str) -> tempfile::TempDir {
    let dir = tempfile::Builder::new().prefix(&format!("ctz-{name}-")).tempdir().unwrap();
    copy_tree(&example_dir(name), dir.path());
    for generated in ["Dockerfile", ".dockerignore", "Dockerfile.bak"] {
        let _ = std::fs::remove_file(dir.path().join(generated));
    }
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Write files (path, text) under `dir`, creating folders.
pub fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Whether missing tools must fail the test instead of skipping it.
pub fn required() -> bool {
    std::env::var("CONTAINERIZE_REQUIRE_E2E").is_ok_and(|v| v == "1")
}

/// Skip (print why, straight to stderr so the harness does not swallow
/// it) or, under `CONTAINERIZE_REQUIRE_E2E=1`, fail.
pub fn skip(test: &str, reason: &str) {
    if required() {
        panic!("{test}: {reason} (CONTAINERIZE_REQUIRE_E2E=1 turns this skip into a failure)");
    }
    let _ = writeln!(
        std::io::stderr(),
        "skipping {test}: {reason} (set CONTAINERIZE_REQUIRE_E2E=1 to fail instead)"
    );
}

/// Run a command, returning (success, stdout + stderr).
pub fn run(cmd: &mut Command) -> (bool, String) {
    match cmd.output() {
        Ok(out) => {
            let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
            text.push_str(&String::from_utf8_lossy(&out.stderr));
            (out.status.success(), text)
        }
        Err(e) => (false, format!("cannot run {:?}: {e}", cmd.get_program())),
    }
}

/// Render an example with `init --stdout` and split it into
/// (Dockerfile, .dockerignore).
pub fn render(dir: &Path) -> (String, String) {
    let out = containerize().args(["init", "--stdout", "--quiet"]).arg(dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let (_, rest) = text.split_once("# ---- Dockerfile ----\n").unwrap();
    let (dockerfile, dockerignore) = rest.split_once("# ---- .dockerignore ----\n").unwrap();
    (dockerfile.to_string(), dockerignore.to_string())
}

#[test]
fn every_example_is_tested() {
    let mut found: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert_eq!(found, EXAMPLES, "list every folder of examples/ in with_examples! (tests/it/main.rs)");
}

/// Tests that build images on the engine hold this lock. BuildKit merges
/// identical steps of concurrent builds, and the build whose step was
/// merged logs nothing for it, so a test that reads its build log (the
/// end-to-end cache check) fails when another test builds the same example
/// at the same time.
pub fn engine_lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The first ```` ```lang ```` block after the line `heading` (a heading,
/// or an HTML comment that marks a snippet) in README.md: the snippets
/// users copy are the ones the tests run.
pub fn readme_block(heading: &str, lang: &str) -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let (_, section) =
        readme.split_once(&format!("\n{heading}\n")).unwrap_or_else(|| panic!("README: no `{heading}`"));
    let (_, block) = section.split_once(&format!("```{lang}\n")).unwrap();
    block.split_once("```").unwrap().0.to_string()
}
