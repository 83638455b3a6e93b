//! Where the app writes at run time. The source is owned by root so the
//! app cannot change its own code; the few directories an app writes into
//! (Flask's instance folder, a server's documented data directory) are
//! created, given to the app's user and declared as volumes, so that the
//! state survives a new container only when the user mounts one, and the
//! plan says so.

use super::start::Start;
use crate::detect::Facts;
use crate::evidence::Location;
use serde::Serialize;

/// A directory the app writes into.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StateDir {
    /// Absolute path in the image (`/app/instance`).
    pub path: String,
    /// What writes there, for the plan and the Dockerfile comment.
    pub why: String,
    pub location: Location,
    /// Files in it the app must be able to write when the project ships
    /// them (a committed sqlite database), by absolute path.
    pub files: Vec<String>,
    /// Declared a `VOLUME`. Not for a folder that also holds source (a
    /// sqlite file beside manage.py): a volume there would shadow the code
    /// of the next image; the app may only add files to it.
    pub volume: bool,
}

/// A step that must run before the app serves, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReleaseTask {
    /// Exec-form words (`python manage.py migrate --noinput`).
    pub argv: Vec<String>,
    pub when: When,
    /// Short, for the Dockerfile comment (`the database is a sqlite file
    /// in the container`).
    pub why: String,
    pub location: Location,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum When {
    /// In the start command, before the server: the database is a file in
    /// the container, so there is no shared database to migrate once.
    AtStart,
}

/// The start command with the start-time tasks run first: `sh -c 'task &&
/// exec server…'`, so that the server still becomes PID 1.
pub fn run_first(tasks: &[ReleaseTask], argv: Vec<String>) -> Vec<String> {
    let first: Vec<String> = tasks
        .iter()
        .filter(|t| t.when == When::AtStart)
        .map(|t| t.argv.iter().map(|w| crate::shell::quote(w)).collect::<Vec<_>>().join(" "))
        .collect();
    if first.is_empty() {
        return argv;
    }
    let line = match argv.as_slice() {
        [sh, c, line] if sh == "sh" && c == "-c" => line.clone(),
        // An exec-form command: every word literal.
        _ => {
            let words: Vec<crate::shell::Word> = argv.into_iter().map(crate::shell::Word::literal).collect();
            crate::shell::exec_line(&[], &words).pop().unwrap_or_default()
        }
    };
    vec!["sh".into(), "-c".into(), format!("{} && {line}", first.join(" && "))]
}

/// The directories the chosen app writes into. `workdir` is where the
/// source lives in the image. Code below an import root runs from its
/// folder (`start.app_dir`) unless the root is installed as a package;
/// Flask then keeps the instance folder under the environment's prefix,
/// `<venv>/var/<package>-instance`.
pub fn decide(facts: &Facts, start: &Start, workdir: &str, venv: &str) -> Vec<StateDir> {
    let app = facts.apps.iter().find(|a| start.location.as_ref() == Some(&a.target.location));
    let mut out = Vec::new();
    if let Some((app, location)) = app.and_then(|a| Some((a, a.instance_folder.as_ref()?))) {
        let path = match (start.app_dir.as_deref(), start.root.as_str()) {
            (Some(dir), _) => format!("{workdir}/{dir}/instance"),
            (None, "") => format!("{workdir}/instance"),
            (None, _) => {
                let top = app.target.module.split('.').next().unwrap_or_default();
                format!("{venv}/var/{top}-instance")
            }
        };
        let why = format!("{}'s instance folder", app.framework);
        out.push(StateDir { path, why, location: location.clone(), files: Vec::new(), volume: true });
    }
    if let Some((django, db)) =
        super::django::served(facts, start).and_then(|d| Some((d, d.sqlite.as_ref()?)))
    {
        let path = if db.dir.is_empty() { workdir.to_string() } else { format!("{workdir}/{}", db.dir) };
        let why = format!("the sqlite database {}", db.file);
        let files = vec![format!("{path}/{}", db.file)];
        out.push(StateDir { path, why, location: db.location.clone(), files, volume: db.dir != django.root });
    }
    out.extend(maintainer_volumes(facts, workdir));
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out.dedup_by(|a, b| a.path == b.path);
    out
}

/// The volumes the maintainer's own Dockerfile declares: where the app
/// keeps its state in their image (a path under their `WORKDIR` moves to
/// ours). Never the source folder itself or one above it.
fn maintainer_volumes(facts: &Facts, workdir: &str) -> Vec<StateDir> {
    let stated = &facts.maintainer_dockerfile;
    let theirs = stated.workdir.as_deref().map(|w| w.trim_end_matches('/')).filter(|w| !w.is_empty());
    stated
        .volumes
        .iter()
        .filter_map(|volume| {
            let path = match theirs.and_then(|w| volume.value.strip_prefix(w)) {
                Some(rest) if rest.starts_with('/') => format!("{workdir}{rest}"),
                Some(_) => return None,
                None => volume.value.clone(),
            };
            if path == "/" || workdir.starts_with(&format!("{path}/")) || workdir == path {
                return None;
            }
            let why = "a volume the project's own Dockerfile declares".to_string();
            Some(StateDir { path, why, location: volume.location.clone(), files: Vec::new(), volume: true })
        })
        .collect()
}
