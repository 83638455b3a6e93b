//! Package managers from the outside: which one is chosen and why, the
//! Python version each project file states, lockfile conflicts and bad
//! input, and private indexes whose credentials stay in BuildKit secrets.

use crate::support::{containerize, dockerfile, example_dir, plan_json as plan, project, write_files};
use predicates::prelude::*;

const APP: &str =
    "from flask import Flask\napp = Flask(__name__)\n@app.get('/health')\ndef h():\n    return 'ok'\n";

#[test]
fn every_example_reports_its_manager_and_python_source() {
    let expected = [
        ("uv-app", "uv", ".python-version"),
        ("uv-workspace", "uv", "uv.lock"),
        ("poetry-app", "poetry", "requires-python"),
        ("poetry1-app", "poetry", "poetry"),
        ("pdm-app", "pdm", "requires-python"),
        ("pipenv-app", "pipenv", "Pipfile"),
        ("pep621-setuptools", "pip", "requires-python"),
        ("pep621-hatch", "pip", ".python-version"),
        ("setuppy-app", "pip", "runtime.txt"),
        ("requirements-subfolder", "pip", ".python-version"),
        ("flask-factory", "pip", "runtime.txt"),
    ];
    for (example, manager, source) in expected {
        let plan = plan(&example_dir(example), &[]);
        assert_eq!(
            (plan["manager"].as_str(), plan["python"]["source"].as_str()),
            (Some(manager), Some(source)),
            "{example}"
        );
    }
}

#[test]
fn lockfiles_of_two_managers_are_an_error_until_one_is_chosen() {
    let uv = std::fs::read_to_string(example_dir("uv-app").join("uv.lock")).unwrap();
    let pyproject = std::fs::read_to_string(example_dir("uv-app").join("pyproject.toml")).unwrap();
    let pipfile_lock = std::fs::read_to_string(example_dir("pipenv-app").join("Pipfile.lock")).unwrap();
    let pipfile = std::fs::read_to_string(example_dir("pipenv-app").join("Pipfile")).unwrap();
    let dir = project(&[
        ("pyproject.toml", &pyproject),
        ("uv.lock", &uv),
        ("Pipfile", &pipfile),
        ("Pipfile.lock", &pipfile_lock),
        ("src/uv_app/main.py", APP),
    ]);
    containerize()
        .arg("plan")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "found lockfiles of different managers: `uv.lock` and `Pipfile.lock`; keep one, or choose with --manager uv|pipenv",
        ));
    let chosen = plan(dir.path(), &["--manager", "pipenv"]);
    assert_eq!(chosen["manager"], "pipenv");
    containerize().args(["plan", "--manager", "conda"]).arg(dir.path()).assert().code(2);
}

#[test]
fn a_stale_lockfile_is_a_warning_naming_the_dependency() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::copy_tree(&example_dir("pdm-app"), dir.path());
    let pyproject = std::fs::read_to_string(dir.path().join("pyproject.toml")).unwrap();
    let stale = pyproject.replacen("dependencies = [", "dependencies = [\n    \"requests>=2\",", 1);
    assert_ne!(stale, pyproject, "the fixture declares dependencies");
    std::fs::write(dir.path().join("pyproject.toml"), stale).unwrap();
    let plan = plan(dir.path(), &[]);
    assert!(
        plan["warnings"].to_string().contains("`requests` is not in pdm.lock: the lockfile is out of date"),
        "{}",
        plan["warnings"]
    );
}

#[test]
fn unknown_lock_versions_warn_and_still_plan() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::copy_tree(&example_dir("uv-app"), dir.path());
    let lock = std::fs::read_to_string(dir.path().join("uv.lock")).unwrap();
    std::fs::write(dir.path().join("uv.lock"), lock.replacen("version = 1\n", "version = 7\n", 1)).unwrap();
    let plan = plan(dir.path(), &[]);
    assert_eq!(plan["manager"], "uv");
    assert!(plan["warnings"].to_string().contains("lock format version `7` is not one this tool knows"));
}

#[test]
fn malformed_manifests_name_file_line_and_column() {
    let dir = project(&[
        ("pyproject.toml", "[project]\nname = \"x\"\ndependencies = [\"flask\",\n"),
        ("app.py", APP),
    ]);
    containerize()
        .arg("init")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::is_match(r"error: pyproject\.toml:\d+:\d+: invalid TOML").unwrap());
    assert!(!dir.path().join("Dockerfile").exists());
    let dir = project(&[("setup.py", "from setuptools import setup\nsetup(name='x',\n"), ("app.py", APP)]);
    containerize()
        .arg("plan")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("setup.py:").and(predicate::str::contains("cannot be parsed")));
    let dir = project(&[
        ("Pipfile", "[packages]\nflask = \"*\"\n"),
        ("Pipfile.lock", "{\"default\": "),
        ("app.py", APP),
    ]);
    containerize()
        .arg("plan")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("Pipfile.lock:1:").and(predicate::str::contains("invalid JSON")));
}

#[test]
fn impossible_python_requests_are_clear_errors() {
    let dir = project(&[
        ("Pipfile", "[packages]\nflask = \"*\"\n\n[requires]\npython_version = \"2.7\"\n"),
        ("app.py", APP),
    ]);
    containerize().arg("plan").arg(dir.path()).assert().code(1).stderr(predicate::str::contains(
        "Pipfile's [requires] (Pipfile:5): Python 2.7 is not a release this tool can build for",
    ));
    let dir = project(&[
        (
            "pyproject.toml",
            "[project]\nname = \"x\"\nrequires-python = \">=3.99\"\ndependencies = [\"flask\"]\n",
        ),
        ("app.py", APP),
    ]);
    containerize()
        .arg("plan")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("`>=3.99` matches no CPython release this tool knows"));
}

#[test]
fn pipfile_without_lock_installs_with_a_warning() {
    let dir = project(&[
        ("Pipfile", "[packages]\nflask = \"*\"\n\n[requires]\npython_version = \"3.13\"\n"),
        ("app.py", APP),
    ]);
    let plan = plan(dir.path(), &[]);
    assert_eq!(plan["manager"], "pipenv");
    assert!(
        plan["warnings"].to_string().contains("no Pipfile.lock: the build locks the dependencies itself")
    );
    let text = dockerfile(dir.path());
    assert!(text.contains("/opt/pipenv/bin/pipenv install") && !text.contains("--deploy"), "{text}");
}

#[test]
fn requirement_files_in_a_subfolder_follow_the_documented_ranking() {
    let dir = project(&[
        ("requirements/dev.txt", "-r base.txt\npytest\n"),
        ("requirements/base.txt", "flask\n"),
        ("app.py", APP),
    ]);
    assert_eq!(plan(dir.path(), &[])["dependencies"]["source"][0], "requirements/base.txt");
    write_files(dir.path(), &[("requirements/prod.txt", "-r base.txt\ngunicorn\n")]);
    assert_eq!(plan(dir.path(), &[])["dependencies"]["source"][0], "requirements/prod.txt");
}

#[test]
fn private_index_credentials_only_travel_as_build_secrets() {
    let dir = project(&[
        ("requirements.txt", "--extra-index-url https://${PYPI_TOKEN}@pypi.corp.example/simple\nflask\n"),
        ("app.py", APP),
    ]);
    let text = dockerfile(dir.path());
    assert!(text.contains("--mount=type=secret,id=PYPI_TOKEN"), "{text}");
    assert!(
        text.contains("PYPI_TOKEN=\"$(cat /run/secrets/PYPI_TOKEN)\" pip install -r requirements.txt"),
        "{text}"
    );
    assert!(text.contains("--mount=type=secret,id=netrc,target=/root/.netrc"), "{text}");
    for line in text.lines().filter(|l| l.starts_with("ARG") || l.starts_with("ENV")) {
        assert!(!line.contains("PYPI_TOKEN"), "a secret in {line}");
    }
    containerize().arg("init").arg(dir.path()).assert().success().stdout(predicate::str::contains(
        "--secret id=netrc,src=$HOME/.netrc --secret id=PYPI_TOKEN,env=PYPI_TOKEN",
    ));
}
