//! Hostile and broken repositories, built by the tests themselves: every
//! input gets a clear answer (exit status and message), nothing crashes or
//! hangs, and nothing outside the project is read, written or leaked. Each
//! project sits beside an `outside/` folder whose contents are compared
//! before and after.

use crate::support::{containerize, transcript, write_files};
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const APP: &str =
    "from flask import Flask\napp = Flask(__name__)\n@app.get('/health')\ndef h():\n    return 'ok'\n";

/// A temp root holding `project/` and `outside/` (with a sentinel file).
struct Sandbox {
    _dir: tempfile::TempDir,
    project: PathBuf,
    outside: PathBuf,
    before: BTreeMap<PathBuf, Vec<u8>>,
}

impl Sandbox {
    fn new(files: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("project");
        let outside = dir.path().join("outside");
        write_files(&project, files);
        write_files(
            &outside,
            &[
                ("sentinel.txt", "do not touch\n"),
                ("reqs.txt", "leakypackage==1.0\n"),
                ("README.md", "# elsewhere\n"),
            ],
        );
        let before = snapshot(&outside);
        Self { _dir: dir, project, outside, before }
    }

    fn containerize(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.command(args).assert()
    }

    /// The run's [`transcript`], for an inline snapshot.
    fn transcript(&self, args: &[&str]) -> String {
        transcript(&mut self.command(args))
    }

    fn command(&self, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = containerize();
        cmd.args(args).arg(&self.project).timeout(std::time::Duration::from_mins(1));
        cmd
    }

    /// Nothing outside the project changed.
    fn untouched(&self) {
        assert_eq!(snapshot(&self.outside), self.before, "something outside the project changed");
    }
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        if meta.is_dir() {
            out.extend(snapshot(&path));
        } else if meta.is_file() {
            out.insert(path.clone(), std::fs::read(&path).unwrap());
        }
    }
    out
}

fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[test]
fn symlinked_generated_files_are_refused_never_followed() {
    for name in ["Dockerfile", ".dockerignore"] {
        let sandbox = Sandbox::new(&[("requirements.txt", "flask\n"), ("app.py", APP)]);
        symlink(&sandbox.outside.join("sentinel.txt"), &sandbox.project.join(name));
        let expected = format!(
            "exit: 1\n--- stdout\n--- stderr\nerror: `{name}` is a symbolic link; containerize never writes through one. Replace it with a regular file or remove it\n"
        );
        assert_eq!(sandbox.transcript(&["init", "--force", "--yes"]), expected);
        sandbox.untouched();
    }
}

#[test]
fn force_backups_never_write_through_a_link() {
    let sandbox =
        Sandbox::new(&[("requirements.txt", "flask\n"), ("app.py", APP), ("Dockerfile", "FROM mine\n")]);
    symlink(&sandbox.outside.join("sentinel.txt"), &sandbox.project.join("Dockerfile.bak"));
    insta::assert_snapshot!(sandbox.transcript(&["init", "--force", "--yes"]), @"
    exit: 0
    --- stdout
      Python 3.14       default: nothing in the project names a version; the newest release with a year of releases and broad wheel coverage
      dependencies      requirements.txt (pip), 1 package
      app               app:app  (Flask, app.py:2)
      server            gunicorn (added gunicorn==27.0.1: not in your dependencies)
      port              8000 (default; override with --port or PORT at run time)
      health check      GET /health  (route found at app.py:3)
    wrote Dockerfile, .dockerignore; your Dockerfile is kept as Dockerfile.bak.1
    next: docker build -t project [TMP]/project && docker run -p 8000:8000 project
    --- stderr
    ");
    assert_eq!(std::fs::read_to_string(sandbox.project.join("Dockerfile.bak.1")).unwrap(), "FROM mine\n");
    // No temporary file is left behind by the atomic writes.
    let names: Vec<_> = std::fs::read_dir(&sandbox.project)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".containerize-"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
    sandbox.untouched();
}

#[test]
fn includes_and_manifests_that_lead_outside_are_not_read() {
    let sandbox = Sandbox::new(&[
        ("requirements.txt", "flask\n-r ../outside/reqs.txt\n-r base.txt\n"),
        ("app.py", APP),
    ]);
    symlink(&sandbox.outside.join("reqs.txt"), &sandbox.project.join("base.txt"));
    symlink(&sandbox.outside.join("README.md"), &sandbox.project.join("Procfile"));
    write_files(
        &sandbox.project,
        &[("pyproject.toml", "[project]\nname = \"x\"\nreadme = \"../outside/README.md\"\n")],
    );
    let out = sandbox.containerize(&["plan", "--json"]).success();
    let plan: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let text = plan.to_string();
    assert!(!text.contains("leakypackage") && !text.contains("elsewhere"), "{text}");
    let warnings = plan["warnings"].to_string();
    for expected in [
        "requirements.txt:2: `../outside/reqs.txt` is outside the project: not read",
        "requirements.txt:3: `base.txt` leads outside the project: not read",
        "Procfile: is a symbolic link that leads outside the project: not read",
        "`../outside/README.md` is outside the project: not read",
    ] {
        assert!(warnings.contains(expected), "{expected}\n{warnings}");
    }
    write_files(&sandbox.project, &[("containerize.toml", "templates = \"../outside\"\n")]);
    std::fs::remove_file(sandbox.project.join("pyproject.toml")).unwrap();
    insta::assert_snapshot!(sandbox.transcript(&["plan"]), @"
    exit: 1
    --- stdout
    --- stderr
    error: containerize.toml:1: `templates` in containerize.toml `../outside` leads outside the project; configured paths stay inside it
    ");
    sandbox.untouched();
}

#[test]
fn include_cycles_are_a_clear_error() {
    let sandbox = Sandbox::new(&[
        ("requirements.txt", "-r a.txt\n"),
        ("a.txt", "flask\n-r requirements.txt\n"),
        ("app.py", APP),
    ]);
    insta::assert_snapshot!(sandbox.transcript(&["plan"]), @"
    exit: 1
    --- stdout
    --- stderr
    error: a.txt:2: `requirements.txt` includes itself (requirements.txt → a.txt → requirements.txt); remove one of the `-r` lines
    ");
    // A chain of 20 distinct files: refused at the depth bound.
    let mut files = vec![("requirements.txt".to_string(), "-r r1.txt\n".to_string())];
    files.extend((1..20).map(|i| (format!("r{i}.txt"), format!("-r r{}.txt\n", i + 1))));
    files.push(("r20.txt".into(), "flask\n".into()));
    for (name, text) in &files {
        write_files(&sandbox.project, &[(name, text)]);
    }
    insta::assert_snapshot!(sandbox.transcript(&["plan"]), @"
    exit: 1
    --- stdout
    --- stderr
    error: r15.txt:1: requirement includes nest deeper than 16 files
    ");
    sandbox.untouched();
}

/// Found by `cargo fuzz`: pep508_rs panics on a name or an extra ending
/// in a separator; each manifest names the line instead.
#[test]
fn fuzz_findings_are_located_errors() {
    let cases = [
        (
            "requirements.txt",
            "flask\nfasta.|1i0==65.0\n",
            "requirements.txt:2: invalid requirement `fasta.|1i0==65.0`",
        ),
        (
            "requirements.txt",
            "Django==6.1.3\nuvicorn[standaolit.\n",
            "requirements.txt:2: invalid requirement `uvicorn[standaolit.`: extra `standaolit.` must end with a letter or digit",
        ),
        (
            "pyproject.toml",
            "[project]\nname = \"x\"\nversion = \"1\"\ndependencies = [\n  \"fastapi.=0.116\",\n]\n",
            "pyproject.toml:5: invalid requirement `fastapi.=0.116`",
        ),
    ];
    for (file, text, message) in cases {
        let sandbox = Sandbox::new(&[(file, text), ("app.py", APP)]);
        sandbox
            .containerize(&["plan"])
            .code(1)
            .stderr(predicate::str::contains(message).and(predicate::str::contains("panicked").not()));
        sandbox.untouched();
    }
}

#[test]
fn deep_nesting_huge_files_and_binaries_are_bounded() {
    // Deeper than Python itself parses (it stops at 200 parentheses): the
    // file is skipped with a warning, the app beside it is still found.
    let deep = format!("x = {}1{}\n", "(".repeat(5000), ")".repeat(5000));
    let sandbox = Sandbox::new(&[
        ("requirements.txt", "flask\n"),
        ("server.py", APP),
        ("deep.py", &deep),
        ("app.py", ""),
    ]);
    std::fs::write(sandbox.project.join("app.py"), b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0").unwrap();
    let huge = std::fs::File::create(sandbox.project.join("generated.py")).unwrap();
    huge.set_len(50 * 1024 * 1024).unwrap();
    insta::assert_snapshot!(sandbox.transcript(&["plan"]), @"
    exit: 0
    --- stdout
    containerize plan for project

      Python 3.14       default: nothing in the project names a version; the newest release with a year of releases and broad wheel coverage
      dependencies      requirements.txt (pip), 1 package
      app               server:app  (Flask, server.py:2)
      server            gunicorn (added gunicorn==27.0.1: not in your dependencies)
      port              8000 (default; override with --port or PORT at run time)
      health check      GET /health  (route found at server.py:3)
      base image        python:3.14-slim-trixie  (the official slim image for Python 3.14 on Debian trixie)
      command           gunicorn --worker-tmp-dir /dev/shm --access-logfile - server:app
      engine            Docker Engine 25 or newer  (the Dockerfile uses HEALTHCHECK --start-interval, COPY --link)
      system packages   none needed

    start candidates, best first
      1. server:app  Flask  server.py:2  chosen: the only Flask app in the project

    warnings
      app.py: skipped: it is a binary file (it holds NUL bytes)
      deep.py:1: skipped: not valid Python 3 (it nests more than 3000 levels deep); Python cannot import it either
      generated.py: skipped: it is 50 MiB, over the 4 MiB limit
    --- stderr
    ");
    let requirements = std::fs::File::create(sandbox.project.join("requirements.txt")).unwrap();
    requirements.set_len(2 * 1024 * 1024 * 1024).unwrap();
    insta::assert_snapshot!(sandbox.transcript(&["plan"]), @"
    exit: 1
    --- stdout
    --- stderr
    error: cannot read `requirements.txt`: it is 2048 MiB, over the 16 MiB limit
    ");
    sandbox.untouched();
}

fn utf16le(text: &str) -> Vec<u8> {
    [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect()
}

#[test]
fn every_encoding_gets_a_decision() {
    let sandbox = Sandbox::new(&[
        ("requirements.txt", "\u{feff}flask\r\ngunicorn==27.0.1\r\n"),
        ("Procfile", "web: gunicorn app:app\r\n"),
        ("pyproject.toml", "[project]\r\nname = \"enc\"\r\nversion = \"1\"\r\n"),
        ("app.py", &APP.replace('\n', "\r\n")),
    ]);
    std::fs::write(sandbox.project.join(".python-version"), utf16le("3.13\r\n")).unwrap();
    std::fs::write(sandbox.project.join("latin.py"), b"# -*- coding: latin-1 -*-\nname = 'caf\xE9'\n")
        .unwrap();
    std::fs::write(sandbox.project.join("mystery.py"), b"name = 'caf\xE9'\n").unwrap();
    std::fs::write(sandbox.project.join("wide.py"), utf16le("x = 1\n")).unwrap();
    let out = sandbox.containerize(&["plan", "--json"]).success();
    let plan: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        (plan["python"]["version"].as_str(), plan["python"]["source"].as_str()),
        (Some("3.13"), Some(".python-version"))
    );
    assert_eq!(plan["dependencies"]["count"], 2);
    assert_eq!(plan["app"]["process"], "command");
    let warnings = plan["warnings"].to_string();
    assert!(
        warnings.contains("mystery.py: skipped: it is not UTF-8 and declares no other encoding"),
        "{warnings}"
    );
    assert!(warnings.contains("wide.py: skipped: it is UTF-16"), "{warnings}");
    assert!(!warnings.contains("latin.py"), "a Latin-1 file with its coding cookie is read: {warnings}");
    std::fs::write(sandbox.project.join("requirements.txt"), b"flask\0\n").unwrap();
    insta::assert_snapshot!(sandbox.transcript(&["plan"]), @"
    exit: 1
    --- stdout
    --- stderr
    error: cannot read `requirements.txt`: it is a binary file (it holds NUL bytes)
    ");
    sandbox.untouched();
}

#[test]
fn fifos_and_symlink_loops_never_hang() {
    let sandbox = Sandbox::new(&[("requirements.txt", "flask\n-r pipe.txt\n"), ("app.py", APP)]);
    for fifo in ["pipe.txt", "stream.py"] {
        let status = std::process::Command::new("mkfifo").arg(sandbox.project.join(fifo)).status().unwrap();
        assert!(status.success());
    }
    symlink(Path::new("loop-b"), &sandbox.project.join("loop-a"));
    symlink(Path::new("loop-a"), &sandbox.project.join("loop-b"));
    symlink(&sandbox.project, &sandbox.project.join("itself"));
    insta::assert_snapshot!(sandbox.transcript(&["plan"]), @"
    exit: 1
    --- stdout
    --- stderr
    error: requirements.txt:2: cannot read `pipe.txt`: it is not a regular file
    ");
    std::fs::write(sandbox.project.join("requirements.txt"), "flask\n").unwrap();
    insta::assert_snapshot!(sandbox.transcript(&["plan"]), @"
    exit: 0
    --- stdout
    containerize plan for project

      Python 3.14       default: nothing in the project names a version; the newest release with a year of releases and broad wheel coverage
      dependencies      requirements.txt (pip), 1 package
      app               app:app  (Flask, app.py:2)
      server            gunicorn (added gunicorn==27.0.1: not in your dependencies)
      port              8000 (default; override with --port or PORT at run time)
      health check      GET /health  (route found at app.py:3)
      base image        python:3.14-slim-trixie  (the official slim image for Python 3.14 on Debian trixie)
      command           gunicorn --worker-tmp-dir /dev/shm --access-logfile - app:app
      engine            Docker Engine 25 or newer  (the Dockerfile uses HEALTHCHECK --start-interval, COPY --link)
      system packages   none needed

    start candidates, best first
      1. app:app  Flask  app.py:2  chosen: the only Flask app in the project

    warnings
      stream.py: skipped: it is not a regular file
    --- stderr
    ");
    sandbox.untouched();
}

#[test]
fn environment_values_and_credentials_never_leak() {
    let secret = "s3cr3t-value-from-the-environment";
    let sandbox = Sandbox::new(&[
        (
            "requirements.txt",
            "--index-url https://deploy:literal-password@pypi.corp.example/simple\n\
             --extra-index-url https://${PYPI_TOKEN}@pypi.org/simple\n\
             private-lib @ https://${PYPI_TOKEN}@files.corp.example/private_lib-1.0-py3-none-any.whl\n\
             flask\nbroken-line>=\n",
        ),
        ("app.py", APP),
    ]);
    let out = containerize()
        .args(["plan", "--json"])
        .arg(&sandbox.project)
        .env("PYPI_TOKEN", secret)
        .output()
        .unwrap();
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("requirements.txt:5: invalid requirement `broken-line>=`"), "{all}");
    assert!(!all.contains(secret) && !all.contains("literal-password"), "{all}");
    std::fs::write(sandbox.project.join("requirements.txt"), "--index-url https://deploy:literal-password@pypi.corp.example/simple\nprivate-lib @ https://${PYPI_TOKEN}@files.corp.example/private_lib-1.0-py3-none-any.whl\nflask\n").unwrap();
    for args in [&["plan"][..], &["plan", "--json"], &["init", "--stdout", "--yes"]] {
        let out = containerize().args(args).arg(&sandbox.project).env("PYPI_TOKEN", secret).output().unwrap();
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "{args:?}: {all}");
        assert!(!all.contains(secret) && !all.contains("literal-password"), "{args:?} leaks:\n{all}");
    }
    sandbox.untouched();
}

#[test]
fn secret_files_are_named_and_kept_out_of_the_context() {
    let sandbox = Sandbox::new(&[
        ("requirements.txt", "flask\n"),
        ("app.py", APP),
        (".env", "DATABASE_URL=postgres://u:p@db/x\n"),
        (".gitignore", ".env\n"),
        ("deploy/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\n"),
    ]);
    let out = sandbox.containerize(&["init", "--yes"]).success();
    let text = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(text.contains("secret-looking files in the build context: .env, deploy/id_rsa"), "{text}");
    let dockerignore = std::fs::read_to_string(sandbox.project.join(".dockerignore")).unwrap();
    let matcher = containerize::dockerignore::Matcher::parse(&dockerignore);
    for secret in [".env", "deploy/id_rsa", "config/.env.production", "certs/server.pem", ".netrc"] {
        assert!(matcher.is_excluded(secret), "{secret} is sent to the builder");
    }
    // A .dockerignore the user owns is checked too.
    std::fs::write(sandbox.project.join(".dockerignore"), ".git\n").unwrap();
    insta::assert_snapshot!(sandbox.transcript(&["plan"]), @"
    exit: 0
    --- stdout
    containerize plan for project

      Python 3.14       default: nothing in the project names a version; the newest release with a year of releases and broad wheel coverage
      dependencies      requirements.txt (pip), 1 package
      app               app:app  (Flask, app.py:2)
      server            gunicorn (added gunicorn==27.0.1: not in your dependencies)
      port              8000 (default; override with --port or PORT at run time)
      health check      GET /health  (route found at app.py:3)
      base image        python:3.14-slim-trixie  (the official slim image for Python 3.14 on Debian trixie)
      command           gunicorn --worker-tmp-dir /dev/shm --access-logfile - app:app
      engine            Docker Engine 25 or newer  (the Dockerfile uses HEALTHCHECK --start-interval, COPY --link)
      system packages   none needed

    start candidates, best first
      1. app:app  Flask  app.py:2  chosen: the only Flask app in the project

    warnings
      secret-looking files would be copied into the image, because your .dockerignore does not exclude them: .env, deploy/id_rsa
    --- stderr
    ");
    sandbox.untouched();
}

#[test]
fn eject_never_writes_outside() {
    let sandbox = Sandbox::new(&[("requirements.txt", "flask\n"), ("app.py", APP)]);
    symlink(&sandbox.outside, &sandbox.project.join("linked"));
    insta::assert_snapshot!(
        transcript(containerize().args(["templates", "eject", "linked/templates"]).current_dir(&sandbox.project)),
        @"
    exit: 2
    --- stdout
    --- stderr
    error: `linked/templates` is outside the current directory; templates are ejected into the project
    "
    );
    insta::assert_snapshot!(
        transcript(containerize().args(["templates", "eject", "/srv/anywhere"]).current_dir(&sandbox.project)),
        @"
    exit: 2
    --- stdout
    --- stderr
    error: `/srv/anywhere` is outside the current directory; templates are ejected into the project
    "
    );
    sandbox.untouched();
}

#[test]
fn a_newline_in_a_configured_env_value_is_refused_not_an_instruction() {
    let dir = crate::support::copy_example("flask-app");
    std::fs::write(dir.path().join("containerize.toml"), "env = { LOG = \"a\\nRUN touch /pwned\" }\n")
        .unwrap();
    let out = crate::support::containerize().args(["init", "--stdout"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("containerize.toml:1: `env` in containerize.toml has `LOG` with a control character"),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("RUN touch"));
}

#[test]
fn a_template_override_reads_only_templates_inside_its_folder() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "ctz-outside-secret\n").unwrap();
    let templates = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(&secret, templates.path().join("link.j2")).unwrap();
    let dir = crate::support::copy_example("flask-app");
    for include in
        [secret.display().to_string(), "../secret.txt".into(), "link.j2".into(), "/proc/self/environ".into()]
    {
        std::fs::write(templates.path().join("Dockerfile.j2"), format!("{{% include \"{include}\" %}}\n"))
            .unwrap();
        let out = crate::support::containerize()
            .args(["init", "--stdout", "--templates"])
            .arg(templates.path())
            .arg(dir.path())
            .output()
            .unwrap();
        let text =
            format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert_ne!(out.status.code(), Some(0), "{include}: {text}");
        assert!(text.contains("Dockerfile.j2:1"), "{include}: {text}");
        assert!(!text.contains("ctz-outside-secret") && !text.contains("PATH="), "{include} leaked: {text}");
    }
}
