//! containerize's integration tests: one binary, one module per concern.
//!
//! Tests that need a Docker engine, the linters, pre-commit or a release
//! build are `#[ignore]`d with the reason, so a plain `cargo test` reports
//! them as ignored rather than passed; `cargo test -- --include-ignored`
//! runs them. Run so, they still skip with a printed reason when a tool is
//! missing, and fail instead under `CONTAINERIZE_REQUIRE_E2E=1` (CI sets
//! it). CLI output is pinned by inline snapshots of a whole
//! [`support::transcript`]: the exit status, stdout and stderr.

/// Every example as `test_name: "folder"`. Listing an example here gives
/// it a snapshot, lint and end-to-end test; `every_example_is_tested`
/// fails when a folder under `examples/` is missing from this list.
macro_rules! with_examples {
    ($callback:ident) => {
        $callback! {
            aiohttp_app: "aiohttp-app",
            aiohttp_factory: "aiohttp-factory",
            celery_worker: "celery-worker",
            cli_server: "cli-server",
            cli_tool: "cli-tool",
            dash_app: "dash-app",
            decoy_app: "decoy-app",
            django_asgi: "django-asgi",
            django_procfile: "django-procfile",
            django_wsgi: "django-wsgi",
            fastapi_package: "fastapi-package",
            flask_app: "flask-app",
            flask_factory: "flask-factory",
            flask_instance: "flask-instance",
            flask_undeclared: "flask-undeclared",
            gunicorn_config: "gunicorn-config",
            litestar_app: "litestar-app",
            maintainer_dockerfile: "maintainer-dockerfile",
            mysqlclient_app: "mysqlclient-app",
            no_dependency_file: "no-dependency-file",
            pdm_app: "pdm-app",
            pdm_old_lock: "pdm-old-lock",
            pdm_template_backend: "pdm-template-backend",
            pep621_hatch: "pep621-hatch",
            pep621_setuptools: "pep621-setuptools",
            pipenv_app: "pipenv-app",
            poetry_app: "poetry-app",
            poetry1_app: "poetry1-app",
            procfile_app: "procfile-app",
            procfile_flask_run: "procfile-flask-run",
            procfile_shell: "procfile-shell",
            psycopg2_source: "psycopg2-source",
            python_magic_app: "python-magic-app",
            requirements_subfolder: "requirements-subfolder",
            setuppy_app: "setuppy-app",
            starlette_app: "starlette-app",
            streamlit_app: "streamlit-app",
            uv_app: "uv-app",
            uv_workspace: "uv-workspace",
            wheel_bounded: "wheel-bounded",
        }
    };
}

mod bounds;
mod build;
mod cli;
mod command_lines;
mod docs;
mod doctor;
mod e2e;
mod hostile;
mod install;
mod lint;
mod managers;
mod native;
mod precommit;
mod redteam;
mod schema;
mod sinks;
mod snapshots;
mod start;
mod support;
mod workflows;
