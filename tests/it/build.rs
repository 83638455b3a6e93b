//! `containerize build`: on the real engine, `build --smoke` for every
//! example, a broken app that must fail with its traceback and leave no
//! container, Ctrl-C during a smoke test, and a `--no-buildkit` Dockerfile
//! built by the legacy builder; without an engine, a clear error. Command
//! lines for podman, buildx builders and platforms are checked exactly
//! against fake engines (scripts that record their arguments), and podman
//! for real when it is installed.

use crate::e2e::{base_image, docker, engine_problem};
use crate::support::{containerize, copy_example, copy_tree, engine_lock, render, root, run, skip};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Removes an image when dropped, even when the test panics.
struct Image(String);

impl Drop for Image {
    fn drop(&mut self) {
        let _ = docker().args(["rmi", "-f", &self.0]).output();
    }
}

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
    let out = containerize().args(["build", "--smoke", "--tag", &image.0]).arg(dir.path()).output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{test} failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains(&format!("built {}", image.0)), "{stdout}");
    assert!(stdout.contains("smoke test passed: healthy"), "{stdout}");
    assert!(stdout.contains(" → 200 OK"), "the health path answers from the host:\n{stdout}");
    assert!(dir.path().join("Dockerfile").is_file(), "build writes the files like init");
    let (_, labels) =
        run(docker().args(["image", "inspect", "--format", "{{json .Config.Labels}}", &image.0]));
    assert!(labels.contains("org.opencontainers.image.created"), "{labels}");
    assert!(containers(&format!("containerize-smoke-{}", image.0.rsplit('/').next().unwrap())).is_empty());
}

macro_rules! build_smoke_tests {
    ($($test:ident: $name:literal,)*) => {
        mod smoke {
            $(#[test] fn $test() { super::build_smoke($name); })*
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
    let deadline = Instant::now() + Duration::from_secs(300);
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

/// A fake engine: answers `version` and `buildx version`, records the
/// arguments (one per line) and standard input of everything else.
struct Fake {
    dir: tempfile::TempDir,
    log: PathBuf,
}

fn fake_engine(program: &str, version: &str, buildx: bool) -> Fake {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("calls.log");
    let script = format!(
        "#!/bin/sh\n\
         case \"$1 $2\" in\n\
         'version '*) echo '{version} {version}'; exit 0 ;;\n\
         'buildx version') {buildx} ;;\n\
         'image inspect') echo 123000000; exit 0 ;;\n\
         esac\n\
         for a in \"$@\"; do printf '%s\\n' \"$a\"; done >> '{log}'\n\
         echo ---- >> '{log}'\n\
         case \" $* \" in *' --file - '*) while IFS= read -r l; do printf '%s\\n' \"$l\"; done > '{log}.stdin' ;; esac\n\
         echo 'STEP 1/1: FROM scratch'\n",
        log = log.display(),
        buildx = if buildx {
            "echo 'github.com/docker/buildx v0.12.1'; exit 0"
        } else {
            "echo \"docker: 'buildx' is not a docker command.\" >&2; exit 1"
        },
    );
    let path = dir.path().join(program);
    std::fs::write(&path, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    Fake { dir, log }
}

impl Fake {
    /// Run containerize with only this engine on PATH (and git absent, so
    /// the labels do not depend on the checkout); the recorded calls.
    fn run(&self, args: &[&str], project: &Path) -> (std::process::Output, Vec<Vec<String>>) {
        let out = containerize()
            .args(args)
            .arg(project)
            .env("PATH", self.dir.path())
            .env("SOURCE_DATE_EPOCH", "0")
            .env_remove("CONTAINERIZE_ENGINE")
            .env_remove("DOCKER_BUILDKIT")
            .output()
            .unwrap();
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let calls = log
            .split("----\n")
            .filter(|c| !c.is_empty())
            .map(|c| c.lines().map(str::to_string).collect())
            .collect();
        (out, calls)
    }
}

/// A copy of flask-app in a folder named `flask-app`, so the default tag
/// and title do not depend on a temporary name.
fn flask_app() -> (tempfile::TempDir, PathBuf) {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("flask-app");
    copy_tree(&crate::support::example_dir("flask-app"), &dir);
    let _ = std::fs::remove_file(dir.join("Dockerfile"));
    let _ = std::fs::remove_file(dir.join(".dockerignore"));
    (parent, dir)
}

fn words(line: &str, context: &Path) -> Vec<String> {
    line.split(' ').map(|w| w.replace("CONTEXT", &context.display().to_string())).collect()
}

const LABELS: &str = "--label org.opencontainers.image.title=flask-app \
                      --label org.opencontainers.image.created=1970-01-01T00:00:00Z";

#[test]
fn podman_builds_in_docker_format_with_the_dockerfile_on_stdin() {
    let fake = fake_engine("podman", "4.3.1", false);
    let (_parent, dir) = flask_app();
    let (out, calls) = fake.run(&["build", "--no-write", "--no-cache", "--platform", "linux/arm64"], &dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let expected = format!(
        "build --format docker --tag flask-app:latest {LABELS} --platform linux/arm64 --no-cache --file - CONTEXT"
    );
    assert_eq!(calls, [words(&expected, &dir)]);
    let stdin = std::fs::read_to_string(format!("{}.stdin", fake.log.display())).unwrap();
    assert!(stdin.starts_with("# Generated by containerize") && stdin.contains("HEALTHCHECK"), "{stdin}");
    assert!(!&dir.join("Dockerfile").exists());
}

#[test]
fn buildx_builder_and_platforms_pass_through() {
    let fake = fake_engine("docker", "27.3.1", true);
    let (_parent, dir) = flask_app();
    let args = [
        "build",
        "--no-write",
        "--builder",
        "k8s",
        "--platform",
        "linux/amd64,linux/arm64",
        "--push",
        "-t",
        "registry.local/shop:1",
    ];
    let (out, calls) = fake.run(&args, &dir);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let expected = format!(
        "buildx build --builder k8s --progress=plain --tag registry.local/shop:1 {LABELS} \
         --platform linux/amd64,linux/arm64 --push --file - CONTEXT"
    );
    assert_eq!(calls, [words(&expected, &dir)], "buildx pushes itself; no separate push");
    assert!(stdout.contains("pushed registry.local/shop:1"), "{stdout}");

    // A plain build on the same client is `docker build` with BuildKit,
    // and a push after it is `docker push`.
    let fake = fake_engine("docker", "27.3.1", true);
    let (out, calls) = fake.run(&["build", "--no-write", "--push", "-t", "shop:1"], &dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let expected = format!("build --progress=plain --tag shop:1 {LABELS} --file - CONTEXT");
    assert_eq!(calls, [words(&expected, &dir), words("push shop:1", &dir)]);
}

#[test]
fn buildx_missing_says_what_to_install() {
    let dir = copy_example("flask-app");
    let fake = fake_engine("docker", "20.10.24", false);
    let (out, calls) =
        fake.run(&["build", "--no-write", "--platform", "linux/amd64,linux/arm64", "--push"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--platform linux/amd64,linux/arm64 (several platforms) needs docker buildx"),
        "{stderr}"
    );
    assert!(stderr.contains("apt-get install docker-buildx-plugin"), "{stderr}");
    assert!(calls.is_empty(), "nothing was built");
    // Docker 23+ without buildx cannot run BuildKit at all: the cache
    // mount needs it, and --no-buildkit is offered.
    let fake = fake_engine("docker", "28.2.2", false);
    let (out, _) = fake.run(&["build", "--no-write"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("it uses RUN --mount (Dockerfile:"), "{stderr}");
    assert!(stderr.contains("`containerize build --no-buildkit`"), "{stderr}");
    let (out, calls) = fake.run(&["build", "--no-write", "--no-buildkit"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(calls[0][..2], ["build", "--tag"], "the legacy builder has no --progress");
}

#[test]
fn build_options_are_checked_before_anything_runs() {
    let dir = copy_example("flask-app");
    let cases: &[(&[&str], &str)] = &[
        (&["build", "--tag", "Shop:1"], "--tag `Shop:1` is not a valid image reference"),
        (&["build", "--platform", "amd64"], "--platform `amd64` is not `os/arch[/variant]`"),
        (&["build", "--smoke", "--platform", "linux/amd64,linux/arm64"], "--smoke runs the image here"),
        (&["build", "--engine", "podman", "--builder", "k8s"], "--builder k8s needs docker buildx"),
        (&["init", "--smoke"], "--smoke is a build option: add --build"),
    ];
    let fake = fake_engine("podman", "4.3.1", false);
    for (args, message) in cases {
        let (out, calls) = fake.run(args, dir.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(calls.is_empty(), "{args:?} ran the engine");
    }
}

/// podman for real: the base image copied over from docker, and (on
/// machines like this one, whose kernel refuses to raise RLIMIT_NPROC in a
/// container) default ulimits low enough for runc to set.
#[test]
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
    let out = containerize()
        .args(["build", "--engine", "podman", "--smoke", "--tag", &image])
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
