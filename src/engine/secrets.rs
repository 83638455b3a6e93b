//! The build secrets a build passes: the ones named by `--secret`, then
//! every secret the Dockerfile mounts that the user did not name, found
//! where the plan's install expects it (`netrc` in `~/.netrc`, a token in
//! the environment variable of its name). Only where each value comes from
//! is ever named; containerize reads none of them.

use crate::plan::install::Secret;
use crate::settings::build_options::{SecretFrom, SecretSource};
use std::path::Path;

/// The sources to pass, and a note for each mounted secret found nowhere
/// (the install then runs without it, which a public index does not mind).
pub fn sources(
    mounted: &[Secret],
    given: &[SecretSource],
    home: Option<&Path>,
    env_set: impl Fn(&str) -> bool,
) -> (Vec<SecretSource>, Vec<String>) {
    let mut out = given.to_vec();
    let mut missing = Vec::new();
    for secret in mounted.iter().filter(|s| !given.iter().any(|g| g.id == s.id)) {
        let found = match &secret.target {
            Some(_) => {
                home.map(|h| h.join(format!(".{}", secret.id))).filter(|p| p.is_file()).map(SecretFrom::File)
            }
            None => env_set(&secret.id).then(|| SecretFrom::Env(secret.id.clone())),
        };
        match found {
            Some(from) => out.push(SecretSource { id: secret.id.clone(), from }),
            None => missing.push(match &secret.target {
                Some(_) => format!(
                    "secret `{id}`: no ~/.{id}, so the install runs without it; name the file with \
                     --secret id={id},src=PATH",
                    id = secret.id
                ),
                None => format!(
                    "secret `{id}`: ${id} is not set, so the install runs without it; set it, or pass \
                     --secret id={id},env=VAR",
                    id = secret.id
                ),
            }),
        }
    }
    (out, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mounted_secrets_are_found_where_the_install_expects_them() {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(home.path().join(".netrc"), "machine x").unwrap();
        let mounted = [
            Secret { id: "netrc".into(), target: Some("/root/.netrc".into()) },
            Secret { id: "PYPI_TOKEN".into(), target: None },
            Secret { id: "OTHER".into(), target: None },
        ];
        let given = [SecretSource { id: "OTHER".into(), from: SecretFrom::Env("MY_OTHER".into()) }];
        let (found, missing) = sources(&mounted, &given, Some(home.path()), |name| name == "PYPI_TOKEN");
        let args: Vec<String> = found.iter().map(SecretSource::arg).collect();
        let netrc = format!("id=netrc,src={}", home.path().join(".netrc").display());
        assert_eq!(args, ["id=OTHER,env=MY_OTHER".to_string(), netrc, "id=PYPI_TOKEN,env=PYPI_TOKEN".into()]);
        assert!(missing.is_empty());
        let (found, missing) = sources(&mounted[..2], &[], None, |_| false);
        assert!(found.is_empty());
        assert_eq!(missing.len(), 2);
        assert!(missing[1].starts_with("secret `PYPI_TOKEN`: $PYPI_TOKEN is not set"), "{missing:?}");
    }
}
