//! `containerize templates eject`: copy the built-in templates into a
//! folder of the project for editing. Nothing is written outside the
//! current directory, and no existing template is replaced without
//! `--force`.

use crate::cli::EjectArgs;
use crate::diagnostics::attention;
use crate::render::BUILTIN;
use anyhow::{Context, Result, bail};
use std::path::{Component, Path};
use std::process::ExitCode;

pub fn eject(args: &EjectArgs) -> Result<ExitCode> {
    let dir = &args.dir;
    let escapes = dir.is_absolute() || dir.components().any(|c| matches!(c, Component::ParentDir));
    if escapes || leads_outside(dir)? {
        bail!("`{}` is outside the current directory; templates are ejected into the project", dir.display());
    }
    for (name, _) in BUILTIN {
        refuse_symlinks(dir, name)?;
    }
    let existing: Vec<&str> =
        BUILTIN.iter().map(|(name, _)| *name).filter(|name| dir.join(name).exists()).collect();
    if !existing.is_empty() && !args.force {
        return Err(attention(format!(
            "{} already holds {}; nothing was written. Re-run with --force to replace them",
            dir.display(),
            existing.join(", ")
        )));
    }
    for (name, text) in BUILTIN {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))
            .with_context(|| format!("creating {}", path.display()))?;
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    println!("wrote {} templates into {}", BUILTIN.len(), dir.display());
    println!(
        "use them: add `templates = \"{}\"` to [tool.containerize] in pyproject.toml (or containerize.toml), \
         or pass --templates {}",
        dir.display(),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Whether an existing part of `dir` is a link out of the current
/// directory.
fn leads_outside(dir: &Path) -> Result<bool> {
    let here = std::env::current_dir().context("finding the current directory")?.canonicalize()?;
    let mut existing = here.join(dir);
    while !existing.exists() {
        match existing.parent() {
            Some(parent) => existing = parent.to_path_buf(),
            None => return Ok(false),
        }
    }
    Ok(!existing.canonicalize().is_ok_and(|real| real.starts_with(&here)))
}

/// A symlink in a template's place, or in place of a folder on its way
/// (`ct/install -> ../outside`), is never written through.
fn refuse_symlinks(dir: &Path, name: &str) -> Result<()> {
    let mut path = dir.to_path_buf();
    for part in Path::new(name).components() {
        path.push(part);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(attention(format!(
                "`{}` is a symbolic link; nothing is written through one, and nothing was written",
                path.display()
            )));
        }
    }
    Ok(())
}
