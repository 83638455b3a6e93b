//! `containerize doctor` against fake engines (see `command_lines.rs`):
//! what it reports and its exit status, 0 only when the engine `build`
//! would use can build the Dockerfiles containerize writes.

use crate::support::{containerize, fake_engine};
use std::path::Path;

fn doctor(path: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = containerize()
        .arg("doctor")
        .args(args)
        .env("PATH", path)
        .env_remove("CONTAINERIZE_ENGINE")
        .env_remove("DOCKER_BUILDKIT")
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn a_docker_with_buildx_is_ready() {
    let fake = fake_engine("docker", "28.0.4", true);
    let (code, out) = doctor(fake.dir.path(), &[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.starts_with(&format!("containerize {}", env!("CARGO_PKG_VERSION"))), "{out}");
    assert!(out.contains("docker    28.0.4 ("), "{out}");
    assert!(out.contains("builds with BuildKit; buildx v0.12.1"), "{out}");
    assert!(out.contains("podman    not found on PATH"), "{out}");
    assert!(out.contains("hadolint  not found (optional"), "{out}");
    assert!(out.ends_with("ready: `containerize build` uses docker\n"), "{out}");
}

#[test]
fn a_docker_23_without_buildx_is_not_ready() {
    let fake = fake_engine("docker", "28.0.4", false);
    let (code, out) = doctor(fake.dir.path(), &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("no BuildKit: only `--no-buildkit` Dockerfiles build here"), "{out}");
    assert!(out.contains("docker-buildx-plugin"), "the fix is shown:\n{out}");
    assert!(out.contains("not ready: docker has only the legacy builder"), "{out}");
}

#[test]
fn no_engine_or_a_missing_requested_one_is_not_ready() {
    let empty = tempfile::tempdir().unwrap();
    let (code, out) = doctor(empty.path(), &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("not ready: no container engine (docker or podman) on PATH"), "{out}");

    let fake = fake_engine("docker", "20.10.24", false);
    let (code, out) = doctor(fake.dir.path(), &["--engine", "podman"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("builds with BuildKit (built in"), "docker 20.10 still reported:\n{out}");
    assert!(out.contains("not ready: `podman` (named by --engine"), "{out}");
}
