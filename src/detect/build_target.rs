//! Whether the build backend a pyproject.toml declares finds anything of
//! the project's own to build.
//!
//! Hatchling, Poetry and Flit look for a package or module named after the
//! project (`my-app`: `my_app/`, `src/my_app/`, `my_app.py`, `src/my_app.py`)
//! unless the pyproject selects the files itself. An app that copied a
//! `[build-system]` table from a template often has neither, and installing
//! it fails at build time (hatchling: "Unable to determine which files to
//! ship inside the wheel"). Such a project is an app run from its source:
//! its dependencies are installed, the project is not. Other backends
//! (setuptools, PDM's, maturin…) discover or are told what to build, and
//! are left alone.

use super::pyproject::PyprojectFacts;
use crate::project::Project;

/// Backends that find the project's files by its name, as they are named
/// in `build-backend`, with the name users know them by.
const BY_NAME: &[(&str, &str)] = &[
    ("hatchling.build", "hatchling"),
    ("poetry.core.masonry.api", "poetry-core"),
    ("flit_core.buildapi", "flit-core"),
];

/// Why the backend would find nothing to build, or `None` when it would
/// (or when this cannot tell).
pub fn finds_nothing(project: &Project, py: &PyprojectFacts) -> Option<String> {
    let backend = py.build_backend.as_deref()?;
    let (_, known_as) = BY_NAME.iter().find(|(name, _)| *name == backend)?;
    // A dotted name may be a namespace package, found some other way.
    let name = py.name.as_deref().filter(|n| !n.contains('.'))?;
    if py.tools.selects_wheel_files {
        return None;
    }
    let module = name.replace('-', "_");
    let lower = module.to_ascii_lowercase();
    let found = [&module, &lower].iter().any(|m| {
        ["", "src/"]
            .iter()
            .any(|at| project.is_dir(&format!("{at}{m}")) || project.is_file(&format!("{at}{m}.py")))
    });
    (!found).then(|| {
        format!(
            "{}: {known_as} builds a package or module named `{lower}`, and there is none \
             (no `{lower}/`, `src/{lower}/` or `{lower}.py`, and no file selection in the pyproject): \
             the dependencies are installed, the project runs from its source",
            py.path
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pyproject: &str, files: &[&str]) -> Option<String> {
        let dir = tempfile::tempdir().unwrap();
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let py = crate::detect::pyproject::parse(pyproject, "pyproject.toml").unwrap();
        finds_nothing(&Project::open(dir.path()).unwrap(), &py)
    }

    const HATCH: &str = "[project]\nname = \"My-App\"\nversion = \"1\"\n\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n";

    #[test]
    fn a_backend_that_finds_files_by_name_and_finds_none_builds_nothing() {
        let why = check(HATCH, &["app.py"]).unwrap();
        assert!(why.contains("hatchling builds a package or module named `my_app`"), "{why}");
        for layout in
            [&["my_app/__init__.py"][..], &["src/my_app/__init__.py"], &["my_app.py"], &["src/My_App.py"]]
        {
            assert_eq!(check(HATCH, layout), None, "{layout:?}");
        }
        let selected = format!("{HATCH}\n[tool.hatch.build.targets.wheel]\npackages = [\"app\"]\n");
        assert_eq!(check(&selected, &["app.py"]), None);
        let poetry = "[tool.poetry]\nname = \"svc\"\npackages = [{ include = \"app\" }]\n\n[build-system]\nbuild-backend = \"poetry.core.masonry.api\"\n";
        assert_eq!(check(poetry, &["app/__init__.py"]), None);
        let setuptools = HATCH.replace("hatchling.build", "setuptools.build_meta");
        assert_eq!(check(&setuptools, &["app.py"]), None, "setuptools discovers modules itself");
    }
}
