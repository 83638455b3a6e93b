"""Table 2: per example, the image from our Dockerfile and the two
references: cold build, rebuild after a one-line source edit (did the
dependency install re-run?) against a COPY-only rebuild, size against the
lower bound, and time from `docker run` to listening and to healthy.

All builds of a run happen in one batch. With pruning on (the full run),
BuildKit's whole cache is cleared before each cold build, so every cold
build downloads and installs everything; the rebuilds that follow use the
cache that cold build made. Sizes and start-up times are measured after the
batch, on the images it left."""

import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import buildlog, engine, footprint, references, startup
from .footprint import Footprint
from .proc import log
from .references import VARIANTS, NotApplicable
from .settings import Settings
from .trees import Tree, copy_example, plan_json

EVICTION_RETRIES = 2


@dataclass
class Variant:
    name: str
    tag: str = ""
    base: str = ""
    skipped: str = ""
    error: str = ""
    cold: buildlog.Build | None = None
    rebuilds: list[float] = field(default_factory=list)
    reran: list[bool | None] = field(default_factory=list)
    project_installs: list[float] = field(default_factory=list)  # seconds, per rebuild where one ran
    last_rebuild_log: str = ""
    footprint: Footprint | None = None
    overhead: list[tuple[int, str]] = field(default_factory=list)
    startups: list[startup.Startup] = field(default_factory=list)
    evictions: int = 0  # rebuild cycles repeated because the shared cache was evicted

    @property
    def built(self) -> bool:
        return self.cold is not None and self.cold.ok and not self.error

    def median_rebuild(self) -> float | None:
        return statistics.median(self.rebuilds) if self.rebuilds else None

    def cold_note(self) -> str:
        if self.cold is None:
            return ""
        reran = self.cold.install_reran()
        if reran is None:
            return "no install step found in the build log"
        return "" if reran else "install step was CACHED: not a cold build"


@dataclass
class Example:
    name: str
    plan: dict = field(default_factory=dict)
    skipped: str = ""
    edited: str = ""  # the file the one-line edit goes to
    variants: dict[str, Variant] = field(default_factory=dict)
    copy_only: list[float] = field(default_factory=list)
    copy_only_tag: str = ""

    @property
    def web(self) -> bool:
        health = (self.plan.get("healthcheck") or {}).get("kind")
        return self.plan.get("port") is not None and health not in (None, "none")

    @property
    def health_path(self) -> str | None:
        return (self.plan.get("healthcheck") or {}).get("path")


def edit_target(plan: dict, context: Path) -> Path:
    """The app's source file, else the first Python file: where a one-line edit goes."""
    evidence = ((plan.get("app") or {}).get("evidence") or "").split(":")[0]
    if evidence and (context / evidence).is_file():
        return context / evidence
    return sorted(context.rglob("*.py"))[0]


def edit(path: Path, label: str) -> None:
    """Append a comment line. `label` carries the run id: an edit that an
    earlier run already made would find its layers in the cache."""
    with path.open("a") as f:
        f.write(f"\n# bench edit {label}\n")


def run_id() -> str:
    return f"{os.getpid()}-{int(time.time())}"


def build_variant(
    ex: Example, v: Variant, ctx: references.Context, settings: Settings, copy_file: Path | None, rid: str
) -> None:
    """Cold build, then the edit-and-rebuild cycles (with the COPY-only
    baseline rebuilt after the same edit when `copy_file` is given)."""
    logs = settings.work / "logs" / ex.name
    if settings.prune:
        log("emptying BuildKit's cache mounts for a cold build")
        engine.prune_cache_mounts()
    log(f"{ex.name}/{v.name}: cold build")
    v.cold = engine.build(ctx.path, v.tag, no_cache=True, keep_log=logs / f"{v.name}-cold.log")
    if not v.cold.ok:
        v.error = f"build failed: {v.cold.failure()}"
        return
    if copy_file and not engine.build(ctx.path, ex.copy_only_tag, dockerfile=copy_file).ok:
        v.error = "the COPY-only baseline failed to build"
        return
    source = edit_target(ex.plan, ctx.path)
    ex.edited = str(source.relative_to(ctx.path))
    for cycle in range(settings.rebuild_cycles):
        for attempt in range(EVICTION_RETRIES + 1):
            edit(source, f"{rid} {cycle}.{attempt}")
            label = logs / f"{v.name}-rebuild-{cycle}.{attempt}"
            result = rebuild(ex, v, ctx, copy_file, label, copy_first=cycle % 2 == 1)
            if result is None:
                return
            ours, copy_seconds = result
            if not ours.cache_lost():
                break
            v.evictions += 1
            log(f"{ex.name}/{v.name}: the build cache was evicted by another build; repeating cycle {cycle + 1}")
        v.rebuilds.append(ours.seconds)
        v.reran.append(ours.install_reran())
        v.last_rebuild_log = ours.log
        if (seconds := ours.project_install_seconds()) is not None:
            v.project_installs.append(seconds)
        if copy_seconds is not None:
            ex.copy_only.append(copy_seconds)
        log(f"{ex.name}/{v.name}: rebuild {cycle + 1}: {ours.seconds:.1f} s, install re-ran: {v.reran[-1]}")


def rebuild(
    ex: Example, v: Variant, ctx: references.Context, copy_file: Path | None, label: Path, copy_first: bool
) -> tuple[buildlog.Build, float | None] | None:
    """One rebuild of `v` (and of the COPY-only baseline, first or second:
    the second build of a context sends less), or None when one failed."""
    copy_seconds = None
    order = ["copy", "ours"] if copy_first else ["ours", "copy"]
    for which in order if copy_file else ["ours"]:
        is_copy = which == "copy"
        log_path = label.with_name(label.name + ("-copy-only.log" if is_copy else ".log"))
        tag = ex.copy_only_tag if is_copy else v.tag
        build = engine.build(ctx.path, tag, dockerfile=copy_file if is_copy else None, keep_log=log_path)
        if not build.ok:
            v.error = f"rebuild failed (log: {log_path})"
            return None
        if is_copy:
            copy_seconds = build.seconds
        else:
            ours = build
    return ours, copy_seconds


def build_example(binary: Path, name: str, settings: Settings, rid: str) -> Example:
    work = settings.work / "images" / name
    ex = Example(name)
    ex.plan = plan_json(binary, Tree(name, copy_example(name, work / "plan")))
    base = ex.plan.get("base_image", "")
    if not engine.has_image(base):
        ex.skipped = f"base image `{base}` is not on this engine"
        return ex
    ex.copy_only_tag = f"{engine.TAG_PREFIX}/{name}-copy-only:{rid}"
    for variant in VARIANTS:
        v = ex.variants.setdefault(variant, Variant(variant, tag=f"{engine.TAG_PREFIX}/{name}-{variant}:{rid}"))
        try:
            ctx = references.prepare(binary, name, ex.plan, variant, work / variant)
        except NotApplicable as e:
            v.skipped = str(e)
            continue
        v.base = base if variant == "ours" else f"python:{ctx.python}-slim"
        copy_file = references.copy_only(ctx, work / "copy-only.Dockerfile") if variant == "ours" else None
        build_variant(ex, v, ctx, settings, copy_file, rid)
    return ex


def measure_images(ex: Example, settings: Settings) -> None:
    for v in ex.variants.values():
        if not v.built:
            continue
        log(f"{ex.name}/{v.name}: size, lower bound, start-up")
        try:
            v.footprint = footprint.measure(v.tag, v.base)
            v.overhead = footprint.overhead_layers(v.tag, v.base)
            if ex.web:
                has_check = v.name == "ours"
                for _ in range(settings.startup_runs):
                    v.startups.append(startup.measure(v.tag, ex.plan, has_check))
        except Exception as e:
            v.error = f"measuring failed: {str(e).splitlines()[0]}"


def run_all(settings: Settings, binary: Path, names: list[str]) -> list[Example]:
    rid = run_id()
    results = []
    try:
        for name in names:
            try:
                results.append(build_example(binary, name, settings, rid))
            except Exception as e:
                results.append(Example(name, skipped=f"error: {str(e).splitlines()[0]}"))
        for ex in results:
            measure_images(ex, settings)
    finally:
        if not settings.keep_images:
            engine.remove_images(engine.tagged(rid))
    return results
