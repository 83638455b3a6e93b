//! `check`: the files as containerize would write them now, compared with
//! the files on disk, without writing anything.

use super::{FileOut, is_generated, is_hand_edited, with_header};
use serde::Serialize;
use similar::TextDiff;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    UpToDate,
    /// The project (or containerize) changed since the file was generated.
    Drifted,
    /// The generated file was edited by hand since.
    HandEdited,
    Missing,
    /// The file has no header: the user owns it, containerize leaves it be.
    Owned,
    /// A symbolic link, a FIFO or a device in the file's place: never
    /// read (it could lead out of the project, or never end).
    NotAFile,
}

impl Status {
    pub fn needs_attention(self) -> bool {
        matches!(self, Self::Drifted | Self::HandEdited | Self::Missing | Self::NotAFile)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct FileCheck {
    pub name: &'static str,
    pub status: Status,
    /// A unified diff, from the file on disk to what would be written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
    /// The first line of the file on disk that would change (1-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub message: String,
}

/// More than any generated file holds; a bigger file is compared by its
/// first part (and differs).
const LIMIT: u64 = 4 * 1024 * 1024;

pub fn compare(root: &Path, files: &[FileOut]) -> Vec<FileCheck> {
    files.iter().map(|file| compare_one(root, file)).collect()
}

fn compare_one(root: &Path, file: &FileOut) -> FileCheck {
    let name = file.name;
    let path = root.join(name);
    // Only a regular file, and only as much as a generated file could be:
    // what `init` would refuse to write through, `check` does not read.
    let regular = std::fs::symlink_metadata(&path).map(|m| m.is_file());
    if regular.as_ref().is_ok_and(|is_file| !is_file) {
        return FileCheck {
            name,
            status: Status::NotAFile,
            diff: None,
            line: None,
            message: format!(
                "{name} is a symbolic link or not a regular file: containerize neither reads nor writes \
                 through one; replace it with a regular file"
            ),
        };
    }
    let read = std::fs::File::open(&path).and_then(|f| {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(f, LIMIT), &mut bytes).map(|_| bytes)
    });
    let on_disk = match read {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => {
            return FileCheck {
                name,
                status: Status::Missing,
                diff: None,
                line: None,
                message: format!("{name} is missing: run `containerize init` to write it"),
            };
        }
    };
    let diff = || {
        let diff = TextDiff::from_lines(&on_disk, &file.content);
        let on_disk_label = format!("{name} (on disk)");
        let generated_label = format!("{name} (as containerize would write it now)");
        let text = diff.unified_diff().context_radius(3).header(&on_disk_label, &generated_label).to_string();
        // The file on disk is the user's text: shown, never obeyed (an ESC
        // sequence in it would rewrite the terminal that prints the diff).
        crate::sinks::terminal::clean(&text).into_owned()
    };
    let (status, diff, message) = if !is_generated(&on_disk) {
        let message =
            format!("{name} has no generated-file header: it is yours, and containerize leaves it alone");
        (Status::Owned, None, message)
    } else if on_disk == file.content || on_disk.replace("\r\n", "\n") == file.content {
        // A checkout with `autocrlf` changed only the line endings.
        (Status::UpToDate, None, format!("{name} is up to date"))
    } else if is_hand_edited(&on_disk) {
        let message = format!(
            "{name} was edited by hand since it was generated: regenerate it with `containerize init --force` \
             (your version is kept as {name}.bak), delete its header to take ownership, or move your change \
             into a template override (`containerize templates eject`)"
        );
        (Status::HandEdited, Some(diff()), message)
    } else {
        let message = format!("{name} is out of date with the project: run `containerize init` to update it");
        (Status::Drifted, Some(diff()), message)
    };
    let line = diff.as_ref().and_then(|_| first_change(&on_disk, &file.content));
    FileCheck { name, status, diff, line, message }
}

/// The first line of `old` that `new` changes or where it adds lines,
/// past the header (whose digest changes with any change): where a
/// reviewer should look.
fn first_change(old: &str, new: &str) -> Option<usize> {
    let header = with_header("").lines().count();
    let diff = TextDiff::from_lines(old, new);
    let changes: Vec<usize> = diff
        .ops()
        .iter()
        .filter(|op| op.tag() != similar::DiffTag::Equal)
        .map(|op| op.old_range().start)
        .collect();
    let first = changes.iter().find(|start| **start >= header).or(changes.first())?;
    Some(first + 1)
}

#[cfg(test)]
mod tests {
    use super::super::with_header;
    use super::*;

    fn out(content: &str) -> FileOut {
        FileOut { name: "Dockerfile", content: with_header(content) }
    }

    #[test]
    fn every_status() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Dockerfile");
        assert_eq!(compare(dir.path(), &[out("FROM a\n")])[0].status, Status::Missing);
        std::fs::write(&path, with_header("FROM a\n")).unwrap();
        assert_eq!(compare(dir.path(), &[out("FROM a\n")])[0].status, Status::UpToDate);
        let drifted = &compare(dir.path(), &[out("FROM b\n")])[0];
        assert_eq!(drifted.status, Status::Drifted);
        assert!(drifted.diff.as_ref().unwrap().contains("-FROM a\n+FROM b\n"), "{:?}", drifted.diff);
        assert_eq!(drifted.line, Some(with_header("").lines().count() + 1), "the line of FROM");
        std::fs::write(&path, with_header("FROM a\n").replace("FROM a", "FROM mine")).unwrap();
        assert_eq!(compare(dir.path(), &[out("FROM a\n")])[0].status, Status::HandEdited);
        std::fs::write(&path, "FROM mine\n").unwrap();
        assert_eq!(compare(dir.path(), &[out("FROM a\n")])[0].status, Status::Owned);
    }
}
