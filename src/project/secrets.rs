//! Files that look like secrets (`.env`, private keys, `.netrc`, cloud
//! credentials), wherever they sit in the build context. The context is
//! what `docker build` sends, so this walk ignores `.gitignore` (a
//! gitignored `.env` is still sent unless `.dockerignore` drops it).

use super::{Project, SKIPPED_DIRS, to_slash};
use globset::{Glob, GlobSet, GlobSetBuilder};

/// File names (globs on the name alone) that look like secrets. The
/// generated .dockerignore excludes every one of them.
pub const SECRET_NAMES: &[&str] = &[
    ".env",
    ".env.*",
    "*.pem",
    "*.key",
    "*.p12",
    "*.pfx",
    "*.keystore",
    "id_rsa*",
    "id_ecdsa*",
    "id_ed25519*",
    "id_dsa*",
    ".npmrc",
    ".pypirc",
    ".netrc",
    ".git-credentials",
    // Index passwords (pip, Poetry), database passwords, direnv's exports.
    "pip.conf",
    "pip.ini",
    "auth.toml",
    ".pgpass",
    ".envrc",
    "credentials*.json",
    "*service-account*.json",
    "client_secret*.json",
];

/// Examples and templates of secret files hold no secret.
const HARMLESS: &[&str] = &[".env.example", ".env.sample", ".env.template", ".env.dist"];

/// How far the walk goes: secrets sit near the top of a repository.
const MAX_DEPTH: usize = 6;
const MAX_ENTRIES: usize = 50_000;

impl Project {
    /// Secret-looking files in the build context, root-relative, sorted.
    pub fn secret_files(&self) -> Vec<String> {
        let names = secret_set();
        let mut found = Vec::new();
        let walker = ignore::WalkBuilder::new(self.root())
            .standard_filters(false)
            .follow_links(false)
            .max_depth(Some(MAX_DEPTH))
            .filter_entry(|entry| {
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                let name = entry.file_name().to_string_lossy();
                !(is_dir
                    && entry.depth() > 0
                    && (SKIPPED_DIRS.contains(&name.as_ref()) || entry.path().join("pyvenv.cfg").is_file()))
            })
            .build();
        for entry in walker.flatten().take(MAX_ENTRIES) {
            let name = entry.file_name().to_string_lossy();
            let is_file = entry.file_type().is_some_and(|t| t.is_file() || t.is_symlink());
            let docker_login = name == "config.json"
                && entry.path().parent().and_then(|p| p.file_name()).is_some_and(|d| d == ".docker");
            if is_file
                && (docker_login || (names.is_match(name.as_ref()) && !HARMLESS.contains(&name.as_ref())))
                && let Ok(rel) = entry.path().strip_prefix(self.root())
            {
                found.push(to_slash(rel));
            }
        }
        found.sort();
        found
    }
}

/// Folders the generated .dockerignore leaves out because their contents
/// are private: version control (`.git/config` holds the remote's token)
/// and registry logins (`.docker/config.json`). Nothing under them is ever
/// kept.
const PRIVATE_DIRS: &[&str] = &[".git", ".hg", ".svn", ".docker"];

/// Whether a root-relative path names a secret or sits in a private
/// folder, in any of its components (`.git/config`, `deploy/.env/x`).
pub fn is_private_path(path: &str) -> bool {
    path.split('/').any(|part| PRIVATE_DIRS.contains(&part) || is_secret_name(part))
}

/// Whether a file of this name (its last component) looks like a secret.
pub fn is_secret_name(name: &str) -> bool {
    static SET: std::sync::OnceLock<GlobSet> = std::sync::OnceLock::new();
    SET.get_or_init(secret_set).is_match(name) && !HARMLESS.contains(&name)
}

fn secret_set() -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in SECRET_NAMES {
        builder.add(Glob::new(pattern).expect("a valid glob"));
    }
    builder.build().expect("valid globs")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_folders_are_private_at_any_depth() {
        for path in [
            ".git",
            ".git/config",
            "./.git/config",
            "build/sub/.git/config",
            ".docker/config.json",
            ".hg/hgrc",
            "deploy/.env",
            ".env/x",
        ] {
            assert!(is_private_path(path), "{path}");
        }
        for path in
            ["README.md", "docs/git.md", "LICENSE", ".github/workflows/ci.yml", ".env.example", "gitignore"]
        {
            assert!(!is_private_path(path), "{path}");
        }
    }

    #[test]
    fn finds_secrets_even_when_gitignored() {
        let dir = tempfile::tempdir().unwrap();
        for rel in [
            ".env",
            ".env.example",
            "deploy/id_rsa",
            "certs/server.pem",
            "app.py",
            ".gitignore",
            ".venv/lib/x.pem",
            "gcp/credentials-prod.json",
        ] {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, ".env\n").unwrap();
        }
        let project = Project::open(dir.path()).unwrap();
        assert_eq!(
            project.secret_files(),
            vec![".env", "certs/server.pem", "deploy/id_rsa", "gcp/credentials-prod.json"]
        );
    }
}
