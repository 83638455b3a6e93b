//! What the source imports from outside the project and the standard
//! library, as the PyPI distributions that provide it: the evidence for a
//! project that has no dependency file at all (a script folder, a
//! notebook's export). `yaml` is PyYAML (`data/imports.toml`); any other
//! import is the distribution of its own name.

use super::apps::SourceModule;
use crate::data;
use crate::evidence::{Located, Location};
use std::collections::BTreeSet;

/// Each distribution once, at its first import (by path, then line).
pub fn distributions(modules: &[SourceModule], files: &[String]) -> Vec<Located<String>> {
    let kb = data::imports();
    let local: BTreeSet<&str> = files.iter().map(|f| top_level(f)).collect();
    let mut imports: Vec<(&str, Location)> = modules
        .iter()
        .flat_map(|m| {
            m.summary
                .imports
                .iter()
                .filter(|i| i.level == 0)
                .map(|i| (i.module.split('.').next().unwrap_or_default(), Location::at(&m.path, i.line)))
        })
        .filter(|(name, _)| {
            !name.is_empty() && !name.starts_with('_') && !kb.stdlib.contains(*name) && !local.contains(name)
        })
        .collect();
    imports.sort_by(|a, b| (&a.1.path, a.1.line).cmp(&(&b.1.path, b.1.line)));
    let mut seen = BTreeSet::new();
    imports
        .into_iter()
        .filter_map(|(name, location)| {
            let distribution = kb.distributions.get(name).cloned().unwrap_or_else(|| name.to_string());
            seen.insert(distribution.to_ascii_lowercase()).then(|| Located::new(distribution, location))
        })
        .collect()
}

/// The name a file is imported under at the top: `pkg` for `pkg/a.py` and
/// `src/pkg/a.py`, `app` for `app.py`.
fn top_level(file: &str) -> &str {
    let below = file.strip_prefix("src/").unwrap_or(file);
    let first = below.split('/').next().unwrap_or(below);
    first.strip_suffix(".py").unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::python_source::summarize;

    fn module(path: &str, text: &str) -> SourceModule {
        SourceModule {
            path: path.into(),
            root: String::new(),
            module: top_level(path).into(),
            summary: summarize(text),
        }
    }

    #[test]
    fn third_party_imports_become_distributions_once_at_their_first_import() {
        let modules = [
            module(
                "app.py",
                "import os, json\nimport yaml\nfrom flask import Flask\nfrom helpers import x\nfrom . import y\n",
            ),
            module(
                "helpers/__init__.py",
                "import requests\nimport yaml.constructor\nfrom __future__ import annotations\n",
            ),
        ];
        let files = ["app.py".to_string(), "helpers/__init__.py".to_string()];
        let found: Vec<String> =
            distributions(&modules, &files).iter().map(|d| format!("{} {}", d.value, d.location)).collect();
        assert_eq!(found, ["PyYAML app.py:2", "flask app.py:3", "requests helpers/__init__.py:1"]);
    }
}
