//! pip: a requirements file, or a project declared by pyproject.toml /
//! setup.py / setup.cfg without a lockfile.
//!
//! Requirements: the files pip reads (the file, its `-r`/`-c` includes,
//! local packages it names) are copied before the install; only when a
//! requirement installs the project itself (`-e .`) must the whole source
//! come first. A declared project: its dependencies are installed by name
//! before the source is copied (so source edits keep that layer), then the
//! project itself with `pip install .`, non-editable, which also installs
//! anything a stale Dockerfile missed. Dependencies computed at build time
//! (setup.py code, `dynamic`) can only be installed with the source.

use super::{CopyStep, Install, Package, Steps, declared_packages, is_package};
use crate::detect::Facts;
use crate::detect::requirements::RequirementsFacts;
use crate::detect::tool_tables::normalize;
use crate::diagnostics::Warning;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PipSteps {
    /// Grouped COPY steps keeping each file's path.
    pub copy: Vec<CopyStep>,
    /// The requirements file pip is given.
    pub requirements: Option<String>,
    /// Dependencies declared in pyproject/setup, as PEP 508 text.
    pub dependencies: Vec<String>,
    /// Install the added requirements in their own pip call: a
    /// requirements file with hashes puts pip in hash-checking mode, which
    /// the added (unhashed) ones would fail.
    pub extra_separately: bool,
}

#[expect(
    clippy::unnecessary_wraps,
    reason = "every manager's decide returns Result: the dispatch is uniform"
)]
pub fn decide(facts: &Facts, warnings: &mut Vec<Warning>) -> Result<Install> {
    Ok(match &facts.requirements {
        Some(req) => requirements(req, warnings),
        None if !facts.names_dependencies() => imported(facts, warnings),
        None => project(facts, warnings),
    })
}

/// No dependency file: the distributions the code imports, unpinned (the
/// newest that installs), in the order the code first imports them.
fn imported(facts: &Facts, warnings: &mut Vec<Warning>) -> Install {
    let dependencies: Vec<String> = facts.imported.iter().map(|d| d.value.clone()).collect();
    let mut install = Install::new(Steps::Pip(PipSteps {
        copy: Vec::new(),
        requirements: None,
        dependencies: dependencies.clone(),
        extra_separately: false,
    }));
    install.packages = declared_packages(dependencies.iter().map(|d| (normalize(d), Some(d.clone()))));
    let listed: Vec<String> =
        facts.imported.iter().map(|d| format!("{} ({})", d.value, d.location)).collect();
    warnings.push(Warning::new(if listed.is_empty() {
        "no dependency file, and the code imports only the standard library: nothing is installed".to_string()
    } else {
        format!(
            "no dependency file: the image installs what the code imports, {}; write them with their \
             versions into requirements.txt so that every build installs the same",
            listed.join(", ")
        )
    }));
    install
}

fn requirements(req: &RequirementsFacts, warnings: &mut Vec<Warning>) -> Install {
    let file = req.files[0].clone();
    let mut install = Install::new(Steps::Pip(PipSteps {
        copy: copy_steps(req),
        requirements: Some(file.clone()),
        dependencies: Vec::new(),
        extra_separately: req.uses_hashes,
    }));
    install.needs_source = req.local_paths.iter().any(|l| l.path == ".");
    for crate::evidence::Located { value: name, location } in &req.env_vars {
        warnings.push(Warning::at(
            location.clone(),
            format!(
                "references ${{{name}}}; the build reads it from the BuildKit secret `{name}` \
                 (docker build --secret id={name},env={name} …)"
            ),
        ));
    }
    if install.needs_source {
        warnings.push(Warning::new(
            "a requirement installs the project itself (`-e .`), so the whole source is copied before \
             the install and every source edit re-runs it",
        ));
    }
    let mut packages: Vec<Package> = req
        .dependencies
        .iter()
        .map(|d| Package {
            name: d.name.clone(),
            version: d.pinned.clone(),
            files: Vec::new(),
            requirement: Some(d.text.clone()),
            location: Some(d.location.clone()),
        })
        .collect();
    packages.sort_by(|a, b| a.name.cmp(&b.name));
    packages.dedup_by(|a, b| a.name == b.name);
    install.packages = packages;
    install.manifests.clone_from(&req.files);
    install.needed_files.extend(req.local_paths.iter().filter(|l| l.path != ".").map(|l| l.path.clone()));
    install.source_files = vec![file];
    install
}

/// One COPY per destination folder, so every file keeps its relative path.
fn copy_steps(req: &RequirementsFacts) -> Vec<CopyStep> {
    let mut by_dir: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut folders = Vec::new();
    let mut files: Vec<&String> = req.files.iter().collect();
    for local in req.local_paths.iter().filter(|l| l.path != ".") {
        if local.is_dir {
            folders.push(CopyStep {
                sources: vec![format!("{}/", local.path)],
                destination: format!("{}/", local.path),
            });
        } else {
            files.push(&local.path);
        }
    }
    for path in files {
        let dir = match path.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/"),
            None => "./".to_string(),
        };
        by_dir.entry(dir).or_default().push(path.clone());
    }
    let mut steps: Vec<CopyStep> =
        by_dir.into_iter().map(|(destination, sources)| CopyStep { sources, destination }).collect();
    steps.extend(folders);
    steps
}

/// pyproject `[project]` / `[tool.poetry]`, or setup.py / setup.cfg.
fn project(facts: &Facts, warnings: &mut Vec<Warning>) -> Install {
    let pyproject = facts.pyproject.as_ref().filter(|p| p.has_project || p.tools.poetry.is_some());
    let (dependencies, dynamic, package, source) = match (pyproject, &facts.setup) {
        (Some(py), _) => {
            let dynamic = py.dynamic.iter().any(|d| d == "dependencies")
                || (py.tools.poetry.is_some() && !py.has_project);
            let deps: Vec<(String, Option<String>)> =
                py.dependencies.iter().map(|d| (d.text.clone(), Some(d.name.clone()))).collect();
            if py.tools.poetry.is_some() && facts.lockfiles.is_empty() {
                warnings.push(Warning::at(
                    py.location(),
                    "Poetry project without poetry.lock: pip installs it, so versions are not locked (run `poetry lock`)",
                ));
            }
            (deps, dynamic, is_package(py), py.path.clone())
        }
        (None, Some(setup)) => match &setup.install_requires {
            Some(deps) => (deps.clone(), false, true, setup.files[0].clone()),
            None => (Vec::new(), true, true, setup.files[0].clone()),
        },
        (None, None) => (Vec::new(), true, false, String::new()),
    };
    let packages =
        declared_packages(dependencies.iter().filter_map(|(text, n)| Some((n.clone()?, Some(text.clone())))));
    let mut install = Install::new(Steps::Pip(PipSteps {
        copy: Vec::new(),
        requirements: None,
        dependencies: dependencies.into_iter().map(|(text, _)| text).collect(),
        extra_separately: false,
    }));
    install.packages = packages;
    install.source_files = vec![source.clone()];
    install.manifests = vec![source.clone()];
    install.install_project = package || facts.setup.is_some();
    if dynamic {
        install.needs_source = true;
        warnings.push(Warning::new(format!(
            "{source}: the dependencies are computed at build time, so the whole source is copied before \
             `pip install .` and every source edit re-runs the install"
        )));
    }
    if let Some(setup) = &facts.setup {
        install.needed_files.extend(setup.files.iter().cloned());
    }
    if !install.install_project && facts.pyproject.as_ref().is_some_and(|p| !p.has_build_system) {
        warnings.push(Warning::new(
            "pyproject.toml declares no [build-system]: the dependencies are installed, the project is run from its source",
        ));
    }
    install
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::requirements::LocalPath;
    use crate::evidence::Location;

    #[test]
    fn copies_keep_relative_paths() {
        let req = RequirementsFacts {
            files: vec![
                "requirements.txt".into(),
                "requirements/base.txt".into(),
                "requirements/prod.txt".into(),
            ],
            local_paths: vec![LocalPath {
                path: "libs/shared".into(),
                is_dir: true,
                location: Location::at("requirements.txt", 3),
            }],
            ..RequirementsFacts::default()
        };
        let rendered: Vec<_> = copy_steps(&req)
            .iter()
            .map(|s| format!("{} -> {}", s.sources.join(" "), s.destination))
            .collect();
        assert_eq!(
            rendered,
            vec![
                "requirements.txt -> ./",
                "requirements/base.txt requirements/prod.txt -> requirements/",
                "libs/shared/ -> libs/shared/",
            ]
        );
    }
}
