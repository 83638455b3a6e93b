//! `Pipfile.lock` (JSON): `default` packages are production, `develop`
//! packages are not.

use super::{LockedPackage, Lockfile, Manager, unknown_version};
use crate::detect::tool_tables::normalize;
use crate::diagnostics::attention;
use anyhow::Result;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Document {
    #[serde(rename = "_meta", default)]
    meta: Meta,
    #[serde(default)]
    default: BTreeMap<String, Entry>,
    #[serde(default)]
    develop: BTreeMap<String, Entry>,
}

#[derive(Deserialize, Default)]
struct Meta {
    #[serde(rename = "pipfile-spec")]
    pipfile_spec: Option<u32>,
}

#[derive(Deserialize)]
struct Entry {
    version: Option<String>,
}

pub fn parse(text: &str, path: &str) -> Result<Lockfile> {
    let doc: Document = serde_json::from_str(text).map_err(|e| {
        let message = crate::sinks::serde_words::plain(&e.to_string(), true);
        attention(format!("{path}:{}:{}: invalid JSON: {message}", e.line(), e.column()))
    })?;
    let version = doc.meta.pipfile_spec.map(|v| v.to_string());
    let warnings =
        unknown_version(path, Manager::Pipenv, version.as_deref(), "6", |v| v == "6").into_iter().collect();
    let entry = |(name, entry): (&String, &Entry), production: bool| LockedPackage {
        name: normalize(name),
        version: entry.version.as_ref().map(|v| v.trim_start_matches("==").to_string()),
        production,
        files: Vec::new(),
    };
    let mut packages: Vec<LockedPackage> = doc.default.iter().map(|e| entry(e, true)).collect();
    packages
        .extend(doc.develop.iter().filter(|(n, _)| !doc.default.contains_key(*n)).map(|e| entry(e, false)));
    Ok(Lockfile {
        manager: Manager::Pipenv,
        path: path.into(),
        format_version: version,
        requires_python: None,
        packages,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_production_develop_is_not() {
        let text = r#"{"_meta": {"pipfile-spec": 6, "requires": {"python_version": "3.11"}},
            "default": {"flask": {"version": "==3.1.3"}}, "develop": {"pytest": {"version": "==9.0.0"}}}"#;
        let lock = parse(text, "Pipfile.lock").unwrap();
        let names: Vec<_> =
            lock.packages.iter().map(|p| (p.name.as_str(), p.production, p.version.as_deref())).collect();
        assert_eq!(names, vec![("flask", true, Some("3.1.3")), ("pytest", false, Some("9.0.0"))]);
        let err = parse("{\"_meta\": ", "Pipfile.lock").unwrap_err().to_string();
        assert!(err.starts_with("Pipfile.lock:1:"), "{err}");
    }
}
