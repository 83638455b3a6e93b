//! The container's HEALTHCHECK.
//!
//! Web apps: an HTTP GET of the best health-looking route declared on the
//! chosen app (or a blueprint/router it includes, or Django's URL
//! patterns) that a plain GET reaches without authentication; names are
//! ranked by `data/frameworks.toml` (`[health] names`). Runner scripts:
//! their framework's health path. Otherwise a TCP connect to the port,
//! which proves the server accepts connections. Workers and command-line
//! programs get none: nothing meaningful answers. Django sites get the Host
//! header their `ALLOWED_HOSTS` accepts. The probe runs the image's own
//! Python (slim images have no curl or wget).

use super::engine::{EngineTarget, Feature};
use super::start::{Kind, Start};
use crate::data;
use crate::detect::Facts;
use crate::detect::apps::Route;
use crate::detect::django::AllowedHosts;
use crate::evidence::{Decided, Source};
use crate::settings::Settings;
use serde::{Serialize, Serializer};

/// The container's health check, the one value that the Dockerfile's
/// HEALTHCHECK, `plan --json`'s `healthcheck`, the text report and
/// `build --smoke` all read. It serializes flat: `kind`, `path`, `host`,
/// the timing, and the exec-form `command`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HealthCheck {
    #[serde(flatten)]
    pub probe: Probe,
    #[serde(flatten)]
    pub timing: Timing,
    /// The HEALTHCHECK command; `None` when nothing is probed (no port, or
    /// a process that serves nothing): the Dockerfile says `HEALTHCHECK NONE`.
    pub command: Option<Vec<String>>,
}

/// What proves the app healthy.
#[derive(Clone, Debug, PartialEq)]
pub enum Probe {
    /// An HTTP GET of this path answers 2xx or 3xx.
    Http {
        path: String,
        /// The Host header to send, when the default would be refused.
        host: Option<ProbeHost>,
    },
    /// A TCP connection to the port is accepted.
    Tcp,
    /// Nothing meaningful answers (workers, command-line programs).
    None,
}

/// `kind`, `path` and `host` (the Host header as known before run time),
/// each present for every kind so that `--json` keeps one shape.
impl Serialize for Probe {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Fields<'a> {
            kind: &'static str,
            path: Option<&'a str>,
            host: Option<String>,
        }
        let fields = match self {
            Probe::Http { path, host } => {
                Fields { kind: "http", path: Some(path), host: host.as_ref().map(ProbeHost::first_host) }
            }
            Probe::Tcp => Fields { kind: "tcp", path: None, host: None },
            Probe::None => Fields { kind: "none", path: None, host: None },
        };
        fields.serialize(serializer)
    }
}

/// The Host header of the probe.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "from", rename_all = "lowercase")]
pub enum ProbeHost {
    /// This host.
    Literal { host: String },
    /// The first host of this comma-separated environment variable (read
    /// when the probe runs), or of `default`.
    Env { name: String, default: String },
}

impl Probe {
    /// The HEALTHCHECK command, run by the image's Python (slim images have
    /// no curl). It reads PORT at probe time, so it follows a port changed
    /// at run time. `None` when nothing is probed.
    fn command(&self, port: Option<u16>) -> Option<Vec<String>> {
        use crate::sinks::python::string;
        let port = port?;
        // Every project word (the route, the host, a variable's name) is a
        // Python literal built by `string`; the URL is joined with `+`.
        let address = format!("os.environ.get(\"PORT\", {})", string(&port.to_string()));
        let url = |path: &str| format!("\"http://127.0.0.1:\" + {address} + {}", string(&url_path(path)));
        let code = match self {
            Probe::Http { path, host: None } => {
                format!("import os, urllib.request; urllib.request.urlopen({}, timeout=2)", url(path))
            }
            Probe::Http { path, host: Some(host) } => {
                let host = match host {
                    ProbeHost::Literal { host } => string(host),
                    ProbeHost::Env { name, default } => format!(
                        "(os.environ.get({}, {}).split(\",\")[0].strip().lstrip(\".\").replace(\"*\", \"\") or \"localhost\")",
                        string(name),
                        string(default)
                    ),
                };
                format!(
                    "import os, urllib.request; urllib.request.urlopen(urllib.request.Request({}, headers={{\"Host\": {host}}}), timeout=2)",
                    url(path)
                )
            }
            Probe::Tcp => format!(
                "import os, socket; socket.create_connection((\"127.0.0.1\", int({address})), timeout=2).close()"
            ),
            Probe::None => return None,
        };
        Some(vec!["python".into(), "-c".into(), code])
    }
}

/// A route as the request line carries it: bytes outside printable ASCII
/// (a space, `é`) percent-encoded, since `http.client` refuses them.
fn url_path(path: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_graphic() {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

impl ProbeHost {
    /// The host as known before run time (an environment variable's default).
    pub fn first_host(&self) -> String {
        let first = match self {
            Self::Literal { host } => host.as_str(),
            Self::Env { default, .. } => default.split(',').next().unwrap_or("localhost").trim(),
        };
        match first.trim_start_matches('.') {
            "" | "*" => "localhost".to_string(),
            host => host.to_string(),
        }
    }
}

/// HEALTHCHECK timing. Probes are cheap (one short Python process, about
/// 50 ms of CPU, measured). On Engine 25 and newer the check probes every
/// second while the app starts, so `healthy` comes about a second after it
/// listens, then every 30 s (Docker's default interval). Older engines
/// have no `--start-interval`: a 5 s interval buys a first `healthy`
/// within seconds, at the price of probing that often for good.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Timing {
    pub interval: &'static str,
    pub timeout: &'static str,
    pub start_period: &'static str,
    /// `None` where the engine lacks `--start-interval`.
    pub start_interval: Option<&'static str>,
    pub retries: u32,
}

const TIMING: Timing =
    Timing { interval: "30s", timeout: "3s", start_period: "30s", start_interval: Some("1s"), retries: 3 };
const TIMING_WITHOUT_START_INTERVAL: Timing =
    Timing { interval: "5s", timeout: "3s", start_period: "30s", start_interval: None, retries: 3 };

pub fn decide(
    facts: &Facts,
    settings: &Settings,
    start: &Start,
    port: Option<u16>,
    engine: &EngineTarget,
) -> Decided<HealthCheck> {
    let Decided { value: probe, source, reason } = decide_probe(facts, settings, start);
    let command = probe.command(port);
    let timing = if engine.allows(Feature::StartInterval) { TIMING } else { TIMING_WITHOUT_START_INTERVAL };
    Decided::new(HealthCheck { probe, timing, command }, source, reason)
}

fn decide_probe(facts: &Facts, settings: &Settings, start: &Start) -> Decided<Probe> {
    if let Some(set) = settings.healthcheck.as_ref().filter(|s| !s.value) {
        return set.decides(Probe::None);
    }
    if let Some(set) = &settings.health_path {
        let host = super::django::served(facts, start).and_then(|django| probe_host(&django.allowed_hosts));
        return set.decides(Probe::Http { path: set.value.clone(), host });
    }
    if !start.kind.serves_http() && start.kind != Kind::Command {
        return Decided::new(
            Probe::None,
            Source::Default,
            "this process serves no HTTP, so there is nothing meaningful to probe",
        );
    }
    if start.kind == Kind::Script && start.interface.is_none() {
        let runner = data::frameworks().runner.iter().find(|r| r.name == start.framework);
        if let Some(path) = runner.and_then(|r| r.health.clone()) {
            return Decided::new(
                Probe::Http { path, host: None },
                Source::Default,
                format!("{}'s health endpoint", start.framework),
            );
        }
    }
    let (routes, host): (Vec<Route>, Option<ProbeHost>) = match super::django::served(facts, start) {
        Some(django) => (django.routes.clone(), probe_host(&django.allowed_hosts)),
        None => (routes_of(facts, start), None),
    };
    match best_route(&routes) {
        Some(route) => Decided::new(
            Probe::Http { path: route.path.clone(), host },
            Source::Inferred { location: route.location.clone() },
            format!("route found at {}", route.location),
        ),
        None => Decided::new(
            Probe::Tcp,
            Source::Default,
            "no health route found; a TCP connect proves the server accepts connections",
        ),
    }
}

/// The chosen app's routes; for an explicit command, those of the app it
/// names (`gunicorn app:app`).
fn routes_of(facts: &Facts, start: &Start) -> Vec<Route> {
    let app = facts.apps.iter().find(|a| {
        let names = std::iter::once(&a.target).chain(&a.also).map(|t| t.spec());
        let mut names = names.collect::<Vec<_>>();
        names.push(a.target.location.path.clone());
        match start.kind {
            Kind::Command => start.argv.iter().any(|w| names.iter().any(|n| w == n.as_str())),
            _ => start.location.as_ref() == Some(&a.target.location) || names.contains(&start.target),
        }
    });
    app.map(|a| a.routes.clone()).unwrap_or_default()
}

/// A Host header that `ALLOWED_HOSTS` accepts; `None` when 127.0.0.1 is.
fn probe_host(allowed: &AllowedHosts) -> Option<ProbeHost> {
    let accepts_loopback = |hosts: &[String]| hosts.iter().any(|h| h == "*" || h == "127.0.0.1");
    match allowed {
        AllowedHosts::Literal { hosts } if accepts_loopback(hosts) => None,
        AllowedHosts::Literal { hosts } => {
            let host = hosts.first().map_or("localhost", |h| h.trim_start_matches('.'));
            Some(ProbeHost::Literal { host: host.to_string() })
        }
        AllowedHosts::Env { name, default } => Some(ProbeHost::Env {
            name: name.clone(),
            default: default.clone().unwrap_or_else(|| "localhost".into()),
        }),
        AllowedHosts::Unknown => Some(ProbeHost::Literal { host: "localhost".into() }),
    }
}

/// The best health-looking route that a plain GET reaches without
/// authentication and that has no path parameters.
fn best_route(routes: &[Route]) -> Option<&Route> {
    let names = &data::frameworks().health.names;
    routes
        .iter()
        .filter(|r| r.answers_get && !r.protected && !r.path.contains(['{', '<']))
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

    fn route(path: &str, answers_get: bool, protected: bool) -> Route {
        Route { path: path.into(), answers_get, protected, location: Location::at("app.py", 1) }
    }

    #[test]
    fn prefers_liveness_names_reachable_by_get_without_auth() {
        let routes = [
            route("/status", true, false),
            route("/healthz", false, false),
            route("/health", true, true),
            route("/api/health/", true, false),
            route("/ping", true, false),
        ];
        assert_eq!(best_route(&routes).unwrap().path, "/api/health/");
        assert!(best_route(&[route("/users/{id}/health", true, false), route("/", true, false)]).is_none());
    }

    #[test]
    fn django_hosts() {
        assert_eq!(probe_host(&AllowedHosts::Literal { hosts: vec!["*".into()] }), None);
        assert_eq!(
            probe_host(&AllowedHosts::Literal { hosts: vec![".example.com".into()] }),
            Some(ProbeHost::Literal { host: "example.com".into() })
        );
        assert_eq!(
            probe_host(&AllowedHosts::Env { name: "HOSTS".into(), default: None }),
            Some(ProbeHost::Env { name: "HOSTS".into(), default: "localhost".into() })
        );
    }
}
