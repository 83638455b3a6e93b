//! The build options passed through to the engine (`--secret`,
//! `--build-arg`, `--pull`, `--cache-from`/`--cache-to`, `--sbom`,
//! `--provenance`, `--progress`), validated before anything runs: a typo
//! is a usage error naming the flag, never an engine error halfway
//! through a build.

use crate::cli::{BuildOptionArgs, ProgressMode};
use anyhow::{Result, bail};
use std::path::PathBuf;

/// Where a build secret's value comes from; the value itself is never
/// read by containerize, only named to the engine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretFrom {
    File(PathBuf),
    Env(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretSource {
    pub id: String,
    pub from: SecretFrom,
}

impl SecretSource {
    /// `id=ID,src=PATH` / `id=ID,env=VAR`, the form docker, buildx and
    /// podman all take.
    pub fn arg(&self) -> String {
        match &self.from {
            SecretFrom::File(path) => format!("id={},src={}", self.id, path.display()),
            SecretFrom::Env(var) => format!("id={},env={var}", self.id),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildOptions {
    /// Secrets named on the command line; the ones the Dockerfile mounts
    /// are added when the build starts (`engine::secrets`).
    pub secrets: Vec<SecretSource>,
    /// `NAME=VALUE`, or `NAME` alone: the caller's variable of that name.
    pub build_args: Vec<(String, Option<String>)>,
    pub pull: bool,
    pub cache_from: Vec<String>,
    pub cache_to: Vec<String>,
    pub sbom: bool,
    pub provenance: bool,
    pub progress: ProgressMode,
}

impl BuildOptions {
    pub fn resolve(args: &BuildOptionArgs) -> Result<Self> {
        let BuildOptionArgs { secret, build_arg, pull, cache_from, cache_to, sbom, provenance, progress } =
            args;
        let secrets = secret.iter().map(|s| parse_secret(s)).collect::<Result<Vec<_>>>()?;
        let build_args = build_arg.iter().map(|a| parse_build_arg(a)).collect::<Result<Vec<_>>>()?;
        for (flag, values) in [("--cache-from", cache_from), ("--cache-to", cache_to)] {
            if let Some(bad) = values.iter().find(|v| v.trim().is_empty() || v.chars().any(char::is_control))
            {
                bail!("{flag} `{}` needs an image or a `type=…` specification", bad.escape_debug());
            }
        }
        Ok(Self {
            secrets,
            build_args,
            pull: *pull,
            cache_from: cache_from.clone(),
            cache_to: cache_to.clone(),
            sbom: *sbom,
            provenance: *provenance,
            progress: *progress,
        })
    }

    /// The flags that were given, for refusing them where no image is
    /// built (`init` without `--build`).
    pub fn typed(&self) -> Vec<&'static str> {
        let set = [
            ("--secret", !self.secrets.is_empty()),
            ("--build-arg", !self.build_args.is_empty()),
            ("--pull", self.pull),
            ("--cache-from", !self.cache_from.is_empty()),
            ("--cache-to", !self.cache_to.is_empty()),
            ("--sbom", self.sbom),
            ("--provenance", self.provenance),
        ];
        set.into_iter().filter(|(_, given)| *given).map(|(flag, _)| flag).collect()
    }

    /// Why the build needs `docker buildx build`, if these options do.
    pub fn buildx_reason(&self) -> Option<String> {
        let needs: Vec<&str> = [
            ("--cache-to", !self.cache_to.is_empty()),
            ("--sbom", self.sbom),
            ("--provenance", self.provenance),
        ]
        .into_iter()
        .filter(|(_, given)| *given)
        .map(|(flag, _)| flag)
        .collect();
        (!needs.is_empty()).then(|| needs.join(" and "))
    }
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `id=ID,src=PATH` (also `source=`), `id=ID,env=VAR`, or `id=ID` alone
/// (the environment variable `ID`, as docker reads it).
fn parse_secret(text: &str) -> Result<SecretSource> {
    let usage = || format!("--secret `{text}` must look like `id=ID,src=PATH` or `id=ID,env=VAR`");
    let mut id = None;
    let mut from = None;
    for part in text.split(',') {
        let Some((key, value)) = part.split_once('=') else { bail!(usage()) };
        match (key.trim(), value.trim()) {
            ("id", v) if !v.is_empty() => id = Some(v.to_string()),
            ("src" | "source", v) if !v.is_empty() => from = Some(SecretFrom::File(PathBuf::from(v))),
            ("env", v) if valid_name(v) => from = Some(SecretFrom::Env(v.to_string())),
            ("env", v) => bail!("--secret `{text}`: `{v}` is not an environment variable name"),
            ("type", "file" | "env") => {}
            _ => bail!(usage()),
        }
    }
    let Some(id) = id else { bail!(usage()) };
    if !id.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)) {
        bail!("--secret `{text}`: the id `{id}` may hold only letters, digits, `_`, `.` and `-`");
    }
    let from = from.unwrap_or_else(|| SecretFrom::Env(id.clone()));
    if let SecretFrom::File(path) = &from
        && !path.is_file()
    {
        bail!("--secret `{text}`: {} is not a file", path.display());
    }
    Ok(SecretSource { id, from })
}

/// `NAME=VALUE`; a bare `NAME` passes the caller's variable, as docker does.
fn parse_build_arg(text: &str) -> Result<(String, Option<String>)> {
    let (name, value) = match text.split_once('=') {
        Some((name, value)) => (name, Some(value)),
        None => (text, None),
    };
    if !valid_name(name) {
        bail!(
            "--build-arg `{text}` must look like `NAME=VALUE`, NAME a letter or `_` then letters, digits, `_`"
        );
    }
    if value.is_some_and(|v| v.chars().any(char::is_control)) {
        bail!("--build-arg `{name}`: the value holds a control character");
    }
    Ok((name.to_string(), value.map(str::to_string)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_parse_into_the_engine_form() {
        let file = tempfile::NamedTempFile::new().unwrap();
        let src = format!("id=netrc,src={}", file.path().display());
        assert_eq!(parse_secret(&src).unwrap().arg(), src);
        assert_eq!(parse_secret("id=PYPI_TOKEN,env=TOKEN").unwrap().arg(), "id=PYPI_TOKEN,env=TOKEN");
        assert_eq!(parse_secret("id=PYPI_TOKEN").unwrap().arg(), "id=PYPI_TOKEN,env=PYPI_TOKEN");
        for bad in [
            "PYPI_TOKEN",
            "id=,env=X",
            "id=a b,env=X",
            "id=X,env=1X",
            "id=X,src=/no/such/file",
            "id=X,mode=0400",
        ] {
            assert!(parse_secret(bad).is_err(), "{bad}");
        }
        let err = parse_secret("id=X,src=/no/such/file").unwrap_err().to_string();
        assert_eq!(err, "--secret `id=X,src=/no/such/file`: /no/such/file is not a file");
    }

    #[test]
    fn build_args_are_names_with_values() {
        let arg = |name: &str, value: Option<&str>| (name.to_string(), value.map(str::to_string));
        assert_eq!(parse_build_arg("PYTHON_VERSION=3.13").unwrap(), arg("PYTHON_VERSION", Some("3.13")));
        assert_eq!(parse_build_arg("A=b=c").unwrap(), arg("A", Some("b=c")));
        assert_eq!(parse_build_arg("HTTP_PROXY").unwrap(), arg("HTTP_PROXY", None));
        for bad in ["=x", "1A=x", "A B=x", "A=\nRUN x"] {
            assert!(parse_build_arg(bad).is_err(), "{bad:?}");
        }
    }
}
