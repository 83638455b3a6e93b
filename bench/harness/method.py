"""How the numbers were made, written into the report with this run's
settings, so that the report explains itself."""

from .settings import Settings

PRUNED = (
    "`docker build --no-cache` (no layer reused) right after `docker builder prune -af --filter "
    "type=exec.cachemount` (BuildKit's cache mounts emptied, so pip and uv download every package): a true "
    "cold build that leaves the layer cache other builds on the shared engine rely on; all cold builds ran "
    "in one batch, and one whose install step shows `CACHED` is flagged"
)
NOT_PRUNED = (
    "`docker build --no-cache` without emptying the cache mounts (quick run: CI must not clear a shared "
    "engine's caches), so every step runs but pip's cache stays warm"
)


def describe(s: Settings, binary_profile: str, pruned: bool) -> str:
    lines = [
        f"- **Binary**: `cargo build --locked --profile {binary_profile}`, built by `bench/run` itself.",
        f"- **Wall time**: hyperfine with no intermediate shell (`--shell=none`), {s.plan_warmup} warmup runs, "
        f"{s.plan_runs} runs per example and per synthetic tree, {s.big_runs} on the Django tree; median, "
        "interquartile range and extremes from hyperfine's per-run times. The two synthetic trees are timed in "
        "alternating rounds so that a noisy spell hits both. CPU ms/run is user+system time summed over "
        "threads: less sensitive to other load than wall time.",
        f"- **Peak memory**: the largest max-RSS of {s.rss_runs} runs, from the kernel's rusage (`wait4`).",
    ]
    if s.django:
        lines.append(
            "- **Django**: the sdist from PyPI (`pip download --no-binary :all: --no-deps`), cached under "
            f"`{s.cache}` and unpacked fresh for each run, plus a `requirements.txt` naming Django; `--app` is "
            "passed when the tool finds no app object (Django's own source has none)."
        )
    lines += [
        f"- **Synthetic**: the first web example with and without a `.venv` ({s.synthetic_files} files under "
        f"`lib/python3.11/site-packages`, a `pyvenv.cfg`) and a `node_modules` ({s.synthetic_files} files), both "
        "seeded with decoy Flask apps: the plan must not change.",
        "- **Images**: each example is built three ways from fresh copies: ours (`containerize init`), and the "
        "naive and docker-init-style references (`bench/references/*.Dockerfile`, filled from `containerize "
        "plan --json`: same Python, the plan's packages written to `bench-requirements.txt` plus the server it "
        "adds, the project itself when the plan installs it, same command, `ENV PORT`). "
        "Base images are this machine's local stand-ins for the official `python:X.Y-slim` images (Debian's "
        f"Python; see ../shared/docker/README.md). Cold build: {PRUNED if pruned else NOT_PRUNED}.",
        f"- **Rebuild**: {s.rebuild_cycles} cycle(s) of appending a comment line to the app's source file and "
        "rebuilding; `--progress=plain` shows whether each dependency-install `RUN` step (pip install, uv sync, "
        "…) was `CACHED`. The COPY-only baseline (`bench/references/copy-only.Dockerfile`: the base image and "
        "`COPY . .` of the same context, through our `.dockerignore`) is rebuilt after the same edit, "
        "alternating which of the two goes first.",
        "- **Size**: `docker image inspect` `.Size`. Lower bound: base image + system packages + installed "
        "dependencies + application files, measured inside the image (`bench/harness/footprint.py`). System "
        "packages: dpkg's Installed-Size of the Debian packages the image adds to its base (the shared "
        "libraries a native dependency loads, such as libmagic; 0 for a pure-Python app): the app cannot run "
        "without them, so they belong in any image of it. The rest with `du -sb`: a venv is counted whole; "
        "without one, the growth of site-packages and /usr/local/bin over the base image. `du` "
        "counts 4 KiB for each directory and the engine does not, so the bound can exceed a tight image by ~0.5 %.",
        f"- **Start-up** (web apps only, median of {s.startup_runs}): from just before `docker run -d` to the "
        'first 200 from the health path on the published port ("answers", taken as the server listening), and '
        "to `docker inspect` reporting `healthy` (ours only: the references have no HEALTHCHECK). Gap = healthy "
        "− answers. Polled every 50 ms; a `docker inspect` takes tens of ms, which bounds the resolution.",
        "- Images and containers are tagged `containerize-bench/…` and removed at the end.",
    ]
    return "\n".join(lines)
