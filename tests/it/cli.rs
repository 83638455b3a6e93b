//! The command line as users meet it: every exit path, bad input, the
//! overrides, and the promise that a hand-written file is never lost.

use crate::support::{
    containerize, copy_example, copy_example_named, example_dir, plan_json, project, root, transcript,
};

const FLASK_APP: &str = "from flask import Flask\n\napp = Flask(__name__)\n\n@app.route('/health')\ndef health():\n    return 'ok'\n";

#[test]
fn missing_path_is_a_usage_error() {
    insta::assert_snapshot!(transcript(containerize().args(["plan", "/nonexistent/project"])), @"
    exit: 2
    --- stdout
    --- stderr
    error: cannot open project `/nonexistent/project`: No such file or directory (os error 2)
    ");
}

#[test]
fn a_file_is_not_a_project() {
    let dir = project(&[("app.py", FLASK_APP)]);
    insta::assert_snapshot!(transcript(containerize().arg("plan").arg(dir.path().join("app.py"))), @"
    exit: 2
    --- stdout
    --- stderr
    error: `[TMP]/app.py` is not a directory; pass the folder that holds the project
    ");
}

#[test]
fn no_python_project_says_what_was_looked_for() {
    let dir = project(&[("README.md", "# not python\n")]);
    insta::assert_snapshot!(transcript(containerize().arg("plan").arg(dir.path())), @"
    exit: 1
    --- stdout
    --- stderr
    error: no Python project found: looked for uv.lock, poetry.lock, pdm.lock, Pipfile.lock, requirements.txt (also requirements/prod.txt, requirements/base.txt, …), pyproject.toml, setup.py, setup.cfg, Pipfile and Python source
    ");
    // A monorepo's root: the hint names its projects.
    let dir = project(&[("services/api/requirements.txt", "flask\n"), ("services/api/app.py", FLASK_APP)]);
    let out = containerize().arg("plan").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("projects in `services/api`: name one (`containerize init services/api`)"),
        "{stderr}"
    );
    // Python source and no dependency file: what it imports is installed.
    let dir = project(&[("app.py", &format!("import yaml\n{FLASK_APP}"))]);
    let plan = plan_json(dir.path(), &[]);
    assert_eq!(plan["dependencies"]["packages"], serde_json::json!(["flask", "pyyaml"]));
    let warnings = plan["warnings"].to_string();
    assert!(
        warnings.contains("the image installs what the code imports, PyYAML (app.py:1), flask (app.py:2)"),
        "{warnings}"
    );
    let dir = project(&[("requirements.txt", "flask\n"), ("tool.py", "print('no app here')\n")]);
    insta::assert_snapshot!(transcript(containerize().arg("plan").arg(dir.path())), @"
    exit: 1
    --- stdout
    --- stderr
    error: nothing to start: looked for a Procfile, a Django manage.py, application objects (Flask, FastAPI, Starlette, Litestar, Quart, Sanic, Falcon, Falcon (ASGI), Bottle, Pyramid, Dash, aiohttp, Tornado, Celery), Streamlit/Gradio/Panel scripts, Celery apps, console scripts and `__main__.py` packages in 1 Python modules (tests, docs and virtual environments excluded); name it with --app MODULE:OBJECT or --command
    ");
}

#[test]
fn missing_include_names_the_including_file_and_line() {
    let dir = project(&[("requirements.txt", "flask\n\n-r requirements/base.txt\n"), ("app.py", FLASK_APP)]);
    insta::assert_snapshot!(transcript(containerize().arg("plan").arg(dir.path())), @"
    exit: 1
    --- stdout
    --- stderr
    error: requirements.txt:3: `requirements/base.txt` does not exist
    ");
}

#[test]
fn malformed_requirement_names_file_line_and_problem() {
    let dir = project(&[("requirements.txt", "flask\nrequests[security\n"), ("app.py", FLASK_APP)]);
    insta::assert_snapshot!(transcript(containerize().arg("init").arg(dir.path())), @"
    exit: 1
    --- stdout
    --- stderr
    error: requirements.txt:2: invalid requirement `requests[security`: Missing closing bracket (expected ']', found end of dependency specification)
    requests[security
            ^
    ");
    assert!(!dir.path().join("Dockerfile").exists(), "nothing is written on error");
}

#[test]
fn conflicting_python_versions_pick_by_precedence_and_warn() {
    let dir = project(&[
        ("requirements.txt", "flask\n"),
        ("app.py", FLASK_APP),
        (".python-version", "3.13\n"),
        ("runtime.txt", "python-3.11.9\n"),
        ("pyproject.toml", "[project]\nname = \"demo\"\nversion = \"1\"\nrequires-python = \">=3.12\"\n"),
    ]);
    let plan = plan_json(dir.path(), &[]);
    assert_eq!(plan["python"]["version"], "3.13");
    assert_eq!(plan["python"]["source"], ".python-version");
    let warnings = plan["warnings"].to_string();
    assert!(
        warnings.contains("runtime.txt:1: asks for 3.11.9, but .python-version:1 wins by precedence"),
        "{warnings}"
    );
    let plan = plan_json(dir.path(), &["--python", "3.11"]);
    assert_eq!(
        (plan["python"]["version"].as_str(), plan["python"]["source"].as_str()),
        (Some("3.11"), Some("--python"))
    );
    assert!(plan["warnings"].to_string().contains("requires `>=3.12`"), "{}", plan["warnings"]);
}

#[test]
fn python_from_requires_python_and_the_default() {
    let dir = project(&[
        ("requirements.txt", "flask\n"),
        ("app.py", FLASK_APP),
        ("pyproject.toml", "[project]\nname = \"demo\"\nrequires-python = \">=3.9,<3.13\"\n"),
    ]);
    let plan = plan_json(dir.path(), &[]);
    assert_eq!(
        (plan["python"]["version"].as_str(), plan["python"]["source"].as_str()),
        (Some("3.12"), Some("requires-python"))
    );
    let dir = project(&[("requirements.txt", "flask\n"), ("app.py", FLASK_APP)]);
    let plan = plan_json(dir.path(), &[]);
    assert_eq!(
        (plan["python"]["version"].as_str(), plan["python"]["source"].as_str()),
        (Some("3.14"), Some("default"))
    );
}

#[test]
fn unsupported_python_is_a_clear_error() {
    let dir =
        project(&[("requirements.txt", "flask\n"), ("app.py", FLASK_APP), (".python-version", "2.7\n")]);
    insta::assert_snapshot!(transcript(containerize().arg("plan").arg(dir.path())), @"
    exit: 1
    --- stdout
    --- stderr
    error: .python-version:1: Python 2.7 is not a release this tool can build for (known: 3.6, 3.7, 3.8, 3.9, 3.10, 3.11, 3.12, 3.13, 3.14, 3.15); pass --python X.Y to choose
    ");
}

#[test]
fn a_python_long_past_end_of_life_gets_its_last_image_and_a_warning() {
    let dir = project(&[
        ("requirements.txt", "flask==1.1.4\n"),
        ("app.py", FLASK_APP),
        ("runtime.txt", "python-3.6.5\n"),
    ]);
    let plan = plan_json(dir.path(), &[]);
    assert_eq!(
        (plan["python"]["version"].as_str(), plan["python"]["debian"].as_str(), plan["base_image"].as_str()),
        (Some("3.6"), Some("bullseye"), Some("python:3.6-slim-bullseye"))
    );
    let warnings = plan["warnings"].to_string();
    assert!(
        warnings.contains("Python 3.6 (from runtime.txt:1) reached end of life in 2021-12"),
        "{warnings}"
    );
}

#[test]
fn the_maintainers_dockerfile_names_port_and_python_before_and_after_init_force() {
    let dir = copy_example("maintainer-dockerfile");
    let stated = |plan: &serde_json::Value| {
        (
            plan["port"].as_u64(),
            plan["python"]["version"].as_str().map(String::from),
            plan["python"]["evidence"].clone(),
        )
    };
    let plan = plan_json(dir.path(), &[]);
    assert_eq!(stated(&plan), (Some(5000), Some("3.11".into()), "Dockerfile:3".into()));
    let init = containerize().args(["init", "--force", "--quiet"]).arg(dir.path()).output().unwrap();
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let plan = plan_json(dir.path(), &[]);
    assert_eq!(
        stated(&plan),
        (Some(5000), Some("3.11".into()), "Dockerfile.bak:3".into()),
        "read from the backup"
    );
    // What the project says it supports outranks the image it ran on.
    std::fs::write(dir.path().join(".python-version"), "3.13\n").unwrap();
    let plan = plan_json(dir.path(), &[]);
    assert_eq!(plan["python"]["version"], "3.13");
    let warnings = plan["warnings"].to_string();
    assert!(warnings.contains("asks for 3.11, but .python-version:1 wins"), "{warnings}");
}

#[test]
fn several_apps_pick_one_list_the_others_and_allow_app() {
    let dir = project(&[
        ("requirements.txt", "flask\nfastapi\n"),
        ("app.py", FLASK_APP),
        ("admin/console.py", "from fastapi import FastAPI\nconsole = FastAPI()\n"),
    ]);
    let plan = plan_json(dir.path(), &[]);
    assert_eq!(plan["app"]["target"], "app:app");
    let candidates = plan["app"]["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), 2);
    assert_eq!(candidates[1]["target"], "admin.console:console");
    assert_eq!(candidates[1]["why"], "not chosen: declares no routes");
    let plan = plan_json(dir.path(), &["--app", "admin.console:console"]);
    assert_eq!(
        (plan["app"]["target"].as_str(), plan["app"]["kind"].as_str()),
        (Some("admin.console:console"), Some("asgi"))
    );
    assert_eq!(plan["command"][0], "sh");
}

#[test]
fn python_2_files_are_skipped_with_a_warning() {
    let dir =
        project(&[("requirements.txt", "flask\n"), ("app.py", FLASK_APP), ("legacy.py", "print 'hello'\n")]);
    insta::assert_snapshot!(transcript(containerize().arg("plan").arg(dir.path())), @"
    exit: 0
    --- stdout
    containerize plan for [TMP]

      Python 3.14       default: nothing in the project names a version; the newest release with a year of releases and broad wheel coverage
      dependencies      requirements.txt (pip), 1 package
      app               app:app  (Flask, app.py:3)
      server            gunicorn (added gunicorn==27.0.1: not in your dependencies)
      port              8000 (default; override with --port or PORT at run time)
      health check      GET /health  (route found at app.py:5)
      base image        python:3.14-slim-trixie  (the official slim image for Python 3.14 on Debian trixie)
      command           gunicorn --worker-tmp-dir /dev/shm --access-logfile - app:app
      engine            Docker Engine 25 or newer  (the Dockerfile uses HEALTHCHECK --start-interval, COPY --link)
      system packages   none needed

    start candidates, best first
      1. app:app  Flask  app.py:3  chosen: the only Flask app in the project

    warnings
      legacy.py:1: skipped: not valid Python 3 (Simple statements must be separated by newlines or semicolons); Python cannot import it either
    --- stderr
    ");
}

#[test]
fn plan_json_has_the_stable_keys() {
    let plan = plan_json(&crate::support::example_dir("flask-app"), &[]);
    for pointer in [
        "/python/version",
        "/python/source",
        "/manager",
        "/app/kind",
        "/app/target",
        "/command",
        "/port",
        "/healthcheck/kind",
        "/healthcheck/path",
        "/system_packages/build",
        "/system_packages/runtime",
        "/warnings",
    ] {
        assert!(plan.pointer(pointer).is_some(), "missing {pointer} in {plan:#}");
    }
    assert_eq!(plan["manager"], "pip");
    assert_eq!(plan["app"]["kind"], "wsgi");
    assert!(plan["command"].is_array() && plan["port"].is_u64() && plan["warnings"].is_array());
}

#[test]
fn overrides_reach_the_dockerfile() {
    let dir = copy_example("flask-app");
    let out = containerize()
        .args([
            "init",
            "--stdout",
            "--port",
            "9000",
            "--python",
            "3.13",
            "--base-image",
            "registry.local/python:3.13-slim",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("PORT=9000") && text.contains("EXPOSE 9000"), "{text}");
    assert!(text.contains("FROM registry.local/python:3.13-slim AS builder"), "{text}");
    assert!(text.contains("os.environ.get(\\\"PORT\\\", \\\"9000\\\")"), "{text}");
    insta::assert_snapshot!(transcript(containerize().args(["plan", "--python", "three"]).arg(dir.path())), @"
    exit: 2
    --- stdout
    --- stderr
    error: --python `three` must be a minor version such as `3.13`
    ");
    insta::assert_snapshot!(
        transcript(containerize().args(["plan", "--base-image", "python:latest"]).arg(dir.path())),
        @"
    exit: 2
    --- stdout
    --- stderr
    error: --base-image `python:latest` must name a version tag or digest (`latest` changes under you)
    "
    );
    insta::assert_snapshot!(transcript(containerize().args(["plan", "--app", "not an app"]).arg(dir.path())), @"
    exit: 2
    --- stdout
    --- stderr
    error: --app `not an app` must look like `module:object` or `module:factory()` (dotted Python names)
    ");
}

#[test]
fn hand_written_dockerfile_survives_init() {
    let dir = copy_example("flask-app");
    let mine = "FROM python:3.11-slim\nCMD [\"python\", \"server.py\"]\n";
    std::fs::write(dir.path().join("Dockerfile"), mine).unwrap();
    insta::assert_snapshot!(transcript(containerize().arg("init").arg(dir.path())), @"
    exit: 1
    --- stdout
    --- stderr
    error: `Dockerfile` was not generated by containerize (it has no generated-file header); nothing was written. Re-run with --force to replace it (the old file is kept as `Dockerfile.bak`)
    ");
    assert_eq!(std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(), mine);
    assert!(!dir.path().join(".dockerignore").exists(), "a refusal writes nothing");

    insta::assert_snapshot!(transcript(containerize().args(["init", "--force"]).arg(dir.path())), @"
    exit: 0
    --- stdout
      Python 3.11       from .python-version:1
      dependencies      requirements.txt (pip), 7 packages
      app               server:application  (Flask, server.py:5)
      server            gunicorn (added gunicorn==27.0.1: not in your dependencies)
      port              8000 (default; override with --port or PORT at run time)
      health check      GET /healthz  (route found at server.py:13)
    wrote Dockerfile, .dockerignore; your Dockerfile is kept as Dockerfile.bak
    next: docker build -t ctz-flask-app-[RANDOM] [TMP] && docker run -p 8000:8000 ctz-flask-app-[RANDOM]
    --- stderr
    ");
    assert_eq!(std::fs::read_to_string(dir.path().join("Dockerfile.bak")).unwrap(), mine);
    let generated = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    assert!(generated.starts_with("# Generated by containerize"));

    insta::assert_snapshot!(transcript(containerize().arg("init").arg(dir.path())), @"
    exit: 0
    --- stdout
      Python 3.11       from .python-version:1
      dependencies      requirements.txt (pip), 7 packages
      app               server:application  (Flask, server.py:5)
      server            gunicorn (added gunicorn==27.0.1: not in your dependencies)
      port              8000 (default; override with --port or PORT at run time)
      health check      GET /healthz  (route found at server.py:13)
    unchanged Dockerfile, .dockerignore
    next: docker build -t ctz-flask-app-[RANDOM] [TMP] && docker run -p 8000:8000 ctz-flask-app-[RANDOM]
    --- stderr
    ");
    assert_eq!(std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(), generated);
}

#[test]
fn init_prints_the_plan_and_the_next_step() {
    let (_parent, dir) = copy_example_named("flask-app");
    insta::assert_snapshot!(transcript(containerize().arg("init").arg(&dir)), @"
    exit: 0
    --- stdout
      Python 3.11       from .python-version:1
      dependencies      requirements.txt (pip), 7 packages
      app               server:application  (Flask, server.py:5)
      server            gunicorn (added gunicorn==27.0.1: not in your dependencies)
      port              8000 (default; override with --port or PORT at run time)
      health check      GET /healthz  (route found at server.py:13)
    wrote Dockerfile, .dockerignore
    next: docker build -t flask-app [TMP]/flask-app && docker run -p 8000:8000 flask-app
    --- stderr
    ");
    // --quiet: what was written, nothing else.
    insta::assert_snapshot!(transcript(containerize().args(["init", "--quiet"]).arg(&dir)), @"
    exit: 0
    --- stdout
    unchanged Dockerfile, .dockerignore
    --- stderr
    ");
}

#[test]
fn template_overrides_replace_builtins_and_errors_name_the_line() {
    let dir = copy_example("flask-app");
    let templates = tempfile::tempdir().unwrap();
    let builtin = std::fs::read_to_string(crate::support::root().join("templates/Dockerfile.j2")).unwrap();
    let changed = builtin.replace(
        "FROM {{ builder_image }} AS builder",
        "FROM internal.example/python:{{ python_version }} AS builder",
    );
    std::fs::write(templates.path().join("Dockerfile.j2"), changed).unwrap();
    let out = containerize()
        .args(["init", "--stdout", "--templates"])
        .arg(templates.path())
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("FROM internal.example/python:3.11 AS builder"));

    std::fs::write(templates.path().join("Dockerfile.j2"), "FROM x\n\nRUN {{ no_such_value }}\n").unwrap();
    insta::assert_snapshot!(
        transcript(containerize().args(["init", "--stdout", "--templates"]).arg(templates.path()).arg(dir.path())),
        @"
    exit: 2
    --- stdout
    --- stderr
    error: rendering Dockerfile.j2: Dockerfile.j2:3: template error: undefined value: `no_such_value` is undefined
    "
    );
}

#[test]
fn readme_shows_the_real_generated_dockerfile() {
    let readme = std::fs::read_to_string(crate::support::root().join("README.md")).unwrap();
    let (_, rest) =
        readme.split_once("<!-- generated: examples/flask-app Dockerfile -->\n```dockerfile\n").unwrap();
    let (block, _) = rest.split_once("```\n<!-- end generated -->").unwrap();
    let (dockerfile, _) = crate::support::render(&crate::support::example_dir("flask-app"));
    assert_eq!(
        block, dockerfile,
        "README.md's Dockerfile is stale: paste the Dockerfile part of `containerize init --stdout examples/flask-app`"
    );
}

#[test]
fn the_version_names_the_templates() {
    let out = containerize().arg("--version").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let prefix = format!("containerize {} (templates ", env!("CARGO_PKG_VERSION"));
    let digest = text.strip_prefix(&prefix).and_then(|rest| rest.strip_suffix(")\n"));
    assert!(digest.is_some_and(|d| d.len() == 12 && d.bytes().all(|b| b.is_ascii_hexdigit())), "{text}");
}

/// A stdout that cannot take the output (`> /dev/full`, a full disk) is
/// an error that says so, not a panic asking for a bug report.
#[test]
fn a_full_stdout_is_a_plain_error() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("skipped: this machine has no /dev/full");
        return;
    };
    for args in [&["plan"][..], &["plan", "--json"], &["init", "--stdout"], &["check"]] {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("containerize"))
            .args(args)
            .arg(example_dir("flask-app"))
            .env("NO_COLOR", "1")
            .env_remove("RUST_BACKTRACE")
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked") && !stderr.contains("please report"), "{args:?}: {stderr}");
        assert!(
            stderr.contains("error: could not write to stdout: No space left on device"),
            "{args:?}: {stderr}"
        );
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    }
}

/// A reader that stops early (`containerize plan A B | head -1`) ends the
/// run quietly: `println!` used to panic with "failed printing to stdout".
#[test]
fn a_closed_stdout_is_a_quiet_clean_exit() {
    let examples = [example_dir("flask-app"), example_dir("django-wsgi")];
    for args in [&["plan"][..], &["plan", "--json"], &["init", "--stdout"]] {
        // The read end is closed before the process starts, so its first
        // write meets a broken pipe, whatever the timing.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("containerize"))
            .args(args)
            .args(&examples[..if args[0] == "init" { 1 } else { 2 }])
            .env("NO_COLOR", "1")
            .env_remove("RUST_BACKTRACE")
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked") && !stderr.contains("failed printing"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        if args[0] == "plan" {
            assert_eq!(stderr, "", "{args:?}");
        }
    }

    // Reading one line and then closing, as `head -1` does.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("containerize"))
        .arg("plan")
        .args(&examples)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut first)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(first, "==> [ROOT]/examples/flask-app\n".replace("[ROOT]", root().to_str().unwrap()));
    assert!(!stderr.contains("panicked") && !stderr.contains("failed printing"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
