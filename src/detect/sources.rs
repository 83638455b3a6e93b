//! Which Python files are read for entrypoints, and reading them.
//!
//! Files under tests, docs, examples, migrations or vendored folders (and
//! test modules by name) are never candidates and are not parsed. The rest
//! are read (bounded), parsed on worker threads with a large stack (the
//! parser is recursive; hostile nesting must not overflow the main thread's
//! stack) and summarized. Unparseable files are skipped with a warning that
//! names the file and line.

use super::apps::SourceModule;
use super::python_source;
use crate::diagnostics::Warning;
use crate::evidence::Location;
use crate::project::{Project, ReadError, SOURCE_LIMIT, Sources};

/// Folders whose modules are never application entrypoints: the walk does
/// not enter them, so their manifests are not project members either.
pub const NOT_CANDIDATE_DIRS: &[&str] = &[
    "tests",
    "test",
    "testing",
    "docs",
    "doc",
    "examples",
    "example",
    "migrations",
    "vendor",
    "_vendor",
    "vendored",
    "third_party",
    "benchmarks",
];

/// Stack for parser threads: deep enough for any real module and for the
/// nesting bounds of `python_source`, reserved not committed.
const PARSER_STACK: usize = 256 * 1024 * 1024;

pub struct Parsed {
    pub modules: Vec<SourceModule>,
    pub warnings: Vec<Warning>,
}

/// Filter, read and summarize the walked Python sources.
pub fn parse_all(project: &Project, walked: &Sources) -> Parsed {
    let mut warnings = walked.warnings.clone();
    let candidates: Vec<(String, (String, String))> = walked
        .files
        .iter()
        .filter(|path| is_candidate(path))
        .filter_map(|path| module_name(path, &walked.manifest_dirs).map(|module| (path.clone(), module)))
        .collect();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
    let chunk = candidates.len().div_ceil(workers).max(1);
    let results: Vec<(Vec<SourceModule>, Vec<Warning>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = candidates
            .chunks(chunk)
            .map(|files| {
                std::thread::Builder::new()
                    .stack_size(PARSER_STACK)
                    .spawn_scoped(scope, move || parse_chunk(project, files))
                    .map_err(|error| (error, files.len()))
            })
            .collect();
        // A machine out of threads skips the files with a warning: parsing
        // them here, without the large stack, could overflow it.
        handles
            .into_iter()
            .map(|handle| match handle {
                Ok(handle) => handle.join().unwrap_or_default(),
                Err((error, files)) => (
                    Vec::new(),
                    vec![Warning::new(format!(
                        "{files} Python files were not read: no parser thread could start ({error})"
                    ))],
                ),
            })
            .collect()
    });
    let mut modules = Vec::new();
    for (parsed, skipped) in results {
        modules.extend(parsed);
        warnings.extend(skipped);
    }
    Parsed { modules, warnings }
}

fn parse_chunk(project: &Project, files: &[(String, (String, String))]) -> (Vec<SourceModule>, Vec<Warning>) {
    let mut modules = Vec::new();
    let mut warnings = Vec::new();
    for (path, (root, module)) in files {
        let source = match project.read_python(path, SOURCE_LIMIT) {
            Ok(Some(source)) => source,
            Ok(None) => continue,
            Err(e @ (ReadError::TooLarge { .. } | ReadError::Decode(_))) => {
                warnings.push(Warning::at(Location::file(path), format!("skipped: {e}")));
                continue;
            }
            Err(e) => {
                warnings.push(Warning::at(Location::file(path), format!("skipped: cannot read it: {e}")));
                continue;
            }
        };
        // One file the parser fails on costs that file, not the others of
        // this thread (`join` would drop them all).
        let Ok(summary) = std::panic::catch_unwind(|| python_source::summarize(&source)) else {
            warnings.push(Warning::at(
                Location::file(path),
                "skipped: the Python parser failed on it (a bug in containerize; please report it)",
            ));
            continue;
        };
        if let Some(error) = summary.errors.first() {
            warnings.push(Warning::at(
                Location::at(path, error.line),
                format!("skipped: not valid Python 3 ({}); Python cannot import it either", error.message),
            ));
            continue;
        }
        if let Some(line) = summary.over_budget {
            warnings.push(Warning::at(
                Location::at(path, line),
                "too many names bound to one large value: the names after the first are read as unknown",
            ));
        }
        modules.push(SourceModule {
            path: path.clone(),
            root: root.clone(),
            module: module.clone(),
            summary,
        });
    }
    (modules, warnings)
}

/// Whether a file could hold the application (not a test, doc or vendored).
pub fn is_candidate(path: &str) -> bool {
    let mut parts: Vec<&str> = path.split('/').collect();
    let file = parts.pop().unwrap_or_default();
    let stem = file.strip_suffix(".py").unwrap_or(file);
    let is_test_file = stem.starts_with("test_") || stem.ends_with("_test") || stem == "conftest";
    let is_tooling = matches!(stem, "setup" | "noxfile" | "fabfile" | "conftest");
    !is_test_file && !is_tooling && !parts.iter().any(|p| NOT_CANDIDATE_DIRS.contains(p))
}

/// (import root, module name). The import root is the nearest folder with
/// a project manifest (`manifest_dirs`, "" for the project root), or its
/// `src/` for the src layout; the module is the path below it:
/// `pkg/main.py` → `pkg.main`, `pkg/__init__.py` → `pkg`, `src/pkg/x.py` →
/// (`src`, `pkg.x`), `packages/web/src/web/app.py` → (`packages/web/src`,
/// `web.app`). `None` when a part is not an identifier, so Python could not
/// import it by that name.
pub fn module_name(path: &str, manifest_dirs: &[String]) -> Option<(String, String)> {
    let project_root = manifest_dirs
        .iter()
        .filter(|d| !d.is_empty() && path.starts_with(&format!("{d}/")))
        .max_by_key(|d| d.len())
        .map_or("", String::as_str);
    let below = if project_root.is_empty() { path } else { &path[project_root.len() + 1..] };
    let (root, below) = match below.strip_prefix("src/") {
        Some(rest) if project_root.is_empty() => ("src".to_string(), rest),
        Some(rest) => (format!("{project_root}/src"), rest),
        None => (project_root.to_string(), below),
    };
    let stem = below.strip_suffix(".py")?;
    let stem = stem.strip_suffix("/__init__").unwrap_or(stem);
    let parts: Vec<&str> = stem.split('/').collect();
    parts.iter().all(|p| is_identifier(p)).then(|| (root, parts.join(".")))
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names() {
        let name = |path: &str, dirs: &[&str]| {
            let dirs: Vec<String> = dirs.iter().map(|d| d.to_string()).collect();
            module_name(path, &dirs).map(|(root, module)| format!("{root}|{module}"))
        };
        assert_eq!(name("server.py", &[]).as_deref(), Some("|server"));
        assert_eq!(name("pkg/__init__.py", &[""]).as_deref(), Some("|pkg"));
        assert_eq!(name("pkg/sub/main.py", &[]).as_deref(), Some("|pkg.sub.main"));
        assert_eq!(name("src/pkg/app.py", &[""]).as_deref(), Some("src|pkg.app"));
        assert_eq!(
            name("packages/web/src/web/app.py", &["", "packages/web"]).as_deref(),
            Some("packages/web/src|web.app")
        );
        assert_eq!(
            name("services/api/api/main.py", &["services/api"]).as_deref(),
            Some("services/api|api.main")
        );
        assert_eq!(name("my-scripts/app.py", &[]), None);
        assert_eq!(name("2fa.py", &[]), None);
    }

    #[test]
    fn tests_docs_and_vendored_code_are_not_candidates() {
        assert!(is_candidate("app.py"));
        assert!(is_candidate("pkg/testimonials.py"));
        for path in [
            "tests/app.py",
            "pkg/tests/conftest.py",
            "test_app.py",
            "app_test.py",
            "docs/conf.py",
            "setup.py",
            "a/migrations/0001.py",
            "vendor/x.py",
        ] {
            assert!(!is_candidate(path), "{path}");
        }
    }

    #[test]
    fn syntax_errors_and_huge_files_are_skipped_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ok.py"), "x = 1\n").unwrap();
        std::fs::write(dir.path().join("py2.py"), "import os\nprint 'hi'\n").unwrap();
        std::fs::write(dir.path().join("huge.py"), vec![b'#'; SOURCE_LIMIT as usize + 1]).unwrap();
        let project = Project::open(dir.path()).unwrap();
        let parsed = parse_all(&project, &project.python_sources(NOT_CANDIDATE_DIRS));
        assert_eq!(parsed.modules.iter().map(|m| m.path.as_str()).collect::<Vec<_>>(), vec!["ok.py"]);
        let warnings: Vec<_> = parsed.warnings.iter().map(ToString::to_string).collect();
        assert!(
            warnings.iter().any(|w| w.starts_with("py2.py:2: skipped: not valid Python 3")),
            "{warnings:?}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("huge.py: skipped: it is 4194305 bytes, over the 4 MiB limit")),
            "{warnings:?}"
        );
    }
}
