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
}

/// The directories the chosen app writes into. `workdir` is where the
/// source lives in the image; `installed` says the import root is
/// installed as a package (Flask then keeps the instance folder under the
/// environment's prefix, `<venv>/var/<package>-instance`).
pub fn decide(facts: &Facts, start: &Start, workdir: &str, venv: &str, installed: bool) -> Vec<StateDir> {
    let app = facts.apps.iter().find(|a| start.location.as_ref() == Some(&a.target.location));
    let mut out = Vec::new();
    if let Some((app, location)) = app.and_then(|a| Some((a, a.instance_folder.as_ref()?))) {
        let top = app.target.module.split('.').next().unwrap_or_default();
        let path = if installed && !start.root.is_empty() && start.app_dir.is_none() {
            format!("{venv}/var/{top}-instance")
        } else {
            match start.app_dir.as_deref().unwrap_or(&start.root) {
                "" => format!("{workdir}/instance"),
                dir => format!("{workdir}/{dir}/instance"),
            }
        };
        out.push(StateDir {
            path,
            why: format!("{}'s instance folder", app.framework),
            location: location.clone(),
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out.dedup_by(|a, b| a.path == b.path);
    out
}
