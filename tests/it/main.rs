//! containerize's integration tests: one binary, one module per concern.
//!
//! Tests that need a Docker engine or the linters skip with a printed
//! reason when those are missing, and fail instead when
//! `CONTAINERIZE_REQUIRE_E2E=1` (CI sets it).

/// Every example as `test_name: "folder"`. Listing an example here gives
/// it a snapshot, lint and end-to-end test; `every_example_is_tested`
/// fails when a folder under `examples/` is missing from this list.
macro_rules! with_examples {
    ($callback:ident) => {
        $callback! {
            fastapi_package: "fastapi-package",
            flask_app: "flask-app",
            flask_factory: "flask-factory",
            pdm_app: "pdm-app",
            pep621_hatch: "pep621-hatch",
            pep621_setuptools: "pep621-setuptools",
            pipenv_app: "pipenv-app",
            poetry_app: "poetry-app",
            poetry1_app: "poetry1-app",
            requirements_subfolder: "requirements-subfolder",
            setuppy_app: "setuppy-app",
            uv_app: "uv-app",
            uv_workspace: "uv-workspace",
        }
    };
}

mod build;
mod cli;
mod command_lines;
mod e2e;
mod lint;
mod managers;
mod snapshots;
mod support;
