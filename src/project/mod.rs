//! The read-only view of the repository being containerized.
//!
//! Owns: resolving paths relative to the project root (and refusing ones that
//! leave it), bounded reads with text decoding, and the walk that finds
//! Python sources (gitignore-aware, never entering virtual environments,
//! `node_modules`, VCS or build folders). Everything else reads the project
//! through this type, so every path in a message is relative to the root.
//!
//! Not supported: writing (see `output.rs`), following symlinks out of the
//! project.

mod secrets;

pub use secrets::{SECRET_NAMES, is_private_path, is_secret_name};

use crate::diagnostics::Warning;
use crate::evidence::Location;
use anyhow::{Context, Result, bail};
use std::fmt;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Manifests, lockfiles and requirement files larger than this are refused.
pub const MANIFEST_LIMIT: u64 = 16 * 1024 * 1024;
/// Python sources larger than this are skipped (generated code, data dumps).
pub const SOURCE_LIMIT: u64 = 4 * 1024 * 1024;
/// At most this many Python files are considered for entrypoints.
pub const MAX_SOURCES: usize = 20_000;
/// The largest root `.gitignore`/`.ignore` whose rules are applied (about
/// 35,000 patterns).
pub const IGNORE_FILE_LIMIT: u64 = 1024 * 1024;

/// Folders never walked, wherever they are: virtual environments, caches,
/// dependency trees of other ecosystems, VCS metadata and build output.
const SKIPPED_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "node_modules",
    "site-packages",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "build",
    "dist",
    ".eggs",
    "htmlcov",
    ".idea",
    ".vscode",
];

pub struct Project {
    root: PathBuf,
    /// What reading skipped (files through symlinks out of the project),
    /// for the plan's warnings.
    skipped: std::sync::Mutex<Vec<Warning>>,
}

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum ReadError {
    /// The path (or a symlink on it) leads outside the project.
    Outside,
    TooLarge {
        size: u64,
        limit: u64,
    },
    /// The bytes are not text this tool reads (see `text.rs`).
    Decode(crate::text::DecodeError),
    NotAFile,
    Io(std::io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Outside => f.write_str("it is outside the project"),
            Self::TooLarge { size, limit } => {
                // One decimal (17,000,000 bytes is "16.2 MiB", not "16 MiB"),
                // or bytes when that still reads like the limit itself.
                let tenths = size.saturating_mul(10).saturating_add(1 << 19) >> 20;
                let shown = match tenths % 10 {
                    0 => (tenths / 10).to_string(),
                    tenth => format!("{}.{tenth}", tenths / 10),
                };
                if shown == (limit >> 20).to_string() {
                    write!(f, "it is {size} bytes, over the {} MiB limit ({limit} bytes)", limit >> 20)
                } else {
                    write!(f, "it is {shown} MiB, over the {} MiB limit", limit >> 20)
                }
            }
            Self::Decode(e) => write!(f, "{e}"),
            Self::NotAFile => f.write_str("it is not a regular file"),
            Self::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// The result of walking for Python sources.
pub struct Sources {
    /// Python files, root-relative, `/`-separated, sorted.
    pub files: Vec<String>,
    /// Folders (root-relative, "" for the root) holding a project manifest
    /// (`pyproject.toml`, `setup.py` or `setup.cfg`): the roots that module
    /// names are relative to, and workspace members.
    pub manifest_dirs: Vec<String>,
    /// Folders below the root holding any dependency file (a manifest, a
    /// requirements file, a Pipfile or a lockfile): the projects of a
    /// monorepo whose root is none.
    pub project_dirs: Vec<String>,
    pub warnings: Vec<Warning>,
}

impl Project {
    /// Open `path` as a project root. A missing path or a file is a usage
    /// error.
    pub fn open(path: &Path) -> Result<Self> {
        let meta =
            std::fs::metadata(path).with_context(|| format!("cannot open project `{}`", path.display()))?;
        if !meta.is_dir() {
            bail!("`{}` is not a directory; pass the folder that holds the project", path.display());
        }
        let root = path.canonicalize().with_context(|| format!("cannot resolve `{}`", path.display()))?;
        Ok(Self { root, skipped: std::sync::Mutex::new(Vec::new()) })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder's name, used for image tags and messages.
    pub fn dir_name(&self) -> String {
        self.root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "app".to_string())
    }

    /// The absolute path for a root-relative one, if it stays inside the
    /// project lexically (no `..` past the root, not absolute).
    pub fn path(&self, rel: &str) -> Option<PathBuf> {
        let mut out = self.root.clone();
        let mut depth = 0usize;
        for component in Path::new(rel).components() {
            match component {
                Component::Normal(part) => {
                    out.push(part);
                    depth += 1;
                }
                Component::CurDir => {}
                Component::ParentDir if depth > 0 => {
                    out.pop();
                    depth -= 1;
                }
                _ => return None,
            }
        }
        Some(out)
    }

    /// Whether `rel` is a regular file inside the project (after symlinks).
    pub fn is_file(&self, rel: &str) -> bool {
        self.inside(rel).is_some_and(|p| p.is_file())
    }

    /// Whether `rel` is a directory inside the project (after symlinks).
    pub fn is_dir(&self, rel: &str) -> bool {
        self.inside(rel).is_some_and(|p| p.is_dir())
    }

    /// The canonical path of `rel` if it exists and resolves inside the root.
    fn inside(&self, rel: &str) -> Option<PathBuf> {
        let path = self.path(rel)?;
        let real = path.canonicalize().ok()?;
        real.starts_with(&self.root).then_some(real)
    }

    /// Read `rel` as text, at most `limit` bytes. `Ok(None)` when it does not
    /// exist. Byte-order marks are honoured (`text::decode_plain`).
    pub fn read_text(&self, rel: &str, limit: u64) -> Result<Option<String>, ReadError> {
        let Some(bytes) = self.read_bytes(rel, limit)? else { return Ok(None) };
        crate::text::decode_plain(&bytes).map(Some).map_err(ReadError::Decode)
    }

    /// Read a Python source by Python's rules (`text::decode_python`).
    pub fn read_python(&self, rel: &str, limit: u64) -> Result<Option<String>, ReadError> {
        let Some(bytes) = self.read_bytes(rel, limit)? else { return Ok(None) };
        crate::text::decode_python(&bytes).map(Some).map_err(ReadError::Decode)
    }

    /// At most `limit` bytes of a regular file inside the project; never
    /// opens a FIFO or device (it could block forever).
    fn read_bytes(&self, rel: &str, limit: u64) -> Result<Option<Vec<u8>>, ReadError> {
        let Some(path) = self.path(rel) else { return Err(ReadError::Outside) };
        let real = match path.canonicalize() {
            Ok(real) => real,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(ReadError::Io(e)),
        };
        if !real.starts_with(&self.root) {
            return Err(ReadError::Outside);
        }
        let meta = std::fs::metadata(&real).map_err(ReadError::Io)?;
        if !meta.is_file() {
            return Err(ReadError::NotAFile);
        }
        if meta.len() > limit {
            return Err(ReadError::TooLarge { size: meta.len(), limit });
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        std::fs::File::open(&real)
            .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
            .map_err(ReadError::Io)?;
        if bytes.len() as u64 > limit {
            return Err(ReadError::TooLarge { size: bytes.len() as u64, limit });
        }
        Ok(Some(bytes))
    }

    /// Like [`read_text`](Self::read_text), with the error turned into a
    /// message naming the file.
    /// A file that leads outside the project (a symlink out of it) is not
    /// read: `Ok(None)`, and a warning for the plan.
    pub fn read_required(&self, rel: &str, limit: u64) -> Result<Option<String>> {
        match self.read_text(rel, limit) {
            Err(ReadError::Outside) => {
                self.skip(Warning::at(
                    Location::file(rel),
                    "leads outside the project (a symbolic link?): not read",
                ));
                Ok(None)
            }
            other => other.map_err(|e| crate::diagnostics::attention(format!("cannot read `{rel}`: {e}"))),
        }
    }

    /// Whether `rel` exists as a link that leads outside the project (or
    /// nowhere): such a file is never read.
    pub fn leads_outside(&self, rel: &str) -> bool {
        let Some(path) = self.path(rel) else { return true };
        if std::fs::symlink_metadata(&path).is_err() {
            return false;
        }
        !path.canonicalize().is_ok_and(|real| real.starts_with(&self.root))
    }

    /// Record something reading skipped.
    pub fn skip(&self, warning: Warning) {
        if let Ok(mut skipped) = self.skipped.lock() {
            skipped.push(warning);
        }
    }

    /// Everything reading skipped so far.
    pub fn skipped(&self) -> Vec<Warning> {
        self.skipped.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Top-level folders holding a virtual environment (`pyvenv.cfg`) under
    /// a name other than `.venv` or `venv`, sorted.
    pub fn virtualenvs(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.root) else { return Vec::new() };
        let mut out: Vec<String> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()) && e.path().join("pyvenv.cfg").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name != ".venv" && name != "venv")
            .collect();
        out.sort();
        out
    }

    /// Python files that could hold the application, sorted. Honours the
    /// project's own `.gitignore`/`.ignore` (even without a `.git` folder;
    /// never the user's global excludes, so every machine sees the same
    /// project), skips hidden folders, [`SKIPPED_DIRS`], any folder holding
    /// a `pyvenv.cfg` and folders named in `never` (not entered at all).
    pub fn python_sources(&self, never: &'static [&'static str]) -> Sources {
        let mut files = Vec::new();
        let mut manifest_dirs = Vec::new();
        let mut project_dirs = Vec::new();
        let mut warnings = Vec::new();
        // The ignore crate compiles every rule into memory (about 360 bytes
        // per byte of rules): a root ignore file over the limit is not
        // applied, with a warning, rather than run the machine out of memory.
        let mut honoured = |name: &str| {
            let size = std::fs::symlink_metadata(self.root.join(name)).map_or(0, |m| m.len());
            let fits = size <= IGNORE_FILE_LIMIT;
            if !fits {
                let why = ReadError::TooLarge { size, limit: IGNORE_FILE_LIMIT };
                warnings.push(Warning::new(format!(
                    "{name}: {why}, so its rules are not applied while looking for the app"
                )));
            }
            fits
        };
        let (git_ignore, dot_ignore) = (honoured(".gitignore"), honoured(".ignore"));
        let walker = ignore::WalkBuilder::new(&self.root)
            .hidden(true)
            .parents(false)
            .require_git(false)
            .git_ignore(git_ignore)
            .ignore(dot_ignore)
            .git_global(false)
            .follow_links(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .filter_entry(|entry| {
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                let never = || never.iter().any(|n| entry.file_name() == *n);
                !(is_dir && entry.depth() > 0 && (never() || is_skipped_dir(entry.path())))
            })
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    warnings.push(tree_error(self.root(), &e));
                    continue;
                }
            };
            let is_file = entry.file_type().is_some_and(|t| t.is_file());
            let name = entry.file_name().to_string_lossy();
            if is_file
                && matches!(
                    name.as_ref(),
                    "requirements.txt"
                        | "Pipfile"
                        | "uv.lock"
                        | "poetry.lock"
                        | "pdm.lock"
                        | "pyproject.toml"
                        | "setup.py"
                        | "setup.cfg"
                )
                && let Some(dir) = entry.path().parent().and_then(|d| d.strip_prefix(&self.root).ok())
                && !dir.as_os_str().is_empty()
            {
                project_dirs.push(to_slash(dir));
            }
            if is_file && matches!(name.as_ref(), "pyproject.toml" | "setup.py" | "setup.cfg") {
                let dir = entry.path().parent().and_then(|d| d.strip_prefix(&self.root).ok());
                if let Some(dir) = dir.map(to_slash)
                    && manifest_dirs.last() != Some(&dir)
                {
                    manifest_dirs.push(dir);
                }
            }
            let is_py = entry.path().extension().is_some_and(|e| e == "py");
            let is_special =
                entry.file_type().is_some_and(|t| !t.is_file() && !t.is_dir() && !t.is_symlink());
            if is_py
                && is_special
                && let Ok(rel) = entry.path().strip_prefix(&self.root)
            {
                warnings
                    .push(Warning::at(Location::file(to_slash(rel)), "skipped: it is not a regular file"));
            }
            if !is_py || !is_file {
                continue;
            }
            if files.len() == MAX_SOURCES {
                warnings.push(Warning::new(format!(
                    "stopped after {MAX_SOURCES} Python files; name the app with --app if it was not found"
                )));
                break;
            }
            if let Ok(rel) = entry.path().strip_prefix(&self.root) {
                files.push(to_slash(rel));
            }
        }
        manifest_dirs.sort();
        manifest_dirs.dedup();
        project_dirs.sort();
        project_dirs.dedup();
        Sources { files, manifest_dirs, project_dirs, warnings }
    }
}

fn is_skipped_dir(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    SKIPPED_DIRS.contains(&name.as_ref()) || name.ends_with(".egg-info") || path.join("pyvenv.cfg").is_file()
}

/// `a\b` → `a/b`, for messages and Dockerfile paths.
/// A walk error as a warning on the project-relative path, said once:
/// `pkg: skipped: cannot read it: Permission denied`.
fn tree_error(root: &Path, error: &ignore::Error) -> Warning {
    let mut error = error;
    let mut path = None;
    loop {
        match error {
            ignore::Error::WithPath { path: p, err } => {
                path = Some(p.clone());
                error = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error = err,
            _ => break,
        }
    }
    let why = match error {
        // The OS's own words, without the wrapper's repeated path.
        ignore::Error::Io(io) => match io.raw_os_error() {
            Some(code) => format!("cannot read it: {}", std::io::Error::from_raw_os_error(code)),
            None => format!("cannot read it: {}", std::io::Error::from(io.kind())),
        },
        other => other.to_string(),
    };
    match path {
        Some(p) => {
            let rel = p.strip_prefix(root).map_or_else(|_| p.display().to_string(), to_slash);
            Warning::at(crate::evidence::Location::file(rel), format!("skipped: {why}"))
        }
        None => Warning::new(format!("skipped part of the tree: {why}")),
    }
}

pub fn to_slash(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[(&str, &str)]) -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let project = Project::open(dir.path()).unwrap();
        (dir, project)
    }

    #[test]
    fn walk_skips_environments_and_ignored_files() {
        let (_d, p) = project(&[
            ("app.py", ""),
            ("pkg/main.py", ""),
            (".venv/lib/flask/app.py", ""),
            ("env/pyvenv.cfg", ""),
            ("env/lib/x.py", ""),
            ("node_modules/x/y.py", ""),
            ("generated/big.py", ""),
            (".gitignore", "generated/\n"),
            ("tests/fixtures/pyproject.toml", "not toml ["),
            ("tests/test_app.py", ""),
        ]);
        let sources = p.python_sources(&["tests"]);
        assert_eq!(sources.files, vec!["app.py", "pkg/main.py"]);
        assert!(sources.manifest_dirs.is_empty());
    }

    #[test]
    fn reads_are_bounded_and_stay_inside() {
        let (_d, p) = project(&[("a.txt", "\u{feff}hello"), ("big.txt", "0123456789")]);
        assert_eq!(p.read_text("a.txt", 100).unwrap().as_deref(), Some("hello"));
        assert!(p.read_text("missing.txt", 100).unwrap().is_none());
        assert!(matches!(p.read_text("big.txt", 5), Err(ReadError::TooLarge { .. })));
        assert!(matches!(p.read_text("../etc/passwd", 5), Err(ReadError::Outside)));
        assert!(p.path("/etc/passwd").is_none());
    }
}
