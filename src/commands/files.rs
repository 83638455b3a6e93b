//! The files a command renders, and what writing them did: shared by
//! `init`, `build` and `check`, so none of them imports another.

use crate::output::{self, FileOut, Outcome};
use crate::plan::Plan;
use crate::render;
use crate::settings::Settings;
use anyhow::Result;

/// The Dockerfile and .dockerignore as they would be written, headers
/// included.
pub(super) fn render(plan: &Plan, settings: &Settings) -> Result<[FileOut; 2]> {
    let options = render::Options::from_settings(settings);
    let rendered = render::render(plan, &options)?;
    Ok([
        FileOut { name: "Dockerfile", content: output::with_header(&rendered.dockerfile) },
        FileOut { name: ".dockerignore", content: output::with_header(&rendered.dockerignore) },
    ])
}

/// `wrote Dockerfile, .dockerignore` / `unchanged …` / `kept … as …`.
pub(super) fn describe(outcomes: &[(&str, Outcome)]) -> String {
    let names = |want: fn(&Outcome) -> bool| -> Vec<&str> {
        outcomes.iter().filter(|(_, o)| want(o)).map(|(n, _)| *n).collect()
    };
    let mut parts = Vec::new();
    let written = names(|o| !matches!(o, Outcome::Unchanged));
    if !written.is_empty() {
        parts.push(format!("wrote {}", written.join(", ")));
    }
    let unchanged = names(|o| matches!(o, Outcome::Unchanged));
    if !unchanged.is_empty() {
        parts.push(format!("unchanged {}", unchanged.join(", ")));
    }
    for (name, outcome) in outcomes {
        if let Outcome::Replaced { backup } = outcome {
            parts.push(format!("your {name} is kept as {backup}"));
        }
    }
    parts.join("; ")
}
