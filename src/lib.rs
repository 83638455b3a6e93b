//! containerize as a library: the pipeline behind the `containerize`
//! binary (facts → plan → rendered files → written or checked → image).
//! The binary is a thin shell around [`commands::run`]; the library exists
//! so that fuzz targets and benchmarks can drive each stage directly. Its
//! API follows the binary's needs and is not a stable interface.

pub mod cli;
pub mod commands;
pub mod data;
pub mod detect;
pub mod diagnostics;
pub mod dockerignore;
pub mod engine;
pub mod evidence;
pub mod lines;
pub mod manager;
pub mod output;
pub mod plan;
pub mod progress;
pub mod project;
pub mod python_minor;
pub mod render;
pub mod settings;
pub mod shell;
pub mod sinks;
pub mod text;
pub mod version;
