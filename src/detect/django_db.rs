//! The default database a Django project's settings name, when it is a
//! sqlite file below the project: its folder must be writable and its
//! migrations run where it lives (`plan/state.rs`, `plan/django.rs`).
//! Read from the settings' AST: `BASE_DIR / "db.sqlite3"`,
//! `os.path.join(BASE_DIR, …)`, an environment default, a relative string.

use super::apps::SourceModule;
use super::python_source::{Scope, Value};
use crate::evidence::Location;
use serde::Serialize;

/// A sqlite database file the settings name, relative to the project.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SqliteFile {
    /// The folder holding it ("" for the project root); sqlite writes its
    /// journal beside the file, so the folder must be writable.
    pub dir: String,
    /// `db.sqlite3`.
    pub file: String,
    pub location: Location,
}

/// The default database when it is a sqlite file. The first module-level
/// `DATABASES` is the one that runs when no environment variable switches
/// engines (later ones sit under `if os.getenv("DB") == "postgres":`).
pub(super) fn sqlite(settings: &SourceModule, root: &str) -> Option<SqliteFile> {
    let binding =
        settings.summary.bindings.iter().find(|b| b.name == "DATABASES" && b.scope == Scope::Module)?;
    let entry = |dict: &Value, key: &str| match dict {
        Value::Dict(items) => {
            items.iter().find(|(k, _)| *k == Value::Str(key.into())).map(|(_, v)| v.clone())
        }
        _ => None,
    };
    let default = entry(&binding.value, "default")?;
    let engine = entry(&default, "ENGINE")?;
    if !matches!(&engine, Value::Str(e) if e.ends_with("sqlite3")) {
        return None;
    }
    let mut parts = path_parts(&entry(&default, "NAME")?, 0)?;
    let file = parts.pop()?;
    if file == ":memory:" || parts.iter().any(|p| p == "..") {
        return None;
    }
    let dir = std::iter::once(root.to_string())
        .chain(parts)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("/");
    Some(SqliteFile { dir, file, location: Location::at(&settings.path, binding.line) })
}

/// A path the settings build from the project folder (`BASE_DIR / "db"
/// / "x.sqlite3"`, `os.path.join(BASE_DIR, "x.sqlite3")`, a relative
/// string), as components below it; `os.getenv("DB_NAME", <path>)` is its
/// default.
fn path_parts(value: &Value, depth: usize) -> Option<Vec<String>> {
    if depth > 8 {
        return None;
    }
    match value {
        Value::Str(s) if !s.starts_with('/') => {
            Some(s.split('/').filter(|p| !p.is_empty() && *p != ".").map(String::from).collect())
        }
        Value::Ref(_) => Some(Vec::new()),
        Value::Div(left, right) => {
            let mut parts = path_parts(left, depth + 1)?;
            parts.extend(path_parts(right, depth + 1)?);
            Some(parts)
        }
        Value::Call(call) if call.func.ends_with("path.join") => {
            let mut parts = Vec::new();
            for arg in &call.args {
                parts.extend(path_parts(arg, depth + 1)?);
            }
            Some(parts)
        }
        Value::Call(call) if call.func.ends_with("getenv") || call.func.ends_with("environ.get") => {
            path_parts(call.args.get(1)?, depth + 1)
        }
        Value::Call(call) if call.func == "str" => path_parts(call.args.first()?, depth + 1),
        _ => None,
    }
}
