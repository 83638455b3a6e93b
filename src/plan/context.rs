//! What the generated `.dockerignore` may name: the files the build needs
//! (re-included when a pattern would drop them) and the project's own
//! virtual environments (left out). Each is a [`Literal`] line, so a path
//! from the project matches itself and nothing else.
//!
//! A secret-looking file is never re-included, even when pyproject.toml
//! names it (`readme = ".env"`): the build goes without it and a warning
//! says so. A path no line can hold (a line break in a folder name) is
//! named in a warning instead of being written.

use crate::diagnostics::Warning;
use crate::sinks::ignore::Literal;

/// A needed file, as a `.dockerignore` line that can re-include it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Needed {
    pub path: String,
    pub line: Literal,
}

impl serde::Serialize for Needed {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.path.serialize(serializer)
    }
}

pub fn needed(paths: Vec<String>, warnings: &mut Vec<Warning>) -> Vec<Needed> {
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        if crate::project::is_private_path(&path) {
            warnings.push(Warning::new(format!(
                "`{path}` is named as a file the build needs, but it looks like a secret or sits in a \
                 private folder (version control, registry logins): the .dockerignore keeps it out of the \
                 image, so the build goes without it"
            )));
            continue;
        }
        match Literal::new(&path) {
            Ok(line) => out.push(Needed { path, line }),
            Err(why) => warnings.push(Warning::new(format!(
                "{path:?} is named as a file the build needs, but {why}: the .dockerignore cannot name it"
            ))),
        }
    }
    out
}

/// The top-level virtual environments, as lines that exclude them.
pub fn virtualenvs(paths: &[String], warnings: &mut Vec<Warning>) -> Vec<Literal> {
    paths
        .iter()
        .filter_map(|path| {
            Literal::new(path)
                .map_err(|why| {
                    warnings.push(Warning::new(format!(
                        "the virtual environment {path:?} cannot be left out of the build context \
                         ({why}): rename it, or it is sent to the builder"
                    )));
                })
                .ok()
        })
        .collect()
}
