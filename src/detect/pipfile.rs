//! `Pipfile` (TOML): production packages, dev packages (never installed in
//! the image), the Python it requires and the indexes it names.

use super::pyproject::toml_error;
use super::tool_tables::{IndexUrl, normalize};
use crate::detect::requirements::mask_credentials;
use crate::evidence::{Located, Location};
use crate::project::{MANIFEST_LIMIT, Project};
use anyhow::Result;
use serde::Deserialize;
use std::collections::BTreeMap;

pub const FILE: &str = "Pipfile";

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PipfileFacts {
    /// `[packages]`, normalized names.
    pub packages: Vec<Located<String>>,
    /// `[dev-packages]`, normalized names.
    pub dev_packages: Vec<String>,
    /// `[requires] python_full_version` or `python_version`.
    pub python: Option<Located<String>>,
    pub indexes: Vec<IndexUrl>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Document {
    #[serde(default)]
    source: Vec<Source>,
    #[serde(default)]
    packages: BTreeMap<String, toml::Spanned<toml::Value>>,
    #[serde(default)]
    dev_packages: BTreeMap<String, toml::Value>,
    #[serde(default)]
    requires: Requires,
}

#[derive(Deserialize)]
struct Source {
    url: Option<toml::Spanned<String>>,
}

#[derive(Deserialize, Default)]
struct Requires {
    python_version: Option<toml::Spanned<String>>,
    python_full_version: Option<toml::Spanned<String>>,
}

pub fn read(project: &Project) -> Result<Option<PipfileFacts>> {
    let Some(text) = project.read_required(FILE, MANIFEST_LIMIT)? else { return Ok(None) };
    parse(&text).map(Some)
}

pub fn parse(text: &str) -> Result<PipfileFacts> {
    let doc: Document = toml::from_str(text).map_err(|e| toml_error(FILE, text, &e))?;
    let lines = crate::lines::LineIndex::new(text);
    let at = |offset: usize| Location::at(FILE, lines.line(offset));
    let python = doc
        .requires
        .python_full_version
        .as_ref()
        .or(doc.requires.python_version.as_ref())
        .map(|v| Located::new(v.get_ref().clone(), at(v.span().start)));
    Ok(PipfileFacts {
        packages: doc
            .packages
            .iter()
            .map(|(name, v)| Located::new(normalize(name), at(v.span().start)))
            .collect(),
        dev_packages: doc.dev_packages.keys().map(|n| normalize(n)).collect(),
        python,
        indexes: doc
            .source
            .iter()
            .filter_map(|s| s.url.as_ref())
            .map(|u| IndexUrl { url: mask_credentials(u.get_ref()), location: at(u.span().start) })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_python_and_sources() {
        let facts = parse(
            "[[source]]\nurl = \"https://pypi.org/simple\"\nname = \"pypi\"\n\n[packages]\nFlask = \"==3.1.3\"\n\
             gunicorn = {version = \"*\"}\n\n[dev-packages]\npytest = \"*\"\n\n[requires]\npython_version = \"3.11\"\n",
        )
        .unwrap();
        assert_eq!(
            facts.packages,
            vec![
                Located::new("flask".into(), Location::at(FILE, 6)),
                Located::new("gunicorn".into(), Location::at(FILE, 7))
            ]
        );
        assert_eq!(facts.dev_packages, vec!["pytest"]);
        assert_eq!(facts.python, Some(Located::new("3.11".into(), Location::at(FILE, 13))));
        assert_eq!(facts.indexes[0].url, "https://pypi.org/simple");
    }
}
