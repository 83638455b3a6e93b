//! Which Python the image runs, from every source that states one.
//!
//! Precedence (highest first): `--python`, `.python-version`, `runtime.txt`,
//! `requires-python`, the maintainer's Dockerfile (the image it runs the app
//! on: below every statement of what the project supports, above a guess),
//! then the default in `data/python.toml`. A specifier
//! picks the newest known CPython minor that satisfies it without going past
//! the default (`>=3.9,<3.13` → 3.12, `>=3.9` → the default, `>=3.15` →
//! 3.15). Lower-ranked sources that disagree with the winner are warned
//! about, never silently ignored.

use super::minor_key;
use crate::data::{self, Release};
use crate::detect::Facts;
use crate::detect::python_version::{VersionFact, VersionFile, VersionRequest};
use crate::diagnostics::{Warning, attention};
use crate::evidence::{Decided, Source};
use crate::settings::Settings;
use anyhow::Result;
use pep440_rs::{Version, VersionSpecifiers};
use serde::Serialize;
use std::str::FromStr;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PythonChoice {
    /// `3.13`: the image tag's version.
    pub minor: String,
    /// Which source decided: `--python`, `.python-version`, `runtime.txt`,
    /// `Pipfile`, `requires-python`, `poetry`, `uv.lock`, `Dockerfile` or
    /// `default`.
    pub source: &'static str,
    /// Debian release of the image (`trixie`).
    pub codename: String,
    /// The package whose wheels stop short of newer releases, when one
    /// held the choice back.
    pub bounded_by: Option<Bound>,
}

/// A package that keeps the image off a newer Python: it has no wheel
/// there and would be compiled.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bound {
    /// `greenlet 3.1.1`.
    pub package: String,
    /// The next newer release, the first the package would compile on
    /// (`3.14`).
    pub instead_of: String,
}

/// A source's request, turned into a minor (or why it cannot be).
struct Candidate {
    fact: Option<VersionFact>,
    outcome: std::result::Result<&'static Release, String>,
    source: Source,
    /// The short source name `plan --json` reports as `python.source`.
    name: &'static str,
    label: String,
}

pub fn decide(
    facts: &Facts,
    settings: &Settings,
    warnings: &mut Vec<Warning>,
) -> Result<Decided<PythonChoice>> {
    let releases = data::python_releases();
    let mut candidates = Vec::new();
    if let Some(set) = &settings.python {
        let minor = set.value.to_string();
        let outcome = release(&minor).ok_or_else(|| unknown(&minor));
        let (name, label) = match &set.source {
            Source::Config { location, .. } if location.path == crate::detect::config::FILE => {
                ("containerize.toml", location.to_string())
            }
            Source::Config { location, .. } => ("[tool.containerize]", location.to_string()),
            _ => ("--python", "--python".to_string()),
        };
        candidates.push(Candidate { fact: None, outcome, source: set.source.clone(), name, label });
    }
    // The precedence of project files, highest first.
    let ranked = [
        VersionFile::PythonVersion,
        VersionFile::RuntimeTxt,
        VersionFile::Pipfile,
        VersionFile::RequiresPython,
        VersionFile::Poetry,
        VersionFile::UvLock,
        VersionFile::Dockerfile,
    ];
    for file in ranked {
        for fact in facts.python_versions.iter().filter(|f| f.file == file) {
            let source = match file {
                VersionFile::PythonVersion | VersionFile::RuntimeTxt => {
                    Source::File { location: fact.location.clone() }
                }
                _ => Source::Inferred { location: fact.location.clone() },
            };
            candidates.push(Candidate {
                outcome: resolve(&fact.request),
                label: label(fact),
                name: file_name(file),
                fact: Some(fact.clone()),
                source,
            });
        }
    }
    let Some(winner) = candidates.first() else {
        let default = release(&releases.default).expect("data/python.toml: default names a release");
        let reason = "nothing in the project names a version; the newest release with a year of \
                      releases and broad wheel coverage";
        return Ok(Decided::new(choice(default, "default"), Source::Default, reason));
    };
    let chosen = match &winner.outcome {
        Ok(release) => *release,
        Err(why) => return Err(attention(format!("{}: {why}; pass --python X.Y to choose", winner.label))),
    };
    for other in &candidates[1..] {
        if let Some(message) = disagreement(winner, other, chosen) {
            warnings.push(message);
        }
    }
    if let Some(warning) = end_of_life(chosen, &winner.label) {
        warnings.push(warning);
    }
    if chosen.prerelease {
        warnings.push(Warning::new(format!(
            "Python {} (from {}) is a pre-release: its images and many wheels may not exist yet",
            chosen.minor, winner.label
        )));
    }
    let reason = match winner.fact.as_ref().map(|f| &f.request) {
        Some(VersionRequest::Exact { patch: Some(patch), .. }) => format!(
            "{} asks for {}.{patch}; images are chosen by minor, which carries the newest patch release",
            winner.label, chosen.minor
        ),
        Some(VersionRequest::Specifiers { text, .. }) => {
            format!("the newest release up to the default that satisfies `{text}`")
        }
        _ => format!("from {}", winner.label),
    };
    Ok(Decided::new(choice(chosen, winner.name), winner.source.clone(), reason))
}

/// The releases the winning source leaves open, newest first, none past
/// the default: every stable release up to the default when nothing names
/// a version, those a specifier allows; none when a version is pinned
/// exactly (a pin is the user's word) or chosen by flag or configuration.
pub fn open_releases(decided: &Decided<PythonChoice>, facts: &Facts) -> Vec<&'static Release> {
    let releases = data::python_releases();
    let default = minor_key(&releases.default);
    let stable = releases.release.iter().filter(|r| !r.prerelease && minor_key(&r.minor) <= default);
    let mut open: Vec<&'static Release> = match decided.value.source {
        "default" => stable.collect(),
        "requires-python" | "poetry" | "uv.lock" | "Pipfile" => {
            let location = decided.source.location();
            let Some(VersionRequest::Specifiers { text, alternatives }) =
                facts.python_versions.iter().find(|f| Some(&f.location) == location).map(|f| &f.request)
            else {
                return Vec::new();
            };
            let Ok(specifiers) = parse_alternatives(text, alternatives) else { return Vec::new() };
            stable.filter(|r| specifiers.iter().any(|s| satisfies(s, &r.minor))).collect()
        }
        _ => Vec::new(),
    };
    open.sort_by_key(|r| std::cmp::Reverse(minor_key(&r.minor)));
    open
}

/// The newest open release on which the install compiles no more than on
/// any other: a package pinned older than its first wheels for the newest
/// Python (greenlet 3.0.1 on 3.14) would be compiled there, and old C code
/// rarely compiles against a newer interpreter. `compiled` lists what
/// compiles on a release. Keeps `decided` when nothing bounds it.
pub fn bounded_by_wheels(
    decided: Decided<PythonChoice>,
    open: &[&'static Release],
    compiled: impl Fn(&PythonChoice) -> Vec<super::native::Need>,
) -> Decided<PythonChoice> {
    if open.len() < 2 {
        return decided;
    }
    let name = decided.value.source;
    let per_release: Vec<(&Release, Vec<super::native::Need>)> =
        open.iter().map(|r| (*r, compiled(&choice(r, name)))).collect();
    let fewest = per_release.iter().map(|(_, c)| c.len()).min().unwrap_or(0);
    let Some(at) = per_release.iter().position(|(_, c)| c.len() == fewest) else { return decided };
    let (best, on_best) = &per_release[at];
    if best.minor == decided.value.minor || at == 0 {
        return decided;
    }
    // The package that bounds the choice is the one the next newer release
    // would compile (pendulum with cp312 wheels only holds 3.13 back, though
    // httptools alone is what 3.14 lacks).
    let (newer, on_newer) = &per_release[at - 1];
    let Some(bound) = on_newer.iter().find(|n| !on_best.iter().any(|o| o.package == n.package)) else {
        return decided;
    };
    let reason = format!(
        "the newest release the project allows on which every pinned package installs from a wheel: \
         on Python {} {}",
        newer.minor, bound.why
    );
    let source = bound.location.clone().map_or(decided.source, |location| Source::Inferred { location });
    let value = PythonChoice {
        bounded_by: Some(Bound { package: bound.package.clone(), instead_of: newer.minor.clone() }),
        ..choice(best, name)
    };
    Decided::new(value, source, reason)
}

fn choice(release: &Release, source: &'static str) -> PythonChoice {
    PythonChoice {
        minor: release.minor.clone(),
        source,
        codename: release.codename.clone(),
        bounded_by: None,
    }
}

fn file_name(file: VersionFile) -> &'static str {
    match file {
        VersionFile::PythonVersion => ".python-version",
        VersionFile::RuntimeTxt => "runtime.txt",
        VersionFile::Pipfile => "Pipfile",
        VersionFile::RequiresPython => "requires-python",
        VersionFile::Poetry => "poetry",
        VersionFile::UvLock => "uv.lock",
        VersionFile::Dockerfile => "Dockerfile",
    }
}

fn label(fact: &VersionFact) -> String {
    match fact.file {
        VersionFile::RequiresPython => format!("requires-python ({})", fact.location),
        VersionFile::Poetry => format!("Poetry's python constraint ({})", fact.location),
        VersionFile::UvLock => format!("uv.lock's requires-python ({})", fact.location),
        VersionFile::Pipfile => format!("Pipfile's [requires] ({})", fact.location),
        VersionFile::Dockerfile => format!("the project's own Dockerfile ({})", fact.location),
        VersionFile::PythonVersion | VersionFile::RuntimeTxt => fact.location.to_string(),
    }
}

fn release(minor: &str) -> Option<&'static Release> {
    data::python_releases().release.iter().find(|r| r.minor == minor)
}

fn unknown(minor: &str) -> String {
    let known: Vec<_> = data::python_releases().release.iter().map(|r| r.minor.as_str()).collect();
    format!("Python {minor} is not a release this tool can build for (known: {})", known.join(", "))
}

fn resolve(request: &VersionRequest) -> std::result::Result<&'static Release, String> {
    match request {
        VersionRequest::Exact { minor, .. } => {
            let minor = minor.to_string();
            release(&minor).ok_or_else(|| unknown(&minor))
        }
        VersionRequest::Specifiers { text, alternatives } => newest_satisfying(text, alternatives),
        VersionRequest::Unsupported { text, why } => Err(format!("`{text}`: {why}")),
    }
}

/// The newest known minor up to the default that satisfies one of the
/// `alternatives` (PEP 440 forms of `text`); past the default only when
/// nothing up to it does.
fn newest_satisfying(text: &str, alternatives: &[String]) -> std::result::Result<&'static Release, String> {
    let specifiers = parse_alternatives(text, alternatives)?;
    let releases = data::python_releases();
    let default = minor_key(&releases.default);
    let matching: Vec<&Release> =
        releases.release.iter().filter(|r| specifiers.iter().any(|s| satisfies(s, &r.minor))).collect();
    matching
        .iter()
        .filter(|r| minor_key(&r.minor) <= default)
        .max_by_key(|r| minor_key(&r.minor))
        .or_else(|| matching.iter().min_by_key(|r| minor_key(&r.minor)))
        .copied()
        .ok_or_else(|| {
            let known: Vec<_> = releases.release.iter().map(|r| r.minor.as_str()).collect();
            format!("`{text}` matches no CPython release this tool knows ({})", known.join(", "))
        })
}

fn parse_alternatives(
    text: &str,
    alternatives: &[String],
) -> std::result::Result<Vec<VersionSpecifiers>, String> {
    alternatives
        .iter()
        .map(|a| {
            // The parser's message draws an underline on lines of its own:
            // the first line is the reason.
            VersionSpecifiers::from_str(a).map_err(|e| {
                let why = e.to_string();
                let why = why.lines().next().unwrap_or_default().trim_end_matches(':').to_string();
                format!("`{}` is not a valid specifier: {why}", crate::sinks::terminal::one_line(text))
            })
        })
        .collect()
}

/// Whether some patch release of `minor` satisfies the specifiers.
fn satisfies(specifiers: &VersionSpecifiers, minor: &str) -> bool {
    (0..=30)
        .any(|patch| Version::from_str(&format!("{minor}.{patch}")).is_ok_and(|v| specifiers.contains(&v)))
}

/// A warning when a lower-ranked source asks for something else.
fn disagreement(winner: &Candidate, other: &Candidate, chosen: &Release) -> Option<Warning> {
    let location = other.source.location()?.clone();
    let request = &other.fact.as_ref()?.request;
    // The image a maintainer's Dockerfile runs is one the winning range
    // allows, not a request for it.
    if other.fact.as_ref().is_some_and(|f| f.file == VersionFile::Dockerfile)
        && let Some(VersionRequest::Specifiers { text, alternatives }) =
            winner.fact.as_ref().map(|f| &f.request)
        && let Ok(range) = parse_alternatives(text, alternatives)
        && other.outcome.as_ref().is_ok_and(|r| range.iter().any(|s| satisfies(s, &r.minor)))
    {
        return None;
    }
    let conflicts = match request {
        VersionRequest::Specifiers { text, alternatives } => parse_alternatives(text, alternatives)
            .is_ok_and(|alternatives| !alternatives.iter().any(|s| satisfies(s, &chosen.minor))),
        _ => other.outcome.as_ref().map_or(true, |r| r.minor != chosen.minor),
    };
    conflicts.then(|| {
        let asks = match request {
            VersionRequest::Specifiers { text, .. } => format!("requires `{text}`"),
            VersionRequest::Exact { minor, patch } => match patch {
                Some(patch) => format!("asks for {minor}.{patch}"),
                None => format!("asks for {minor}"),
            },
            VersionRequest::Unsupported { text, .. } => format!("asks for `{text}`"),
        };
        Warning::at(
            location,
            format!("{asks}, but {} wins by precedence and selects Python {}", winner.label, chosen.minor),
        )
    })
}

/// A warning when the chosen release no longer gets security fixes.
fn end_of_life(release: &Release, label: &str) -> Option<Warning> {
    let (year, month) = today();
    let eol = minor_key(&release.end_of_life.replace('-', "."));
    (eol < (year, month)).then(|| {
        Warning::new(format!(
            "Python {} (from {label}) reached end of life in {} and gets no security fixes; move to a newer release",
            release.minor, release.end_of_life
        ))
    })
}

/// The current (year, month) in UTC.
fn today() -> (u32, u32) {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as u32, month as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_is_the_package_the_next_newer_release_would_compile() {
        let need = |package: &str| super::super::native::Need {
            package: package.into(),
            build: Vec::new(),
            runtime: Vec::new(),
            compiled: true,
            why: format!("{package}: no wheel"),
            location: None,
        };
        let open: Vec<_> = ["3.14", "3.13", "3.12"].iter().map(|m| release(m).unwrap()).collect();
        let decided = Decided::new(choice(open[0], "default"), Source::Default, "default");
        // httptools lacks only 3.14; pendulum has wheels for 3.12 alone.
        let bounded = bounded_by_wheels(decided, &open, |c| match c.minor.as_str() {
            "3.14" => vec![need("httptools 0.6.4"), need("pendulum 3.0.0")],
            "3.13" => vec![need("pendulum 3.0.0")],
            _ => Vec::new(),
        });
        assert_eq!(bounded.value.minor, "3.12");
        let bound = bounded.value.bounded_by.unwrap();
        assert_eq!((bound.package.as_str(), bound.instead_of.as_str()), ("pendulum 3.0.0", "3.13"));
        assert!(bounded.reason.contains("on Python 3.13 pendulum 3.0.0: no wheel"), "{}", bounded.reason);
    }

    #[test]
    fn specifiers_pick_the_newest_minor_up_to_the_default() {
        let newest = |text: &str| newest_satisfying(text, &[text.to_string()]);
        assert_eq!(newest(">=3.9,<3.13").unwrap().minor, "3.12");
        assert_eq!(newest(">=3.9").unwrap().minor, data::python_releases().default);
        assert_eq!(newest(">=3.15").unwrap().minor, "3.15");
        assert_eq!(newest("==3.11.*").unwrap().minor, "3.11");
        assert_eq!(newest("~=3.10.4").unwrap().minor, "3.10");
        assert!(newest(">=4").unwrap_err().contains("matches no CPython release"));
        assert!(newest("banana").unwrap_err().contains("not a valid specifier"));
        let poetry = ["^3.10".to_string(), ">=3.8,<3.9".to_string()];
        let poetry =
            [crate::detect::python_version::poetry_to_pep440(&poetry[0])[0].clone(), poetry[1].clone()];
        assert_eq!(newest_satisfying("^3.10 || ~3.8", &poetry).unwrap().minor, "3.14");
    }

    #[test]
    fn today_is_plausible() {
        let (year, month) = today();
        assert!(year >= 2025 && (1..=12).contains(&month));
    }
}
