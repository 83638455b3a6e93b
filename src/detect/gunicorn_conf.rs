//! Where gunicorn's configuration file binds. gunicorn reads
//! `gunicorn.conf.py` from its working folder (the project root in the
//! image) whenever it starts, and a `bind` there wins over the `PORT`
//! variable: a config binding `0.0.0.0:5000` listens on 5000 whatever the
//! image says, and one reading `os.environ.get("PORT", 5006)` listens on
//! `PORT`, 5006 when unset. Read as Python, never run.

use super::apps::{PortHint, SourceModule, port_hint};
use super::python_source::{Scope, Value, summarize};
use crate::evidence::Location;
use crate::project::{Project, SOURCE_LIMIT};
use anyhow::Result;

/// The file gunicorn reads by default, at the project root.
pub const FILE: &str = "gunicorn.conf.py";

/// The port the configuration's `bind` states, or the variable it reads.
pub fn bind(project: &Project) -> Result<Option<PortHint>> {
    // Python, so the limit of Python sources (parsing is the cost).
    let Some(text) = project.read_required(FILE, SOURCE_LIMIT)? else { return Ok(None) };
    let module = SourceModule {
        path: FILE.to_string(),
        root: String::new(),
        module: "gunicorn_conf".to_string(),
        summary: summarize(&text),
    };
    Ok(bind_in(&module))
}

fn bind_in(module: &SourceModule) -> Option<PortHint> {
    let binding =
        module.summary.bindings.iter().rev().find(|b| b.name == "bind" && b.scope == Scope::Module)?;
    let location = Location::at(FILE, binding.line);
    // `"[::]:{}".format(os.environ.get("PORT", 5006))`, an f-string…: the
    // variable the address reads, and its default.
    if let Some(read) = binding.env.iter().find(|e| e.name.contains("PORT")) {
        let default =
            read.default.as_ref().and_then(|d| port_hint(d, module, &location)).and_then(|h| h.port);
        return Some(PortHint { port: default, env: Some(read.name.clone()), location });
    }
    let first = match &binding.value {
        Value::List(items) => items.first()?,
        value => value,
    };
    let Value::Str(address) = first else { return None };
    let port = address.rsplit(':').next()?.parse().ok()?;
    Some(PortHint { port: Some(port), env: None, location })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound(text: &str) -> Option<(Option<u16>, Option<String>, u32)> {
        let module = SourceModule {
            path: FILE.into(),
            root: String::new(),
            module: "gunicorn_conf".into(),
            summary: summarize(text),
        };
        bind_in(&module).map(|h| (h.port, h.env, h.location.line.unwrap_or(0)))
    }

    #[test]
    fn the_bind_setting_states_a_port_or_the_variable_it_reads() {
        assert_eq!(bound("bind = '0.0.0.0:5000'\n"), Some((Some(5000), None, 1)));
        assert_eq!(
            bound("workers = 2\nbind = ['0.0.0.0:8080', 'unix:/tmp/s']\n"),
            Some((Some(8080), None, 2))
        );
        assert_eq!(
            bound("import os\nbind = ['[::]:{}'.format(os.environ.get('PORT', 5006))]\n"),
            Some((Some(5006), Some("PORT".into()), 2))
        );
        assert_eq!(
            bound("import os\nbind = f\"0.0.0.0:{os.getenv('APP_PORT', '7000')}\"\n"),
            Some((Some(7000), Some("APP_PORT".into()), 2))
        );
        assert_eq!(bound("workers = 4\n"), None);
        assert_eq!(bound("bind = 'unix:/run/app.sock'\n"), None);
    }
}
