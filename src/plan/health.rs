//! The container's HEALTHCHECK.
//!
//! An HTTP GET of a health-looking route declared on the chosen app (or a
//! blueprint/router it includes) when there is one; names are ranked by
//! `data/frameworks.toml` (`[health] names`). Otherwise a TCP connect to the
//! port, which proves the server accepts connections. The probe runs the
//! image's own Python (slim images have no curl or wget).

use crate::data;
use crate::detect::apps::{AppCandidate, Route};
use crate::evidence::{Decided, Source};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Health {
    Http { path: String },
    Tcp,
}

/// HEALTHCHECK timing. Probes are cheap (one short Python process), so a
/// short interval buys a fast first `healthy` without `--start-interval`,
/// which Docker Engine 20.10 does not know.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timing {
    pub interval: &'static str,
    pub timeout: &'static str,
    pub start_period: &'static str,
    pub retries: u32,
}

pub const TIMING: Timing = Timing { interval: "5s", timeout: "3s", start_period: "30s", retries: 3 };

pub fn decide(app: Option<&AppCandidate>) -> Decided<Health> {
    let routes = app.map(|a| a.routes.as_slice()).unwrap_or_default();
    match best_route(routes) {
        Some(route) => Decided::new(
            Health::Http { path: route.path.clone() },
            Source::Inferred { location: route.location.clone() },
            format!("route found at {}", route.location),
        ),
        None => Decided::new(
            Health::Tcp,
            Source::Default,
            "no health route found; a TCP connect proves the server accepts connections",
        ),
    }
}

/// The best health-looking route that a plain GET reaches and that has no
/// path parameters.
fn best_route(routes: &[Route]) -> Option<&Route> {
    let names = &data::frameworks().health.names;
    routes
        .iter()
        .filter(|r| r.answers_get && !r.path.contains(['{', '<']))
        .filter_map(|r| {
            let last = r.path.trim_end_matches('/').rsplit('/').next()?;
            let rank = names.iter().position(|n| n.eq_ignore_ascii_case(last))?;
            Some((rank, r.path.len(), r))
        })
        .min_by_key(|(rank, len, r)| (*rank, *len, r.location.clone()))
        .map(|(_, _, r)| r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::Location;

    fn route(path: &str, answers_get: bool) -> Route {
        Route { path: path.into(), answers_get, location: Location::at("app.py", 1) }
    }

    #[test]
    fn prefers_liveness_names_reachable_by_get() {
        let routes = [
            route("/status", true),
            route("/healthz", false),
            route("/api/health/", true),
            route("/ping", true),
        ];
        assert_eq!(best_route(&routes).unwrap().path, "/api/health/");
        assert!(best_route(&[route("/users/{id}/health", true), route("/", true)]).is_none());
    }
}
