//! Where words from the project end up, one module per sink, each with the
//! only way in: a project string reaches a Dockerfile value, a
//! `.dockerignore` line, a Python literal, an identifier or a terminal
//! through the type its module builds, never by formatting it in.
//!
//! The shell has its own module ([`crate::shell`]), whose words the start
//! command is built from. Each module's property tests feed it arbitrary
//! strings and read the output back the way its consumer does.

pub mod dockerfile;
pub mod github;
pub mod ident;
pub mod ignore;
#[cfg(test)]
mod properties;
pub mod python;
pub mod serde_words;
pub mod terminal;
