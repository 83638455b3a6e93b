//! Docker's `.dockerignore` matching, to check a rendered file against the
//! files the build needs.
//!
//! Docker's rules (moby/patternmatcher), not git's: patterns are rooted at
//! the context (`*.pyc` matches only at the top; `**/*.pyc` anywhere), `!`
//! re-includes, the last matching line wins, and a pattern that matches a
//! folder excludes everything under it.

use globset::{GlobBuilder, GlobMatcher};

pub struct Matcher {
    rules: Vec<(GlobMatcher, bool)>,
}

impl Matcher {
    /// Parse `.dockerignore` text. Lines that are not valid globs are
    /// ignored here (Docker would reject the file; our templates are tested).
    pub fn parse(text: &str) -> Self {
        let rules = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|line| {
                let (negated, pattern) = match line.strip_prefix('!') {
                    Some(rest) => (true, rest.trim()),
                    None => (false, line),
                };
                let pattern = pattern.trim_start_matches('/').trim_end_matches('/');
                let glob =
                    GlobBuilder::new(pattern).literal_separator(true).backslash_escape(true).build().ok()?;
                Some((glob.compile_matcher(), negated))
            })
            .collect();
        Self { rules }
    }

    /// Whether `path` (context-relative, `/`-separated) is left out of the
    /// build context.
    pub fn is_excluded(&self, path: &str) -> bool {
        let mut prefixes = Vec::new();
        let mut end = 0;
        for (i, c) in path.char_indices() {
            if c == '/' {
                prefixes.push(&path[..i]);
            }
            end = i + c.len_utf8();
        }
        prefixes.push(&path[..end]);
        let mut excluded = false;
        for (glob, negated) in &self.rules {
            if prefixes.iter().any(|p| glob.is_match(p)) {
                excluded = !negated;
            }
        }
        excluded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_rules_not_git_rules() {
        let m = Matcher::parse("# c\n*.pyc\n**/__pycache__\nbuild\n**/.env.*\n!build/keep.txt\n");
        assert!(m.is_excluded("a.pyc"));
        assert!(!m.is_excluded("pkg/a.pyc"), "rooted like Docker, unlike git");
        assert!(m.is_excluded("pkg/__pycache__/a.cpython-313.pyc"));
        assert!(m.is_excluded("build/lib/x.py"));
        assert!(!m.is_excluded("build/keep.txt"));
        assert!(m.is_excluded("config/.env.production"));
        assert!(!m.is_excluded("app.py"));
    }
}
