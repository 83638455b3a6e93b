//! The engine flags (`--tag`, `--engine`, `--platform`, …) → validated
//! build settings, checked against each other before anything is written.
//! These have no configuration keys: a flag (or `CONTAINERIZE_ENGINE`,
//! which clap folds into `--engine`) over a default.
//!
//! The default tag is not chosen here: it comes from the plan's name and
//! the project's version, which the settings never see.

use super::build_options::BuildOptions;
use super::precedence::Chain;
use crate::cli::{EngineArgs, EngineName};
use crate::engine::{Kind, reference};
use anyhow::{Result, bail};
use std::time::Duration;

#[derive(Clone, Debug, PartialEq)]
pub struct EngineSettings {
    /// `--tag`, validated; `None` lets the command choose one.
    pub tag: Option<String>,
    pub kind: Option<Kind>,
    /// Empty for the engine's own platform.
    pub platforms: Vec<String>,
    pub builder: Option<String>,
    pub smoke: bool,
    pub smoke_timeout: Duration,
    pub no_cache: bool,
    pub push: bool,
    pub options: BuildOptions,
}

impl EngineSettings {
    /// `building`: whether an image is built at all (`init` without
    /// `--build` refuses build options rather than ignore them).
    pub fn resolve(args: &EngineArgs, building: bool) -> Result<Self> {
        let EngineArgs { tag, engine, platform, builder, smoke, smoke_timeout, no_cache, push, options } =
            args;
        let options = BuildOptions::resolve(options)?;
        if !building {
            if let Some(flag) = options.typed().first() {
                bail!("{flag} is a build option: add --build, or use `containerize build`");
            }
            let typed = [
                ("--tag", tag.is_some()),
                ("--platform", platform.is_some()),
                ("--builder", builder.is_some()),
                ("--smoke", *smoke),
                ("--no-cache", *no_cache),
                ("--push", *push),
            ];
            if let Some((flag, _)) = typed.iter().find(|(_, set)| *set) {
                bail!("{flag} is a build option: add --build, or use `containerize build`");
            }
        }
        let chain = Chain::new(None);
        // The reference grammar's own message names the flag.
        if let Some(tag) = tag {
            reference::validate(tag)?;
        }
        let tag = chain.flag("tag", tag.as_ref(), |t: &String| Ok::<_, String>(t.clone()))?;
        let platforms = chain.flag("platform", platform.as_ref(), |list: &String| parse_platforms(list))?;
        let platforms = platforms.map(|set| set.value).unwrap_or_default();
        let kind = engine.map(kind);
        if *smoke && platforms.len() > 1 {
            bail!(
                "--smoke runs the image here, so it needs one platform, not `{}`; smoke-test one \
                 platform, then build them all with --push",
                platforms.join(",")
            );
        }
        if kind == Some(Kind::Podman)
            && let Some(why) = options.buildx_reason()
        {
            bail!("{why} needs docker buildx; podman builds here. Use --engine docker, or leave it out");
        }
        if kind == Some(Kind::Podman) && platforms.len() > 1 {
            bail!(
                "several platforms with podman need a manifest list, which containerize does not \
                 drive yet; build one platform at a time, or use docker buildx"
            );
        }
        let builder = chain.flag("builder", builder.as_ref(), |name: &String| {
            if name.trim().is_empty() {
                Err("needs the name of a docker buildx builder (`docker buildx ls` lists them)".to_string())
            } else {
                Ok(name.clone())
            }
        })?;
        Ok(Self {
            tag: tag.map(|set| set.value),
            kind,
            platforms,
            builder: builder.map(|set| set.value),
            smoke: *smoke,
            smoke_timeout: Duration::from_secs((*smoke_timeout).max(1)),
            no_cache: *no_cache,
            push: *push,
            options,
        })
    }
}

/// `--engine docker` → the engine kind.
pub fn kind(name: EngineName) -> Kind {
    match name {
        EngineName::Docker => Kind::Docker,
        EngineName::Podman => Kind::Podman,
    }
}

/// `linux/amd64,linux/arm64/v8` → each `os/arch[/variant]`.
fn parse_platforms(list: &str) -> std::result::Result<Vec<String>, String> {
    let platforms: Vec<String> =
        list.split(',').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
    for platform in &platforms {
        let parts: Vec<&str> = platform.split('/').collect();
        let valid = (2..=3).contains(&parts.len())
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        if !valid {
            return Err(format!(
                "`{platform}` is not `os/arch[/variant]`, such as `linux/amd64` or `linux/arm64/v8`"
            ));
        }
    }
    if platforms.is_empty() {
        return Err("needs at least one platform, such as `linux/amd64`".to_string());
    }
    Ok(platforms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(flags: &[&str]) -> EngineArgs {
        use clap::Parser;
        #[derive(Parser)]
        struct Wrapper {
            #[command(flatten)]
            engine: EngineArgs,
        }
        Wrapper::parse_from(std::iter::once("containerize").chain(flags.iter().copied())).engine
    }

    #[test]
    fn platforms() {
        assert_eq!(
            parse_platforms("linux/amd64, linux/arm64/v8").unwrap(),
            ["linux/amd64", "linux/arm64/v8"]
        );
        for bad in ["amd64", "linux/", "linux/amd64;rm", ","] {
            assert!(parse_platforms(bad).is_err(), "{bad}");
        }
        let err = EngineSettings::resolve(&args(&["--platform", "amd64"]), true).unwrap_err().to_string();
        assert!(err.starts_with("--platform `amd64` is not `os/arch[/variant]`"), "{err}");
    }

    #[test]
    fn flags_are_checked_against_each_other_and_defaults_fill_in() {
        let settings = EngineSettings::resolve(&args(&[]), true).unwrap();
        assert_eq!((settings.tag, settings.smoke_timeout), (None, Duration::from_secs(90)));
        let err = EngineSettings::resolve(&args(&["--smoke", "--platform", "linux/amd64,linux/arm64"]), true)
            .unwrap_err();
        assert!(err.to_string().starts_with("--smoke runs the image here"), "{err}");
        let err = EngineSettings::resolve(&args(&["--builder", " "]), true).unwrap_err();
        assert!(err.to_string().starts_with("--builder needs the name"), "{err}");
    }

    #[test]
    fn build_options_without_a_build_are_refused() {
        let err = EngineSettings::resolve(&args(&["--push"]), false).unwrap_err();
        assert_eq!(err.to_string(), "--push is a build option: add --build, or use `containerize build`");
        assert!(EngineSettings::resolve(&args(&[]), false).is_ok());
    }
}
