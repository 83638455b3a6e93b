//! Helpers shared by the test modules: the binary, the examples, and the
//! skip-or-fail rule for tests that need tools from outside.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

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
    cmd.env_remove("RUST_BACKTRACE").env_remove("FORCE_COLOR").env("NO_COLOR", "1");
    cmd
}

/// Run `cmd` and describe what it did as one text for an inline snapshot:
/// its exit status, stdout and stderr. The repository's folder reads
/// `[ROOT]`, every temporary folder `[TMP]` (whatever its random name), and
/// this crate's version `[VERSION]`, so the snapshot holds only what a
/// user would see the same way on every run.
pub fn transcript(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    let status = match out.status.code() {
        Some(code) => code.to_string(),
        None => format!("{:?}", out.status),
    };
    let text = format!(
        "exit: {status}\n--- stdout\n{}--- stderr\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    normalize(&text)
}

/// The replacements [`transcript`] makes.
pub fn normalize(text: &str) -> String {
    let mut text = text.replace(root().to_str().unwrap(), "[ROOT]");
    let temp = std::env::temp_dir();
    let mut temps = vec![temp.to_string_lossy().trim_end_matches('/').to_string()];
    if let Ok(real) = temp.canonicalize() {
        temps.push(real.to_string_lossy().trim_end_matches('/').to_string());
    }
    for temp in temps {
        let prefix = format!("{temp}/");
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some(at) = rest.find(&prefix) {
            out.push_str(&rest[..at]);
            out.push_str("[TMP]");
            let name = &rest[at + prefix.len()..];
            let end =
                name.find(|c: char| !(c.is_ascii_alphanumeric() || "-_.".contains(c))).unwrap_or(name.len());
            rest = &name[end..];
        }
        out.push_str(rest);
        text = out;
    }
    // The random part of a temporary folder's name, where the name itself
    // shows (a plan's title, an image tag): `.tmpAbC123`, `ctz-NAME-AbC123`.
    text = replace_random(&text, ".tmp", "[TMP]");
    for name in EXAMPLES {
        let prefix = format!("ctz-{name}-");
        text = replace_random(&text, &prefix, &format!("{prefix}[RANDOM]"));
    }
    // Digests change with every template edit: the templates' in
    // `--version` and doctor, the generated file's in its header.
    for label in ["(templates ", "(digest "] {
        text = replace_digests(&text, label);
    }
    text.replace(&format!("containerize {}", env!("CARGO_PKG_VERSION")), "containerize [VERSION]")
}

/// `LABEL HEX)` becomes `LABEL [DIGEST])`, everywhere in `text`.
fn replace_digests(text: &str, label: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(label) {
        let after = &rest[at + label.len()..];
        out.push_str(&rest[..at + label.len()]);
        let end = after.find(')').unwrap_or(0);
        if end > 0 && after[..end].bytes().all(|b| b.is_ascii_hexdigit()) {
            out.push_str("[DIGEST]");
            rest = &after[end..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// `prefix` followed by the six random letters or digits `tempfile` adds,
/// replaced by `placeholder`; other occurrences of `prefix` are kept.
fn replace_random(text: &str, prefix: &str, placeholder: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let after = &rest[at + prefix.len()..];
        let random = after.len() >= 6 && after.bytes().take(6).all(|b| b.is_ascii_alphanumeric());
        let next = after.as_bytes().get(6).is_none_or(|b| !b.is_ascii_alphanumeric());
        out.push_str(&rest[..at]);
        if random && next {
            out.push_str(placeholder);
            rest = &after[6..];
        } else {
            out.push_str(prefix);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// A private copy of an example in a folder with the example's own name,
/// so names derived from the folder (the default image tag, the title
/// label) do not depend on a random one: (the temporary parent, the copy).
pub fn copy_example_named(name: &str) -> (tempfile::TempDir, PathBuf) {
    let parent = tempfile::Builder::new().prefix("ctz-").tempdir().unwrap();
    let dir = parent.path().join(name);
    copy_tree(&example_dir(name), &dir);
    for generated in ["Dockerfile", ".dockerignore", "Dockerfile.bak"] {
        let _ = std::fs::remove_file(dir.join(generated));
    }
    (parent, dir)
}

/// A private copy of an example, without files a previous `init` wrote.
pub fn copy_example(name: &str) -> tempfile::TempDir {
    let dir = tempfile::Builder::new().prefix(&format!("ctz-{name}-")).tempdir().unwrap();
    copy_tree(&example_dir(name), dir.path());
    // What `containerize init examples/<app>` may have written there; a
    // maintainer's own Dockerfile, part of the example, stays.
    for written in ["Dockerfile", ".dockerignore", "Dockerfile.bak"] {
        let path = dir.path().join(written);
        let ours = std::fs::read_to_string(&path)
            .is_ok_and(|text| written == "Dockerfile.bak" || containerize::output::is_generated(&text));
        if ours {
            let _ = std::fs::remove_file(path);
        }
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

/// A fresh project in a temporary folder, holding `files` (path, text).
pub fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), files);
    dir
}

/// Append `text` to the file at `path` (created when missing).
pub fn append(path: &Path, text: &str) {
    let old = std::fs::read_to_string(path).unwrap_or_default();
    std::fs::write(path, format!("{old}{text}")).unwrap();
}

/// `containerize plan --json EXTRA DIR`, which must succeed, parsed.
pub fn plan_json(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let out = containerize().args(["plan", "--json"]).args(extra).arg(dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `containerize init --yes --quiet DIR`, which must succeed.
pub fn init(dir: &Path) {
    let out = containerize().args(["init", "--yes", "--quiet"]).arg(dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Whether missing tools must fail the test instead of skipping it.
pub fn required() -> bool {
    std::env::var("CONTAINERIZE_REQUIRE_E2E").is_ok_and(|v| v == "1")
}

/// Skip (print why, straight to stderr so the harness does not swallow
/// it) or, under `CONTAINERIZE_REQUIRE_E2E=1`, fail.
pub fn skip(test: &str, reason: &str) {
    assert!(!required(), "{test}: {reason} (CONTAINERIZE_REQUIRE_E2E=1 turns this skip into a failure)");
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
        Err(e) => (false, format!("cannot run {}: {e}", cmd.get_program().display())),
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

/// The Dockerfile `init --stdout` renders for the project in `dir`.
pub fn dockerfile(dir: &Path) -> String {
    render(dir).0
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

/// Removes an image when dropped, even when the test panics.
pub struct Image(pub String);

impl Drop for Image {
    fn drop(&mut self) {
        let _ = docker().args(["rmi", "-f", &self.0]).output();
    }
}

/// `docker` with BuildKit on, as the generated Dockerfiles need.
pub fn docker() -> Command {
    let mut cmd = Command::new("docker");
    cmd.env("DOCKER_BUILDKIT", "1");
    cmd
}

/// Why the engine cannot be used, or `None` when it can (checked once).
/// Why the generated Dockerfiles (which need Docker Engine 25) cannot be
/// built and run here, if they cannot: [`any_engine_problem`], or an older
/// engine.
pub fn engine_problem() -> Option<&'static str> {
    static PROBLEM: OnceLock<Option<String>> = OnceLock::new();
    PROBLEM
        .get_or_init(|| {
            if let Some(problem) = any_engine_problem() {
                return Some(problem.to_string());
            }
            let version = engine_version();
            let major: u32 = version.split('.').next().and_then(|m| m.parse().ok()).unwrap_or(0);
            (major < 25).then(|| {
                format!(
                    "Docker Engine {version} is older than the 25 that generated Dockerfiles need \
                     (HEALTHCHECK --start-interval); eval \"$(../shared/docker/ensure-engine --engine 26)\", \
                     or run the compat_20_10 tests, which render for it"
                )
            })
        })
        .as_deref()
}

/// The engine's server version (`26.1.5+dfsg1`).
pub fn engine_version() -> String {
    let (_, out) = run(docker().args(["version", "--format", "{{.Server.Version}}"]));
    out.trim().to_string()
}

/// Why no BuildKit engine can build here at all, if none can.
pub fn any_engine_problem() -> Option<&'static str> {
    static PROBLEM: OnceLock<Option<String>> = OnceLock::new();
    PROBLEM
        .get_or_init(|| {
            if which::which("docker").is_err() {
                return Some("no `docker` on PATH".into());
            }
            let (ok, out) = run(docker().args(["version", "--format", "{{.Server.Version}}"]));
            if !ok {
                return Some(format!("no Docker engine answers: {}", out.trim()));
            }
            // A one-line build proves the client can drive BuildKit.
            let mut probe = docker();
            probe.args(["build", "-q", "-"]).stdin(std::process::Stdio::piped());
            let probe_ok = probe
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .and_then(|mut child| {
                    child.stdin.take().unwrap().write_all(b"FROM scratch\nLABEL containerize.probe=1\n")?;
                    child.wait_with_output()
                });
            match probe_ok {
                Ok(out) if out.status.success() => None,
                Ok(out) => Some(format!(
                    "the docker client cannot build with BuildKit ({}); eval \"$(../shared/docker/ensure-engine)\"",
                    String::from_utf8_lossy(&out.stderr).trim()
                )),
                Err(e) => Some(format!("cannot run docker build: {e}")),
            }
        })
        .as_deref()
}

/// The `FROM` image of a Dockerfile, with `ARG PYTHON_VERSION` applied.
pub fn base_image(dockerfile: &str) -> String {
    let version = dockerfile
        .lines()
        .find_map(|l| l.strip_prefix("ARG PYTHON_VERSION="))
        .unwrap_or_default()
        .to_string();
    let from = dockerfile.lines().find_map(|l| l.strip_prefix("FROM ")).expect("a FROM line");
    let image = from.split_whitespace().next().unwrap();
    image.replace("${PYTHON_VERSION}", &version)
}

/// A fake engine: answers `version` and `buildx version`, records the
/// arguments (one per line) and standard input of everything else.
pub struct Fake {
    pub dir: tempfile::TempDir,
    pub log: PathBuf,
}

pub fn fake_engine(program: &str, version: &str, buildx: bool) -> Fake {
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
    pub fn run(&self, args: &[&str], project: &Path) -> (std::process::Output, Vec<Vec<String>>) {
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
