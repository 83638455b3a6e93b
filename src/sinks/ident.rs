//! Words that must be identifiers: environment variable names, Python
//! module paths and package names. They are checked where they are read,
//! so that a name that is not one is a located error, not a word spliced
//! into a `RUN` line or a start command.

/// A POSIX shell variable name: `[A-Za-z_][A-Za-z0-9_]*`.
pub fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A dotted Python module path (`mysite.asgi`), each part an identifier.
pub fn is_module_path(path: &str) -> bool {
    !path.is_empty()
        && path.split('.').all(|part| {
            let mut chars = part.chars();
            chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
                && chars.all(|c| c.is_alphanumeric() || c == '_')
        })
}

/// A distribution name as PEP 508 allows it: letters, digits, `.`, `_`
/// and `-`, starting and ending with a letter or digit.
pub fn is_package_name(name: &str) -> bool {
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    edge(name.chars().next())
        && edge(name.chars().last())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert!(is_env_name("DJANGO_SECRET_KEY") && is_env_name("_X1"));
        assert!(!is_env_name("K; id > /tmp/p; X") && !is_env_name("1X") && !is_env_name(""));
        assert!(is_module_path("mysite.asgi") && is_module_path("café"));
        assert!(!is_module_path("mysite.asgi:app$(id)") && !is_module_path("a..b"));
        assert!(is_package_name("api") && is_package_name("my.pkg-2"));
        assert!(!is_package_name("api; id > /tmp/pwned-uv; echo") && !is_package_name("-x"));
    }
}
