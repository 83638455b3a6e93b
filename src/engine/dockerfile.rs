//! Just enough Dockerfile reading for the engine: the instructions with
//! their line numbers, which of them need BuildKit, and which one a build
//! step printed by the engine refers to.
//!
//! Not a full parser: no `# escape=` directive (the backslash is assumed),
//! and heredoc bodies are seen as instructions of their own.

use crate::engine::features::Feature;

/// An instruction with its continuation lines joined and whitespace
/// collapsed, and the line it starts on (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    pub line: u32,
    pub text: String,
}

pub fn instructions(dockerfile: &str) -> Vec<Instruction> {
    let mut out = Vec::new();
    let mut current: Option<(u32, String)> = None;
    for (index, raw) in dockerfile.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with('#') || (line.is_empty() && current.is_none()) {
            continue;
        }
        let (body, continues) = match line.strip_suffix('\\') {
            Some(body) => (body, true),
            None => (line, false),
        };
        let entry = current.get_or_insert_with(|| (index as u32 + 1, String::new()));
        entry.1.push(' ');
        entry.1.push_str(body);
        if !continues {
            let (start, text) = current.take().unwrap_or_default();
            out.push(Instruction { line: start, text: collapse(&text) });
        }
    }
    if let Some((start, text)) = current {
        out.push(Instruction { line: start, text: collapse(&text) });
    }
    out
}

/// Single spaces between words.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Flags only BuildKit understands, by instruction.
const BUILDKIT_FLAGS: &[(&str, &[&str])] = &[
    ("RUN", &["--mount", "--network", "--security"]),
    ("COPY", &["--link", "--chmod", "--parents", "--exclude"]),
    ("ADD", &["--link", "--chmod", "--checksum", "--keep-git-dir", "--exclude"]),
];

/// The BuildKit-only features a Dockerfile uses, as `RUN --mount
/// (Dockerfile:23)`, once per feature (first use).
pub fn buildkit_features(dockerfile: &str) -> Vec<String> {
    let mut found: Vec<(String, u32)> = Vec::new();
    for instruction in instructions(dockerfile) {
        let mut words = instruction.text.split(' ');
        let keyword = words.next().unwrap_or_default().to_ascii_uppercase();
        let Some((_, flags)) = BUILDKIT_FLAGS.iter().find(|(k, _)| *k == keyword) else { continue };
        for word in words.take_while(|w| w.starts_with("--")) {
            let flag = word.split('=').next().unwrap_or(word);
            let feature = format!("{keyword} {flag}");
            if flags.contains(&flag) && !found.iter().any(|(f, _)| *f == feature) {
                found.push((feature, instruction.line));
            }
        }
        if instruction.text.contains("<<") && keyword == "RUN" && !found.iter().any(|(f, _)| f == "heredoc") {
            found.push(("heredoc".into(), instruction.line));
        }
    }
    found.into_iter().map(|(feature, line)| format!("{feature} (Dockerfile:{line})")).collect()
}

/// The features newer than Engine 20.10 a Dockerfile uses, each with the
/// line of its first use: `HEALTHCHECK --start-interval`, `COPY --link`
/// (or `ADD --link`), a `RUN` heredoc.
pub fn newer_features(dockerfile: &str) -> Vec<(Feature, u32)> {
    let mut found: Vec<(Feature, u32)> = Vec::new();
    for instruction in instructions(dockerfile) {
        let mut words = instruction.text.split(' ');
        let keyword = words.next().unwrap_or_default().to_ascii_uppercase();
        let flags: Vec<&str> =
            words.take_while(|w| w.starts_with("--")).map(|w| w.split('=').next().unwrap_or(w)).collect();
        let feature = match keyword.as_str() {
            "HEALTHCHECK" if flags.contains(&"--start-interval") => Some(Feature::StartInterval),
            "COPY" | "ADD" if flags.contains(&"--link") => Some(Feature::CopyLink),
            "RUN" if instruction.text.contains("<<") => Some(Feature::Heredoc),
            _ => None,
        };
        if let Some(feature) = feature.filter(|f| !found.iter().any(|(g, _)| g == f)) {
            found.push((feature, instruction.line));
        }
    }
    found
}

/// The line of the instruction a build step names: BuildKit prints
/// `[builder 4/4] RUN pip install …` (possibly cut short), the legacy
/// builder and podman `RUN pip install …` after `Step 4/9 :`.
pub fn line_of_step(dockerfile: &str, step: &str) -> Option<u32> {
    let step = match step.trim().strip_prefix('[') {
        Some(rest) => rest.split_once("] ").map_or(rest, |(_, text)| text),
        None => step.trim(),
    };
    let step = collapse(step);
    let key: String = step.chars().take(60).collect();
    if key.len() < 4 {
        return None;
    }
    let matches: Vec<Instruction> = instructions(dockerfile)
        .into_iter()
        .filter(|i| i.text.starts_with(&key) || key.starts_with(&i.text))
        .collect();
    match matches.as_slice() {
        [one] => Some(one.line),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# comment\nARG V=1\n\nFROM x AS builder\nRUN --mount=type=cache,target=/c \\\n    pip install  -r r.txt\nCOPY --chmod=644 a b\nRUN echo hi\n";

    #[test]
    fn joins_continuations_and_keeps_start_lines() {
        let lines: Vec<_> = instructions(FILE).into_iter().map(|i| (i.line, i.text)).collect();
        assert_eq!(lines[2], (5, "RUN --mount=type=cache,target=/c pip install -r r.txt".to_string()));
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn finds_buildkit_features() {
        assert_eq!(buildkit_features(FILE), ["RUN --mount (Dockerfile:5)", "COPY --chmod (Dockerfile:7)"]);
        assert!(buildkit_features("FROM x\nRUN pip install --no-cache-dir -r r.txt\n").is_empty());
    }

    #[test]
    fn finds_features_newer_than_engine_20_10() {
        let file = "FROM x\nCOPY --link --from=b /a /a\nCOPY --link . .\nHEALTHCHECK --interval=30s \\\n  --start-interval=1s CMD [\"true\"]\n";
        assert_eq!(newer_features(file), [(Feature::CopyLink, 2), (Feature::StartInterval, 4)]);
        assert!(newer_features(FILE).is_empty());
        assert_eq!(newer_features("FROM x\nRUN <<EOF\necho\nEOF\n"), [(Feature::Heredoc, 2)]);
    }

    #[test]
    fn maps_steps_to_lines() {
        assert_eq!(
            line_of_step(FILE, "[builder 2/3] RUN --mount=type=cache,target=/c     pip install -r r.txt"),
            Some(5)
        );
        assert_eq!(line_of_step(FILE, "RUN echo hi"), Some(8));
        assert_eq!(line_of_step(FILE, "RUN something else"), None);
    }
}
