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
        }
    };
}

mod build;
mod cli;
mod command_lines;
mod e2e;
mod lint;
mod snapshots;
mod support;
