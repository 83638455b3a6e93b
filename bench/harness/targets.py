"""The issue's targets, judged on one run's numbers: PASS, MISS (with why,
from the numbers, and what would fix it) or n/a (nothing measured). They are
reported, never asserted: timings on a shared machine are not a test."""

import statistics
from dataclasses import dataclass

from . import buildlog
from .analysis import Row
from .images import Example
from .profile import Profile

MB = 1_000_000


@dataclass
class Verdict:
    target: str
    measured: str
    ok: bool | None  # None: not measured in this run
    why: str = ""

    @property
    def label(self) -> str:
        return "n/a" if self.ok is None else ("PASS" if self.ok else "MISS")


def plan_speed(
    rows: list[Row], limit_ms: float, label: str, profile: Profile | None, floor: Row | None = None
) -> Verdict:
    timed = [r for r in rows if r.times]
    if not timed:
        return Verdict(label, "not measured", None)
    worst = max(timed, key=lambda r: r.times.median)
    measured = ", ".join(f"{r.tree.name} {r.times.median * 1000:.1f} ms" for r in timed)
    ok = worst.times.median * 1000 <= limit_ms
    why = ""
    if not ok:
        cpu = (worst.times.user + worst.times.system) * 1000
        why = (
            f"{worst.tree.name}: median {worst.times.median * 1000:.1f} ms wall for {cpu:.1f} ms of CPU "
            f"(user+sys, all threads; fastest run {worst.times.min * 1000:.1f} ms). "
        )
        if worst.times.min * 1000 <= limit_ms:
            why += "The fastest runs meet the target: the shared machine's load accounts for part of the miss. "
        if floor and floor.times:
            why += (
                f"The same binary doing nothing (`--version`) took {floor.times.median * 1000:.1f} ms median "
                "in the same rounds: that much is process start and exit under this load. "
            )
        if profile and not profile.error:
            shares = "; ".join(f"{name} {share:.0f} %" for share, name in profile.components[:3])
            why += f"CPU samples (perf, below): {shares}. Fix: " + "; ".join(profile.fixes()) + "."
    return Verdict(label, measured, ok, why)


def memory(rows: list[Row], limit_mb: float) -> Verdict:
    timed = [r for r in rows if r.rss_kib and r.tree.group != "floor"]
    if not timed:
        return Verdict(f"peak memory ≤ {limit_mb:.0f} MB", "not measured", None)
    worst = max(timed, key=lambda r: r.rss_kib)
    peak = worst.rss_kib * 1024 / MB
    why = "" if peak <= limit_mb else f"{worst.tree.name} peaks at {peak:.1f} MB (max RSS)."
    return Verdict(f"peak memory ≤ {limit_mb:.0f} MB", f"max {peak:.1f} MB ({worst.tree.name})", peak <= limit_mb, why)


def skipped_trees(rows: list[Row]) -> Verdict:
    label = "`.venv`/`node_modules` add < 10 %"
    pair = [r for r in rows if r.tree.group == "synthetic" and r.times]
    if len(pair) != 2:
        return Verdict(label, "not measured", None)
    plain, heavy = pair
    added = heavy.times.median / plain.times.median - 1
    cpu = [(r.times.user + r.times.system) * 1000 for r in pair]
    measured = (
        f"median {plain.times.median * 1000:.2f} → {heavy.times.median * 1000:.2f} ms ({added * 100:+.1f} %), "
        f"CPU {cpu[0]:.2f} → {cpu[1]:.2f} ms, same app: {'yes' if plain.app == heavy.app else 'NO'}"
    )
    ok = added < 0.10 and plain.app == heavy.app
    why = ""
    if plain.app != heavy.app:
        why = f"the plan chose `{heavy.app}` instead of `{plain.app}`: the walk entered a skipped folder. "
    if added >= 0.10:
        if heavy.times.p25 <= plain.times.p75 or cpu[1] <= cpu[0] * 1.10:
            why += (
                "The interquartile ranges overlap or the CPU time did not grow by 10 %: this is the shared "
                "machine's noise (run more repetitions), not work done on the skipped folders."
            )
        else:
            why += "Both wall and CPU time grew: the walk reads those folders; skip them by name before reading."
    return Verdict(label, measured, ok, why)


def no_reinstall(examples: list[Example]) -> Verdict:
    label = "a source-only edit never re-runs the dependency install"
    ours = [(e, e.variants["ours"]) for e in examples if "ours" in e.variants and e.variants["ours"].reran]
    if not ours:
        return Verdict(label, "not measured", None)
    n = sum(len(v.reran) for _, v in ours)
    reran = [(e, v) for e, v in ours if any(v.reran)]
    unknown = [(e, v) for e, v in ours if any(r is None for r in v.reran)]
    measured = f"{n} rebuilds of {len(ours)} examples: re-ran in {sum(sum(1 for r in v.reran if r) for _, v in ours)}"
    if unknown:
        measured += f", no install step in the log of {', '.join(e.name for e, _ in unknown)}"
    why = "; ".join(f"{e.name}: after editing `{e.edited}` the dependency install was not CACHED" for e, _ in reran)
    if unknown:
        why += " An install step missing from a log: BuildKit merged it with an identical concurrent build."
    return Verdict(label, measured, None if unknown and not reran else not reran, why.strip())


def rebuild_ratio(examples: list[Example], limit: float) -> Verdict:
    label = f"rebuild ≤ {limit}× a COPY-only rebuild"
    pairs = [
        (e, e.variants["ours"])
        for e in examples
        if "ours" in e.variants and e.variants["ours"].rebuilds and e.copy_only
    ]
    if not pairs:
        return Verdict(label, "not measured", None)
    ratios = [(e, v.median_rebuild() / statistics.median(e.copy_only)) for e, v in pairs]
    measured = ", ".join(f"{e.name} {r:.2f}×" for e, r in ratios)
    over = [(e, r) for e, r in ratios if r > limit]
    why = []
    for e, _ in over:
        v = e.variants["ours"]
        ran = [(t, name) for t, name in buildlog.step_times(v.last_rebuild_log) if t >= 0.1][:2]
        steps = "; ".join(f"{t:.1f} s `{name[:80]}`" for t, name in ran) or "no step over 0.1 s"
        why.append(
            f"{e.name}: {v.median_rebuild():.2f} s vs {statistics.median(e.copy_only):.2f} s; steps that ran in "
            f"the last rebuild: {steps}."
        )
    if any(e.variants["ours"].project_installs for e, _ in over):
        why.append(
            "A project install after `COPY . .` (`pip install .`, `uv sync`) re-runs on every edit, as it must, "
            "building the project and checking its dependencies again. Fix: install the project with "
            "`--no-deps` (uv: `--no-deps`/`--no-install-project` split), or not at all when the app imports from "
            "the source tree (`src/` on PYTHONPATH), so that an edit costs one COPY. Any other RUN after the COPY "
            "(e.g. Django's collectstatic) costs the same on every edit."
        )
    return Verdict(label, measured, not over, " ".join(why))


def size_ratio(examples: list[Example], limit: float) -> Verdict:
    label = f"image ≤ {limit}× the lower bound"
    measured_ex = [
        (e, e.variants["ours"].footprint) for e in examples if "ours" in e.variants and e.variants["ours"].footprint
    ]
    if not measured_ex:
        return Verdict(label, "not measured", None)
    ratios = [(e, f.size / f.lower_bound) for e, f in measured_ex]
    measured = ", ".join(f"{e.name} {r:.3f}×" for e, r in ratios)
    strict = [f"{e.name} {f.size / f.strict_bound:.3f}×" for e, f in measured_ex if f.pip_in_venv]
    if strict:
        measured += f" (with the venv's own pip/setuptools counted as overhead: {', '.join(strict)})"
    worst_e, worst = max(ratios, key=lambda x: x[1])
    why = ""
    if worst > limit:
        v = worst_e.variants["ours"]
        f = v.footprint
        layers = "; ".join(f"{size / MB:.1f} MB `{cmd[:70]}`" for size, cmd in v.overhead[:3])
        why = f"{worst_e.name}: {(f.size - f.lower_bound) / MB:.1f} MB over the bound. Largest added layers: {layers}."
        if f.pip_in_venv:
            why += (
                f" The venv's own pip/setuptools ({f.pip_in_venv / MB:.1f} MB) count in the bound as measured;"
                " `python -m venv --without-pip` plus the builder's pip (`pip --python /app/.venv/bin/python`)"
                " would remove them."
            )
    return Verdict(label, measured, worst <= limit, why)


def healthy_gap(examples: list[Example], limit_s: float) -> Verdict:
    label = f"healthy ≤ {limit_s:g} s after the server listens"
    gaps = []
    for e in examples:
        v = e.variants.get("ours")
        measured_gaps = [s.gap for s in (v.startups if v else []) if s.gap is not None]
        if measured_gaps:
            gaps.append((e, statistics.median(measured_gaps)))
    if not gaps:
        return Verdict(label, "not measured", None)
    measured = ", ".join(f"{e.name} {g:.1f} s" for e, g in gaps)
    worst_e, worst = max(gaps, key=lambda x: x[1])
    why = ""
    if worst > limit_s:
        hc = worst_e.plan.get("healthcheck") or {}
        if hc.get("start_interval"):
            why = (
                f"{worst_e.name}: the HEALTHCHECK probes every {hc['start_interval']} while the app starts, so "
                "`healthy` should follow the first answer within that; a longer gap means the probe itself "
                "failed or was slow after the server listened (see the container's health log), or the "
                "engine ignores `--start-interval` (older than 25)."
            )
        else:
            why = (
                f"The HEALTHCHECK runs its first probe one interval ({hc.get('interval', '?')}) after the "
                "container starts: the file was rendered for an engine without `--start-interval` "
                '(`engine = "20.10"`), so `healthy` cannot come sooner than one interval however fast the '
                "server listens. Fix: the default target (Engine 25+), which probes every second while the app starts."
            )
    return Verdict(label, measured, worst <= limit_s, why)


def judge(rows: list[Row], examples: list[Example], profiles: dict[str, Profile]) -> list[Verdict]:
    example_rows = [r for r in rows if r.tree.group == "example"]
    large_rows = [r for r in rows if r.tree.group == "large"]
    floor = next((r for r in rows if r.tree.group == "floor"), None)
    return [
        plan_speed(example_rows, 5, "`plan` ≤ 5 ms median on the examples", profiles.get("example"), floor),
        plan_speed(large_rows, 50, "`plan` ≤ 50 ms median on the Django tree", profiles.get("large")),
        memory(rows, 30),
        skipped_trees(rows),
        no_reinstall(examples),
        rebuild_ratio(examples, 1.3),
        size_ratio(examples, 1.05),
        healthy_gap(examples, 1.5),
    ]
