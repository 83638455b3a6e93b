//! Progress for long phases (build, waiting for healthy), on stderr.
//!
//! On a terminal: one status line at the bottom, with a spinner, the
//! phase, a detail (the current build step, the container's state) and the
//! elapsed time, redrawn ten times a second; log lines (the engine's
//! output) scroll above it. Anywhere else (CI logs, pipes): plain lines, a
//! line when a phase starts and ends and when its detail changes, never a
//! control character.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const FRAMES: &[&str] = &["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

#[derive(Default)]
struct Status {
    phase: String,
    detail: String,
    started: Option<Instant>,
    frame: usize,
}

pub struct Progress {
    tty: bool,
    width: usize,
    status: Arc<Mutex<Status>>,
    stop: Arc<AtomicBool>,
    ticker: Option<JoinHandle<()>>,
}

impl Progress {
    /// A status line when stderr is a terminal (and `TERM` is not `dumb`),
    /// plain lines otherwise.
    pub fn stderr() -> Self {
        let tty = std::io::stderr().is_terminal() && std::env::var("TERM").map_or(true, |t| t != "dumb");
        Self::new(tty)
    }

    pub fn new(tty: bool) -> Self {
        let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(80usize);
        let status = Arc::new(Mutex::new(Status::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let ticker = tty.then(|| {
            let (status, stop) = (Arc::clone(&status), Arc::clone(&stop));
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    if let Ok(mut s) = status.lock() {
                        s.frame += 1;
                        draw(&s, width);
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            })
        });
        Self { tty, width, status, stop, ticker }
    }

    /// Start a phase: `building shop:1.0`.
    pub fn start(&self, phase: &str) {
        let mut s = self.lock();
        *s = Status {
            phase: phase.to_string(),
            detail: String::new(),
            started: Some(Instant::now()),
            frame: 0,
        };
        if self.tty {
            draw(&s, self.width);
        } else {
            eprintln!("{phase} ...");
        }
    }

    /// What the phase is doing now (the container's state): on the status
    /// line, or a plain line when it changes.
    pub fn detail(&self, detail: &str) {
        self.set_detail(detail, true);
    }

    /// Like [`Progress::detail`], but only on a terminal's status line: for
    /// details the log lines already show (the engine's build steps).
    pub fn status(&self, detail: &str) {
        self.set_detail(detail, false);
    }

    fn set_detail(&self, detail: &str, plain_too: bool) {
        let mut s = self.lock();
        if s.detail == detail {
            return;
        }
        s.detail = detail.to_string();
        if self.tty {
            draw(&s, self.width);
        } else if plain_too && s.started.is_some() {
            eprintln!("  {} ({})", detail, elapsed(&s));
        }
    }

    /// A line of output (an engine's log), above the status line.
    pub fn line(&self, text: &str) {
        let s = self.lock();
        if self.tty {
            eprint!("\r\x1b[2K{text}\n");
            draw(&s, self.width);
        } else {
            eprintln!("{text}");
        }
    }

    /// End the phase with a final line (`✓ built shop:1.0 in 12.3s`).
    pub fn finish(&self, text: &str) {
        let mut s = self.lock();
        s.started = None;
        if self.tty {
            eprint!("\r\x1b[2K");
        }
        eprintln!("{text}");
    }

    /// Remove the status line without a message (before an error).
    pub fn clear(&self) {
        let mut s = self.lock();
        s.started = None;
        if self.tty {
            eprint!("\r\x1b[2K");
            let _ = std::io::stderr().flush();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Status> {
        self.status.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(ticker) = self.ticker.take() {
            let _ = ticker.join();
        }
        self.clear();
    }
}

fn elapsed(s: &Status) -> String {
    s.started.map_or_else(String::new, |t| format!("{:.0}s", t.elapsed().as_secs_f64().floor()))
}

/// Redraw the status line, cut to the terminal's width so that it never
/// wraps (a wrapped line cannot be redrawn in place).
fn draw(s: &Status, width: usize) {
    if s.started.is_none() {
        return;
    }
    let frame = FRAMES[s.frame % FRAMES.len()];
    let mut text = format!("{frame} {} {}", s.phase, elapsed(s));
    if !s.detail.is_empty() {
        text.push_str("  ");
        text.push_str(&s.detail);
    }
    let cut: String = text.chars().take(width.saturating_sub(1)).collect();
    eprint!("\r\x1b[2K{cut}");
    let _ = std::io::stderr().flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elapsed_is_empty_without_a_phase() {
        assert_eq!(elapsed(&Status::default()), "");
    }
}
