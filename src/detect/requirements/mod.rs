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
use crate::evidence::{Located, Location};
use crate::project::{MANIFEST_LIMIT, Project, ReadError};
use anyhow::Result;
use serde::Serialize;
use std::path::Path;

mod lines;
mod targets;
#[cfg(test)]
mod tests;

use lines::{env_var_names, logical_lines, split_option, split_options};
use targets::{leads_outside, local_path, looks_like_url_or_path};
pub use targets::{mask_credentials, normalize_path};

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
    pub unnamed: Vec<Located<String>>,
    /// Root-relative paths of local projects or archives pip installs from;
    /// they must be in the build before the install runs.
    pub local_paths: Vec<LocalPath>,
    /// Index URLs (`-i`, `--extra-index-url`), credentials masked.
    pub index_urls: Vec<Located<String>>,
    /// Names of `${VAR}` references; values are never read.
    pub env_vars: Vec<Located<String>>,
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
    let mut reader =
        Reader { project: Some(project), facts: &mut facts, stack: Vec::new(), done: Vec::new() };
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
    let mut reader = Reader { project: None, facts: &mut facts, stack: Vec::new(), done: Vec::new() };
    reader.text(rel, text, Role::Requirements)?;
    Ok(facts)
}

struct Reader<'a> {
    /// `None` when parsing one file's text alone.
    project: Option<&'a Project>,
    facts: &'a mut RequirementsFacts,
    /// Files being read, outermost first, to report include cycles.
    stack: Vec<String>,
    /// Files read to the end, and as what: one included twice (a diamond
    /// of `-r` lines) says nothing new the second time, and reading it
    /// again would make the work exponential in the number of files.
    done: Vec<(String, Role)>,
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
        // Read as requirements, a file has also given all it gives as
        // constraints.
        if self.done.iter().any(|(f, r)| f == rel && (*r == role || *r == Role::Requirements)) {
            return Ok(());
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
        self.done.push((rel.to_string(), role));
        Ok(())
    }

    fn line(&mut self, line: &str, location: &Location, rel: &str, role: Role) -> Result<()> {
        for name in env_var_names(line) {
            self.facts.env_vars.push(Located::new(name, location.clone()));
        }
        // Index URLs are checked with the other indexes (plan); any other
        // URL here (a direct reference, `--find-links`) is checked now.
        let index = ["-i", "--index-url", "--extra-index-url"].contains(&split_option(line).0);
        if !index && targets::has_literal_password(line) {
            self.facts.warnings.push(Warning::at(
                location.clone(),
                format!(
                    "`{}` holds a literal password, and this file is copied into the image: the password \
                     ends up in a layer. Reference a variable instead (`https://user:${{GIT_TOKEN}}@…`, passed \
                     with `--secret id=GIT_TOKEN,env=GIT_TOKEN`), or keep it in ~/.netrc, which the build \
                     mounts as a secret",
                    mask_credentials(line)
                ),
            ));
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
        let value = value.filter(|v| !v.trim().is_empty());
        let needs_value = [
            "-r",
            "--requirement",
            "-c",
            "--constraint",
            "-e",
            "--editable",
            "-i",
            "--index-url",
            "--extra-index-url",
        ];
        if value.is_none() && needs_value.contains(&name) {
            return Err(attention(format!(
                "{location}: `{name}` needs a value (a file, a path or a URL after it), and has none"
            )));
        }
        match (name, value) {
            ("-r" | "--requirement", Some(target)) => self.include(target, location, rel, Role::Requirements),
            ("-c" | "--constraint", Some(target)) => self.include(target, location, rel, Role::Constraints),
            ("-e" | "--editable", Some(target)) => self.local_or_unnamed(target, location),
            ("-i" | "--index-url" | "--extra-index-url", Some(url)) => {
                self.facts.index_urls.push(Located::new(mask_credentials(url), location.clone()));
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
        let Some(normal) = normalize_path(&joined).filter(|_| !target.starts_with('/')) else {
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
                    && let Some(given) = url.given()
                {
                    if leads_outside(given) {
                        self.outside(given, location);
                    } else if let Some(path) = local_path(given) {
                        self.add_local(path, location)?;
                    }
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
            Err(error) => Err(attention(format!(
                "{location}: invalid requirement `{}`: {error}",
                crate::sinks::terminal::one_line(text)
            ))),
        }
    }

    fn local_or_unnamed(&mut self, target: &str, location: &Location) -> Result<()> {
        if leads_outside(target) {
            self.outside(target, location);
            return Ok(());
        }
        match local_path(target) {
            Some(path) => self.add_local(path, location),
            None => {
                self.facts.unnamed.push(Located::new(mask_credentials(target), location.clone()));
                Ok(())
            }
        }
    }

    fn outside(&mut self, target: &str, location: &Location) {
        self.facts.warnings.push(Warning::at(
            location.clone(),
            format!(
                "`{}` is outside the project: not read, and pip in the image cannot find it",
                mask_credentials(target)
            ),
        ));
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
