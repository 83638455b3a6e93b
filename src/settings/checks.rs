//! One check per setting: each takes what a flag or the configuration
//! said and returns the value the plan may use, or why not (the caller adds
//! the flag name, or the file and line).

use crate::manager::Manager;
use crate::python_minor::PythonMinor;
use std::path::{Path, PathBuf};

/// `gunicorn app:app --workers 4` → words, as a shell splits them (and
/// expands what the line leaves unquoted).
pub(super) fn split_command(text: &str) -> std::result::Result<Vec<crate::shell::Word>, String> {
    match crate::shell::split(text) {
        Some(words) if !words[0].trim().is_empty() => Ok(words),
        _ => Err(format!("`{text}` is not a command (empty, or unbalanced quotes)")),
    }
}

/// `3.12`. Patch versions are refused: images are chosen by minor.
pub(super) fn parse_python(text: &str) -> std::result::Result<PythonMinor, String> {
    text.parse()
}

pub(super) fn check_port(port: u16) -> std::result::Result<u16, String> {
    if port == 0 { Err("must be between 1 and 65535".into()) } else { Ok(port) }
}

pub(super) fn parse_manager(name: &str) -> std::result::Result<Manager, String> {
    Manager::parse(name).ok_or_else(|| {
        let known: Vec<_> = Manager::ALL.iter().map(|m| m.name()).collect();
        format!("`{name}` is not one of {}", known.join(", "))
    })
}

/// A base image must be pinned to a tag or digest, never `latest`.
pub(super) fn check_image(image: &str) -> std::result::Result<String, String> {
    // The reference grammar's characters only: a `$` would be expanded
    // by the builder (`${EVIL}python:3.12`), a quote would end the line.
    let reference = |c: char| c.is_ascii_alphanumeric() || "._-/:@".contains(c);
    if image.is_empty() || !image.chars().all(reference) {
        return Err(format!("`{image}` is not an image reference"));
    }
    let name = image.rsplit('/').next().unwrap_or(image);
    let pinned = image.contains('@') || name.contains(':');
    if !pinned || name.ends_with(":latest") {
        return Err(format!("`{image}` must name a version tag or digest (`latest` changes under you)"));
    }
    Ok(image.to_string())
}

/// A folder the configuration names must be inside the project (a
/// repository's configuration never makes containerize read elsewhere).
pub(super) fn inside(root: &Path, rel: &str) -> std::result::Result<PathBuf, String> {
    let outside = || format!("`{rel}` leads outside the project; configured paths stay inside it");
    let normal = crate::detect::requirements::normalize_path(rel)
        .filter(|_| !rel.starts_with('/'))
        .ok_or_else(outside)?;
    let path = root.join(normal);
    match path.canonicalize() {
        Ok(real) if !real.starts_with(root) => Err(outside()),
        _ => Ok(path),
    }
}

pub(super) fn check_path(path: &str) -> std::result::Result<String, String> {
    let plain = path.starts_with('/')
        && !path.contains(|c: char| c.is_whitespace() || c.is_control())
        && !path.contains(['"', '\\']);
    if plain { Ok(path.to_string()) } else { Err(format!("`{path}` must be a URL path such as `/healthz`")) }
}

/// The image's own accounts: `root` would run the app as root under
/// another name's group, and the others belong to the base image.
const TAKEN: &[&str] = &[
    "root", "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "uucp", "proxy",
    "www-data", "backup", "list", "irc", "nobody", "_apt",
];

pub(super) fn check_user(user: &str) -> std::result::Result<String, String> {
    let valid = !user.is_empty()
        && user.len() <= 32
        && user.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && user.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if TAKEN.contains(&user) {
        return Err(format!(
            "`{user}` is an account the base image already has; name the app's own user (`app`)"
        ));
    }
    if valid { Ok(user.to_string()) } else { Err(format!("`{user}` is not a valid user name")) }
}

pub(super) fn check_uid(uid: u32) -> std::result::Result<u32, String> {
    // 0 is root; system ranges below 1000 may collide with the image's users.
    if (1000..=2_147_483_647).contains(&uid) {
        Ok(uid)
    } else {
        Err(format!("`{uid}` must be between 1000 and 2147483647 (never root)"))
    }
}

/// A check of a list key's words, returning the words it accepts.
pub(super) type ListCheck = fn(&[String]) -> std::result::Result<Vec<String>, String>;

pub(super) fn check_words(words: &[String]) -> std::result::Result<Vec<String>, String> {
    match words.iter().find(|w| w.is_empty() || w.contains(char::is_whitespace)) {
        Some(bad) => Err(format!("has `{bad}`, which is not one word")),
        None => Ok(words.to_vec()),
    }
}

/// `ignore` adds exclusions only: a `!` line would re-include after the
/// generated secret exclusions (`!.env`, `!.git`), so files to keep go in
/// `keep`, which never keeps a secret-looking file.
pub(super) fn check_ignore(patterns: &[String]) -> std::result::Result<Vec<String>, String> {
    let patterns = check_words(patterns)?;
    match patterns.iter().find(|p| p.starts_with('!')) {
        Some(bad) => Err(format!(
            "has `{bad}`: a `!` pattern would re-include files after the generated exclusions \
             (secrets and version control among them); name files to keep in `keep` instead"
        )),
        None => Ok(patterns),
    }
}

pub(super) fn check_debian_packages(names: &[String]) -> std::result::Result<Vec<String>, String> {
    match names.iter().find(|n| !crate::data::native::valid_debian_package(n)) {
        Some(bad) => Err(format!(
            "has `{bad}`, which is not a Debian package name (lowercase letters, digits, `+`, `-`, `.`; \
             optionally `=version`)"
        )),
        None => Ok(names.to_vec()),
    }
}

/// Values whose shape gives them away as credentials whatever the variable
/// is called: the prefixes the issuers put on their tokens so that secret
/// scanners find them (GitHub, GitLab, AWS, Slack, Stripe, OpenAI, npm,
/// PyPI), and a PEM private key.
fn is_credential_shaped(value: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "ghp_",
        "gho_",
        "ghu_",
        "ghs_",
        "ghr_",
        "github_pat_",
        "glpat-",
        "AKIA",
        "ASIA",
        "xoxb-",
        "xoxp-",
        "xoxa-",
        "xoxs-",
        "sk_live_",
        "rk_live_",
        "sk-",
        "npm_",
        "pypi-",
    ];
    let value = value.trim();
    let token_like = value.len() >= 16 && !value.contains(char::is_whitespace);
    (token_like && PREFIXES.iter().any(|p| value.starts_with(p))) || value.contains("PRIVATE KEY-----")
}

/// Names that look like secrets never become `ENV`: they would be baked
/// into every layer and `docker inspect` output.
pub(super) fn check_env(
    env: &std::collections::BTreeMap<String, String>,
) -> std::result::Result<Vec<(String, String)>, String> {
    const SECRET: &[&str] =
        &["SECRET", "PASSWORD", "PASSWD", "TOKEN", "API_KEY", "PRIVATE_KEY", "CREDENTIAL"];
    for name in env.keys() {
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("has `{name}`, which is not a variable name"));
        }
        let upper = name.to_ascii_uppercase();
        if SECRET.iter().any(|s| upper.contains(s)) {
            return Err(format!(
                "has `{name}`, which looks like a secret: pass it at run time (docker run -e {name}=…), never in the image"
            ));
        }
    }
    // An ENV value is one line of the Dockerfile: a newline would start an
    // instruction of its own (a `RUN` as root at build time).
    if let Some((name, _)) = env.iter().find(|(_, v)| v.chars().any(char::is_control)) {
        return Err(format!(
            "has `{name}` with a control character (a newline, a tab…) in its value; an ENV value is one line"
        ));
    }
    // A URL with a password in it (`postgres://u:hunter2@db/x`) is as much
    // a secret as a variable named like one.
    let with_password = |v: &str| crate::detect::requirements::mask_credentials(v) != v;
    if let Some((name, _)) = env.iter().find(|(_, v)| with_password(v) || is_credential_shaped(v)) {
        return Err(format!(
            "has `{name}` with a password in its URL, or a value shaped like an access key or token: pass it at run time (docker run -e {name}=…), never in the image"
        ));
    }
    Ok(env.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}
