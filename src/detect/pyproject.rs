//! `pyproject.toml`: the PEP 621 `[project]` table, as far as containerizing
//! needs it (name, version, Python requirement, files the build backend will
//! read).
//!
//! Unknown keys are ignored: pyproject belongs to many tools. Malformed TOML
//! is an error naming the file, line and column.

use crate::diagnostics::attention;
use crate::evidence::Location;
use crate::project::{MANIFEST_LIMIT, Project};
use anyhow::Result;
use serde::Deserialize;

pub const FILE: &str = "pyproject.toml";

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PyprojectFacts {
    pub name: Option<String>,
    pub version: Option<String>,
    /// `requires-python` and the line it is on.
    pub requires_python: Option<(String, Location)>,
    /// Files named by `readme`, `license` and `license-files`: build backends
    /// read them, so the build context must keep them.
    pub referenced_files: Vec<String>,
}

#[derive(Deserialize, Default)]
struct Document {
    #[serde(default)]
    project: Option<ProjectTable>,
}

#[derive(Deserialize, Default)]
struct ProjectTable {
    name: Option<String>,
    version: Option<String>,
    #[serde(rename = "requires-python")]
    requires_python: Option<toml::Spanned<String>>,
    readme: Option<FileRef>,
    license: Option<FileRef>,
    #[serde(rename = "license-files", default)]
    license_files: Vec<String>,
}

/// `readme = "README.md"` or `readme = { file = "README.md", … }`;
/// `license = { file = "LICENSE" }` or an SPDX string (not a file).
#[derive(Deserialize)]
#[serde(untagged)]
enum FileRef {
    Text(String),
    Table { file: Option<String> },
}

/// Read `pyproject.toml` if present.
pub fn read(project: &Project) -> Result<Option<PyprojectFacts>> {
    let Some(text) = project.read_required(FILE, MANIFEST_LIMIT)? else { return Ok(None) };
    parse(&text).map(Some)
}

pub fn parse(text: &str) -> Result<PyprojectFacts> {
    let doc: Document = toml::from_str(text).map_err(|e| toml_error(FILE, text, &e))?;
    let Some(table) = doc.project else { return Ok(PyprojectFacts::default()) };
    let mut referenced_files = Vec::new();
    if let Some(FileRef::Text(file) | FileRef::Table { file: Some(file) }) = &table.readme {
        referenced_files.push(file.clone());
    }
    if let Some(FileRef::Table { file: Some(file) }) = &table.license {
        referenced_files.push(file.clone());
    }
    referenced_files.extend(table.license_files.iter().cloned());
    let requires_python = table.requires_python.map(|spec| {
        let line = line_at(text, spec.span().start);
        (spec.into_inner(), Location::at(FILE, line))
    });
    Ok(PyprojectFacts { name: table.name, version: table.version, requires_python, referenced_files })
}

/// A TOML error as `file:line:column: message`.
pub fn toml_error(file: &str, text: &str, error: &toml::de::Error) -> anyhow::Error {
    let (line, column) = match error.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let column = before.rfind('\n').map_or(before.len(), |i| before.len() - i - 1) + 1;
            (line_at(text, span.start), column)
        }
        None => (1, 1),
    };
    let message = error.message().trim_end();
    attention(format!("{file}:{line}:{column}: invalid TOML: {message}"))
}

/// The 1-based line of a byte offset.
pub fn line_at(text: &str, offset: usize) -> u32 {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|b| **b == b'\n').count() as u32 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_name_python_and_referenced_files() {
        let facts = parse(
            "[project]\nname = \"demo\"\nversion = \"1.2.0\"\nrequires-python = \">=3.11\"\n\
             readme = \"README.md\"\nlicense = { file = \"LICENSE\" }\n",
        )
        .unwrap();
        assert_eq!(facts.name.as_deref(), Some("demo"));
        assert_eq!(facts.requires_python, Some((">=3.11".into(), Location::at(FILE, 4))));
        assert_eq!(facts.referenced_files, vec!["README.md", "LICENSE"]);
    }

    #[test]
    fn spdx_license_strings_are_not_files() {
        let facts = parse("[project]\nname = \"x\"\nlicense = \"MIT\"\n").unwrap();
        assert!(facts.referenced_files.is_empty());
    }

    #[test]
    fn malformed_toml_names_line_and_column() {
        let err = parse("[project]\nname = \"x\"\nversion = 1.2.3\n").unwrap_err().to_string();
        assert!(err.starts_with("pyproject.toml:3:"), "{err}");
        assert!(err.contains("invalid TOML"), "{err}");
    }
}
