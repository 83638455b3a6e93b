//! `containerize build`: on the real engine, `build --smoke` for every
//! example, a broken app that must fail with its traceback and leave no
//! container, Ctrl-C during a smoke test, and a `--no-buildkit` Dockerfile
//! built by the legacy builder; without an engine, a clear error. Command
//! lines for podman, buildx builders and platforms are checked exactly in
//! `command_lines.rs`; podman runs here for real when it is installed.

use crate::support::{
    Image, base_image, containerize, copy_example, copy_tree, docker, engine_lock, engine_problem, render,
    root, run, skip,
};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A tag private to this test run.
fn tag(name: &str) -> Image {
    Image(format!("containerize-it-build/{name}:{}", std::process::id()))
}

/// Why a real build cannot run here, or `None`.
fn cannot_build(dir: &Path) -> Option<String> {
    if let Some(problem) = engine_problem() {
        return Some(problem.to_string());
    }
    let (dockerfile, _) = render(dir);
    let base = base_image(&dockerfile);
    let present = run(docker().args(["image", "inspect", &base])).0;
    (!present).then(|| format!("base image {base} is not on this engine (../shared/docker/standin-images)"))
}

/// Smoke-test containers whose name starts with `prefix`, in any state.
fn containers(prefix: &str) -> Vec<String> {
    let (_, out) =
        run(docker().args(["ps", "-a", "--filter", &format!("name={prefix}"), "--format", "{{.Names}}"]));
    out.lines().map(str::to_string).filter(|n| n.starts_with(prefix)).collect()
}

fn build_smoke(name: &str) {
    let test = format!("build --smoke {name}");
    let dir = copy_example(name);
    if let Some(problem) = cannot_build(dir.path()) {
        return skip(&test, &problem);
    }
    let _engine = engine_lock();
    let image = tag(name);
    // --force, as a user replacing a maintainer's own Dockerfile would (it is
    // kept as Dockerfile.bak); a no-op for the examples that have none.
    let out = containerize()
        .args(["build", "--smoke", "--force", "--tag", &image.0])
        .arg(dir.path())
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{test} failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains(&format!("built {}", image.0)), "{stdout}");
    let plan = containerize().args(["plan", "--json"]).arg(dir.path()).output().unwrap();
    let plan: serde_json::Value = serde_json::from_slice(&plan.stdout).unwrap();
    match (plan["app"]["process"].as_str(), plan["healthcheck"]["kind"].as_str()) {
        (Some("cli"), _) => assert!(stdout.contains("smoke test passed: exited 0"), "{stdout}"),
        (Some("worker"), _) => assert!(stdout.contains("smoke test passed: still running"), "{stdout}"),
        (_, Some("http")) => {
            assert!(stdout.contains("smoke test passed: healthy"), "{stdout}");
            assert!(stdout.contains(" → 200 OK"), "the health path answers from the host:\n{stdout}");
        }
        _ => assert!(stdout.contains("smoke test passed: healthy"), "{stdout}"),
    }
    assert!(dir.path().join("Dockerfile").is_file(), "build writes the files like init");
    let (_, labels) =
        run(docker().args(["image", "inspect", "--format", "{{json .Config.Labels}}", &image.0]));
    assert!(labels.contains("org.opencontainers.image.created"), "{labels}");
    assert!(containers(&format!("containerize-smoke-{}", image.0.rsplit('/').next().unwrap())).is_empty());
}

macro_rules! build_smoke_tests {
    ($($test:ident: $name:literal,)*) => {
        mod smoke {
            $(#[test] #[ignore = "needs a Docker engine (CI runs it with --include-ignored)"] fn $test() { super::build_smoke($name); })*
        }
    };
}
with_examples!(build_smoke_tests);

fn broken_app() -> tempfile::TempDir {
    let dir = tempfile::Builder::new().prefix("ctz-broken-app-").tempdir().unwrap();
    copy_tree(&root().join("tests/fixtures/broken-app"), dir.path());
    dir
}

#[test]
#[ignore = "needs a Docker engine (CI runs it with --include-ignored)"]
fn a_broken_app_fails_the_smoke_test_with_its_traceback_and_leaves_nothing() {
    let test = "build --smoke broken-app";
    let dir = broken_app();
    if let Some(problem) = cannot_build(dir.path()) {
        return skip(test, &problem);
    }
    let _engine = engine_lock();
    let image = tag("broken-app");
    let out = containerize()
        .args(["build", "--smoke", "--no-write", "--tag", &image.0])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error: smoke test failed: the container stopped"), "{stderr}");
    assert!(stderr.contains("  | Traceback (most recent call last):"), "{stderr}");
    assert!(stderr.contains("RuntimeError: deliberately broken"), "{stderr}");
    assert!(!dir.path().join("Dockerfile").exists(), "--no-write writes nothing");
    assert_eq!(
        containers("containerize-smoke-broken-app-"),
        Vec::<String>::new(),
        "a container was left behind"
    );
}

#[test]
#[ignore = "needs a Docker engine (CI runs it with --include-ignored)"]
fn ctrl_c_during_the_smoke_test_removes_the_container() {
    let test = "Ctrl-C during build --smoke";
    let dir = copy_example("flask-app");
    if let Some(problem) = cannot_build(dir.path()) {
        return skip(test, &problem);
    }
    let _engine = engine_lock();
    let image = tag("ctrl-c");
    let bin = assert_cmd::cargo::cargo_bin("containerize");
    let mut child = Command::new(bin)
        .args(["build", "--smoke", "--tag", &image.0])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let name = format!("containerize-smoke-ctrl-c-{}", child.id());
    let deadline = Instant::now() + Duration::from_mins(5);
    while containers(&name).is_empty() {
        assert!(Instant::now() < deadline, "no smoke container appeared");
        assert!(child.try_wait().unwrap().is_none(), "containerize ended before its smoke test started");
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = Command::new("kill").args(["-INT", &child.id().to_string()]).status();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted; removed container"), "{stderr}");
    assert_eq!(containers(&name), Vec::<String>::new(), "the container outlived Ctrl-C");
}

#[test]
#[ignore = "needs a Docker engine (CI runs it with --include-ignored)"]
fn no_buildkit_output_builds_with_the_legacy_builder() {
    let test = "--no-buildkit with DOCKER_BUILDKIT=0";
    let dir = copy_example("fastapi-package");
    let out = containerize().args(["init", "--no-buildkit"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dockerfile = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    assert!(!dockerfile.contains("--mount"), "{dockerfile}");
    assert!(dockerfile.contains("PIP_NO_CACHE_DIR=1"), "{dockerfile}");
    assert!(dockerfile.contains("RUN pip install -r requirements.txt"), "{dockerfile}");
    if which::which("hadolint").is_ok() {
        let (ok, findings) =
            run(Command::new("hadolint").arg("--no-color").arg(dir.path().join("Dockerfile")));
        assert!(ok && findings.trim().is_empty(), "hadolint:\n{findings}");
    }
    if let Some(problem) = cannot_build(dir.path()) {
        return skip(test, &problem);
    }
    let _engine = engine_lock();
    let image = tag("no-buildkit");
    let mut legacy = Command::new("docker");
    legacy.env("DOCKER_BUILDKIT", "0").args(["build", "--tag", &image.0]).arg(dir.path());
    let (ok, log) = run(&mut legacy);
    assert!(ok, "the legacy builder failed:\n{log}");
    assert!(log.contains("Step 1/"), "not the legacy builder:\n{log}");
}

#[test]
fn a_missing_engine_is_a_clear_error() {
    let empty = tempfile::tempdir().unwrap();
    let dir = copy_example("flask-app");
    containerize()
        .args(["build", "--no-write"])
        .arg(dir.path())
        .env("PATH", empty.path())
        .env_remove("CONTAINERIZE_ENGINE")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "error: no container engine found: looked for `docker` and `podman` on PATH. Install Docker Engine",
        ));
    containerize()
        .args(["build", "--no-write", "--engine", "podman"])
        .arg(dir.path())
        .env("PATH", empty.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "error: `podman` is not on PATH (named by --engine or CONTAINERIZE_ENGINE)",
        ));
    assert!(!dir.path().join("Dockerfile").exists(), "nothing is written when the engine is missing");
}

/// podman for real: the base image copied over from docker, and (on
/// machines like this one, whose kernel refuses to raise RLIMIT_NPROC in a
/// container) default ulimits low enough for runc to set.
#[test]
#[ignore = "needs podman and a Docker engine (CI runs it with --include-ignored)"]
fn podman_builds_and_smoke_tests_for_real() {
    let test = "build --engine podman --smoke flask-app";
    if which::which("podman").is_err() {
        return skip(test, "podman is not on PATH (apt-get install podman)");
    }
    let dir = copy_example("flask-app");
    if let Some(problem) = cannot_build(dir.path()) {
        return skip(test, &problem);
    }
    let conf = tempfile::tempdir().unwrap();
    let conf_file = conf.path().join("containers.conf");
    std::fs::write(
        &conf_file,
        "[containers]\ndefault_ulimits = [\"nofile=4096:4096\", \"nproc=4096:4096\"]\n",
    )
    .unwrap();
    let podman = || {
        let mut cmd = Command::new("podman");
        cmd.env("CONTAINERS_CONF", &conf_file);
        cmd
    };
    let (dockerfile, _) = render(dir.path());
    let base = base_image(&dockerfile);
    if !run(podman().args(["image", "exists", &base])).0 {
        let mut save = docker().args(["save", &base]).stdout(std::process::Stdio::piped()).spawn().unwrap();
        let (ok, out) = run(podman().arg("load").stdin(save.stdout.take().unwrap()));
        let _ = save.wait();
        assert!(ok, "podman load failed: {out}");
    }
    let image = format!("containerize-it-build/podman:{}", std::process::id());
    // Buildah accepts neither `HEALTHCHECK --start-interval` nor `COPY
    // --link`: the default file is refused before building, with the fix.
    let refused = containerize()
        .args(["build", "--no-write", "--engine", "podman", "--tag", &image])
        .arg(dir.path())
        .env("CONTAINERS_CONF", &conf_file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("builds with Buildah, which does not accept")
            && stderr.contains("engine = \"20.10\""),
        "{stderr}"
    );
    let out = containerize()
        .args(["build", "--engine", "podman", "--engine-version", "20.10", "--smoke", "--tag", &image])
        .arg(dir.path())
        .env("CONTAINERS_CONF", &conf_file)
        .output()
        .unwrap();
    let _ = podman().args(["rmi", "-f", &image]).output();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{test} failed:\n{stdout}\n{stderr}");
    assert!(stderr.contains("podman build --format docker"), "{stderr}");
    assert!(stdout.contains("smoke test passed: healthy") && stdout.contains(" → 200 OK"), "{stdout}");
    let (_, left) = run(podman().args([
        "ps",
        "-a",
        "--filter",
        "name=containerize-smoke-podman",
        "--format",
        "{{.Names}}",
    ]));
    assert!(left.trim().is_empty(), "podman containers left behind: {left}");
}
