//! Every way the project could start, in precedence order (the tiers), each
//! with the evidence for it and, within a tier, the ranking from detection.

use super::{Kind, Start};
use crate::data::{self, Interface};
use crate::detect::Facts;
use crate::detect::apps::AppCandidate;
use crate::detect::tool_tables::normalize;
use crate::diagnostics::Warning;
use crate::evidence::{Location, Source};
use crate::settings::Settings;
use crate::shell::Word;

/// Where a candidate comes from. The variants are in precedence order,
/// highest first: a candidate's tier decides before any ranking within it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Tier {
    Command,
    App,
    ProcfileWeb,
    Django,
    WebApp,
    RunnerScript,
    ProcfileWorker,
    Celery,
    Cli,
}

impl Tier {
    /// How the tier reads in a sentence ("… takes precedence over …").
    fn describe(self) -> &'static str {
        match self {
            Self::Command => "a command named with --command",
            Self::App => "an app named with --app",
            Self::ProcfileWeb => "the Procfile's web process",
            Self::Django => "a Django project",
            Self::WebApp => "a web application object",
            Self::RunnerScript => "a Streamlit, Gradio or Panel script",
            Self::ProcfileWorker => "the Procfile's worker process",
            Self::Celery => "a Celery app",
            Self::Cli => "a console script or `python -m` package",
        }
    }
}

pub(super) struct Candidate<'a> {
    pub tier: Tier,
    pub start: Start,
    pub source: Source,
    /// Why it wins when it does.
    pub why: String,
    pub app: Option<&'a AppCandidate>,
    /// For runner scripts and CLIs: the rank the detection gave (lower is
    /// better); equal ranks in a tier are a tie.
    pub rank: Option<usize>,
}

pub(super) fn known_constructors() -> String {
    let names: Vec<_> = data::frameworks().framework.iter().map(|f| f.name.as_str()).collect();
    names.join(", ")
}

pub(super) fn gather<'a>(
    facts: &'a Facts,
    settings: &Settings,
    warnings: &mut Vec<Warning>,
) -> Vec<Candidate<'a>> {
    let mut out = Vec::new();
    if let Some(set) = &settings.command {
        let location = set.source.location().cloned();
        let framework = if location.is_some() { "configuration" } else { "command line" };
        let start = command(set.value.clone(), framework, location);
        out.push(Candidate {
            tier: Tier::Command,
            start,
            source: set.source.clone(),
            why: set.reason(),
            app: None,
            rank: None,
        });
    }
    if let Some(set) = &settings.app {
        let mut candidate = app_flag(facts, &set.value.spec(), warnings);
        (candidate.source, candidate.why) = (set.source.clone(), set.reason());
        out.push(candidate);
    }
    if let Some(web) = facts.procfile.as_ref().and_then(|p| p.process("web")) {
        let mut start = command(web.words.clone(), "Procfile", Some(web.location.clone()));
        start.around.clone_from(&web.around);
        if web.around.is_some() {
            start.target.clone_from(&web.command);
        }
        let why = format!("the Procfile's web process ({})", web.location);
        out.push(Candidate {
            tier: Tier::ProcfileWeb,
            start,
            source: Source::File { location: web.location.clone() },
            why,
            app: None,
            rank: None,
        });
    }
    if let Some(django) = &facts.django {
        let chosen = match (&django.asgi, &django.wsgi) {
            (Some(asgi), _) => Some((asgi, Interface::Asgi, "ASGI_APPLICATION")),
            (None, Some(wsgi)) => Some((wsgi, Interface::Wsgi, "WSGI_APPLICATION")),
            (None, None) => None,
        };
        if let Some((crate::evidence::Located { value: target, location }, interface, setting)) = chosen {
            let start = Start {
                kind: Kind::Django,
                interface: Some(interface),
                framework: "Django".into(),
                target: target.clone(),
                root: django.root.clone(),
                app_dir: None,
                around: None,
                argv: Vec::new(),
                location: Some(location.clone()),
            };
            let why = format!(
                "a Django project: {} sets DJANGO_SETTINGS_MODULE to {}, whose {setting} is {target}",
                django.settings_evidence, django.settings_module
            );
            out.push(Candidate {
                tier: Tier::Django,
                start,
                source: Source::Inferred { location: location.clone() },
                why,
                app: None,
                rank: None,
            });
        } else {
            warnings.push(Warning::at(
                django.manage_py.clone(),
                "a Django project without WSGI_APPLICATION or ASGI_APPLICATION in its settings",
            ));
        }
    }
    let web: Vec<&AppCandidate> = facts.apps.iter().filter(|a| a.interface.is_web()).collect();
    for app in &web {
        let why = if web.len() == 1 {
            format!("the only {} app in the project", app.framework)
        } else {
            format!("ranked first of {} app objects ({})", web.len(), crate::detect::apps::RANKING)
        };
        if app.interface == Interface::Tornado && app.run.is_none() {
            warnings.push(Warning::at(
                app.target.location.clone(),
                "a Tornado app starts from a script that calls `listen()`; none was found, so it is not a candidate",
            ));
            continue;
        }
        out.push(Candidate {
            tier: Tier::WebApp,
            start: app_start(app),
            source: Source::Inferred { location: app.target.location.clone() },
            why,
            app: Some(app),
            rank: None,
        });
    }
    for (rank, script) in facts.runner_scripts.iter().enumerate() {
        let start = Start {
            kind: Kind::Script,
            interface: None,
            framework: script.runner.clone(),
            target: script.path.clone(),
            root: String::new(),
            app_dir: None,
            around: None,
            argv: Vec::new(),
            location: Some(script.location.clone()),
        };
        let why = format!("a {} script ({})", script.runner, script.location);
        out.push(Candidate {
            tier: Tier::RunnerScript,
            start,
            source: Source::Inferred { location: script.location.clone() },
            why,
            app: None,
            rank: Some(runner_rank(facts, rank)),
        });
    }
    if let Some(worker) = facts.procfile.as_ref().and_then(|p| p.process("worker")) {
        let mut start = command(worker.words.clone(), "Procfile", Some(worker.location.clone()));
        start.kind = Kind::Worker;
        let why = format!("the Procfile's worker process ({})", worker.location);
        out.push(Candidate {
            tier: Tier::ProcfileWorker,
            start,
            source: Source::File { location: worker.location.clone() },
            why,
            app: None,
            rank: None,
        });
    }
    for app in facts.apps.iter().filter(|a| a.interface == Interface::Celery) {
        let why = format!("a Celery app ({}); nothing in the project serves HTTP", app.target.location);
        out.push(Candidate {
            tier: Tier::Celery,
            start: app_start(app),
            source: Source::Inferred { location: app.target.location.clone() },
            why,
            app: Some(app),
            rank: None,
        });
    }
    out.extend(clis(facts));
    out.sort_by_key(|c| c.tier);
    out
}

/// Runner scripts rank by conventional name; the detection sorted them.
fn runner_rank(facts: &Facts, index: usize) -> usize {
    let scripts = &facts.runner_scripts;
    let same_as_previous = index > 0 && {
        let (a, b) = (&scripts[index - 1], &scripts[index]);
        let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
        let conventional = |s: &crate::detect::scripts::RunnerScript| {
            data::frameworks().runner.iter().any(|r| r.name == s.runner && r.names.contains(&name(&s.path)))
        };
        !conventional(a) && !conventional(b) && a.path.matches('/').count() == b.path.matches('/').count()
    };
    if same_as_previous { index - 1 } else { index }
}

fn clis(facts: &Facts) -> Vec<Candidate<'_>> {
    let mut out = Vec::new();
    let project = facts.pyproject.as_ref().filter(|p| p.has_build_system);
    if let Some(py) = project {
        let name = py.name.as_deref().map(normalize);
        let named_like_project: Vec<_> =
            py.scripts.iter().filter(|(s, _)| Some(normalize(s)) == name).collect();
        for (script, entry) in &py.scripts {
            if let Some((served, port)) = super::maintained::served(facts, script) {
                let why = format!(
                    "the console script `{script}` ({entry}) that pyproject.toml declares, run as the \
                     project's own Dockerfile runs it ({}): a server on port {port}",
                    served.location
                );
                out.push(Candidate {
                    tier: Tier::Cli,
                    start: command(
                        served.value.iter().map(|w| Word::ours(w.as_str())).collect(),
                        "console script",
                        Some(served.location.clone()),
                    ),
                    source: Source::File { location: served.location },
                    why,
                    app: None,
                    rank: Some(0),
                });
                continue;
            }
            let matches = named_like_project.iter().any(|(s, _)| s == script);
            let rank = usize::from(!(matches || py.scripts.len() == 1));
            let location = py.location();
            let start = Start {
                kind: Kind::Cli,
                interface: None,
                framework: "console script".into(),
                target: script.clone(),
                root: String::new(),
                app_dir: None,
                around: None,
                argv: vec![Word::literal(script)],
                location: Some(location.clone()),
            };
            let why = format!("the console script `{script}` ({entry}) that pyproject.toml declares");
            out.push(Candidate {
                tier: Tier::Cli,
                start,
                source: Source::File { location },
                why,
                app: None,
                rank: Some(rank),
            });
        }
    }
    for package in &facts.main_packages {
        let start = Start {
            kind: Kind::Cli,
            interface: None,
            framework: "python -m".into(),
            target: format!("python -m {}", package.package),
            root: package.root.clone(),
            app_dir: None,
            around: None,
            argv: vec![Word::literal("python"), Word::literal("-m"), Word::literal(&package.package)],
            location: Some(package.location.clone()),
        };
        let why = format!("the package `{}` runs with `python -m` ({})", package.package, package.location);
        out.push(Candidate {
            tier: Tier::Cli,
            start,
            source: Source::Inferred { location: package.location.clone() },
            why,
            app: None,
            rank: Some(2),
        });
    }
    out.sort_by_key(|c| c.rank);
    out
}

fn command(argv: Vec<Word>, framework: &str, location: Option<Location>) -> Start {
    Start {
        kind: Kind::Command,
        interface: None,
        framework: framework.into(),
        target: argv.iter().map(Word::as_str).collect::<Vec<_>>().join(" "),
        root: String::new(),
        app_dir: None,
        around: None,
        argv,
        location,
    }
}

fn app_start(app: &AppCandidate) -> Start {
    let kind = match app.interface {
        Interface::Celery => Kind::Worker,
        Interface::Tornado => Kind::Script,
        _ => Kind::Web,
    };
    let target = match (kind, &app.run) {
        (Kind::Script, Some(run)) => run.location.path.clone(),
        // aiohttp's gunicorn worker awaits a coroutine factory itself;
        // `init_app()` would hand it an un-awaited coroutine.
        _ if app.interface == Interface::Aiohttp && app.target.awaited => {
            format!("{}:{}", app.target.module, app.target.attr)
        }
        _ => app.target.spec(),
    };
    Start {
        kind,
        interface: Some(app.interface),
        framework: app.framework.clone(),
        target,
        root: app.target.root.clone(),
        app_dir: None,
        around: None,
        argv: Vec::new(),
        location: Some(app.target.location.clone()),
    }
}

/// `--app`: an object this tool found, or one it takes on trust (its
/// interface then follows the dependencies).
fn app_flag<'a>(facts: &'a Facts, spec: &str, warnings: &mut Vec<Warning>) -> Candidate<'a> {
    let found =
        facts.apps.iter().find(|a| a.target.spec() == spec || a.also.iter().any(|t| t.spec() == spec));
    let mut start = match found {
        Some(app) => app_start(app),
        None => {
            let asgi = ["fastapi", "starlette", "quart", "litestar", "sanic"];
            let declared = facts.declared_names();
            let interface = if asgi.iter().any(|n| declared.iter().any(|d| d == n)) {
                Interface::Asgi
            } else {
                Interface::Wsgi
            };
            warnings.push(Warning::new(format!(
                "--app {spec} is not an app this tool found in the source; assuming a {} app",
                if interface == Interface::Asgi { "ASGI" } else { "WSGI" }
            )));
            Start {
                kind: Kind::Web,
                interface: Some(interface),
                framework: String::new(),
                target: spec.to_string(),
                root: String::new(),
                app_dir: None,
                around: None,
                argv: Vec::new(),
                location: None,
            }
        }
    };
    start.target = spec.to_string();
    Candidate {
        tier: Tier::App,
        start,
        source: Source::flag("--app"),
        why: "named with --app".into(),
        app: found,
        rank: None,
    }
}

/// Whether the ranking cannot tell `a` (the best) from `b`.
pub(super) fn tied(a: &Candidate, b: &Candidate) -> bool {
    if a.tier != b.tier || a.start.target == b.start.target {
        return false;
    }
    match (a.app, b.app, a.rank, b.rank) {
        (Some(x), Some(y), _, _) => x.ties_with(y),
        (_, _, Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Why `loser` lost to `best`, in the ranking's terms.
pub(super) fn why_lost(loser: &Candidate, best: &Candidate) -> String {
    let also = loser.app.filter(|a| !a.also.is_empty()).map_or(String::new(), |a| {
        let names: Vec<_> = a.also.iter().map(|t| t.spec()).collect();
        format!("; also reachable as {}", names.join(", "))
    });
    if loser.tier != best.tier {
        return format!("{} takes precedence over {}{also}", best.tier.describe(), loser.tier.describe());
    }
    let reason = match (loser.app, best.app) {
        (Some(app), Some(top)) => {
            if app.mounted {
                "mounted inside another app"
            } else if app.routes.is_empty() && !top.routes.is_empty() {
                "declares no routes"
            } else if crate::detect::apps::entry_rank(&app.target.module)
                > crate::detect::apps::entry_rank(&top.target.module)
            {
                "its module name is a less conventional entrypoint"
            } else {
                "its module is nested deeper"
            }
        }
        _ => "ranked lower by name",
    };
    format!("{reason}{also}")
}
