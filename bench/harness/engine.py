"""The Docker engine, as the benchmarks use it: timed BuildKit builds with
their plain progress log, which build steps ran or came from the cache,
image sizes, commands inside an image, and containers that are always
removed. Every image and container carries the `containerize-bench` name."""

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from .proc import output, run

ENV = {**os.environ, "DOCKER_BUILDKIT": "1"}
TAG_PREFIX = "containerize-bench"

# A dependency install, whatever the tool or the template runs.
INSTALL = re.compile(
    r"\b(pip install|uv sync|uv pip install|poetry install|pdm (install|sync)|pipenv (install|sync))\b"
)
STEP = re.compile(r"^(#\d+) \[([^\]]+)\] (RUN|COPY|ADD) (.*)$")
# `#12 [builder 3/6] RUN …`, `#7 [3/4] COPY …`: stage (optional), index, instruction.
INDEXED = re.compile(r"^(#\d+) \[(?:(\S+) )?(\d+)/\d+\] (\w+) (.*)$")


@dataclass
class Install:
    """A RUN step that installs packages."""

    step: str  # BuildKit's step id, `#12`
    text: str
    cached: bool
    deps: bool  # installs the dependencies (else the project itself)


@dataclass
class Build:
    ok: bool
    seconds: float
    log: str
    installs: list[Install] = field(default_factory=list)

    def install_reran(self) -> bool | None:
        """Whether a dependency install ran (None: no install step in the log)."""
        deps = [i.cached for i in self.installs if i.deps]
        return any(not cached for cached in deps) if deps else None

    def failure(self) -> str:
        """The most telling line of a failed build's log."""
        lines = [line.split(" ", 2)[-1] if line.startswith("#") else line for line in self.log.strip().splitlines()]
        exceptions = [line for line in lines if re.search(r"\b[A-Z]\w*Error: ", line)]
        errors = [line for line in lines if re.search(r"\b(error|ERROR):", line)]
        return (exceptions or errors or lines or ["(no output)"])[-1].strip()[:200]

    def project_install_seconds(self) -> float | None:
        """How long the project installs that ran took (None: none ran)."""
        ran = {i.step for i in self.installs if not i.deps and not i.cached}
        if not ran:
            return None
        return sum(seconds for step, seconds in done_times(self.log).items() if step in ran)

    def cache_lost(self) -> bool:
        """Whether a RUN that comes before any COPY/ADD of the context in its
        stage ran anyway: no source edit can cause that, only a cache that
        another build or a prune on the shared engine evicted."""
        cached = cached_steps(self.log)
        steps: dict[str, list[tuple[int, str, str]]] = {}
        for line in self.log.splitlines():
            if match := INDEXED.match(line):
                step, stage, index, instruction, rest = match.groups()
                steps.setdefault(stage or "", []).append((int(index), instruction, step))
                if instruction in ("COPY", "ADD") and rest.startswith("--from="):
                    steps[stage or ""][-1] = (int(index), "COPY-FROM", step)
                elif instruction == "RUN" and "type=bind" in rest:  # reads the context too
                    steps[stage or ""][-1] = (int(index), "ADD", step)
        for entries in steps.values():
            context = [i for i, instruction, _ in entries if instruction in ("COPY", "ADD")]
            first = min(context, default=10**6)
            if any(i < first and ins == "RUN" and step not in cached for i, ins, step in entries):
                return True
        return False


def docker(*args: str, check: bool = True, timeout: float | None = None):
    return run(["docker", *args], check=check, env=ENV, timeout=timeout)


def available() -> str | None:
    """Why the engine cannot be used, or None."""
    if not output(["docker", "version", "--format", "{{.Server.Version}}"], env=ENV):
        return 'no Docker engine answers (eval "$(../shared/docker/ensure-engine)")'
    return None


def has_image(ref: str) -> bool:
    return docker("image", "inspect", ref, check=False).returncode == 0


def cached_steps(log: str) -> set[str]:
    return {line.split()[0] for line in log.splitlines() if line.startswith("#") and line.endswith(" CACHED")}


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


def install_steps(log: str) -> list[Install]:
    """The RUN steps that install packages: (text, CACHED?, installs the
    dependencies?). In each stage, installs before the `COPY . .` of the
    whole context install the dependencies, and so does the first install
    after it when none came before (a naive Dockerfile); the other installs
    after it install the project itself, and must re-run when it changes."""
    cached = cached_steps(log)
    stages: dict[str, dict[int, tuple[str, str, str]]] = {}
    for line in log.splitlines():
        if match := INDEXED.match(line):
            step, stage, index, instruction, rest = match.groups()
            stages.setdefault(stage or "", {}).setdefault(int(index), (step, instruction, " ".join(rest.split())))
    found = []
    for stage, steps in stages.items():
        copies = [i for i, (_, ins, rest) in steps.items() if ins in ("COPY", "ADD") and copies_context(rest)]
        context_at = min(copies, default=10**6)
        installs = sorted(i for i, (_, ins, rest) in steps.items() if ins == "RUN" and INSTALL.search(rest))
        deps = [i for i in installs if i < context_at] or installs[:1]
        for i in installs:
            step, _, rest = steps[i]
            label = f"[{stage + ' ' if stage else ''}{i}] RUN {rest}"
            found.append(Install(step, label, step in cached, i in deps))
    return found


def copies_context(rest: str) -> bool:
    """`COPY . .`, `COPY --chown=x . /app`: the whole build context."""
    sources = [t for t in rest.split() if not t.startswith("--")][:-1]
    return sources == ["."] or sources == ["./"]


def done_times(log: str) -> dict[str, float]:
    """Seconds per step id, from its `#N DONE 1.2s` line."""
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"^(#\d+) DONE (\d+(?:\.\d+)?)s$", log, re.M)}


def step_times(log: str) -> list[tuple[float, str]]:
    """(seconds, step) for each build step that ran, slowest first."""
    names: dict[str, str] = {}
    for line in log.splitlines():
        if match := re.match(r"^(#\d+) (\[[^\]]+\] .*)$", line):
            names.setdefault(match.group(1), " ".join(match.group(2).split()))
    done = done_times(log)
    return sorted(((t, names[n]) for n, t in done.items() if n in names and "[internal]" not in names[n]), reverse=True)


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
