//! What the project's files say about the Python version.
//!
//! Sources read here: `.python-version` (pyenv / uv format) and `runtime.txt`
//! (Heroku format); the others are read with their files and passed in:
//! Pipfile's `[requires]`, `requires-python` (pyproject, or setup.py/cfg's
//! `python_requires`), Poetry's `python` dependency, uv.lock's
//! `requires-python` and the Python image of the maintainer's Dockerfile.
//! Each becomes a [`VersionFact`]; choosing among them is the plan's job
//! (`plan/python.rs`), which knows the precedence.

use crate::diagnostics::attention;
use crate::evidence::{Located, Location};
use crate::project::{MANIFEST_LIMIT, Project};
use crate::python_minor::PythonMinor;
use anyhow::Result;
use serde::Serialize;

/// Which kind of file a fact came from; the plan ranks these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VersionFile {
    PythonVersion,
    RuntimeTxt,
    Pipfile,
    RequiresPython,
    Poetry,
    UvLock,
    /// The maintainer's Dockerfile `FROM python:3.9-slim`.
    Dockerfile,
}

/// A request for a Python version, as the file states it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum VersionRequest {
    /// `3.11` or `3.11.7`: the minor version, parsed, and the patch.
    Exact { minor: PythonMinor, patch: Option<u32> },
    /// Specifiers such as `>=3.10,<3.13`, as written (`text`), and as PEP 440
    /// alternatives (Poetry's `^3.11 || ~3.9` has two; any may match).
    Specifiers { text: String, alternatives: Vec<String> },
    /// Something this tool cannot build for (`pypy3.10`, `3.13t`, `system`).
    Unsupported { text: String, why: String },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VersionFact {
    pub file: VersionFile,
    pub request: VersionRequest,
    pub location: Location,
}

/// What other files said, passed in by `detect::gather`.
#[derive(Default)]
pub struct Stated<'a> {
    /// Pipfile `[requires]`: `3.11` or a full `3.11.7`.
    pub pipfile: Option<&'a Located<String>>,
    /// `requires-python` (pyproject) or `python_requires` (setup.py/cfg).
    pub requires_python: Option<&'a Located<String>>,
    /// Poetry's `python` dependency, in Poetry's constraint syntax.
    pub poetry: Option<&'a Located<String>>,
    /// uv.lock's `requires-python`.
    pub uv_lock: Option<&'a Located<String>>,
    /// The minor of the maintainer's Dockerfile's Python image.
    pub dockerfile: Option<&'a Located<String>>,
}

/// Read `.python-version` and `runtime.txt`, and wrap what other files said.
pub fn gather(project: &Project, stated: &Stated) -> Result<Vec<VersionFact>> {
    let mut facts = Vec::new();
    if let Some(text) = project.read_required(".python-version", MANIFEST_LIMIT)? {
        facts.push(python_version_file(&text)?);
    }
    if let Some(text) = project.read_required("runtime.txt", MANIFEST_LIMIT)? {
        facts.push(runtime_txt(&text)?);
    }
    if let Some(Located { value: version, location }) = stated.pipfile {
        let request = exact(version.trim(), version.trim());
        facts.push(VersionFact { file: VersionFile::Pipfile, request, location: location.clone() });
    }
    if let Some(Located { value: minor, location }) = stated.dockerfile {
        let request = exact(minor, minor);
        facts.push(VersionFact { file: VersionFile::Dockerfile, request, location: location.clone() });
    }
    let specifiers = [
        (VersionFile::RequiresPython, stated.requires_python, false),
        (VersionFile::Poetry, stated.poetry, true),
        (VersionFile::UvLock, stated.uv_lock, false),
    ];
    for (file, stated, poetry) in specifiers {
        let Some(Located { value: spec, location }) = stated else { continue };
        let text = spec.trim().to_string();
        let alternatives = if poetry { poetry_to_pep440(&text) } else { vec![text.clone()] };
        let request = VersionRequest::Specifiers { text, alternatives };
        facts.push(VersionFact { file, request, location: location.clone() });
    }
    Ok(facts)
}

/// Poetry's constraint syntax as PEP 440 alternatives: `^3.11` →
/// `>=3.11,<4.0`, `~3.11` → `>=3.11,<3.12`, `3.11.*` → `==3.11.*`, `*` → any,
/// space- or comma-separated terms are all required, `||` separates
/// alternatives.
pub fn poetry_to_pep440(constraint: &str) -> Vec<String> {
    constraint
        .split("||")
        .map(|alternative| {
            let terms: Vec<String> = alternative
                .split([',', ' '])
                .map(str::trim)
                .filter(|t| !t.is_empty() && *t != "*")
                .map(poetry_term)
                .collect();
            terms.join(",")
        })
        .collect()
}

fn poetry_term(term: &str) -> String {
    let numbers = |v: &str| v.split('.').map(|p| p.parse::<u64>().unwrap_or(0)).collect::<Vec<_>>();
    if let Some(version) = term.strip_prefix('^') {
        let parts = numbers(version);
        // The upper bound bumps the first non-zero part.
        let bump = parts.iter().position(|p| *p != 0).unwrap_or(parts.len().saturating_sub(1));
        let mut upper: Vec<u64> = parts.iter().take(bump + 1).copied().collect();
        // A huge number in the project's file saturates, never overflows.
        if let Some(last) = upper.last_mut() {
            *last = last.saturating_add(1);
        }
        let upper: Vec<String> = upper.iter().map(u64::to_string).collect();
        return format!(">={version},<{}", upper.join("."));
    }
    if let Some(version) = term.strip_prefix('~').filter(|v| !v.starts_with('=')) {
        let parts = numbers(version);
        let upper = match parts.as_slice() {
            [major] => format!("{}", major.saturating_add(1)),
            [major, minor, ..] => format!("{major}.{}", minor.saturating_add(1)),
            [] => return String::new(),
        };
        return format!(">={version},<{upper}");
    }
    if term.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("=={term}");
    }
    term.to_string()
}

/// The first line that is not blank or a comment; pyenv and uv ignore the
/// rest (extra lines name fallback versions).
fn python_version_file(text: &str) -> Result<VersionFact> {
    let (index, line) = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i, l.trim()))
        .find(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .ok_or_else(|| attention(".python-version: the file is empty; write a version such as `3.13`"))?;
    let location = Location::at(".python-version", index as u32 + 1);
    let version = line.strip_prefix("cpython-").or_else(|| line.strip_prefix("python")).unwrap_or(line);
    Ok(VersionFact { file: VersionFile::PythonVersion, request: exact(version, line), location })
}

/// `python-3.11.7` (Heroku's classic form) or `3.11`.
fn runtime_txt(text: &str) -> Result<VersionFact> {
    let (index, line) =
        text.lines().enumerate().map(|(i, l)| (i, l.trim())).find(|(_, l)| !l.is_empty()).ok_or_else(
            || attention("runtime.txt: the file is empty; write a version such as `python-3.13`"),
        )?;
    let version = line.strip_prefix("python-").unwrap_or(line);
    Ok(VersionFact {
        file: VersionFile::RuntimeTxt,
        request: exact(version, line),
        location: Location::at("runtime.txt", index as u32 + 1),
    })
}

/// `3`, `3.11` or `3.11.7`; anything else is unsupported, with why.
fn exact(version: &str, raw: &str) -> VersionRequest {
    let unsupported = |why: &str| VersionRequest::Unsupported {
        text: crate::sinks::terminal::excerpt(raw, 40),
        why: why.to_string(),
    };
    if raw.starts_with("pypy") {
        return unsupported("PyPy has no official slim image; choose a CPython version");
    }
    if raw == "system" {
        return unsupported("`system` names no version");
    }
    if version.ends_with('t') && version[..version.len() - 1].bytes().all(|b| b.is_ascii_digit() || b == b'.')
    {
        return unsupported("free-threaded builds have no official slim image");
    }
    let expected = "expected a version such as `3.13` or `3.13.1`";
    let parts: Vec<&str> = version.splitn(3, '.').collect();
    let (minor, patch) = match parts.as_slice() {
        [major, minor] => (format!("{major}.{minor}"), None),
        [major, minor, patch] => match patch.parse::<u32>() {
            Ok(patch) => (format!("{major}.{minor}"), Some(patch)),
            Err(_) => return unsupported(expected),
        },
        _ => return unsupported(expected),
    };
    match minor.parse::<PythonMinor>() {
        Ok(minor) => VersionRequest::Exact { minor, patch },
        Err(_) => unsupported(expected),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(major: u8, minor: u8, patch: Option<u32>) -> VersionRequest {
        VersionRequest::Exact { minor: PythonMinor::new(major, minor), patch }
    }

    #[test]
    fn python_version_file_forms() {
        assert_eq!(python_version_file("3.11\n").unwrap().request, ex(3, 11, None));
        let fact = python_version_file("# pinned\n\n3.13.1\n3.12\n").unwrap();
        assert_eq!((fact.request, fact.location), (ex(3, 13, Some(1)), Location::at(".python-version", 3)));
        assert_eq!(python_version_file("cpython-3.12").unwrap().request, ex(3, 12, None));
        assert!(matches!(
            python_version_file("pypy3.10").unwrap().request,
            VersionRequest::Unsupported { .. }
        ));
        assert!(matches!(python_version_file("3.13t").unwrap().request, VersionRequest::Unsupported { .. }));
        assert!(python_version_file("\n# nothing\n").is_err());
    }

    #[test]
    fn poetry_constraints() {
        assert_eq!(poetry_to_pep440("^3.11"), vec![">=3.11,<4"]);
        assert_eq!(poetry_to_pep440("~3.11"), vec![">=3.11,<3.12"]);
        assert_eq!(poetry_to_pep440(">=3.9 <3.13"), vec![">=3.9,<3.13"]);
        assert_eq!(poetry_to_pep440("3.11.*"), vec!["==3.11.*"]);
        assert_eq!(poetry_to_pep440("^3.10 || ~3.8"), vec![">=3.10,<4", ">=3.8,<3.9"]);
        assert_eq!(poetry_to_pep440("*"), vec![""]);
        // See: a huge number in a constraint overflowed (a panic in debug builds).
        let huge = "^18446744073709551615 || ~3.18446744073709551615";
        assert_eq!(poetry_to_pep440(huge).len(), 2);
    }

    #[test]
    fn runtime_txt_forms() {
        assert_eq!(runtime_txt("python-3.11.7\n").unwrap().request, ex(3, 11, Some(7)));
        assert_eq!(runtime_txt("3.12").unwrap().request, ex(3, 12, None));
        assert!(matches!(runtime_txt("python-three").unwrap().request, VersionRequest::Unsupported { .. }));
    }
}
