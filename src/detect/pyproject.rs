//! `pyproject.toml`: the PEP 621 `[project]` table, the build system, PEP
//! 735 dependency groups, and the tool tables that say how a project is
//! managed (`tool_tables.rs`).
//!
//! Unknown keys are ignored: pyproject belongs to many tools. Malformed TOML
//! or a standard key of the wrong type is an error naming the file, line and
//! column.

use super::tool_tables::{self, ToolTables};
use crate::diagnostics::attention;
use crate::evidence::{Located, Location};
use crate::project::{MANIFEST_LIMIT, Project};
use anyhow::Result;
use serde::Deserialize;
use std::collections::BTreeMap;

pub const FILE: &str = "pyproject.toml";

/// A dependency as declared (PEP 508 text), with its normalized name.
#[derive(Clone, Debug, PartialEq)]
pub struct Declared {
    pub text: String,
    pub name: String,
    pub location: Location,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PyprojectFacts {
    /// Root-relative path of this pyproject.toml.
    pub path: String,
    /// Whether it has a `[project]` table.
    pub has_project: bool,
    pub name: Option<String>,
    pub version: Option<String>,
    /// `requires-python` and the line it is on.
    pub requires_python: Option<Located<String>>,
    /// Files named by `readme`, `license` and `license-files`: build backends
    /// read them, so the build context must keep them.
    pub referenced_files: Vec<String>,
    /// Files the manifest names that lie outside the project (never read).
    pub outside_files: Vec<Located<String>>,
    /// `[project] dependencies`.
    pub dependencies: Vec<Declared>,
    /// `[project] dynamic`: fields the build backend computes.
    pub dynamic: Vec<String>,
    /// `[project.optional-dependencies]` extras, by name.
    pub optional_dependencies: BTreeMap<String, Vec<Declared>>,
    /// PEP 735 `[dependency-groups]`, by name (never installed in images).
    pub dependency_groups: Vec<String>,
    /// `[project.scripts]` names.
    pub scripts: Vec<(String, String)>,
    /// `[build-system] build-backend`, when a build system is declared.
    pub build_backend: Option<String>,
    pub has_build_system: bool,
    /// Why the declared build backend would find nothing of the project's
    /// own to build, when it would not (set by `build_target.rs`).
    pub builds_nothing: Option<String>,
    pub tools: ToolTables,
}

impl PyprojectFacts {
    pub fn location(&self) -> Location {
        Location::file(&self.path)
    }
}

#[derive(Deserialize, Default)]
struct Document {
    project: Option<ProjectTable>,
    #[serde(rename = "build-system")]
    build_system: Option<BuildSystem>,
    #[serde(rename = "dependency-groups", default)]
    dependency_groups: BTreeMap<String, toml::Value>,
    #[serde(default)]
    tool: tool_tables::RawTools,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct ProjectTable {
    name: Option<toml::Spanned<String>>,
    version: Option<String>,
    requires_python: Option<toml::Spanned<String>>,
    readme: Option<FileRef>,
    license: Option<FileRef>,
    #[serde(default)]
    license_files: Vec<String>,
    #[serde(default)]
    dependencies: Vec<toml::Spanned<String>>,
    #[serde(default)]
    optional_dependencies: BTreeMap<String, Vec<toml::Spanned<String>>>,
    #[serde(default)]
    dynamic: Vec<String>,
    #[serde(default)]
    scripts: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct BuildSystem {
    build_backend: Option<String>,
}

/// `readme = "README.md"` or `readme = { file = "README.md", … }`;
/// `license = { file = "LICENSE" }` or an SPDX string (not a file).
#[derive(Deserialize)]
#[serde(untagged)]
enum FileRef {
    Text(String),
    Table { file: Option<String> },
}

/// Read the root `pyproject.toml` if present.
pub fn read(project: &Project) -> Result<Option<PyprojectFacts>> {
    read_at(project, FILE)
}

/// Read a `pyproject.toml` anywhere in the project (workspace members).
pub fn read_at(project: &Project, rel: &str) -> Result<Option<PyprojectFacts>> {
    let Some(text) = project.read_required(rel, MANIFEST_LIMIT)? else { return Ok(None) };
    parse(&text, rel).map(Some)
}

pub fn parse(text: &str, file: &str) -> Result<PyprojectFacts> {
    let doc: Document = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    let lines = crate::lines::LineIndex::new(text);
    let at = |offset: usize| Location::at(file, lines.line(offset));
    // Every installer rejects an invalid requirement, so the build would
    // fail; say where, now.
    let declared = |spanned: &toml::Spanned<String>| -> Result<Declared> {
        let text = spanned.get_ref().clone();
        let location = at(spanned.span().start);
        let name = match super::pep508::parse(&text, std::path::Path::new("/")) {
            Ok(req) => req.name.to_string(),
            Err(error) => {
                return Err(attention(format!(
                    "{location}: invalid requirement `{}`: {error}",
                    crate::sinks::terminal::one_line(&text)
                )));
            }
        };
        Ok(Declared { text, name, location })
    };
    let has_config = doc.tool.has_containerize();
    let mut tools = tool_tables::from_raw(doc.tool, text, file);
    if has_config {
        tools.containerize = Some(read_config(text, file)?);
    }
    let mut facts = PyprojectFacts {
        path: file.to_string(),
        has_build_system: doc.build_system.is_some(),
        build_backend: doc.build_system.and_then(|b| b.build_backend),
        dependency_groups: doc.dependency_groups.into_keys().collect(),
        tools,
        ..PyprojectFacts::default()
    };
    let Some(table) = doc.project else { return Ok(facts) };
    facts.has_project = true;
    let base = std::path::Path::new(file).parent().map(crate::project::to_slash).unwrap_or_default();
    let mut named: Vec<&String> = Vec::new();
    if let Some(FileRef::Text(f) | FileRef::Table { file: Some(f) }) = &table.readme {
        named.push(f);
    }
    if let Some(FileRef::Table { file: Some(f) }) = &table.license {
        named.push(f);
    }
    named.extend(&table.license_files);
    for name in named {
        let joined = if base.is_empty() { name.clone() } else { format!("{base}/{name}") };
        match crate::detect::requirements::normalize_path(&joined).filter(|_| !name.starts_with('/')) {
            Some(path) => facts.referenced_files.push(path),
            None => facts.outside_files.push(Located::new(name.clone(), Location::file(file))),
        }
    }
    facts.requires_python =
        table.requires_python.as_ref().map(|s| Located::new(s.get_ref().clone(), at(s.span().start)));
    facts.dependencies = table.dependencies.iter().map(declared).collect::<Result<_>>()?;
    for (extra, deps) in &table.optional_dependencies {
        let deps = deps.iter().map(declared).collect::<Result<_>>()?;
        facts.optional_dependencies.insert(extra.clone(), deps);
    }
    // PEP 508's rule for a name: it reaches `uv sync --package NAME` and
    // the image's labels, so anything else is refused here.
    if let Some(name) = &table.name
        && !crate::sinks::ident::is_package_name(name.get_ref())
    {
        return Err(attention(format!(
            "{}: `name = {:?}` in [project] is not a valid project name: letters, digits, `.`, `_` \
             and `-`, starting and ending with a letter or digit (PEP 508)",
            at(name.span().start),
            name.get_ref()
        )));
    }
    facts.name = table.name.map(toml::Spanned::into_inner);
    facts.version = table.version;
    facts.dynamic = table.dynamic;
    facts.scripts = table.scripts.into_iter().collect();
    Ok(facts)
}

/// `[tool.containerize]`, read a second time with the configuration's own
/// rules (unknown keys and wrong types are errors).
fn read_config(text: &str, file: &str) -> Result<super::config::ConfigFacts> {
    #[derive(Deserialize)]
    struct Doc {
        tool: Tool,
    }
    #[derive(Deserialize)]
    struct Tool {
        containerize: super::config::RawConfig,
    }
    let doc: Doc = toml::from_str(text)
        .map_err(|e| super::config::config_error(file, text, &e, super::config::TABLE))?;
    Ok(super::config::ConfigFacts {
        raw: doc.tool.containerize,
        file: file.to_string(),
        text: text.to_string(),
    })
}

/// A TOML error as `file:line:column: message`.
pub fn toml_error(file: &str, text: &str, error: &toml::de::Error) -> anyhow::Error {
    let (line, column) = match error.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let column = before.rfind('\n').map_or(before.len(), |i| before.len() - i - 1) + 1;
            (line_at(text, span.start), column)
        }
        None => (1, 1),
    };
    let message = crate::sinks::serde_words::plain(error.message(), false);
    attention(format!("{file}:{line}:{column}: invalid TOML: {message}"))
}

/// The 1-based line of a byte offset, for a single lookup (an error); many
/// lookups in one text go through [`crate::lines::LineIndex`].
pub fn line_at(text: &str, offset: usize) -> u32 {
    text[..offset.min(text.len())].matches('\n').count() as u32 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_name_python_dependencies_and_referenced_files() {
        let facts = parse(
            "[project]\nname = \"demo\"\nversion = \"1.2.0\"\nrequires-python = \">=3.11\"\n\
             readme = \"README.md\"\nlicense = { file = \"LICENSE\" }\n\
             dependencies = [\n  \"Flask>=3\",\n  \"gunicorn\",\n]\n\
             [project.optional-dependencies]\ntest = [\"pytest\"]\n\
             [project.scripts]\ndemo = \"demo.cli:main\"\n\
             [dependency-groups]\ndev = [\"ruff\"]\n\
             [build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
            FILE,
        )
        .unwrap();
        assert_eq!(facts.name.as_deref(), Some("demo"));
        assert_eq!(facts.requires_python, Some(Located::new(">=3.11".into(), Location::at(FILE, 4))));
        assert_eq!(facts.referenced_files, vec!["README.md", "LICENSE"]);
        let deps: Vec<_> = facts.dependencies.iter().map(|d| (d.name.as_str(), d.location.line)).collect();
        assert_eq!(deps, vec![("flask", Some(8)), ("gunicorn", Some(9))]);
        assert_eq!(facts.optional_dependencies["test"][0].text, "pytest");
        assert_eq!(facts.dependency_groups, vec!["dev"]);
        assert_eq!(facts.scripts, vec![("demo".into(), "demo.cli:main".into())]);
        assert_eq!(facts.build_backend.as_deref(), Some("hatchling.build"));
    }

    #[test]
    fn member_files_are_relative_to_the_member() {
        let facts =
            parse("[project]\nname = \"web\"\nreadme = \"README.md\"\n", "packages/web/pyproject.toml")
                .unwrap();
        assert_eq!(facts.referenced_files, vec!["packages/web/README.md"]);
    }

    #[test]
    fn spdx_license_strings_are_not_files() {
        let facts = parse("[project]\nname = \"x\"\nlicense = \"MIT\"\n", FILE).unwrap();
        assert!(facts.referenced_files.is_empty());
    }

    #[test]
    fn malformed_toml_and_wrong_types_name_line_and_column() {
        let err = parse("[project]\nname = \"x\"\nversion = 1.2.3\n", FILE).unwrap_err().to_string();
        assert!(err.starts_with("pyproject.toml:3:"), "{err}");
        let err = parse("[project]\nname = \"x\"\ndependencies = \"flask\"\n", FILE).unwrap_err().to_string();
        assert!(err.starts_with("pyproject.toml:3:16: invalid TOML: invalid type"), "{err}");
    }
}
