"""The Docker engine, as the benchmarks use it: timed BuildKit builds (their
logs are read by `buildlog`), image sizes and layers, commands inside an
image, containers that are always removed, and emptying BuildKit's cache
mounts. Every image carries the `containerize-bench` name."""

import os
import time
from pathlib import Path

from .buildlog import Build, install_steps
from .proc import output, run

ENV = {**os.environ, "DOCKER_BUILDKIT": "1"}
TAG_PREFIX = "containerize-bench"


def docker(*args: str, check: bool = True, timeout: float | None = None):
    return run(["docker", *args], check=check, env=ENV, timeout=timeout)


def available() -> str | None:
    """Why the engine cannot be used, or None."""
    if not output(["docker", "version", "--format", "{{.Server.Version}}"], env=ENV):
        return 'no Docker engine answers (eval "$(../shared/docker/ensure-engine)")'
    return None


def has_image(ref: str) -> bool:
    return docker("image", "inspect", ref, check=False).returncode == 0


def build(
    context: Path, tag: str, dockerfile: Path | None = None, no_cache: bool = False, keep_log: Path | None = None
) -> Build:
    args = ["build", "--progress=plain", "-t", tag]
    if dockerfile:
        args += ["-f", str(dockerfile)]
    if no_cache:
        args.append("--no-cache")
    start = time.monotonic()
    result = docker(*args, str(context), check=False, timeout=1800)
    seconds = time.monotonic() - start
    log = result.stdout + result.stderr
    if keep_log:
        keep_log.parent.mkdir(parents=True, exist_ok=True)
        keep_log.write_text(log)
    return Build(result.returncode == 0, seconds, log, install_steps(log))


def tagged(suffix: str) -> list[str]:
    """Every image reference of ours whose tag is `suffix`."""
    out = docker("image", "ls", "--format", "{{.Repository}}:{{.Tag}}", f"--filter=reference={TAG_PREFIX}/*").stdout
    return [ref for ref in out.split() if ref.endswith(f":{suffix}")]


def image_size(ref: str) -> int:
    return int(docker("image", "inspect", "-f", "{{.Size}}", ref).stdout.strip())


def image_config(ref: str, field_name: str) -> str:
    return docker("image", "inspect", "-f", "{{.Config." + field_name + "}}", ref).stdout.strip()


def layers(ref: str) -> list[tuple[int, str]]:
    """(size in bytes, created by) for each layer, newest first."""
    out = docker("history", "--no-trunc", "--human=false", "--format", "{{.Size}}\t{{.CreatedBy}}", ref).stdout
    rows = []
    for line in out.splitlines():
        size, _, created = line.partition("\t")
        rows.append((int(size or 0), created))
    return rows


def sh(image: str, script: str) -> str:
    """Run a shell script as root in a throwaway container of `image`."""
    return docker("run", "--rm", "--user", "0", "--entrypoint", "sh", image, "-c", script, timeout=300).stdout


def start(image: str, host_port: int, port: int, env: list[str]) -> str:
    """Run `image` detached, publishing `port`; each name in `env` gets a placeholder value."""
    settings = [arg for name in env for arg in ("-e", f"{name}=containerize-bench-placeholder")]
    return docker("run", "-d", *settings, "-p", f"127.0.0.1:{host_port}:{port}", image).stdout.strip()


def health(container: str) -> str:
    """`running healthy`, `running starting`, `exited `, …"""
    return docker(
        "inspect", "-f", "{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}", container, check=False
    ).stdout.strip()


def logs(container: str) -> str:
    result = docker("logs", "--tail", "20", container, check=False)
    return (result.stdout + result.stderr).strip()


def remove_container(container: str) -> None:
    docker("rm", "-f", "-v", container, check=False)


def remove_images(refs: list[str]) -> None:
    if refs:
        docker("rmi", "-f", *refs, check=False)


def prune_cache_mounts() -> None:
    """Empty BuildKit's cache mounts (pip's and uv's caches), and only them:
    with `--no-cache` for the layers, the next build is truly cold, while the
    layer cache that other builds on a shared engine rely on survives."""
    docker("builder", "prune", "-af", "--filter", "type=exec.cachemount")
