//! What starts, from the outside: the precedence of candidates, the tie
//! that ranking cannot settle, explicit commands, ports the code states,
//! Django's hosts, and processes that serve no HTTP.

use crate::support::{containerize, example_dir, plan_json as plan, project, render};
use predicates::prelude::*;

const FLASK: &str = "from flask import Flask\n{name} = Flask(__name__)\n@{name}.get('/{path}')\ndef view():\n    return 'ok'\n";

fn flask(name: &str, path: &str) -> String {
    FLASK.replace("{name}", name).replace("{path}", path)
}

#[test]
fn a_tie_the_ranking_cannot_settle_is_an_error_listing_the_candidates() {
    let (billing, shipping) = (flask("billing", "b"), flask("shipping", "s"));
    let dir =
        project(&[("requirements.txt", "flask\n"), ("billing.py", &billing), ("shipping.py", &shipping)]);
    containerize()
        .arg("init")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot choose what to start: 2 candidates rank equally"))
        .stderr(predicate::str::contains("billing:billing (Flask, billing.py:2)"))
        .stderr(predicate::str::contains("shipping:shipping (Flask, shipping.py:2)"))
        .stderr(predicate::str::contains("choose one with --app MODULE:OBJECT"));
    assert!(!dir.path().join("Dockerfile").exists());
    assert_eq!(plan(dir.path(), &["--app", "shipping:shipping"])["app"]["target"], "shipping:shipping");
}

#[test]
fn explicit_commands_win_and_run_through_a_shell_for_port() {
    let app = flask("app", "health");
    let dir = project(&[("requirements.txt", "flask\ngunicorn\n"), ("app.py", &app)]);
    let plan = plan(dir.path(), &["--command", "gunicorn app:app --workers 3"]);
    assert_eq!(plan["app"]["process"], "command");
    assert_eq!(plan["command"][2], "exec gunicorn app:app --workers 3 --bind \"0.0.0.0:$PORT\"");
    assert_eq!(
        plan["healthcheck"]["path"], "/health",
        "the command names a known app: its routes are probed"
    );
}

#[test]
fn procfile_binds_on_loopback_are_fixed_and_their_ports_kept() {
    let app = flask("app", "health");
    let dir = project(&[
        ("requirements.txt", "flask\ngunicorn\n"),
        ("app.py", &app),
        ("Procfile", "release: python migrate.py\nweb: gunicorn --bind 127.0.0.1:5005 app:app\n"),
    ]);
    let plan = plan(dir.path(), &[]);
    assert_eq!(plan["command"][2], "exec gunicorn --bind 0.0.0.0:5005 app:app");
    assert_eq!(plan["port"], 5005);
    assert!(plan["warnings"].to_string().contains("Procfile:2: `127.0.0.1:5005` listens on loopback"));
}

#[test]
fn ports_the_code_states() {
    let app = "import os\nfrom flask import Flask\napp = Flask(__name__)\n@app.get('/ping')\ndef p(): return 'ok'\n\
               if __name__ == '__main__':\n    app.run(host='127.0.0.1', port=int(os.environ.get('PORT', 5050)))\n";
    let dir = project(&[("requirements.txt", "flask\n"), ("app.py", app)]);
    let plan = plan(dir.path(), &[]);
    assert_eq!(plan["port"], 5050);
    assert!(
        plan["notes"]
            .to_string()
            .contains("runs a development server on 127.0.0.1; the image runs app:app on 0.0.0.0")
    );
    let (dockerfile, _) = render(dir.path());
    assert!(dockerfile.contains("PORT=5050") && dockerfile.contains("EXPOSE 5050"), "{dockerfile}");
    assert_eq!(self::plan(dir.path(), &["--port", "7000"])["port"], 7000, "--port wins");
}

#[test]
fn django_probes_with_a_host_allowed_hosts_accepts() {
    let dir = project(&[
        ("requirements.txt", "django\ngunicorn\n"),
        ("manage.py", "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_.settings')\n"),
        (
            "site_/settings.py",
            "ALLOWED_HOSTS = ['.example.com']\nWSGI_APPLICATION = 'site_.wsgi.application'\nROOT_URLCONF = 'site_.urls'\nSECRET_KEY = 'x'\n",
        ),
        ("site_/urls.py", "from django.urls import path\nurlpatterns = [path('healthz/', views.h)]\n"),
        (
            "site_/wsgi.py",
            "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
        ),
    ]);
    let plan = plan(dir.path(), &[]);
    assert_eq!(
        (plan["app"]["framework"].as_str(), plan["app"]["kind"].as_str()),
        (Some("Django"), Some("wsgi"))
    );
    assert_eq!(
        (plan["healthcheck"]["path"].as_str(), plan["healthcheck"]["host"].as_str()),
        (Some("/healthz/"), Some("example.com"))
    );
    assert_eq!(plan["collectstatic"], false, "no STATIC_ROOT, nothing to collect");
    let (dockerfile, _) = render(dir.path());
    assert!(dockerfile.contains(r#"headers={\"Host\": \"example.com\"}"#), "{dockerfile}");
}

#[test]
fn workers_and_programs_expose_nothing_and_have_no_health_check() {
    for example in ["celery-worker", "cli-tool"] {
        let (dockerfile, _) = render(&example_dir(example));
        assert!(!dockerfile.contains("EXPOSE") && !dockerfile.contains("PORT="), "{example}:\n{dockerfile}");
        assert!(dockerfile.contains("\nHEALTHCHECK NONE\n"), "{example}:\n{dockerfile}");
    }
    let plan = plan(&example_dir("celery-worker"), &[]);
    assert_eq!(
        plan["command"],
        serde_json::json!(["celery", "-A", "tasks:app", "worker", "--loglevel=INFO"])
    );
    assert_eq!((plan["port"].is_null(), plan["healthcheck"]["kind"].as_str()), (true, Some("none")));
}

#[test]
fn apps_in_virtual_environments_and_tests_are_never_chosen() {
    let plan = plan(&example_dir("decoy-app"), &[]);
    assert_eq!(plan["app"]["target"], "service:app");
    let candidates = plan["app"]["candidates"].to_string();
    assert!(!candidates.contains("Flask"), "{candidates}");
}

#[test]
fn scripts_run_under_their_framework() {
    let plan = plan(&example_dir("streamlit-app"), &[]);
    assert_eq!((plan["app"]["kind"].as_str(), plan["port"].as_u64()), (Some("script"), Some(8501)));
    assert_eq!(plan["healthcheck"]["path"], "/_stcore/health");
    let gradio = "import gradio as gr\ndemo = gr.Interface(fn=str.upper, inputs='text', outputs='text')\ndemo.launch()\n";
    let dir = project(&[("requirements.txt", "gradio\n"), ("app.py", gradio)]);
    let gradio_plan = self::plan(dir.path(), &[]);
    assert_eq!(gradio_plan["port"], 7860);
    assert_eq!(gradio_plan["command"][2], "export GRADIO_SERVER_PORT=\"$PORT\"; exec python app.py");
    assert_eq!(gradio_plan["env"][0], "GRADIO_SERVER_NAME=0.0.0.0");
}
