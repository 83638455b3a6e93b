//! `requirements.txt` files: pip's line grammar around PEP 508 requirements.
//!
//! pip's format is PEP 508 requirements plus its own layer: comments, `\`
//! continuations, `${VAR}` references, options (`-r`/`-c` includes resolved
//! relative to the including file, `-e`, index URLs, `--hash`), and bare URLs
//! or paths. This module implements that layer and hands each requirement to
//! `pep508_rs`. Lines it does not understand are kept verbatim with a warning
//! (pip stays the judge at build time); a line that is meant as a requirement
//! but is malformed is an error naming the file and line.
//!
//! Not supported: remote (`-r https://…`) includes, which are reported and
//! not read; environment variables are never expanded (their names are
//! recorded, their values never read).

use crate::diagnostics::{Warning, attention};
use crate::evidence::Location;
use crate::project::{MANIFEST_LIMIT, Project, ReadError};
use anyhow::Result;
use serde::Serialize;
use std::path::Path;

/// Includes nested deeper than this are refused (pip has no limit; a cycle
/// or a generated chain would otherwise never end).
const MAX_INCLUDE_DEPTH: usize = 16;

/// A named requirement, with where it was declared.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dependency {
    /// PEP 503-normalized distribution name.
    pub name: String,
    /// The requirement as written, without options (credentials masked).
    pub text: String,
    /// The version when the requirement pins exactly one (`==1.2.3`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pinned: Option<String>,
    /// PEP 508 marker, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    pub location: Location,
}

/// A local project, folder or archive a requirement installs from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LocalPath {
    /// Root-relative; `.` is the project itself.
    pub path: String,
    pub is_dir: bool,
    pub location: Location,
}

/// Everything pip would read when given `-r <root file>`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RequirementsFacts {
    /// Every file pip reads (the root file, `-r` and `-c` includes),
    /// root-relative, in the order first read. The build must copy them all.
    pub files: Vec<String>,
    /// Named requirements from the root file and its `-r` includes.
    pub dependencies: Vec<Dependency>,
    /// Requirements without a name (a URL or a path), verbatim.
    pub unnamed: Vec<(String, Location)>,
    /// Root-relative paths of local projects or archives pip installs from;
    /// they must be in the build before the install runs.
    pub local_paths: Vec<LocalPath>,
    /// Index URLs (`-i`, `--extra-index-url`), credentials masked.
    pub index_urls: Vec<(String, Location)>,
    /// Names of `${VAR}` references; values are never read.
    pub env_vars: Vec<(String, Location)>,
    /// Whether any line carries `--hash` (pip then requires hashes for all).
    pub uses_hashes: bool,
    pub warnings: Vec<Warning>,
}

impl RequirementsFacts {
    /// Whether `name` (normalized) is required.
    pub fn requires(&self, name: &str) -> Option<&Dependency> {
        self.dependencies.iter().find(|d| d.name == name)
    }
}

/// Read `rel` and everything it includes.
pub fn read(project: &Project, rel: &str) -> Result<RequirementsFacts> {
    let mut facts = RequirementsFacts::default();
    let mut reader = Reader { project: Some(project), facts: &mut facts, stack: Vec::new() };
    reader.file(rel, None, Role::Requirements)?;
    Ok(facts)
}

#[derive(Clone, Copy, PartialEq)]
enum Role {
    Requirements,
    Constraints,
}

/// One requirements file's text, on its own: includes are recorded but not
/// read, local paths are not checked. For fuzzing and for callers that
/// have the text already.
pub fn parse_text(text: &str, rel: &str) -> Result<RequirementsFacts> {
    let mut facts = RequirementsFacts::default();
    let mut reader = Reader { project: None, facts: &mut facts, stack: Vec::new() };
    reader.text(rel, text, Role::Requirements)?;
    Ok(facts)
}

struct Reader<'a> {
    /// `None` when parsing one file's text alone.
    project: Option<&'a Project>,
    facts: &'a mut RequirementsFacts,
    /// Files being read, outermost first, to report include cycles.
    stack: Vec<String>,
}

impl Reader<'_> {
    fn file(&mut self, rel: &str, included_at: Option<&Location>, role: Role) -> Result<()> {
        let from = included_at.map(|l| format!("{l}: ")).unwrap_or_default();
        if self.stack.iter().any(|f| f == rel) {
            let chain = self.stack.join(" → ");
            return Err(attention(format!(
                "{from}`{rel}` includes itself ({chain} → {rel}); remove one of the `-r` lines"
            )));
        }
        if self.stack.len() >= MAX_INCLUDE_DEPTH {
            return Err(attention(format!(
                "{from}requirement includes nest deeper than {MAX_INCLUDE_DEPTH} files"
            )));
        }
        let Some(project) = self.project else {
            if !self.facts.files.iter().any(|f| f == rel) {
                self.facts.files.push(rel.to_string());
            }
            return Ok(());
        };
        let text = match project.read_text(rel, MANIFEST_LIMIT) {
            Ok(Some(text)) => text,
            Ok(None) => return Err(attention(format!("{from}`{rel}` does not exist"))),
            Err(ReadError::Outside) => {
                let location = included_at.cloned().unwrap_or_else(|| Location::file(rel));
                self.facts.warnings.push(Warning::at(
                    location,
                    format!(
                        "`{rel}` leads outside the project: not read, and the image build cannot copy it"
                    ),
                ));
                return Ok(());
            }
            Err(e) => return Err(attention(format!("{from}cannot read `{rel}`: {e}"))),
        };
        self.text(rel, &text, role)
    }

    fn text(&mut self, rel: &str, text: &str, role: Role) -> Result<()> {
        if !self.facts.files.iter().any(|f| f == rel) {
            self.facts.files.push(rel.to_string());
        }
        self.stack.push(rel.to_string());
        for (line_no, line) in logical_lines(text) {
            let location = Location::at(rel, line_no);
            self.line(&line, &location, rel, role)?;
        }
        self.stack.pop();
        Ok(())
    }

    fn line(&mut self, line: &str, location: &Location, rel: &str, role: Role) -> Result<()> {
        for name in env_var_names(line) {
            self.facts.env_vars.push((name, location.clone()));
        }
        if line.starts_with('-') {
            return self.option_line(line, location, rel);
        }
        let (requirement, options) = split_options(line);
        if options.iter().any(|o| o.starts_with("--hash")) {
            self.facts.uses_hashes = true;
        }
        if role == Role::Constraints {
            return Ok(());
        }
        self.requirement(requirement, location)
    }

    fn option_line(&mut self, line: &str, location: &Location, rel: &str) -> Result<()> {
        let (name, value) = split_option(line);
        match (name, value) {
            ("-r" | "--requirement", Some(target)) => self.include(target, location, rel, Role::Requirements),
            ("-c" | "--constraint", Some(target)) => self.include(target, location, rel, Role::Constraints),
            ("-e" | "--editable", Some(target)) => self.local_or_unnamed(target, location),
            ("-i" | "--index-url" | "--extra-index-url", Some(url)) => {
                self.facts.index_urls.push((mask_credentials(url), location.clone()));
                Ok(())
            }
            (
                "-f" | "--find-links" | "--trusted-host" | "--only-binary" | "--no-binary" | "--use-feature"
                | "--config-settings" | "--global-option",
                Some(_),
            )
            | ("--no-index" | "--pre" | "--prefer-binary" | "--require-hashes", None) => Ok(()),
            _ => {
                self.facts.warnings.push(Warning::at(
                    location.clone(),
                    format!("kept `{}` as written: not an option this tool knows", mask_credentials(line)),
                ));
                Ok(())
            }
        }
    }

    fn include(&mut self, target: &str, location: &Location, rel: &str, role: Role) -> Result<()> {
        if target.contains("://") {
            self.facts.warnings.push(Warning::at(
                location.clone(),
                format!(
                    "remote include `{}` is not read; its packages are not analysed",
                    mask_credentials(target)
                ),
            ));
            return Ok(());
        }
        let base = Path::new(rel).parent().unwrap_or(Path::new(""));
        let joined = crate::project::to_slash(&base.join(target));
        let Some(normal) = normalize(&joined) else {
            self.facts.warnings.push(Warning::at(
                location.clone(),
                format!("`{target}` is outside the project: not read, and the image build cannot copy it"),
            ));
            return Ok(());
        };
        self.file(&normal, Some(location), role)
    }

    fn requirement(&mut self, text: &str, location: &Location) -> Result<()> {
        let base = self.project.map_or(Path::new("/"), Project::root);
        match super::pep508::parse(text, base) {
            Ok(req) => {
                if let Some(pep508_rs::VersionOrUrl::Url(url)) = &req.version_or_url
                    && let Some(path) = url.given().and_then(local_path)
                {
                    self.add_local(path, location)?;
                }
                let pinned = match &req.version_or_url {
                    Some(pep508_rs::VersionOrUrl::VersionSpecifier(specifiers)) => {
                        match specifiers.iter().collect::<Vec<_>>()[..] {
                            [one] if *one.operator() == pep440_rs::Operator::Equal => {
                                Some(one.version().to_string())
                            }
                            _ => None,
                        }
                    }
                    _ => None,
                };
                self.facts.dependencies.push(Dependency {
                    name: req.name.to_string(),
                    pinned,
                    text: mask_credentials(text),
                    marker: req.marker.try_to_string(),
                    location: location.clone(),
                });
                Ok(())
            }
            Err(_) if looks_like_url_or_path(text) => self.local_or_unnamed(text, location),
            Err(_) if text.contains("${") => {
                self.facts.warnings.push(Warning::at(
                    location.clone(),
                    format!("kept `{text}` as written: it depends on an environment variable"),
                ));
                Ok(())
            }
            Err(error) => Err(attention(format!("{location}: invalid requirement `{text}`: {error}"))),
        }
    }

    fn local_or_unnamed(&mut self, target: &str, location: &Location) -> Result<()> {
        match local_path(target) {
            Some(path) => self.add_local(path, location),
            None => {
                self.facts.unnamed.push((mask_credentials(target), location.clone()));
                Ok(())
            }
        }
    }

    /// pip resolves these paths against its working directory, the project
    /// root in the image, so they must exist there.
    fn add_local(&mut self, path: String, location: &Location) -> Result<()> {
        let Some(project) = self.project else {
            self.facts.local_paths.push(LocalPath { path, is_dir: false, location: location.clone() });
            return Ok(());
        };
        let is_dir = project.is_dir(&path);
        if !is_dir && !project.is_file(&path) {
            return Err(attention(format!(
                "{location}: `{path}` is not in the project; pip installs it from the project folder"
            )));
        }
        self.facts.local_paths.push(LocalPath { path, is_dir, location: location.clone() });
        Ok(())
    }
}

/// pip's preprocessing: join `\` continuations (a comment line never
/// continues), drop comments (`#` at the start or after whitespace) and
/// blank lines. Yields the first physical line number of each logical line.
fn logical_lines(text: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut pending: Option<(u32, String)> = None;
    for (index, raw) in text.lines().enumerate() {
        let number = index as u32 + 1;
        let is_comment = raw.trim_start().starts_with('#');
        let (start, mut joined) = pending.take().unwrap_or((number, String::new()));
        if let Some(head) = raw.strip_suffix('\\').filter(|_| !is_comment) {
            joined.push_str(head);
            pending = Some((start, joined));
            continue;
        }
        joined.push_str(raw);
        let stripped = strip_comment(&joined).trim().to_string();
        if !stripped.is_empty() {
            out.push((start, stripped));
        }
    }
    if let Some((start, joined)) = pending {
        let stripped = strip_comment(&joined).trim().to_string();
        if !stripped.is_empty() {
            out.push((start, stripped));
        }
    }
    out
}

/// Cut a `#` comment that starts the line or follows whitespace.
fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()) {
            return &line[..i];
        }
    }
    line
}

/// `-r file`, `-rfile`, `--requirement=file`, `--requirement file`.
fn split_option(line: &str) -> (&str, Option<&str>) {
    let (head, rest) = match line.split_once(|c: char| c.is_ascii_whitespace()) {
        Some((head, rest)) => (head, Some(rest.trim())),
        None => (line, None),
    };
    if let Some((name, value)) = head.split_once('=').filter(|_| head.starts_with("--")) {
        return (name, Some(value.trim()));
    }
    if !head.starts_with("--") && head.len() > 2 {
        return (&head[..2], Some(head[2..].trim()));
    }
    (head, rest.filter(|r| !r.is_empty()))
}

/// `pkg==1 --hash=sha256:… --hash …` → (`pkg==1`, [`--hash=…`, …]).
fn split_options(line: &str) -> (&str, Vec<&str>) {
    let bytes = line.as_bytes();
    for i in 1..bytes.len() {
        if bytes[i] == b'-' && bytes[i - 1].is_ascii_whitespace() && line[i..].starts_with("--") {
            let options = line[i..].split_whitespace().collect();
            return (line[..i].trim(), options);
        }
    }
    (line, Vec::new())
}

fn looks_like_url_or_path(text: &str) -> bool {
    text.contains("://")
        || text.starts_with('.')
        || text.starts_with('/')
        || text.starts_with("file:")
        || [".whl", ".zip", ".tar.gz", ".tgz"].iter().any(|ext| text.ends_with(ext))
}

/// The root-relative path of a local requirement (`./pkg`, `file:./x`,
/// `../y` stays None: outside the project), without extras or fragments.
fn local_path(target: &str) -> Option<String> {
    let target = target.split(['#', ';']).next().unwrap_or_default().trim();
    let target = match target.find('[') {
        Some(i) if target.ends_with(']') => &target[..i],
        _ => target,
    };
    let path = target.strip_prefix("file://").or_else(|| target.strip_prefix("file:")).unwrap_or(target);
    if path.contains("://") || path.starts_with("git+") || path.is_empty() || path.starts_with('/') {
        return None;
    }
    let is_pathlike = path.starts_with('.') || path.contains('/') || looks_like_url_or_path(path);
    if !is_pathlike {
        return None;
    }
    normalize(path)
}

/// Lexically normalize a relative path; `None` if it climbs above the root.
pub fn normalize_path(path: &str) -> Option<String> {
    normalize(path)
}

fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(if parts.is_empty() { ".".to_string() } else { parts.join("/") })
}

/// Names referenced as `${NAME}` (pip's syntax: capitals, digits, `_`).
fn env_var_names(line: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        if !name.is_empty() && name.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        {
            names.push(name.to_string());
        }
        rest = &after[end..];
    }
    names
}

/// `https://user:secret@host/` → `https://user:****@host/`; a lone token
/// (`https://token@host/`) is masked whole. `${VAR}` references stay, they
/// are names, not values.
pub fn mask_credentials(text: &str) -> String {
    let Some(scheme_end) = text.find("://") else { return text.to_string() };
    let after = &text[scheme_end + 3..];
    let authority_end = after.find(['/', ' ']).unwrap_or(after.len());
    let Some(at) = after[..authority_end].rfind('@') else { return text.to_string() };
    let userinfo = &after[..at];
    let masked = match userinfo.split_once(':') {
        Some((user, secret)) if !is_reference(secret) => format!("{user}:****"),
        Some(_) => userinfo.to_string(),
        None if is_reference(userinfo) => userinfo.to_string(),
        None => "****".to_string(),
    };
    format!("{}{}{}", &text[..scheme_end + 3], masked, &after[at..])
}

fn is_reference(s: &str) -> bool {
    s.starts_with("${") && s.ends_with('}')
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

    fn names(facts: &RequirementsFacts) -> Vec<&str> {
        facts.dependencies.iter().map(|d| d.name.as_str()).collect()
    }

    #[test]
    fn comments_continuations_markers_and_hashes() {
        let (_d, p) = project(&[(
            "requirements.txt",
            "# pinned\nFlask==3.1.0  # web\nrequests[socks] >= 2.31 ; python_version >= \"3.8\"\n\
             gunicorn==23.0.0 \\\n    --hash=sha256:aaa \\\n    --hash=sha256:bbb\nZope.Interface\r\n",
        )]);
        let facts = read(&p, "requirements.txt").unwrap();
        assert_eq!(names(&facts), vec!["flask", "requests", "gunicorn", "zope-interface"]);
        assert_eq!(facts.dependencies[2].location, Location::at("requirements.txt", 4));
        assert_eq!(facts.dependencies[2].text, "gunicorn==23.0.0");
        assert_eq!(facts.dependencies[2].pinned.as_deref(), Some("23.0.0"));
        assert_eq!(facts.dependencies[1].pinned, None);
        assert!(facts.dependencies[1].marker.as_deref().unwrap().contains("python_full_version"));
        assert!(facts.uses_hashes);
        assert!(facts.warnings.is_empty(), "{:?}", facts.warnings);
    }

    #[test]
    fn includes_resolve_relative_to_the_including_file() {
        let (_d, p) = project(&[
            ("requirements.txt", "-r requirements/prod.txt\n-c constraints.txt\n"),
            ("requirements/prod.txt", "--requirement=base.txt\nuvicorn\n"),
            ("requirements/base.txt", "fastapi\n"),
            ("constraints.txt", "fastapi<1\n"),
        ]);
        let facts = read(&p, "requirements.txt").unwrap();
        assert_eq!(
            facts.files,
            vec!["requirements.txt", "requirements/prod.txt", "requirements/base.txt", "constraints.txt"]
        );
        assert_eq!(names(&facts), vec!["fastapi", "uvicorn"]);
    }

    #[test]
    fn missing_include_names_the_including_line() {
        let (_d, p) = project(&[("requirements.txt", "flask\n-r base.txt\n")]);
        let err = read(&p, "requirements.txt").unwrap_err().to_string();
        assert_eq!(err, "requirements.txt:2: `base.txt` does not exist");
    }

    #[test]
    fn include_cycles_are_errors_and_escapes_are_not_read() {
        let (_d, p) = project(&[("requirements.txt", "-r a.txt\n"), ("a.txt", "-r requirements.txt\n")]);
        let err = read(&p, "requirements.txt").unwrap_err().to_string();
        assert!(err.contains("includes itself (requirements.txt → a.txt → requirements.txt)"), "{err}");
        let (_d, p) = project(&[("requirements.txt", "flask\n-r ../../etc/passwd\n")]);
        let facts = read(&p, "requirements.txt").unwrap();
        assert_eq!(facts.files, vec!["requirements.txt"]);
        assert!(
            facts.warnings[0]
                .to_string()
                .starts_with("requirements.txt:2: `../../etc/passwd` is outside the project: not read")
        );
    }

    #[test]
    fn malformed_requirement_names_file_line_and_problem() {
        let (_d, p) = project(&[("requirements.txt", "flask\nrequests>=\n")]);
        let err = read(&p, "requirements.txt").unwrap_err().to_string();
        assert!(err.starts_with("requirements.txt:2: invalid requirement `requests>=`:"), "{err}");
    }

    #[test]
    fn urls_paths_editables_and_indexes() {
        let (_d, p) = project(&[
            ("libs/shared/pyproject.toml", ""),
            ("wheels/tool-1.0-py3-none-any.whl", ""),
            ("vendor/mylib/setup.py", ""),
            (
                "requirements.txt",
                "--index-url https://user:hunter2@pypi.example.com/simple\n\
             --extra-index-url=https://${TOKEN}@extra.example.com/simple\n\
             -e ./libs/shared\n./wheels/tool-1.0-py3-none-any.whl\n\
             mylib @ file:./vendor/mylib\n\
             https://example.com/pkg-1.0.tar.gz\n--weird-option\n",
            ),
        ]);
        let facts = read(&p, "requirements.txt").unwrap();
        let paths: Vec<_> = facts.local_paths.iter().map(|l| l.path.as_str()).collect();
        assert_eq!(paths, vec!["libs/shared", "wheels/tool-1.0-py3-none-any.whl", "vendor/mylib"]);
        assert_eq!(facts.index_urls[0].0, "https://user:****@pypi.example.com/simple");
        assert_eq!(facts.index_urls[1].0, "https://${TOKEN}@extra.example.com/simple");
        assert_eq!(facts.env_vars[0].0, "TOKEN");
        assert_eq!(facts.unnamed[0].0, "https://example.com/pkg-1.0.tar.gz");
        assert_eq!(names(&facts), vec!["mylib"]);
        assert_eq!(facts.warnings.len(), 1);
        assert!(facts.warnings[0].to_string().starts_with("requirements.txt:7: kept `--weird-option`"));
    }

    #[test]
    fn missing_local_paths_are_errors() {
        let (_d, p) = project(&[("requirements.txt", "-e ./libs/gone\n")]);
        let err = read(&p, "requirements.txt").unwrap_err().to_string();
        assert_eq!(
            err,
            "requirements.txt:1: `libs/gone` is not in the project; pip installs it from the project folder"
        );
    }

    #[test]
    fn editable_project_root_is_a_local_path() {
        assert_eq!(local_path("."), Some(".".to_string()));
        assert_eq!(local_path(".[web]"), Some(".".to_string()));
        assert_eq!(local_path("../sibling"), None);
        assert_eq!(local_path("git+https://github.com/a/b#egg=b"), None);
    }

    #[test]
    fn token_only_credentials_are_masked() {
        assert_eq!(mask_credentials("https://abc123@host/simple"), "https://****@host/simple");
        assert_eq!(mask_credentials("https://host/simple"), "https://host/simple");
    }
}
