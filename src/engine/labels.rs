//! OCI image labels (`org.opencontainers.image.*`), added at build time.
//!
//! They are passed to the engine as `--label` options and never written
//! into the Dockerfile: `created` changes on every build and `revision` on
//! every commit, so baking them in would make `init` rewrite the file each
//! time (and a committed Dockerfile would always be stale). Labels given on
//! the command line are applied to the final image's configuration; they
//! add no layer and do not touch the build cache. `created` honours
//! `SOURCE_DATE_EPOCH`, the reproducible-builds convention.
//!
//! `revision` and `source` come from git when the project is in a work
//! tree with git on PATH; credentials in a remote URL are dropped.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

/// What the labels are made from.
pub struct LabelFacts<'a> {
    pub title: &'a str,
    pub version: Option<&'a str>,
    /// Seconds since the epoch.
    pub created: u64,
    pub revision: Option<String>,
    pub source: Option<String>,
}

/// The labels, in a stable order.
pub fn labels(facts: &LabelFacts<'_>) -> Vec<(String, String)> {
    let mut out = vec![("title", facts.title.to_string())];
    if let Some(version) = facts.version {
        out.push(("version", version.to_string()));
    }
    out.push(("created", rfc3339(facts.created)));
    if let Some(revision) = &facts.revision {
        out.push(("revision", revision.clone()));
    }
    if let Some(source) = &facts.source {
        out.push(("source", source.clone()));
    }
    out.into_iter().map(|(k, v)| (format!("org.opencontainers.image.{k}"), v)).collect()
}

/// Build time: `SOURCE_DATE_EPOCH` when set, else now.
pub fn created() -> u64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()))
}

/// The commit checked out in the project's work tree.
pub fn git_revision(root: &Path) -> Option<String> {
    git(root, &["rev-parse", "--verify", "HEAD"]).filter(|s| s.len() >= 40)
}

/// `remote.origin.url`, without credentials; scp-style addresses
/// (`git@host:owner/repo.git`) become `https://host/owner/repo`.
pub fn git_source(root: &Path) -> Option<String> {
    git(root, &["config", "--get", "remote.origin.url"]).and_then(|url| public_url(&url))
}

fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !text.is_empty()).then_some(text)
}

/// A URL others can fetch the source from; `None` for a remote that is a
/// path on this machine (`/srv/git/r`, `../r`, `file://…`), which says
/// nothing to anyone pulling the image.
fn public_url(url: &str) -> Option<String> {
    // A query or fragment carries tokens (`?private_token=…`), never the
    // source's address.
    let url = url.split(['?', '#']).next().unwrap_or(url);
    if url.starts_with("file://") {
        return None;
    }
    if let Some((scheme, rest)) = url.split_once("://") {
        let rest = match rest.split_once('/') {
            Some((authority, path)) => {
                let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
                format!("{host}/{path}")
            }
            None => rest.rsplit_once('@').map_or(rest, |(_, host)| host).to_string(),
        };
        return Some(format!("{scheme}://{rest}"));
    }
    // scp-like: [user@]host:path
    if let Some((host, path)) = url.split_once(':')
        && !host.contains('/')
        && !host.is_empty()
    {
        let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
        let path = path.trim_start_matches('/').trim_end_matches(".git");
        return Some(format!("https://{host}/{path}"));
    }
    None
}

/// Seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_798_761_599), "2026-12-31T23:59:59Z");
    }

    #[test]
    fn remote_urls_lose_credentials() {
        let public = |url| public_url(url);
        assert_eq!(
            public("https://user:token@github.com/o/r.git").as_deref(),
            Some("https://github.com/o/r.git")
        );
        assert_eq!(public("git@github.com:o/r.git").as_deref(), Some("https://github.com/o/r"));
        assert_eq!(
            public("https://x-access-token:ghp_S1@github.com/o/r.git?private_token=glpat-S2#frag").as_deref(),
            Some("https://github.com/o/r.git")
        );
        assert_eq!(public("ssh://git@host:22/o/r").as_deref(), Some("ssh://host:22/o/r"));
        for local in ["/srv/git/r", "../r", "file:///srv/git/r", "r"] {
            assert_eq!(public(local), None, "{local}: a path on this machine is no source");
        }
    }

    #[test]
    fn labels_in_order() {
        let facts = LabelFacts {
            title: "shop",
            version: Some("1.0"),
            created: 0,
            revision: Some("abc".into()),
            source: None,
        };
        let keys: Vec<_> = labels(&facts).into_iter().map(|(k, _)| k).collect();
        assert_eq!(
            keys,
            [
                "org.opencontainers.image.title",
                "org.opencontainers.image.version",
                "org.opencontainers.image.created",
                "org.opencontainers.image.revision"
            ]
        );
    }
}
