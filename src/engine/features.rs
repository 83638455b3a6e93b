//! Docker Engine releases and the Dockerfile features newer than the
//! oldest one containerize supports (20.10): which release accepts each, so
//! that the plan renders only what its target engine has and `build`
//! refuses, before building, what the engine at hand would reject.

use serde::{Serialize, Serializer};
use std::fmt;

/// A Docker Engine release, `MAJOR.MINOR`; written `25` when the minor is
/// 0, the way Docker names its releases.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EngineVersion {
    pub major: u32,
    pub minor: u32,
}

impl EngineVersion {
    pub const fn new(major: u32, minor: u32) -> Self {
        Self { major, minor }
    }

    /// What the generated files target unless told otherwise.
    pub const DEFAULT: Self = Self::new(25, 0);
    /// The oldest engine whose built-in BuildKit runs the cache and secret
    /// mounts every generated Dockerfile uses.
    pub const OLDEST: Self = Self::new(20, 10);

    /// `20.10`, `25`, `26.1.5+dfsg1` (what `docker version` prints) → the
    /// release; `None` when it does not start with a number.
    pub fn parse_lenient(text: &str) -> Option<Self> {
        let mut parts = text.trim().trim_start_matches('v').split(['.', '-', '+', '~']);
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
        Some(Self { major, minor })
    }

    /// A setting's value: `MAJOR` or `MAJOR.MINOR`, no older than
    /// [`Self::OLDEST`].
    pub fn parse_setting(text: &str) -> Result<Self, String> {
        let plain = text.split('.').count() <= 2
            && !text.is_empty()
            && text.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        let version = Self::parse_lenient(text).filter(|_| plain).ok_or_else(|| {
            format!(
                "`{text}` is not an engine release: write it as `MAJOR.MINOR`, such as \"20.10\" or \"25\""
            )
        })?;
        if version < Self::OLDEST {
            return Err(format!(
                "`{text}` is older than Docker Engine {}, the oldest whose BuildKit runs the cache and secret \
                 mounts the generated Dockerfile uses",
                Self::OLDEST
            ));
        }
        Ok(version)
    }
}

impl fmt::Display for EngineVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.minor {
            0 => write!(f, "{}", self.major),
            minor => write!(f, "{}.{minor}", self.major),
        }
    }
}

impl Serialize for EngineVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A Dockerfile feature newer than [`EngineVersion::OLDEST`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Feature {
    /// `COPY --link`: the copied layer does not depend on the ones below,
    /// so a change to the runtime stage's packages or user reuses the
    /// virtual environment's layer instead of copying it again.
    CopyLink,
    /// `RUN <<EOF`: only recognised in files a template override wrote.
    Heredoc,
    /// `HEALTHCHECK --start-interval`: probe every second while the app
    /// starts, so `healthy` comes about a second after it listens, and
    /// rarely after that.
    StartInterval,
}

impl Feature {
    /// Every feature the generated files may use.
    pub const GENERATED: [Self; 2] = [Self::StartInterval, Self::CopyLink];

    /// The first Docker Engine whose built-in BuildKit accepts it.
    pub fn since(self) -> EngineVersion {
        match self {
            Self::StartInterval => EngineVersion::new(25, 0),
            Self::CopyLink | Self::Heredoc => EngineVersion::new(23, 0),
        }
    }

    /// As written in a Dockerfile.
    pub fn syntax(self) -> &'static str {
        match self {
            Self::CopyLink => "COPY --link",
            Self::Heredoc => "RUN <<heredoc",
            Self::StartInterval => "HEALTHCHECK --start-interval",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_print_as_docker_names_them() {
        assert_eq!(EngineVersion::parse_setting("20.10"), Ok(EngineVersion::new(20, 10)));
        assert_eq!(EngineVersion::parse_setting("25").unwrap().to_string(), "25");
        assert_eq!(EngineVersion::parse_lenient("26.1.5+dfsg1"), Some(EngineVersion::new(26, 1)));
        assert_eq!(EngineVersion::parse_lenient("20.10.24+dfsg1"), Some(EngineVersion::new(20, 10)));
        assert_eq!(EngineVersion::parse_lenient("?"), None);
        for bad in ["", "25.", "v25", "25.0.1", "twenty", "25.x"] {
            assert!(EngineVersion::parse_setting(bad).is_err(), "{bad}");
        }
        let old = EngineVersion::parse_setting("19.03").unwrap_err();
        assert!(old.contains("older than Docker Engine 20.10"), "{old}");
    }
}
