//! How dependencies get into the image's virtual environment.
//!
//! pip with a requirements file: the files pip reads (the file, its `-r` and
//! `-c` includes, local packages it names) are copied before the install, in
//! a layer that source edits do not invalidate. Only when a requirement
//! installs the project itself (`-e .`) must the whole source come first.

use crate::detect::Facts;
use crate::detect::requirements::RequirementsFacts;
use crate::diagnostics::{Warning, attention};
use crate::evidence::{Decided, Location, Source};
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Manager {
    Pip,
}

impl Manager {
    pub fn name(self) -> &'static str {
        match self {
            Self::Pip => "pip",
        }
    }
}

/// `COPY <sources…> <destination>`; sources keep their paths.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CopyStep {
    pub sources: Vec<String>,
    pub destination: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Install {
    pub manager: Manager,
    /// The requirements file pip is given.
    pub requirements: String,
    /// What must be in the builder before the install runs.
    pub copy: Vec<CopyStep>,
    /// The install needs the whole source (it installs the project itself).
    pub needs_source: bool,
    /// Distinct packages the project requires.
    pub package_count: usize,
    /// Pinned requirements the image adds (a server the project lacks).
    pub extra: Vec<String>,
    /// Install `extra` in a second pip call: pip's hash-checking mode,
    /// switched on by any `--hash`, rejects unhashed requirements.
    pub extra_separately: bool,
    /// Every file the build reads; the .dockerignore must keep them.
    pub needed_files: Vec<String>,
}

pub fn decide(facts: &Facts, extra: Vec<String>, warnings: &mut Vec<Warning>) -> Result<Decided<Install>> {
    let Some(req) = &facts.requirements else {
        return Err(attention(
            "no Python project found: looked for requirements.txt (pip) in the project folder",
        ));
    };
    let needs_source = req.local_paths.iter().any(|l| l.path == ".");
    for (name, location) in &req.env_vars {
        warnings.push(Warning::at(
            location.clone(),
            format!(
                "references ${{{name}}}; pip expands it at build time, where it is not set unless you pass it"
            ),
        ));
    }
    if needs_source {
        warnings.push(Warning::new(
            "a requirement installs the project itself (`-e .`), so the whole source is copied before \
             the install and every source edit re-runs it",
        ));
    }
    let package_count = {
        let mut names: Vec<_> = req.dependencies.iter().map(|d| d.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        names.len()
    };
    let mut needed_files = req.files.clone();
    needed_files.extend(req.local_paths.iter().filter(|l| l.path != ".").map(|l| l.path.clone()));
    let install = Install {
        manager: Manager::Pip,
        requirements: req.files[0].clone(),
        copy: copy_steps(req),
        needs_source,
        package_count,
        extra,
        extra_separately: req.uses_hashes,
        needed_files,
    };
    let location = Location::file(&req.files[0]);
    Ok(Decided::new(
        install,
        Source::File { location },
        "requirements.txt names the dependencies; pip installs them",
    ))
}

/// One COPY per destination folder, so every file keeps its relative path.
fn copy_steps(req: &RequirementsFacts) -> Vec<CopyStep> {
    let mut by_dir: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut steps = Vec::new();
    let local_files = req.local_paths.iter().filter(|l| l.path != ".").filter_map(|l| {
        if l.is_dir {
            steps.push(CopyStep {
                sources: vec![format!("{}/", l.path)],
                destination: format!("{}/", l.path),
            });
            None
        } else {
            Some(&l.path)
        }
    });
    let files: Vec<&String> = req.files.iter().chain(local_files).collect();
    for path in files {
        let dir = match path.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/"),
            None => "./".to_string(),
        };
        by_dir.entry(dir).or_default().push(path.clone());
    }
    let mut grouped: Vec<CopyStep> =
        by_dir.into_iter().map(|(destination, sources)| CopyStep { sources, destination }).collect();
    grouped.extend(steps);
    grouped
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
        let steps = copy_steps(&req);
        let rendered: Vec<_> =
            steps.iter().map(|s| format!("{} -> {}", s.sources.join(" "), s.destination)).collect();
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
