//! Property tests: arbitrary strings through every sink, read back the way
//! the sink's consumer reads them. The readers here are models checked
//! against the real ones elsewhere: `shlex` (POSIX word splitting), our
//! `.dockerignore` matcher, a JSON decoder; `tests/it/sinks.rs` runs the
//! same values through `sh`, Python's `ast` and BuildKit.

use super::{dockerfile, github, ignore, python, terminal};
use crate::dockerignore::Matcher;
use crate::shell::{Word, exec_line, split};
use proptest::prelude::*;

/// BuildKit's reading of a double-quoted word: `\` takes the next
/// character literally.
fn unquote_like_buildkit(quoted: &str) -> Option<String> {
    let inner = quoted.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(chars.next()?),
            '"' | '$' => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

fn github_unescape(text: &str) -> String {
    text.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
}

proptest! {
    #[test]
    fn a_literal_shell_word_is_one_word_with_its_value(value in "[^\0]*") {
        let word = Word::literal(value.clone());
        prop_assert_eq!(shlex::split(&word.quoted()), Some(vec![value.clone()]));
        prop_assert_eq!(split(&word.quoted()), Some(vec![word.clone()]));
        // The tool's own words expand nothing but its own variables.
        if !value.contains("$PORT") && !value.contains("${PORT}") && !value.contains("WEB_CONCURRENCY") {
            prop_assert_eq!(Word::ours(value.clone()).quoted(), word.quoted());
        }
    }

    #[test]
    fn an_exec_line_splits_into_its_words(values in prop::collection::vec("[^\0]*", 1..6)) {
        let words: Vec<Word> = values.iter().map(|v| Word::literal(v.clone())).collect();
        let line = exec_line(&[], &words).pop().unwrap();
        let mut expected = vec!["exec".to_string()];
        expected.extend(values);
        prop_assert_eq!(shlex::split(&line), Some(expected));
    }

    #[test]
    fn an_env_value_is_one_double_quoted_word(value in any::<String>()) {
        let quoted = dockerfile::quoted(&value);
        prop_assert_eq!(unquote_like_buildkit(&quoted), Some(value));
    }

    #[test]
    fn exec_form_arrays_are_json_arrays(values in prop::collection::vec(any::<String>(), 0..6)) {
        let array = dockerfile::json_array(&values);
        prop_assert!(!array.contains('\n'));
        prop_assert_eq!(serde_json::from_str::<Vec<String>>(&array).unwrap(), values);
    }

    #[test]
    fn a_dockerignore_literal_matches_its_path_only(path in "[^\0-\x1f\x7f/]{1,12}(/[^\0-\x1f\x7f/]{1,12}){0,2}") {
        match ignore::Literal::new(&path) {
            Ok(line) => {
                let line = line.as_str();
                prop_assert!(!line.contains('\n') && !line.starts_with('!') && !line.starts_with('#'));
                prop_assert_eq!(line.trim(), line);
                let matcher = Matcher::parse(&format!("{line}\n"));
                prop_assert!(matcher.is_excluded(&path), "{} does not exclude {}", line, path);
                let sibling = format!("{path}x");
                prop_assert!(!matcher.is_excluded(&sibling), "{} also excludes {}", line, sibling);
                let kept = Matcher::parse(&format!("**\n!{line}\n"));
                prop_assert!(!kept.is_excluded(&path));
            }
            Err(_) => prop_assert!(path.trim() != path || path.chars().any(char::is_control)),
        }
    }

    #[test]
    fn a_python_literal_is_json_of_the_value(value in any::<String>()) {
        let literal = python::string(&value);
        prop_assert!(!literal.contains('\n') && !literal.contains('\r'));
        prop_assert_eq!(serde_json::from_str::<String>(&literal).unwrap(), value);
    }

    #[test]
    fn terminal_text_obeys_nothing(text in any::<String>()) {
        let shown = terminal::clean(&text);
        prop_assert!(shown.chars().all(|c| !c.is_control() || c == '\n' || c == '\t'));
        if text.chars().all(|c| !c.is_control() || c == '\n' || c == '\t') {
            prop_assert_eq!(shown.as_ref(), text.as_str());
        }
        prop_assert!(!terminal::one_line(&text).contains('\n'));
    }

    #[test]
    fn a_workflow_property_cannot_end_early(text in any::<String>()) {
        let escaped = github::property(&text);
        prop_assert!(!escaped.contains([',', ':', '\n', '\r']));
        prop_assert_eq!(github_unescape(&escaped), text.clone());
        let message = github::data(&text);
        prop_assert!(!message.contains(['\n', '\r']));
        prop_assert_eq!(github_unescape(&message), text);
    }
}
