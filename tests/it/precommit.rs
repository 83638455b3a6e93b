//! The pre-commit hook, with the real `pre-commit` tool: a throwaway git
//! repository uses this repository (as it is in the working tree) as its
//! hook source, exactly as the README's snippet says. A dependency change
//! makes the commit fail with the diff; after `containerize init` it passes.
//!
//! pre-commit installs the hook with pip, which builds the binary with
//! maturin; the hook repository's commit is made deterministic and the
//! cargo target folder is shared (with the wheel tests too), so later runs
//! reuse both.

use crate::support::{containerize, copy_example, readme_block, release_target, root, run, skip};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a hook repository needs: the crate and the hook manifest.
const HOOK_FILES: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    "pyproject.toml",
    "README.md",
    ".pre-commit-hooks.yaml",
    "src",
    "templates",
    "data",
];

fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("GIT_AUTHOR_NAME", "containerize tests")
        .env("GIT_AUTHOR_EMAIL", "tests@containerize.invalid")
        .env("GIT_COMMITTER_NAME", "containerize tests")
        .env("GIT_COMMITTER_EMAIL", "tests@containerize.invalid")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    cmd
}

fn ok(cmd: &mut Command) -> String {
    let (ok, out) = run(cmd);
    assert!(ok, "{cmd:?} failed:\n{out}");
    out
}

/// This repository's working tree as a git repository at a deterministic
/// commit (same content, same commit, same pre-commit cache entry).
fn hook_repository(cache: &Path) -> (PathBuf, String) {
    let repo = cache.join("hook-repo");
    let _ = std::fs::remove_dir_all(&repo);
    std::fs::create_dir_all(&repo).unwrap();
    for entry in HOOK_FILES {
        let from = root().join(entry);
        if from.is_dir() {
            crate::support::copy_tree(&from, &repo.join(entry));
        } else {
            std::fs::copy(&from, repo.join(entry)).unwrap();
        }
    }
    ok(git(&repo).args(["init", "-q", "-b", "main"]));
    ok(git(&repo).args(["add", "-A"]));
    ok(git(&repo).args(["commit", "-q", "-m", "hook source"]));
    let sha = ok(git(&repo).args(["rev-parse", "HEAD"])).trim().to_string();
    (repo, sha)
}

fn commit(project: &Path, cache: &Path, message: &str) -> (bool, String) {
    ok(git(project).args(["add", "-A"]));
    run(git(project)
        .args(["commit", "-q", "-m", message])
        .env("PRE_COMMIT_HOME", cache.join("pre-commit"))
        .env("CARGO_TARGET_DIR", release_target())
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1"))
}

/// A git repository at `dir` with this pre-commit config, hooks installed.
fn hooked_repository(dir: &Path, config: &str, cache: &Path) {
    std::fs::write(dir.join(".pre-commit-config.yaml"), config).unwrap();
    ok(git(dir).args(["init", "-q", "-b", "main"]));
    ok(Command::new("pre-commit")
        .arg("install")
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", cache.join("pre-commit")));
}

#[test]
#[ignore = "needs pre-commit, and pip to build the hook (CI runs it with --include-ignored)"]
fn the_hook_fails_on_drift_and_passes_after_init() {
    if which::which("pre-commit").is_err() {
        return skip("pre-commit hook", "pre-commit is not on PATH (pip install pre-commit)");
    }
    // Shared between runs: pre-commit's environments (and, through
    // release_target(), cargo's builds).
    let cache = root().join("target").join("precommit-cache");
    let (repo, sha) = hook_repository(&cache);
    let project = copy_example("flask-app");
    let dir = project.path();
    // The README's snippet, pointed at the local hook repository.
    let snippet = readme_block("### 2. On every commit: pre-commit", "yaml");
    assert!(snippet.contains("https://github.com/OWNER/containerize") && snippet.contains("rev: v0.1.0"));
    let config = snippet
        .replace("https://github.com/OWNER/containerize", &repo.display().to_string())
        .replace("rev: v0.1.0", &format!("rev: {sha}"));
    hooked_repository(dir, &config, &cache);
    let init = containerize().args(["init", "--yes", "--quiet"]).arg(dir).output().unwrap();
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));

    let (passed, out) = commit(dir, &cache, "containerize");
    assert!(passed, "a fresh Dockerfile passes the hook:\n{out}");

    // gunicorn becomes a dependency: the image no longer adds it.
    let requirements = std::fs::read_to_string(dir.join("requirements.txt")).unwrap();
    std::fs::write(dir.join("requirements.txt"), format!("{requirements}gunicorn==27.0.1\n")).unwrap();
    let (passed, out) = commit(dir, &cache, "add gunicorn");
    assert!(!passed, "a dependency change fails the hook:\n{out}");
    assert!(out.contains("Dockerfile is out of date with the project"), "{out}");
    assert!(
        out.contains("-    pip install -r requirements.txt gunicorn==27.0.1"),
        "the diff is shown:\n{out}"
    );

    let init = containerize().args(["init", "--yes", "--quiet"]).arg(dir).output().unwrap();
    assert!(init.status.success());
    let (passed, out) = commit(dir, &cache, "add gunicorn, regenerate");
    assert!(passed, "after init the hook passes:\n{out}");
}

#[test]
#[ignore = "needs pre-commit, and pip to build the hook (CI runs it with --include-ignored)"]
fn a_local_hook_runs_the_installed_binary() {
    if which::which("pre-commit").is_err() {
        return skip("pre-commit local hook", "pre-commit is not on PATH (pip install pre-commit)");
    }
    let cache = root().join("target").join("precommit-cache");
    let snippet = readme_block("<!-- pre-commit: local hook -->", "yaml");
    let hooks = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    let pattern =
        |text: &str, key: &str| text.lines().find_map(|l| l.trim().strip_prefix(key)).map(str::to_string);
    assert_eq!(
        pattern(&snippet, "files: "),
        pattern(&hooks, "files: &relevant "),
        "the README's local hook matches the files the published hooks do"
    );
    let project = copy_example("flask-app");
    let dir = project.path();
    hooked_repository(dir, &snippet, &cache);
    // The binary under test is the "installed" one: first on PATH.
    let bin = Path::new(env!("CARGO_BIN_EXE_containerize")).parent().unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin.to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    let commit = |message: &str| {
        ok(git(dir).args(["add", "-A"]));
        run(git(dir)
            .args(["commit", "-q", "-m", message])
            .env("PRE_COMMIT_HOME", cache.join("pre-commit"))
            .env("PATH", &path))
    };
    let init = containerize().args(["init", "--yes", "--quiet"]).arg(dir).output().unwrap();
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let (passed, out) = commit("containerize");
    assert!(passed, "a fresh Dockerfile passes the local hook:\n{out}");

    std::fs::write(dir.join(".python-version"), "3.13\n").unwrap();
    let (passed, out) = commit("python 3.13");
    assert!(!passed, "a Python version bump fails the local hook:\n{out}");
    assert!(out.contains("-ARG PYTHON_VERSION=3.11") && out.contains("+ARG PYTHON_VERSION=3.13"), "{out}");
}
