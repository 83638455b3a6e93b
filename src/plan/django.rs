//! What a Django project needs beyond serving: static files collected at
//! build time when `STATIC_ROOT` is set (with a throwaway secret key that
//! exists only inside that one `RUN`), migrations never at build time, and
//! a reminder of the settings that must come from the environment.

use super::start::{Kind, Start};
use crate::detect::Facts;
use crate::diagnostics::Warning;
use serde::Serialize;

/// `python manage.py collectstatic --noinput`, with the environment it
/// needs for that one command.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Collectstatic {
    /// manage.py, relative to the image's working directory.
    pub manage: String,
    pub env: Vec<(String, String)>,
}

/// A value for the secret key during `collectstatic` only: static files do
/// not depend on it, and it never reaches the image's environment.
const BUILD_ONLY_KEY: &str = "collectstatic-only-not-a-secret";

/// The Django project the start command serves: the Django start, or an
/// explicit command (a Procfile's `gunicorn project.wsgi`) that names the
/// project's WSGI or ASGI module, which serves the same static files and
/// URL patterns.
pub fn served<'f>(facts: &'f Facts, start: &Start) -> Option<&'f crate::detect::django::DjangoFacts> {
    let django = facts.django.as_ref()?;
    match start.kind {
        Kind::Django => Some(django),
        Kind::Command => {
            let modules: Vec<&str> = [&django.wsgi, &django.asgi]
                .into_iter()
                .flatten()
                .map(|target| target.value.split(':').next().unwrap_or(&target.value))
                .collect();
            let names = |word: &str| {
                let module = word.split(':').next().unwrap_or(word);
                modules.contains(&module)
            };
            start.argv.iter().any(|w| names(w)).then_some(django)
        }
        _ => None,
    }
}

pub fn collectstatic(facts: &Facts, start: &Start) -> Option<Collectstatic> {
    let django = served(facts, start)?;
    django.static_root.as_ref()?;
    let env = match &django.secret_key_env {
        Some((name, false)) => vec![(name.clone(), BUILD_ONLY_KEY.to_string())],
        _ => Vec::new(),
    };
    Some(Collectstatic { manage: django.manage_py.path.clone(), env })
}

/// A sqlite file database lives in the container: nothing shared to
/// migrate once, so the start command migrates it before serving.
pub fn migrate_at_start(facts: &Facts, start: &Start) -> Option<super::state::ReleaseTask> {
    let django = served(facts, start)?;
    let db = django.sqlite.as_ref()?;
    Some(super::state::ReleaseTask {
        argv: ["python", &django.manage_py.path, "migrate", "--noinput"].map(String::from).to_vec(),
        when: super::state::When::AtStart,
        why: format!("{} is a sqlite file in the container", db.file),
        location: db.location.clone(),
    })
}

/// Variables the settings read with no default: the app cannot start
/// without them.
pub fn required_env(facts: &Facts, start: &Start) -> Vec<String> {
    served(facts, start)
        .and_then(|d| d.secret_key_env.as_ref())
        .filter(|(_, has_default)| !has_default)
        .map(|(name, _)| name.clone())
        .into_iter()
        .collect()
}

/// Notes (not problems) for the plan, and warnings.
pub fn notes(facts: &Facts, start: &Start, warnings: &mut Vec<Warning>) -> Vec<String> {
    let Some(django) = served(facts, start) else {
        return Vec::new();
    };
    let mut notes = vec![match &django.sqlite {
        Some(db) => format!(
            "migrations run when the container starts, before the server: the database is the sqlite file {} \
             ({}), private to each container",
            db.file, db.location
        ),
        None => format!(
            "migrations never run at build time: run `docker run --rm IMAGE python {} migrate` as a release step \
             before the new version starts",
            django.manage_py.path
        ),
    }];
    match &django.static_root {
        Some(location) => {
            notes.push(format!("STATIC_ROOT is set ({location}): static files are collected at build time"));
        }
        None => notes.push("STATIC_ROOT is not set: no static files are collected".into()),
    }
    if let Some((name, false)) = &django.secret_key_env {
        warnings.push(Warning::new(format!(
            "SECRET_KEY comes from ${name} with no default: pass it at run time (docker run -e {name}=…)"
        )));
    }
    notes
}
