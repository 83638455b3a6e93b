//! What this build is: the package version (the one number Cargo.toml,
//! the Python wheel and the generated files' header share) and a digest of
//! the templates built into the binary, so that two builds of the same
//! version with different templates can be told apart.
//!
//! The digest covers [`crate::render::BUILTIN`] (names and contents, in
//! order), not the knowledge bases in `data/` nor a `--templates` folder.

use std::sync::LazyLock;

/// The package version, from Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// `0.1.0 (templates 3f2a9c0d11e4)`: what `containerize --version` prints
/// after the program's name.
pub fn text() -> &'static str {
    static TEXT: LazyLock<String> = LazyLock::new(|| format!("{VERSION} (templates {})", templates_digest()));
    &TEXT
}

/// Twelve hex digits of a digest of the built-in templates: the same for
/// the same templates on every machine and every run.
pub fn templates_digest() -> String {
    let mut all = String::new();
    for (name, text) in crate::render::BUILTIN {
        // The separators keep ("a", "bc") and ("ab", "c") apart.
        all.push_str(name);
        all.push('\0');
        all.push_str(text);
        all.push('\0');
    }
    crate::output::digest(&all)[..12].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_names_the_package_and_the_templates() {
        let digest = templates_digest();
        assert_eq!(digest.len(), 12);
        assert!(digest.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(digest, templates_digest(), "deterministic");
        assert_eq!(text(), format!("{VERSION} (templates {digest})"));
    }
}
