//! Installing containerize the ways the README's Install section shows, for
//! real: the wheel `pip wheel .` builds (maturin from PyPI, as
//! pyproject.toml's build-system says), its contents and metadata; that
//! wheel in a fresh virtual environment, with pipx and with `uv tool
//! install`; `cargo install --path .`; and what `cargo package` ships.
//! Every installed binary must print the same `--version` as the binary
//! under test and plan an example.
//!
//! A release build takes minutes on two cores, so the wheel is built once
//! per run and every Python installer takes that wheel; the cargo builds
//! share [`release_target`] with the pre-commit test. Python tools and
//! installers live in temporary folders (PIP_*, PIPX_*, UV_* variables), never
//! in the user's. Missing python3, pipx or uv: skip, or fail under
//! `CONTAINERIZE_REQUIRE_E2E=1`.

use crate::support::{containerize, example_dir, release_target, root, run, skip};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const VERSION: &str = env!("CARGO_PKG_VERSION");

enum NoWheel {
    /// A tool is missing: skip (or fail under CONTAINERIZE_REQUIRE_E2E=1).
    Skip(String),
    /// The build failed: always a failure.
    Failed(String),
}

/// The wheel built from this repository by `pip wheel`, once per run;
/// `None` after reporting a skip.
fn wheel(test: &str) -> Option<&'static Path> {
    static WHEEL: OnceLock<Result<PathBuf, NoWheel>> = OnceLock::new();
    match WHEEL.get_or_init(build_wheel) {
        Ok(path) => Some(path),
        Err(NoWheel::Skip(reason)) => {
            skip(test, reason);
            None
        }
        Err(NoWheel::Failed(out)) => panic!("`pip wheel .` failed:\n{out}"),
    }
}

fn build_wheel() -> Result<PathBuf, NoWheel> {
    let (has_pip, out) = run(Command::new("python3").args(["-m", "pip", "--version"]));
    if !has_pip {
        return Err(NoWheel::Skip(format!("python3 with pip is needed to build the wheel ({})", out.trim())));
    }
    let dir = release_target().join("wheels");
    let _ = std::fs::remove_dir_all(&dir);
    let (ok, out) = run(Command::new("python3")
        .args(["-m", "pip", "wheel", "--no-deps", "--wheel-dir"])
        .arg(&dir)
        .arg(root())
        .env("CARGO_TARGET_DIR", release_target())
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1"));
    if !ok {
        return Err(NoWheel::Failed(out));
    }
    let found: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    match found.as_slice() {
        [wheel] => Ok(wheel.clone()),
        _ => Err(NoWheel::Failed(format!("one wheel expected in {}, found {found:?}\n{out}", dir.display()))),
    }
}

/// The installed `bin` prints the version of the binary under test and
/// plans an example.
fn assert_works(bin: &Path) {
    let expected = containerize().arg("--version").output().unwrap();
    let (ok, out) = run(Command::new(bin).arg("--version"));
    assert!(ok, "{}: {out}", bin.display());
    assert_eq!(out, String::from_utf8(expected.stdout).unwrap(), "{} --version", bin.display());
    let (ok, out) =
        run(Command::new(bin).args(["plan", "--quiet"]).arg(example_dir("flask-app")).env("NO_COLOR", "1"));
    assert!(ok && out.contains("server:application"), "{} plan examples/flask-app:\n{out}", bin.display());
}

/// The names in the wheel and its METADATA, read by Python's zipfile.
fn wheel_contents(wheel: &Path) -> (Vec<String>, String) {
    let script = "import json, sys, zipfile\n\
                  z = zipfile.ZipFile(sys.argv[1])\n\
                  meta = [n for n in z.namelist() if n.endswith('.dist-info/METADATA')]\n\
                  print(json.dumps([z.namelist(), z.read(meta[0]).decode()]))\n";
    let out = Command::new("python3").args(["-c", script]).arg(wheel).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
#[ignore = "builds a release wheel with python3, pip and maturin from PyPI (CI runs it with --include-ignored)"]
fn the_wheel_holds_the_executable_and_its_metadata() {
    let Some(wheel) = wheel("the wheel's contents") else { return };
    let name = wheel.file_name().unwrap().to_string_lossy();
    assert!(name.starts_with(&format!("containerize-{VERSION}-py3-none-")), "{name}");
    let (mut names, metadata) = wheel_contents(wheel);
    // maturin 1.10+ adds a CycloneDX SBOM of the compiled crates (PEP 770):
    // metadata too, and worth keeping.
    names.retain(|n| !n.starts_with(&format!("containerize-{VERSION}.dist-info/sboms/")));
    names.sort();
    let expected: Vec<String> = [
        format!("containerize-{VERSION}.data/scripts/containerize"),
        format!("containerize-{VERSION}.dist-info/METADATA"),
        format!("containerize-{VERSION}.dist-info/RECORD"),
        format!("containerize-{VERSION}.dist-info/WHEEL"),
    ]
    .into();
    assert_eq!(names, expected, "the executable and its metadata, nothing else");
    for line in [
        "Name: containerize".to_string(),
        format!("Version: {VERSION}"),
        "License-Expression: MIT OR Apache-2.0".to_string(),
        "Summary: Turn a Python project into a production-grade container image with no configuration"
            .to_string(),
        "Classifier: Environment :: Console".to_string(),
        "Classifier: Programming Language :: Rust".to_string(),
        "Requires-Python: >=3.9".to_string(),
        "Description-Content-Type: text/markdown; charset=UTF-8; variant=GFM".to_string(),
    ] {
        assert!(metadata.lines().any(|l| l == line), "METADATA lacks `{line}`:\n{metadata}");
    }
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(metadata.contains(readme.lines().nth(2).unwrap()), "the README is the long description");
    eprintln!("wheel {name}: {} bytes", std::fs::metadata(wheel).unwrap().len());
}

#[test]
#[ignore = "builds a release wheel with python3, pip and maturin from PyPI (CI runs it with --include-ignored)"]
fn the_wheel_installs_into_a_fresh_virtual_environment() {
    let Some(wheel) = wheel("pip install of the wheel") else { return };
    let temp = tempfile::tempdir().unwrap();
    let venv = temp.path().join("venv");
    let (ok, out) = run(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    assert!(ok, "python3 -m venv: {out}");
    let (ok, out) = run(Command::new(venv.join("bin/python"))
        .args(["-m", "pip", "install", "--no-index", "--disable-pip-version-check"])
        .arg(wheel));
    assert!(ok, "pip install {}: {out}", wheel.display());
    assert_works(&venv.join("bin/containerize"));
}

#[test]
#[ignore = "needs pipx and a release wheel built with maturin from PyPI (CI runs it with --include-ignored)"]
fn pipx_installs_the_wheel() {
    if which::which("pipx").is_err() {
        return skip("pipx install", "pipx is not on PATH (pip install pipx)");
    }
    let Some(wheel) = wheel("pipx install") else { return };
    let temp = tempfile::tempdir().unwrap();
    let (ok, out) = run(Command::new("pipx")
        .arg("install")
        .arg(wheel)
        .env("PIPX_HOME", temp.path().join("home"))
        .env("PIPX_BIN_DIR", temp.path().join("bin"))
        .env("PIPX_MAN_DIR", temp.path().join("man"))
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1"));
    assert!(ok, "pipx install {}: {out}", wheel.display());
    assert_works(&temp.path().join("bin/containerize"));
}

#[test]
#[ignore = "needs uv and a release wheel built with maturin from PyPI (CI runs it with --include-ignored)"]
fn uv_tool_installs_the_wheel_offline() {
    if which::which("uv").is_err() {
        return skip("uv tool install", "uv is not on PATH (pip install uv)");
    }
    let Some(wheel) = wheel("uv tool install") else { return };
    let temp = tempfile::tempdir().unwrap();
    let uv = |args: &[&str]| {
        let mut cmd = Command::new("uv");
        cmd.args(args)
            .arg(wheel)
            .env("UV_TOOL_DIR", temp.path().join("tools"))
            .env("UV_TOOL_BIN_DIR", temp.path().join("bin"))
            .env("UV_CACHE_DIR", temp.path().join("cache"))
            .env("UV_PYTHON_DOWNLOADS", "never")
            .env("UV_NO_CONFIG", "1");
        cmd
    };
    let (ok, out) = run(&mut uv(&["tool", "install", "--offline"]));
    assert!(ok, "uv tool install --offline {}: {out}", wheel.display());
    assert_works(&temp.path().join("bin/containerize"));

    // uvx: run it without installing.
    let (ok, out) = run(uv(&["tool", "run", "--offline", "--from"]).arg("containerize").arg("--version"));
    assert!(ok && out.starts_with(&format!("containerize {VERSION} (templates ")), "uvx: {out}");
}

#[test]
#[ignore = "a release build, minutes on two cores (CI runs it with --include-ignored)"]
fn cargo_install_from_the_repository() {
    let temp = tempfile::tempdir().unwrap();
    let (ok, out) = run(Command::new(env!("CARGO"))
        .args(["install", "--locked", "--quiet", "--path"])
        .arg(root())
        .arg("--root")
        .arg(temp.path())
        .env("CARGO_TARGET_DIR", release_target()));
    assert!(ok, "cargo install --path .: {out}");
    assert_works(&temp.path().join("bin/containerize"));
}

#[test]
fn the_crate_ships_templates_and_data_but_no_examples_or_tests() {
    let out = Command::new(env!("CARGO"))
        .args(["package", "--list", "--allow-dirty", "--locked", "--offline", "--manifest-path"])
        .arg(root().join("Cargo.toml"))
        .output()
        .unwrap();
    assert!(out.status.success(), "cargo package --list: {}", String::from_utf8_lossy(&out.stderr));
    let out = String::from_utf8(out.stdout).unwrap();
    let files: Vec<&str> = out.lines().collect();
    for needed in [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        "src/main.rs",
        "templates/Dockerfile.j2",
        "data/python.toml",
    ] {
        assert!(files.contains(&needed), "the crate lacks {needed}:\n{out}");
    }
    let stray: Vec<&&str> = files
        .iter()
        .filter(|f| {
            ["examples/", "tests/", "man/", "bench/", "fuzz/", "target/", ".ci/"]
                .iter()
                .any(|d| f.starts_with(d))
        })
        .collect();
    assert!(stray.is_empty(), "the crate ships {stray:?}");
}
