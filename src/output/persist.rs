//! Choices made on the command line (or at the `init` prompt), kept where
//! the next `plan` and `check` read them: `[tool.containerize]` in
//! pyproject.toml when there is one, else `containerize.toml`. Without
//! this, the pre-commit hook's `check` would plan from the files alone and
//! call the Dockerfile that `init --port 9000` wrote stale.
//!
//! The file is edited, not rewritten: `toml_edit` keeps the user's
//! comments, order and formatting, and only the keys named here change.
//! A symlink in the file's place is refused, never followed.

use crate::diagnostics::attention;
use anyhow::{Context, Result};
use std::path::Path;
use toml_edit::{DocumentMut, Item, Table, value};

/// A setting to keep: its key and its value as the configuration spells it.
#[derive(Clone, Debug, PartialEq)]
pub enum Choice {
    Text(&'static str, String),
    Integer(&'static str, i64),
    Flag(&'static str, bool),
}

impl Choice {
    pub fn key(&self) -> &'static str {
        match self {
            Self::Text(key, _) | Self::Integer(key, _) | Self::Flag(key, _) => key,
        }
    }

    fn item(&self) -> Item {
        match self {
            Self::Text(_, text) => value(text.as_str()),
            Self::Integer(_, n) => value(*n),
            Self::Flag(_, b) => value(*b),
        }
    }

    fn shown(&self) -> String {
        match self {
            Self::Text(key, text) => format!("{key} = {text:?}"),
            Self::Integer(key, n) => format!("{key} = {n}"),
            Self::Flag(key, b) => format!("{key} = {b}"),
        }
    }
}

/// Where the choices were kept, for the user: `saved port = 9000 in
/// pyproject.toml [tool.containerize]`; `None` when there was nothing
/// new to keep.
pub fn save(root: &Path, choices: &[Choice]) -> Result<Option<String>> {
    if choices.is_empty() {
        return Ok(None);
    }
    // Where the reader looks: an existing containerize.toml, else the
    // pyproject's table (the reader refuses configuration in both).
    let (file, in_pyproject) =
        if !root.join("containerize.toml").exists() && root.join("pyproject.toml").is_file() {
            ("pyproject.toml", true)
        } else {
            ("containerize.toml", false)
        };
    let path = root.join(file);
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(attention(format!("`{file}` is a symbolic link: not edited; add the settings yourself")));
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {file}")),
    };
    let mut doc: DocumentMut =
        text.parse().map_err(|e| attention(format!("{file}: not valid TOML, nothing saved: {e}")))?;
    let table = if in_pyproject { containerize_table(&mut doc, file)? } else { doc.as_table_mut() };
    // A value as written, without the whitespace and comment around it.
    let written = |value: &toml_edit::Value| value.to_string().trim().to_string();
    let mut changed = Vec::new();
    for choice in choices {
        let same = table.get(choice.key()).and_then(Item::as_value).map(written)
            == choice.item().as_value().map(written);
        if !same {
            table.insert(choice.key(), choice.item());
            changed.push(choice.shown());
        }
    }
    if changed.is_empty() {
        return Ok(None);
    }
    super::replace_atomically(&path, &doc.to_string())?;
    let place = if in_pyproject { format!("{file} [tool.containerize]") } else { file.to_string() };
    Ok(Some(format!("saved {} in {place}", changed.join(", "))))
}

/// `[tool.containerize]`, created (as `[tool.containerize]`, not inline)
/// when missing.
fn containerize_table<'a>(doc: &'a mut DocumentMut, file: &str) -> Result<&'a mut Table> {
    let not_a_table =
        || attention(format!("{file}: `tool` or `tool.containerize` is not a table; nothing saved"));
    let tool = doc.entry("tool").or_insert_with(|| {
        let mut table = Table::new();
        table.set_implicit(true);
        Item::Table(table)
    });
    let tool = tool.as_table_mut().ok_or_else(not_a_table)?;
    let table = tool.entry("containerize").or_insert_with(|| Item::Table(Table::new()));
    table.as_table_mut().ok_or_else(not_a_table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_go_into_the_pyproject_table_keeping_everything_else() {
        let dir = tempfile::tempdir().unwrap();
        let pyproject =
            "# my project\n[project]\nname = \"x\"  # the name\n\n[tool.ruff]\nline-length = 100\n";
        std::fs::write(dir.path().join("pyproject.toml"), pyproject).unwrap();
        let choices = [Choice::Integer("port", 9000), Choice::Text("python", "3.13".into())];
        let saved = save(dir.path(), &choices).unwrap().unwrap();
        assert_eq!(saved, "saved port = 9000, python = \"3.13\" in pyproject.toml [tool.containerize]");
        let text = std::fs::read_to_string(dir.path().join("pyproject.toml")).unwrap();
        assert!(text.starts_with(pyproject), "{text}");
        assert!(text.ends_with("\n[tool.containerize]\nport = 9000\npython = \"3.13\"\n"), "{text}");
        assert_eq!(save(dir.path(), &choices).unwrap(), None, "nothing new to keep");
        let saved = save(dir.path(), &[Choice::Integer("port", 7000)]).unwrap().unwrap();
        assert_eq!(saved, "saved port = 7000 in pyproject.toml [tool.containerize]");
        let text = std::fs::read_to_string(dir.path().join("pyproject.toml")).unwrap();
        assert!(text.contains("port = 7000\npython = \"3.13\"\n") && !text.contains("9000"), "{text}");
    }

    #[test]
    fn without_a_pyproject_they_go_into_containerize_toml() {
        let dir = tempfile::tempdir().unwrap();
        let saved = save(dir.path(), &[Choice::Flag("buildkit", false)]).unwrap().unwrap();
        assert_eq!(saved, "saved buildkit = false in containerize.toml");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("containerize.toml")).unwrap(),
            "buildkit = false\n"
        );
        std::fs::write(dir.path().join("containerize.toml"), "port = [\n").unwrap();
        let err = save(dir.path(), &[Choice::Integer("port", 1)]).unwrap_err().to_string();
        assert!(err.contains("containerize.toml: not valid TOML, nothing saved"), "{err}");
    }
}
