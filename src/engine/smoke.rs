//! `--smoke`: run the image, wait (bounded) for its HEALTHCHECK to report
//! healthy, probe the health path from the host, and remove the container
//! whatever happens: success, failure, timeout or Ctrl-C.
//!
//! The container's port is published on an ephemeral port of 127.0.0.1
//! only, so a smoke test never collides with a running service and is
//! never reachable from the network. An image without a HEALTHCHECK is
//! probed from the host until it answers; a worker (no port) passes when
//! it is still running after a grace period. Podman runs health checks
//! from systemd timers, which machines without systemd (containers, CI)
//! lack, so containerize runs `podman healthcheck run` itself.

use super::invocation::{self, Invocation};
use super::{Engine, Kind, interrupted};
use crate::diagnostics::{attention, passthrough};
use crate::plan::health::Probe;
use crate::progress::Progress;
use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Stdio;
use std::time::{Duration, Instant};

#[derive(Clone, Debug)]
pub struct Target {
    /// The port the app listens on in the container; `None` for workers.
    pub port: Option<u16>,
    /// The plan's probe, repeated from the host: an HTTP GET must answer
    /// 2xx or 3xx (with the Host header Django's ALLOWED_HOSTS accepts,
    /// else the address probed), a TCP connect must be accepted.
    pub probe: Probe,
    /// How long to wait for healthy.
    pub timeout: Duration,
    /// How long a worker must keep running.
    pub grace: Duration,
    /// A program that does its work and exits: exit status 0 passes.
    pub one_shot: bool,
    /// Environment the app needs to start (throwaway values for settings
    /// it requires, such as a secret key).
    pub env: Vec<(String, String)>,
}

pub struct Report {
    pub container: String,
    /// From `docker run` to healthy (or to the end of the grace period).
    pub healthy_after: Duration,
    /// `GET http://127.0.0.1:49153/healthz → 200 OK (3 ms)`.
    pub probe: Option<String>,
}

/// Log lines shown when the smoke test fails.
const LOG_LINES: usize = 40;

pub fn smoke(engine: &Engine, image: &str, target: &Target, progress: &Progress) -> Result<Report> {
    let container = Container { engine: engine.clone(), name: container_name(image) };
    let result = run_and_wait(&container, image, target, progress);
    progress.clear();
    container.remove();
    result
}

fn run_and_wait(container: &Container, image: &str, target: &Target, progress: &Progress) -> Result<Report> {
    let engine = &container.engine;
    let started = Instant::now();
    let run = invocation::run(engine, &container.name, image, target.port, &target.env);
    let (ok, out) = capture(&run)?;
    if !ok {
        bail!("`{}` failed: {}", run.display(), out.trim());
    }
    let phase = match target.port {
        Some(_) => "waiting for the container to report healthy",
        None => "checking that the worker keeps running",
    };
    progress.start(phase);
    let mut last_manual_check: Option<Instant> = None;
    loop {
        if interrupted() {
            return Err(passthrough(130, format!("interrupted; removed container {}", container.name)));
        }
        let state = container.state()?;
        let elapsed = started.elapsed();
        progress.detail(&state.describe());
        if target.one_shot && state.status == "exited" && state.exit_code == 0 {
            break;
        }
        if state.status != "running" {
            return Err(failure(
                container,
                &format!(
                    "the container stopped ({}, exit status {}) {:.1}s after it started",
                    state.status,
                    state.exit_code,
                    elapsed.as_secs_f64()
                ),
            ));
        }
        match (state.health.as_deref(), target.port) {
            (Some("healthy"), _) => break,
            (Some("unhealthy"), _) => {
                let last = state.last_probe.map(|o| format!(": {}", o.trim())).unwrap_or_default();
                return Err(failure(
                    container,
                    &format!(
                        "the container turned unhealthy after {:.1}s (last health check{last})",
                        elapsed.as_secs_f64()
                    ),
                ));
            }
            // Podman without systemd never runs the check by itself.
            (Some(_), _) if engine.kind == Kind::Podman => {
                if last_manual_check.is_none_or(|t| t.elapsed() >= Duration::from_secs(2)) {
                    last_manual_check = Some(Instant::now());
                    let _ = capture(&container.healthcheck_run());
                }
            }
            // No HEALTHCHECK in the image: ask the app from the host.
            (None, Some(port)) => {
                if probe(container, port, &target.probe).is_ok() {
                    break;
                }
            }
            (None, None) if elapsed >= target.grace => break,
            (Some(_), _) | (None, None) => {}
        }
        if elapsed >= target.timeout.max(target.grace) {
            return Err(failure(
                container,
                &format!(
                    "the container is still `{}` after {}s (--smoke-timeout)",
                    state.health.as_deref().unwrap_or(&state.status),
                    target.timeout.as_secs()
                ),
            ));
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    let healthy_after = started.elapsed();
    let probe = match (target.port, &target.probe) {
        (Some(port), Probe::Http { .. } | Probe::Tcp) => {
            Some(probe(container, port, &target.probe).map_err(|e| failure(container, &e))?)
        }
        _ => None,
    };
    Ok(Report { container: container.name.clone(), healthy_after, probe })
}

/// A smoke-test failure (exit 1), with the container's last log lines.
fn failure(container: &Container, what: &str) -> anyhow::Error {
    let logs = container.logs();
    let body = if logs.trim().is_empty() {
        "  (the container printed nothing)".to_string()
    } else {
        logs.lines().map(|l| format!("  | {l}")).collect::<Vec<_>>().join("\n")
    };
    attention(format!(
        "smoke test failed: {what}.\nlast {LOG_LINES} lines of the container's log:\n{body}\n\
         (container {} removed)",
        container.name
    ))
}

/// `containerize-smoke-shop-4242`: unique per run, valid as a name.
fn container_name(image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let repo = last.split(':').next().unwrap_or(last);
    let clean: String =
        repo.chars().map(|c| if c.is_ascii_alphanumeric() || "_.-".contains(c) { c } else { '-' }).collect();
    format!("containerize-smoke-{clean}-{}", std::process::id())
}

/// The container a smoke test started, by the name containerize chose.
struct Container {
    engine: Engine,
    name: String,
}

struct State {
    status: String,
    exit_code: i64,
    health: Option<String>,
    last_probe: Option<String>,
}

impl State {
    fn describe(&self) -> String {
        match &self.health {
            Some(health) if self.status == "running" => format!("running, {health}"),
            _ => self.status.clone(),
        }
    }
}

impl Container {
    fn invocation(&self, args: &[&str]) -> Invocation {
        Invocation {
            program: self.engine.program.clone(),
            args: args.iter().map(|a| a.to_string()).collect(),
            env: Vec::new(),
            stdin: None,
            terminal: false,
        }
    }

    fn state(&self) -> Result<State> {
        let inv = self.invocation(&["inspect", "--format", "{{json .State}}", &self.name]);
        let (ok, out) = capture(&inv)?;
        if !ok {
            bail!("`{}` failed: {}", inv.display(), out.trim());
        }
        let json: Value = serde_json::from_str(out.trim())
            .with_context(|| format!("`{}` printed no JSON: {}", inv.display(), out.trim()))?;
        let health = json.get("Health").or_else(|| json.get("Healthcheck")).filter(|h| h.is_object());
        let status_of = |h: &Value| h["Status"].as_str().filter(|s| !s.is_empty()).map(str::to_string);
        Ok(State {
            status: json["Status"].as_str().unwrap_or("unknown").to_string(),
            exit_code: json["ExitCode"].as_i64().unwrap_or(0),
            health: health.and_then(status_of),
            last_probe: health
                .and_then(|h| h["Log"].as_array())
                .and_then(|log| log.last())
                .and_then(|entry| entry["Output"].as_str())
                .map(str::to_string),
        })
    }

    fn healthcheck_run(&self) -> Invocation {
        self.invocation(&["healthcheck", "run", &self.name])
    }

    /// The last lines of stdout and stderr, interleaved as written.
    fn logs(&self) -> String {
        let inv = self.invocation(&["logs", "--tail", &LOG_LINES.to_string(), &self.name]);
        capture(&inv).map(|(_, out)| out).unwrap_or_default()
    }

    /// The host address published for `port`.
    fn address(&self, port: u16) -> std::result::Result<String, String> {
        let inv = self.invocation(&["port", &self.name, &format!("{port}/tcp")]);
        let (ok, out) = capture(&inv).map_err(|e| e.to_string())?;
        let address = out.lines().map(str::trim).find(|l| l.starts_with("127.0.0.1:"));
        match (ok, address) {
            (true, Some(address)) => Ok(address.to_string()),
            _ => Err(format!(
                "port {port} is not published on 127.0.0.1 (`{}`: {})",
                inv.display(),
                out.trim()
            )),
        }
    }

    /// Remove the container. In its own process group, so that a second
    /// Ctrl-C does not kill the removal halfway.
    fn remove(&self) {
        let mut cmd = invocation::remove(&self.engine, &self.name).command();
        cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let _ = cmd.status();
    }
}

/// Probe the app from the host; a line describing the answer.
fn probe(container: &Container, port: u16, probe: &Probe) -> std::result::Result<String, String> {
    let address = container.address(port)?;
    let started = Instant::now();
    let mut stream = TcpStream::connect(&address).map_err(|e| format!("cannot connect to {address}: {e}"))?;
    let Probe::Http { path, host } = probe else {
        return Ok(format!("TCP connect to {address} accepted ({} ms)", started.elapsed().as_millis()));
    };
    let host = host.as_ref().map_or_else(|| address.clone(), |h| h.first_host());
    let timeout = Some(Duration::from_secs(5));
    let _ = stream.set_read_timeout(timeout);
    let _ = stream.set_write_timeout(timeout);
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: containerize\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).map_err(|e| format!("GET http://{address}{path}: {e}"))?;
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n") && head.len() < 1024 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    let line = String::from_utf8_lossy(&head).trim().to_string();
    let mut words = line.splitn(3, ' ');
    let code: u16 = words.nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let reason = words.next().unwrap_or_default();
    let answer =
        format!("GET http://{address}{path} → {code} {reason} ({} ms)", started.elapsed().as_millis());
    if (200..400).contains(&code) {
        Ok(answer)
    } else if code == 0 {
        Err(format!("GET http://{address}{path} got no HTTP answer ({line:?})"))
    } else {
        Err(format!("the health path answered from the host with {code} {reason}: {answer}"))
    }
}

/// Run to completion; (success, stdout and stderr interleaved).
fn capture(inv: &Invocation) -> Result<(bool, String)> {
    let (mut reader, writer) = std::io::pipe().context("creating a pipe")?;
    let mut cmd = inv.command();
    cmd.stdin(Stdio::null()).stdout(writer.try_clone()?).stderr(writer);
    let mut child = cmd.spawn().with_context(|| format!("cannot run `{}`", inv.display()))?;
    drop(cmd);
    let mut out = Vec::new();
    let _ = reader.read_to_end(&mut out);
    let status = child.wait()?;
    Ok((status.success(), String::from_utf8_lossy(&out).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_names_are_valid() {
        let name = container_name("registry.local:5000/team/My App:1.0");
        assert!(name.starts_with("containerize-smoke-My-App-"), "{name}");
    }
}
