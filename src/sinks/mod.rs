//! Where words from the project end up, one module per sink, each with the
//! only way in: a project string reaches a Dockerfile value, a
//! `.dockerignore` line, a Python literal, an identifier or a terminal
//! through the type its module builds, never by formatting it in.
//!
//! The shell has its own module ([`crate::shell`]); GitHub workflow
//! commands are escaped where `check --format github` writes them
//! ([`crate::output::check`]).

pub mod dockerfile;
pub mod ident;
pub mod ignore;
pub mod python;
pub mod serde_words;
pub mod terminal;
