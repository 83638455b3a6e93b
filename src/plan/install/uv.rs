//! uv: `uv sync --locked` from uv.lock, dependencies first without the
//! project (`--no-install-project`, or `--no-install-workspace` with
//! `--frozen` in a workspace, whose member manifests are not in that layer,
//! as uv's Docker guide prescribes), then the project non-editable. No
//! dependency group (dev, test, lint, docs) is installed:
//! `--no-default-groups`. In a workspace, only the member that holds the app
//! (`--package`) and what it needs.

use super::{Install, Manager, Steps, is_package, locked_packages};
use crate::data;
use crate::detect::Facts;
use crate::detect::pyproject::PyprojectFacts;
use crate::diagnostics::{Warning, attention};
use anyhow::Result;
use globset::Glob;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UvSteps {
    /// A workspace: the dependency layer is synced without any member.
    pub workspace: bool,
    /// The workspace member that holds the app.
    pub package: Option<String>,
    /// `uv sync`'s arguments for the dependency layer (before the source).
    pub sync_dependencies: Vec<String>,
    /// `uv sync`'s arguments for the project, after the source.
    pub sync_project: Vec<String>,
}

pub fn decide(
    facts: &Facts,
    app_file: Option<&str>,
    extra: &[String],
    warnings: &mut Vec<Warning>,
) -> Result<Install> {
    let Some(lock) = facts.lockfiles.iter().find(|l| l.manager == Manager::Uv) else {
        return Err(attention("uv installs from uv.lock, and the project has none; `uv lock` writes it"));
    };
    let Some(root) = &facts.pyproject else {
        return Err(attention("uv.lock without a pyproject.toml beside it: uv cannot sync it"));
    };
    let members = members(facts, root);
    let workspace = !members.is_empty();
    let holder =
        app_file.and_then(|file| members.iter().find(|m| file.starts_with(&format!("{}/", member_dir(m)))));
    let (package, install_project) = match holder {
        Some(member) => {
            if member.name.is_none() {
                warnings.push(Warning::at(
                    member.location(),
                    "workspace member without a [project] name; syncing the whole workspace",
                ));
            }
            (member.name.clone(), is_package(member))
        }
        None => (None, root.has_project && is_package(root)),
    };
    let words = |words: &[&str]| words.iter().map(|w| (*w).to_string()).collect::<Vec<_>>();
    let package_flag = package.iter().flat_map(|p| ["--package".to_string(), p.clone()]);
    let sync_dependencies = if workspace {
        words(&["--frozen", "--no-install-workspace", "--no-default-groups"])
            .into_iter()
            .chain(package_flag.clone())
            .collect()
    } else {
        words(&["--locked", "--no-install-project", "--no-default-groups"])
    };
    // Packages the image adds are not in the lock: an exact sync would
    // remove them again.
    let inexact = (!extra.is_empty()).then(|| "--inexact".to_string());
    let sync_project = words(&["--locked", "--no-default-groups", "--no-editable"])
        .into_iter()
        .chain(inexact)
        .chain(package_flag)
        .collect();
    let mut install =
        Install::new(Steps::Uv(UvSteps { workspace, package, sync_dependencies, sync_project }));
    install.install_project = install_project;
    install.tool_image = data::tool(Manager::Uv).and_then(|t| t.image.clone());
    install.source_files = vec![lock.path.clone()];
    install.manifests = vec![root.path.clone(), lock.path.clone()];
    install.packages = locked_packages(lock);
    install.needed_files.extend(members.iter().map(|m| m.path.clone()));
    Ok(install)
}

/// Workspace members: nested pyprojects matched by `[tool.uv.workspace]`
/// `members` globs and not by `exclude`.
fn members<'a>(facts: &'a Facts, root: &PyprojectFacts) -> Vec<&'a PyprojectFacts> {
    let Some(uv) = &root.tools.uv else { return Vec::new() };
    let compile = |patterns: &[String]| -> Vec<globset::GlobMatcher> {
        patterns
            .iter()
            .filter_map(|p| Glob::new(p.trim_end_matches('/')).ok())
            .map(|g| g.compile_matcher())
            .collect()
    };
    let include = compile(&uv.workspace_members);
    let exclude = compile(&uv.workspace_exclude);
    facts
        .member_pyprojects
        .iter()
        .filter(|m| {
            let dir = member_dir(m);
            include.iter().any(|g| g.is_match(dir)) && !exclude.iter().any(|g| g.is_match(dir))
        })
        .collect()
}

fn member_dir(member: &PyprojectFacts) -> &str {
    member.path.strip_suffix("/pyproject.toml").unwrap_or(&member.path)
}
