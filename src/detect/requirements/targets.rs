//! What a requirement may point at instead of a name: URLs and local
//! paths (normalized, never above the project root), and the credentials
//! such URLs carry, masked before anything is printed.

pub(super) fn looks_like_url_or_path(text: &str) -> bool {
    text.contains("://")
        || text.starts_with('.')
        || text.starts_with('/')
        || text.starts_with("file:")
        || [".whl", ".zip", ".tar.gz", ".tgz"].iter().any(|ext| text.ends_with(ext))
}

/// The root-relative path of a local requirement (`./pkg`, `file:./x`,
/// `../y` stays None: outside the project), without extras or fragments.
pub(super) fn local_path(target: &str) -> Option<String> {
    let target = target.split(['#', ';']).next().unwrap_or_default().trim();
    let target = match target.find('[') {
        Some(i) if target.ends_with(']') => &target[..i],
        _ => target,
    };
    let path = target.strip_prefix("file://").or_else(|| target.strip_prefix("file:")).unwrap_or(target);
    if path.contains("://") || path.starts_with("git+") || path.is_empty() || path.starts_with('/') {
        return None;
    }
    let is_pathlike = path.starts_with('.') || path.contains('/') || looks_like_url_or_path(path);
    if !is_pathlike {
        return None;
    }
    normalize_path(path)
}

/// Whether a local requirement points outside the project: an absolute
/// path (`/srv/x`, `file:///etc`) or one that climbs above the root
/// (`../outside`). pip in the image cannot find either.
pub(super) fn leads_outside(target: &str) -> bool {
    let target = target.split(['#', ';']).next().unwrap_or_default().trim();
    let path = target.strip_prefix("file://").or_else(|| target.strip_prefix("file:")).unwrap_or(target);
    if path.contains("://") || path.starts_with("git+") || path.is_empty() {
        return false;
    }
    path.starts_with('/') || ((path.starts_with('.') || path.contains('/')) && normalize_path(path).is_none())
}

/// Lexically normalize a relative path; `None` if it climbs above the root.
pub fn normalize_path(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(if parts.is_empty() { ".".to_string() } else { parts.join("/") })
}

/// `https://user:secret@host/` → `https://user:****@host/`; a lone token
/// (`https://token@host/`) is masked whole. `${VAR}` references stay, they
/// are names, not values.
pub fn mask_credentials(text: &str) -> String {
    let Some(scheme_end) = text.find("://") else { return text.to_string() };
    let after = &text[scheme_end + 3..];
    let authority_end = after.find(['/', ' ']).unwrap_or(after.len());
    let Some(at) = after[..authority_end].rfind('@') else { return text.to_string() };
    let userinfo = &after[..at];
    let masked = match userinfo.split_once(':') {
        Some((user, secret)) if !is_reference(secret) => format!("{user}:****"),
        Some(_) => userinfo.to_string(),
        None if is_reference(userinfo) => userinfo.to_string(),
        None => "****".to_string(),
    };
    format!("{}{}{}", &text[..scheme_end + 3], masked, &after[at..])
}

/// Whether some URL in the text carries a written-out secret: `user:pass@`,
/// or a token alone before `@` on an http(s) URL (`https://ghp_…@host`).
/// A `${VAR}` reference is no secret, nor ssh's `git@` user.
pub fn has_literal_password(text: &str) -> bool {
    let mut rest = text;
    while let Some(scheme_end) = rest.find("://") {
        let scheme =
            rest[..scheme_end].rsplit(|c: char| !c.is_ascii_alphanumeric() && c != '+').next().unwrap_or("");
        let after = &rest[scheme_end + 3..];
        let authority_end = after.find(['/', ' ', '#', '?']).unwrap_or(after.len());
        if let Some(at) = after[..authority_end].rfind('@') {
            let userinfo = &after[..at];
            let literal = match userinfo.split_once(':') {
                Some((_, secret)) => !secret.is_empty() && !is_reference(secret),
                None => (scheme.ends_with("http") || scheme.ends_with("https")) && !is_reference(userinfo),
            };
            if literal {
                return true;
            }
        }
        rest = after;
    }
    false
}

pub(super) fn is_reference(s: &str) -> bool {
    s.starts_with("${") && s.ends_with('}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_passwords_in_any_url() {
        for text in [
            "git+https://user:gitpass123@github.com/org/lib.git#egg=lib",
            "lib @ git+https://u:p@github.com/o/r.git",
            "lib @ https://u:p@x.example/x.whl",
            "https://u:p@x.example/x.tar.gz",
            "--find-links https://u:gitpass123@x.example/links",
            "-f https://ghp_token@x.example/links",
        ] {
            assert!(has_literal_password(text), "{text}");
        }
        for text in [
            "git+ssh://git@github.com/o/r.git",
            "lib @ git+https://u:${GIT_TOKEN}@github.com/o/r.git",
            "https://${TOKEN}@x.example/x.whl",
            "flask==3.0",
            "lib @ https://x.example/x.whl",
        ] {
            assert!(!has_literal_password(text), "{text}");
        }
    }
}
