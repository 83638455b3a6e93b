//! Bounded work (issue #18): inputs that once took quadratic or unbounded
//! time or memory, built here small enough to run fast once bounded. Each
//! test asserts the outcome (status, message, the good app still found),
//! never a duration.

use crate::support::{containerize, project};
use predicates::prelude::*;

const APP: &str =
    "from flask import Flask\napp = Flask(__name__)\n@app.get('/health')\ndef h():\n    return 'ok'\n";

/// `containerize plan` on a project of generated files, which must succeed.
fn plan_succeeds(files: &[(String, String)]) -> assert_cmd::assert::Assert {
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = project(&files);
    containerize().args(["plan"]).arg(dir.path()).assert().success()
}

// See: 3 MB of unary minus panicked in a parser thread and lost app.py.
#[test]
fn a_module_nested_too_deeply_is_skipped_and_the_others_are_kept() {
    let deep = format!("x = {}1\n", "-".repeat(20_000));
    let files: Vec<(String, String)> = (0..4).map(|k| (format!("big{k}.py"), deep.clone())).collect();
    let mut all: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    all.extend([("app.py", APP), ("requirements.txt", "flask\n")]);
    let dir = project(&all);
    containerize()
        .args(["plan"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("app:app  Flask  app.py:2"))
        .stdout(predicate::str::contains(
            "big3.py:1: skipped: not valid Python 3 (it nests more than 3000 levels deep)",
        ));
}

// See: `a0 = … = a9999 = [1, …]` made 10^8 values (3 GB).
#[test]
fn a_chained_assignment_of_a_large_value_is_bounded_with_a_warning() {
    let names: Vec<String> = (0..2_000).map(|i| format!("a{i}")).collect();
    let big = format!("{} = [{}]\n", names.join(" = "), vec!["1"; 2_000].join(","));
    let dir = project(&[("app.py", APP), ("requirements.txt", "flask\n"), ("big.py", &big)]);
    containerize()
        .args(["plan"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("app:app  Flask  app.py:2"))
        .stdout(predicate::str::contains("big.py:1: too many names bound to one large value"));
}

// See: Django includes fanned out 60 per level over 4 levels (13 million routes).
#[test]
fn django_url_includes_stop_at_a_budget_with_a_warning() {
    let mut files = vec![
        ("requirements.txt".to_string(), "django\n".to_string()),
        (
            "manage.py".into(),
            "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n".into(),
        ),
        ("mysite/__init__.py".into(), String::new()),
        (
            "mysite/settings.py".into(),
            "ROOT_URLCONF = 'mysite.urls'\nWSGI_APPLICATION = 'mysite.wsgi.application'\n".into(),
        ),
        ("mysite/wsgi.py".into(), "application = None\n".into()),
    ];
    let names = ["urls", "u1", "u2", "u3"];
    for (i, name) in names.iter().enumerate() {
        let body = match names.get(i + 1) {
            Some(next) => (0..25)
                .map(|j| format!("    path('p{j}/', include('mysite.{next}')),\n"))
                .collect::<Vec<_>>()
                .concat(),
            None => "    path('health/', view),\n".to_string(),
        };
        files.push((format!("mysite/{name}.py"), format!("urlpatterns = [\n{body}]\n")));
    }
    plan_succeeds(&files)
        .stdout(predicate::str::contains("GET /p0/p0/p0/health/"))
        .stdout(predicate::str::contains("more than 10000 URL patterns: the rest are not searched"));
}

// See: a 12 MB setup.py was parsed under the 16 MiB manifest limit.
#[test]
fn a_setup_py_over_the_python_source_limit_is_refused() {
    let big = format!("from setuptools import setup\nsetup(name='p')\n{}", "x = 1\n".repeat(800_000));
    let dir = project(&[("app.py", APP), ("setup.py", &big)]);
    containerize()
        .args(["plan"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot read `setup.py`: it is 4.6 MiB, over the 4 MiB limit"));
}

// See: a duplicate-name scan per Procfile line made long Procfiles quadratic.
#[test]
fn a_long_procfile_keeps_the_first_of_each_name() {
    let mut procfile = (0..5_000).map(|i| format!("w{i}: gunicorn app:app\n")).collect::<Vec<_>>().concat();
    procfile.push_str("w7: celery worker\nweb: gunicorn app:app\n");
    let dir = project(&[("app.py", APP), ("requirements.txt", "flask\ngunicorn\n"), ("Procfile", &procfile)]);
    containerize()
        .args(["plan"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("Procfile:5001: `w7` is declared again; the first wins"));
}

// See: counting newlines per dependency made a long `[project]` quadratic.
#[test]
fn many_project_dependencies_keep_their_lines() {
    let deps = (0..5_000).map(|i| format!("\"pkg{i}\",\n")).collect::<Vec<_>>().concat();
    let pyproject =
        format!("[project]\nname = \"p\"\nversion = \"1\"\ndependencies = [\n{deps}\"pkg-\",\n]\n");
    let dir = project(&[("app.py", APP), ("pyproject.toml", &pyproject)]);
    containerize()
        .args(["plan"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("pyproject.toml:5005: invalid requirement `pkg-`"));
}

// See: M16, an override's nested loop over range(10000) never ended.
#[test]
fn a_template_override_that_loops_too_long_is_an_error_naming_it() {
    let dir = project(&[
        ("app.py", APP),
        ("requirements.txt", "flask\n"),
        ("containerize.toml", "templates = \"ct\"\n"),
        (
            "ct/Dockerfile.j2",
            "{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}\n",
        ),
    ]);
    containerize().args(["init", "--stdout"]).arg(dir.path()).assert().failure().stderr(
        predicate::str::contains("Dockerfile.j2:1: template error: the template ran more than 100000 steps"),
    );
}

// See: FastAPI routers included 8 times at each of 8 levels (3.5 KB) reach
// 16 million prefixed paths; the walk took 15 s and 3 GB, then aborted.
#[test]
fn router_include_fan_out_stops_at_a_budget() {
    let (levels, fan) = (8, 8);
    let include = |owner: &str, next: usize| -> String {
        (0..fan)
            .map(|j| format!("{owner}.include_router(r{next}.router, prefix='/q{j}')\n"))
            .collect::<Vec<_>>()
            .concat()
    };
    let mut files = vec![
        ("requirements.txt".to_string(), "fastapi\nuvicorn\n".to_string()),
        (
            "main.py".into(),
            format!(
                "from fastapi import FastAPI\nimport r1\napp = FastAPI()\n{}@app.get('/health')\ndef h():\n    return 1\n",
                include("app", 1)
            ),
        ),
    ];
    for i in 1..levels {
        files.push((
            format!("r{i}.py"),
            format!(
                "from fastapi import APIRouter\nimport r{}\nrouter = APIRouter()\n{}",
                i + 1,
                include("router", i + 1)
            ),
        ));
    }
    files.push((
        format!("r{levels}.py"),
        "from fastapi import APIRouter\nrouter = APIRouter()\n@router.get('/leaf')\ndef leaf():\n    return 1\n".into(),
    ));
    plan_succeeds(&files)
        .stdout(predicate::str::contains("main:app"))
        .stdout(predicate::str::contains("/health"));
}

// See: a .gitignore of 400,000 patterns (11.8 MB, under the manifest limit)
// grew to 3.4 GB and aborted while the ignore rules compiled.
#[test]
fn an_oversized_gitignore_is_not_applied_with_a_warning() {
    let rules = (0..60_000).map(|i| format!("dir{i}/sub*/file{i}.tmp\n")).collect::<Vec<_>>().concat();
    let dir = project(&[("requirements.txt", "flask\n"), ("app.py", APP), (".gitignore", &rules)]);
    containerize()
        .args(["plan"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("app:app"))
        .stdout(predicate::str::contains(
            ".gitignore: it is 1.6 MiB, over the 1 MiB limit, so its rules are not applied",
        ));
}
