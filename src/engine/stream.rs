//! Run an engine command with its output streamed live (through
//! [`Progress`], so it scrolls above a terminal's status line) while
//! following which build step runs, so a failure can name the step.
//!
//! Step lines understood: BuildKit's plain progress (`#8 [builder 2/4] RUN
//! …`, `#8 ERROR: …`, and the ` > [builder 2/4] RUN …:` of its error box),
//! the legacy builder's `Step 2/9 : RUN …` and podman's `STEP 2/9: RUN …`.

use super::invocation::Invocation;
use crate::progress::Progress;
use anyhow::{Context, Result};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub struct Outcome {
    pub status: ExitStatus,
    /// The step that failed (or the last one that started).
    pub step: Option<String>,
}

/// Run `inv`, echoing every line of its stdout and stderr.
pub fn run(inv: &Invocation, progress: &Progress) -> Result<Outcome> {
    let mut cmd = inv.command();
    cmd.stdin(if inv.stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    if !inv.terminal {
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    }
    let mut child = cmd.spawn().with_context(|| format!("cannot run `{}`", inv.display()))?;
    if let (Some(text), Some(mut stdin)) = (inv.stdin.clone(), child.stdin.take()) {
        std::thread::spawn(move || {
            let _ = stdin.write_all(text.as_bytes());
        });
    }
    if inv.terminal {
        let status = child.wait().context("waiting for the engine")?;
        return Ok(Outcome { status, step: None });
    }
    let (tx, rx) = mpsc::channel::<String>();
    let readers: Vec<Box<dyn Read + Send>> = [
        child.stdout.take().map(|s| Box::new(s) as Box<dyn Read + Send>),
        child.stderr.take().map(|s| Box::new(s) as Box<dyn Read + Send>),
    ]
    .into_iter()
    .flatten()
    .collect();
    for reader in readers {
        let tx = tx.clone();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(reader);
            let mut buf = Vec::new();
            while reader.read_until(b'\n', &mut buf).is_ok_and(|n| n > 0) {
                let line = String::from_utf8_lossy(&buf).trim_end().to_string();
                buf.clear();
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
    }
    drop(tx);
    let mut steps = Steps::default();
    let mut killed = false;
    loop {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => {
                if let Some(step) = steps.feed(&line) {
                    progress.status(&step);
                }
                progress.line(&line);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        if super::interrupted() && !killed {
            // The terminal's Ctrl-C reaches the engine too; a SIGINT sent
            // to containerize alone does not, so stop the engine here.
            let _ = child.kill();
            killed = true;
        }
    }
    let status = child.wait().context("waiting for the engine")?;
    Ok(Outcome { status, step: steps.failed.or(steps.current) })
}

/// Which step is running, and which failed.
#[derive(Default)]
struct Steps {
    /// BuildKit's `#8` → `[builder 2/4] RUN …`.
    by_id: HashMap<String, String>,
    current: Option<String>,
    failed: Option<String>,
    in_error_box: bool,
}

impl Steps {
    /// Feed one line; the step's description when a new step starts.
    fn feed(&mut self, line: &str) -> Option<String> {
        if line == "------" {
            self.in_error_box = !self.in_error_box;
            return None;
        }
        if self.in_error_box {
            if let Some(step) = line.strip_prefix(" > ").and_then(|s| s.strip_suffix(':'))
                && step.starts_with('[')
                && self.failed.is_none()
            {
                self.failed = Some(step.to_string());
            }
            return None;
        }
        if let Some(rest) = line.strip_prefix('#')
            && let Some((id, text)) = rest.split_once(' ')
        {
            if text.starts_with('[') && !text.starts_with("[internal]") && !text.starts_with("[auth]") {
                let step = text.to_string();
                self.by_id.insert(id.to_string(), step.clone());
                if self.current.as_ref() != Some(&step) {
                    self.current = Some(step.clone());
                    return Some(step);
                }
            } else if text.starts_with("ERROR") && self.failed.is_none() {
                self.failed = self.by_id.get(id).cloned();
            }
            return None;
        }
        for prefix in ["Step ", "STEP "] {
            if let Some(rest) = line.strip_prefix(prefix)
                && let Some((count, text)) = rest.split_once(':')
                && count.trim_end().contains('/')
            {
                let step = format!("[{}] {}", count.trim(), text.trim());
                self.current = Some(step.clone());
                return Some(step);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(lines: &str) -> Steps {
        let mut steps = Steps::default();
        for line in lines.lines() {
            steps.feed(line);
        }
        steps
    }

    #[test]
    fn buildkit_failure_names_the_step() {
        let steps = feed(
            "#1 [internal] load build definition from Dockerfile\n\
             #7 [builder 2/4] RUN python -m venv /app/.venv\n\
             #7 DONE 2.1s\n\
             #9 [builder 4/4] RUN --mount=type=cache,target=/root/.cache/pip     pip install -r requirements.txt\n\
             #9 3.2 ERROR: No matching distribution found for flask==99\n\
             #9 ERROR: executor failed running [/bin/sh -c pip install -r requirements.txt]: exit code: 1\n\
             ------\n \
             > [builder 4/4] RUN --mount=type=cache,target=/root/.cache/pip     pip install -r requirements.txt:\n\
             ------\n",
        );
        assert_eq!(
            steps.failed.as_deref(),
            Some(
                "[builder 4/4] RUN --mount=type=cache,target=/root/.cache/pip     pip install -r requirements.txt"
            )
        );
    }

    #[test]
    fn legacy_and_podman_steps() {
        let steps = feed(
            "Step 1/9 : ARG PYTHON_VERSION=3.11\nStep 5/9 : RUN pip install -r r.txt\n ---> Running in abc\n",
        );
        assert_eq!(steps.current.as_deref(), Some("[5/9] RUN pip install -r r.txt"));
        let steps = feed("STEP 2/4: RUN --mount=type=cache,target=/c python -c 1\n1\n");
        assert_eq!(steps.current.as_deref(), Some("[2/4] RUN --mount=type=cache,target=/c python -c 1"));
    }
}
