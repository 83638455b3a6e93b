//! pip's line layer: continuations, comments, options and `${VAR}`
//! references, before any text reaches the PEP 508 parser.

/// pip's preprocessing: join `\` continuations (a comment line never
/// continues), drop comments (`#` at the start or after whitespace) and
/// blank lines. Yields the first physical line number of each logical line.
pub(super) fn logical_lines(text: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut pending: Option<(u32, String)> = None;
    for (index, raw) in python_lines(text).enumerate() {
        let number = index as u32 + 1;
        let is_comment = raw.trim_start().starts_with('#');
        let (start, mut joined) = pending.take().unwrap_or((number, String::new()));
        if let Some(head) = raw.strip_suffix('\\').filter(|_| !is_comment) {
            joined.push_str(head);
            pending = Some((start, joined));
            continue;
        }
        joined.push_str(raw);
        let stripped = strip_comment(&joined).trim().to_string();
        if !stripped.is_empty() {
            out.push((start, stripped));
        }
    }
    if let Some((start, joined)) = pending {
        let stripped = strip_comment(&joined).trim().to_string();
        if !stripped.is_empty() {
            out.push((start, stripped));
        }
    }
    out
}

/// Lines as Python's `str.splitlines()` cuts them, which is how pip reads
/// a requirements file: `\r\n`, `\n` and a lone `\r` end a line, and so do
/// the rarer separators Python knows (`\v`, `\f`, `\x1c`–`\x1e`, `\x85`,
/// U+2028, U+2029).
fn python_lines(text: &str) -> impl Iterator<Item = &str> {
    let ends = |c: char| {
        matches!(
            c,
            '\n' | '\r' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}'
        )
    };
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let Some(at) = rest.find(ends) else {
            return Some(std::mem::take(&mut rest));
        };
        let line = &rest[..at];
        let width = if rest[at..].starts_with("\r\n") {
            2
        } else {
            rest[at..].chars().next().map_or(1, char::len_utf8)
        };
        rest = &rest[at + width..];
        Some(line)
    })
}

/// Cut a `#` comment that starts the line or follows whitespace.
pub(super) fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()) {
            return &line[..i];
        }
    }
    line
}

/// `-r file`, `-rfile`, `--requirement=file`, `--requirement file`.
pub(super) fn split_option(line: &str) -> (&str, Option<&str>) {
    let (head, rest) = match line.split_once(|c: char| c.is_ascii_whitespace()) {
        Some((head, rest)) => (head, Some(rest.trim())),
        None => (line, None),
    };
    if let Some((name, value)) = head.split_once('=').filter(|_| head.starts_with("--")) {
        return (name, Some(value.trim()));
    }
    // `-rfile`: a short option is `-` and one ASCII letter (`-ُ…` is not).
    if !head.starts_with("--")
        && head.len() > 2
        && let (Some(short), Some(value)) = (head.get(..2), head.get(2..))
    {
        return (short, Some(value.trim()));
    }
    (head, rest.filter(|r| !r.is_empty()))
}

/// `pkg==1 --hash=sha256:… --hash …` → (`pkg==1`, [`--hash=…`, …]).
pub(super) fn split_options(line: &str) -> (&str, Vec<&str>) {
    let bytes = line.as_bytes();
    for i in 1..bytes.len() {
        if bytes[i] == b'-' && bytes[i - 1].is_ascii_whitespace() && line[i..].starts_with("--") {
            let options = line[i..].split_whitespace().collect();
            return (line[..i].trim(), options);
        }
    }
    (line, Vec::new())
}

/// Names referenced as `${NAME}` (pip's syntax: capitals, digits, `_`).
pub(super) fn env_var_names(line: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        if !name.is_empty() && name.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        {
            names.push(name.to_string());
        }
        rest = &after[end..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_where_python_ends_them() {
        let lines: Vec<&str> = python_lines("flask\rrequests\r\ngunicorn\n\x0cuvicorn\u{2028}x").collect();
        assert_eq!(lines, ["flask", "requests", "gunicorn", "", "uvicorn", "x"]);
        let numbered = logical_lines("flask\rrequests\r");
        assert_eq!(numbered, [(1, "flask".to_string()), (2, "requests".to_string())]);
    }
}
