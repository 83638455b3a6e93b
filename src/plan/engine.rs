//! The oldest container engine the generated files must build and run on,
//! and the Dockerfile features that choice allows.
//!
//! By default the files target Docker Engine 25 (BuildKit 0.12), what
//! current distributions and Docker Desktop ship: a HEALTHCHECK that probes
//! every second while the app starts (`--start-interval`) and then every
//! 30 s, and `COPY --link` for the layers the runtime stage copies. `engine
//! = "20.10"` (or `--engine-version 20.10`) renders without them, for Debian
//! bookworm's engine and for Podman, whose Buildah accepts neither flag
//! (`podman build` 4.3 refuses both, measured).
//!
//! Heredocs (Engine 23) are not used: every multi-line step here is two or
//! three commands joined by `&&`, which read as well without them, and
//! hadolint 2.15 cannot parse a `RUN <<EOF` body (measured: "unexpected
//! 'R'"), while every generated file must pass it.

pub use crate::engine::features::{EngineVersion, Feature};
use crate::evidence::{Decided, Source};
use crate::settings::Settings;
use serde::Serialize;

/// What the files target, and the features that allows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EngineTarget {
    /// The oldest engine the files must run on (`engine =`).
    pub oldest: EngineVersion,
    /// The features used: every one the target has.
    pub features: Vec<Feature>,
}

impl EngineTarget {
    pub fn for_engine(oldest: EngineVersion) -> Self {
        let features = Feature::GENERATED.into_iter().filter(|f| f.since() <= oldest).collect();
        Self { oldest, features }
    }

    pub fn uses(&self, feature: Feature) -> bool {
        self.features.contains(&feature)
    }

    /// Whether the target engine has it, used or not.
    pub fn allows(&self, feature: Feature) -> bool {
        feature.since() <= self.oldest
    }

    /// The file does without it (no HEALTHCHECK to give a start interval).
    pub fn unused(&mut self, feature: Feature) {
        self.features.retain(|f| *f != feature);
    }

    /// The engine the files need: the newest `since` of the features used.
    pub fn needs(&self) -> EngineVersion {
        self.features.iter().map(|f| f.since()).max().unwrap_or(EngineVersion::OLDEST)
    }
}

/// The configured target, else the default; without BuildKit
/// (`--no-buildkit`) no `COPY --link`, which only BuildKit runs.
pub fn decide(settings: &Settings) -> Decided<EngineTarget> {
    let mut decided = match &settings.engine {
        Some(set) => set.decides(EngineTarget::for_engine(set.value)),
        None => Decided::new(
            EngineTarget::for_engine(EngineVersion::DEFAULT),
            Source::Default,
            "Docker Engine 25 or newer, as current distributions and Docker Desktop ship; \
             `engine = \"20.10\"` renders for older engines and Podman",
        ),
    };
    if !settings.buildkit() {
        decided.value.unused(Feature::CopyLink);
    }
    decided
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_uses_exactly_the_features_its_engine_has() {
        let current = EngineTarget::for_engine(EngineVersion::DEFAULT);
        assert_eq!(current.features, [Feature::StartInterval, Feature::CopyLink]);
        assert_eq!(current.needs(), EngineVersion::new(25, 0));
        let compat = EngineTarget::for_engine(EngineVersion::OLDEST);
        assert!(compat.features.is_empty());
        assert_eq!(compat.needs(), EngineVersion::OLDEST);
        let between = EngineTarget::for_engine(EngineVersion::new(24, 0));
        assert_eq!(
            (between.features.as_slice(), between.needs()),
            (&[Feature::CopyLink][..], EngineVersion::new(23, 0))
        );
    }
}
