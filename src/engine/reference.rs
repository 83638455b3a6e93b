//! Image references: the default tag made from the project's name and
//! version, and validation of a `--tag` the user typed.
//!
//! The grammar is Docker's (distribution/reference): an optional registry
//! host (with a port), `/`-separated lowercase path components, an optional
//! `:tag` of at most 128 word characters, dots and dashes. Digests
//! (`@sha256:…`) are refused: a build produces an image, it cannot choose
//! its digest.

use anyhow::{Result, bail};

/// Longest tag Docker accepts.
const MAX_TAG: usize = 128;

/// A valid repository name from a project name: lowercase, `[a-z0-9._-]`,
/// starting and ending with a letter or digit (`My_App` → `my_app`,
/// `Café Shop` → `caf-shop`).
pub fn image_name(name: &str) -> String {
    let mapped: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '-' })
        .collect();
    // A run of separators is valid as `.`, `_`, `__` or dashes only.
    let mut out = String::new();
    let mut run = String::new();
    for c in mapped.chars().chain(std::iter::once('a')) {
        if matches!(c, '.' | '_' | '-') {
            run.push(c);
            continue;
        }
        if !run.is_empty() {
            let valid = matches!(run.as_str(), "." | "_" | "__") || run.chars().all(|r| r == '-');
            out.push_str(if valid { &run } else { &run[..1] });
            run.clear();
        }
        out.push(c);
    }
    out.pop();
    let out = out.trim_matches(|c: char| !c.is_ascii_alphanumeric()).to_string();
    if out.is_empty() { "app".to_string() } else { out }
}

/// A valid tag from a version: `1.2.0+local` → `1.2.0-local`.
pub fn tag_from_version(version: &str) -> Option<String> {
    let mut tag: String = version
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '-' })
        .collect();
    tag = tag.trim_start_matches(['.', '-']).chars().take(MAX_TAG).collect();
    (!tag.is_empty()).then_some(tag)
}

/// `name:version` for the project, or `name:latest` without a version.
pub fn default_tag(name: &str, version: Option<&str>) -> String {
    let tag = version.and_then(tag_from_version).unwrap_or_else(|| "latest".to_string());
    format!("{}:{tag}", image_name(name))
}

/// Check a `--tag` value against Docker's reference grammar.
pub fn validate(reference: &str) -> Result<()> {
    let problem = match check(reference) {
        Ok(()) => return Ok(()),
        Err(problem) => problem,
    };
    let suggestion = suggest(reference);
    let hint = match suggestion {
        Some(s) if s != reference => format!("; did you mean `{s}`?"),
        _ => String::new(),
    };
    bail!("--tag `{reference}` is not a valid image reference: {problem}{hint}")
}

fn check(reference: &str) -> std::result::Result<(), &'static str> {
    if reference.contains('@') {
        return Err("a digest cannot be chosen at build time; name a tag instead");
    }
    let (path, tag) = split_tag(reference);
    if let Some(tag) = tag {
        let mut chars = tag.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        if !first_ok || tag.len() > MAX_TAG || !chars.all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        {
            return Err("a tag is 1 to 128 letters, digits, `_`, `.` or `-`, not starting with `.` or `-`");
        }
    }
    let mut components: Vec<&str> = path.split('/').collect();
    if components.len() > 1 && is_registry(components[0]) {
        components.remove(0);
    }
    for component in components {
        if !valid_component(component) {
            return Err("names are lowercase letters and digits, separated by `.`, `_`, `__` or `-`");
        }
    }
    Ok(())
}

/// `registry:5000/app:1` → (`registry:5000/app`, `1`): the tag follows the
/// last `:` that comes after the last `/`.
fn split_tag(reference: &str) -> (&str, Option<&str>) {
    let last_slash = reference.rfind('/').map_or(0, |i| i + 1);
    match reference[last_slash..].rfind(':') {
        Some(i) => (&reference[..last_slash + i], Some(&reference[last_slash + i + 1..])),
        None => (reference, None),
    }
}

/// The first component is a registry host when it has a `.` or a `:`, or
/// is `localhost` (Docker's rule).
fn is_registry(component: &str) -> bool {
    component.contains(['.', ':']) || component == "localhost"
}

fn valid_component(component: &str) -> bool {
    if component.is_empty() || !component.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        return false;
    }
    if !component.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        return false;
    }
    let bytes = component.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i] as char;
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            i += 1;
            continue;
        }
        let run = bytes[i..].iter().take_while(|b| matches!(b, b'.' | b'_' | b'-')).count();
        let sep = &component[i..i + run];
        let ok = matches!(sep, "." | "_" | "__") || sep.chars().all(|c| c == '-');
        if !ok {
            return false;
        }
        i += run;
    }
    true
}

/// A corrected reference: lowercase names, a cleaned-up tag.
fn suggest(reference: &str) -> Option<String> {
    let (path, tag) = split_tag(reference.split('@').next()?);
    let mut components: Vec<String> = path.split('/').map(str::to_string).collect();
    let skip = usize::from(components.len() > 1 && is_registry(&components[0]));
    for component in components.iter_mut().skip(skip) {
        *component = image_name(component);
    }
    let mut out = components.join("/");
    if let Some(tag) = tag.and_then(tag_from_version) {
        out = format!("{out}:{tag}");
    }
    check(&out).is_ok().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_tags_are_valid_references() {
        assert_eq!(default_tag("Flask_App", Some("1.2.0")), "flask_app:1.2.0");
        assert_eq!(default_tag("flask-app", None), "flask-app:latest");
        assert_eq!(default_tag("My Shop!", Some("2.0+Local.1")), "my-shop:2.0-local.1");
        assert_eq!(default_tag("--", Some("..")), "app:latest");
        assert_eq!(image_name("a..b__c_-d___e"), "a.b__c_d_e");
        for (name, version) in [("Über App", Some("1!2.0")), ("x", Some("v1")), ("._a._", None)] {
            let tag = default_tag(name, version);
            assert!(check(&tag).is_ok(), "{tag}");
        }
    }

    #[test]
    fn references_follow_dockers_grammar() {
        for good in [
            "app",
            "app:1.0",
            "team/app:v1_2-3",
            "registry.local:5000/team/app:1",
            "localhost/app",
            "a__b/c-d--e:x",
        ] {
            assert!(validate(good).is_ok(), "{good}");
        }
        for bad in ["App:1", "app:-1", "app:", "/app", "app/", "a..b", "app@sha256:abc", "app:1+x"] {
            assert!(validate(bad).is_err(), "{bad}");
        }
        let err = validate("My_App:1.0+local").unwrap_err().to_string();
        assert!(err.contains("did you mean `my_app:1.0-local`?"), "{err}");
    }
}
