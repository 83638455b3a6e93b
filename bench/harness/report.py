"""bench/REPORT.md: the summary of ratios, the targets, the machine, then
the analysis and image tables, each with the method that produced it."""

import math
import statistics
from pathlib import Path

from . import buildlog
from .analysis import Row
from .images import Example, Variant
from .profile import Profile
from .targets import MB, Verdict

REFERENCES = ("naive", "docker-init")


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def geomean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values))


def mb(n: int) -> str:
    return f"{n / MB:.1f}"


def secs(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def median_or_none(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def listening(v: Variant) -> float | None:
    return median_or_none([s.listening for s in v.startups if s.listening is not None])


def healthy(v: Variant) -> float | None:
    return median_or_none([s.healthy for s in v.startups if s.healthy is not None])


METRICS = [
    ("cold build time", lambda v: v.cold.seconds if v.cold and v.cold.ok else None),
    ("rebuild after a one-line source edit", lambda v: v.median_rebuild()),
    ("image size", lambda v: v.footprint.size if v.footprint else None),
    ("`docker run` → health path answers", listening),
]


def ratio_cell(pairs: list[float]) -> str:
    if not pairs:
        return "—"
    text = f"**{geomean(pairs):.2f}×**"
    return text + (f" ({min(pairs):.2f}–{max(pairs):.2f})" if len(pairs) > 1 else "")


def summary(examples: list[Example]) -> str:
    rows = []
    for label, metric in METRICS:
        cells = [label]
        for ref in REFERENCES:
            pairs = []
            for e in examples:
                ours, other = e.variants.get("ours"), e.variants.get(ref)
                a, b = (metric(ours) if ours else None), (metric(other) if other else None)
                if a and b:
                    pairs.append(a / b)
            cells.append(ratio_cell(pairs))
        bound = (
            [
                v.footprint.size / v.footprint.lower_bound
                for e in examples
                if (v := e.variants.get("ours")) and v.footprint
            ]
            if label == "image size"
            else []
        )
        cells.append(ratio_cell(bound))
        rows.append(cells)
    built = sum(1 for e in examples if e.variants.get("ours") and e.variants["ours"].built)
    return (
        f"Ours ÷ the alternative (below 1× is better for ours): geometric mean over the {built} "
        "example(s) built, range in brackets.\n\n"
        + table(["metric", "ours vs naive", "ours vs docker-init style", "ours vs lower bound"], rows)
    )


def targets(verdicts: list[Verdict]) -> str:
    rows = [[v.target, v.measured, f"**{v.label}**"] for v in verdicts]
    misses = [f"- **{v.target}**: {v.why}" for v in verdicts if v.ok is False]
    text = table(["target", "measured", "verdict"], rows)
    if misses:
        text += "\n\nWhy the misses, and what would fix them:\n\n" + "\n".join(misses)
    return text


def machine(facts: dict[str, str]) -> str:
    return table(["", ""], [[k, v] for k, v in facts.items()])


def analysis(rows: list[Row], profiles: dict[str, Profile], profile_of: dict[str, str]) -> str:
    body = []
    for r in rows:
        if r.error:
            body.append([r.tree.name, "—", "—", "—", "—", "—", "—", f"error: {r.error}"])
            continue
        t = r.times
        body.append(
            [
                r.tree.name,
                "—" if r.tree.command else f"{r.files[0]} ({r.files[1]})",
                str(t.runs),
                f"**{t.median * 1000:.2f}**",
                f"{t.p25 * 1000:.2f}–{t.p75 * 1000:.2f}; {t.min * 1000:.2f}–{t.max * 1000:.2f}",
                f"{(t.user + t.system) * 1000:.2f}",
                f"{r.rss_kib * 1024 / MB:.1f}",
                "—" if r.tree.command else f"`{r.app}`",
            ]
        )
    text = table(
        ["tree", "files (.py)", "runs", "median ms", "IQR; min–max ms", "CPU ms/run", "peak RSS MB", "app chosen"], body
    )
    notes = [f"- **{r.tree.name}**: {r.tree.note}" for r in rows if r.tree.note]
    if notes:
        text += "\n\nTrees:\n\n" + "\n".join(notes)
    for group, p in profiles.items():
        text += f"\n\n### Where the time goes: {profile_of[group]} (perf, {p.runs} runs, {p.samples} samples)\n\n"
        if p.error:
            text += p.error
            continue
        text += (
            "Share of CPU samples (all threads) by component, self time:\n\n"
            + table(["component", "share"], [[n, f"{s:.1f} %"] for s, n in p.components if s >= 0.5])
            + "\n\nThe tool's functions by inclusive time (share of samples with the function on the stack, ≥ 3 %; "
            "a phase includes what it calls; the parser threads are not under `main`):\n\n"
            + table(["function", "inclusive"], [[f"`{n}`", f"{s:.1f} %"] for s, n in p.functions])
        )
    return text


def variant_row(e: Example, v: Variant) -> list[str]:
    if v.skipped or v.error or not v.cold:
        return [v.name, f"not built: {v.skipped or v.error or 'not attempted'}"] + [""] * 8
    f = v.footprint
    copy = median_or_none(e.copy_only)
    rebuild = v.median_rebuild()
    cold = f"{v.cold.seconds:.1f}" + (f" ({v.cold_note()})" if v.cold_note() else "")
    reran = sum(1 for r in v.reran if r is not False)
    gap = median_or_none([s.gap for s in v.startups if s.gap is not None])
    return [
        v.name,
        cold,
        f"{secs(rebuild)}" + (f" ({rebuild / copy:.2f}×)" if rebuild and copy else ""),
        f"{reran}/{len(v.reran)}"
        + (f"; project install {len(v.project_installs)}/{len(v.reran)}" if v.project_installs else ""),
        mb(f.size) if f else "—",
        f"{mb(f.lower_bound)} = {mb(f.base)} + {mb(f.system)} + {mb(f.deps)} + {mb(f.app)}" if f else "—",
        f"{f.size / f.lower_bound:.3f}×" if f else "—",
        secs(listening(v)) if e.web else "not a web app",
        secs(healthy(v)) if e.web and v.name == "ours" else "no HEALTHCHECK" if e.web else "—",
        secs(gap) if gap is not None else "—",
    ]


def images(examples: list[Example], cycles: int, startup_runs: int) -> str:
    parts = []
    header = [
        "variant",
        "cold build s",
        f"rebuild s (÷ COPY-only), median of {cycles}",
        "install re-ran",
        "size MB",
        "lower bound MB = base + system packages + deps + app",
        "size ÷ bound",
        "run → answers s",
        "run → healthy s",
        "gap s",
    ]
    for e in examples:
        parts.append(f"### {e.name}")
        if e.skipped:
            parts.append(f"Skipped: {e.skipped}.")
            continue
        rows = [variant_row(e, v) for v in e.variants.values()]
        copy = median_or_none(e.copy_only)
        rows.append(["COPY-only baseline", "", secs(copy), "", "", "", "", "", "", ""])
        parts.append(table(header, rows))
        notes = [f"One-line edit appended to `{e.edited}`." if e.edited else ""]
        for v in e.variants.values():
            if v.evictions:
                notes.append(
                    f"{v.name}: {v.evictions} rebuild cycle(s) repeated: another build on the shared "
                    "engine had evicted the cache (a RUN before any COPY ran again)."
                )
            if v.cold and v.cold.ok:
                slow = "; ".join(f"{t:.1f} s `{name[:90]}`" for t, name in buildlog.step_times(v.cold.log)[:3])
                notes.append(f"Slowest cold-build steps, {v.name}: {slow}.")
        ours = e.variants.get("ours")
        if ours and ours.footprint and ours.footprint.pip_in_venv:
            f = ours.footprint
            notes.append(
                f"The venv (deps) includes its own pip/setuptools, {mb(f.pip_in_venv)} MB, which the app "
                f"does not need at run time: counted as overhead, ours is {f.size / f.strict_bound:.3f}× "
                "the bound."
            )
        if e.web:
            notes.append(f"Start-up: median of {startup_runs} run(s); health path `{e.health_path or '/'}`.")
        errors = [f"{s.error}" for v in e.variants.values() for s in v.startups if s.error]
        notes += [f"Start-up problem: {x}" for x in errors]
        parts.append("\n".join(f"- {n}" for n in notes if n))
    return "\n\n".join(parts)


def write(
    path: Path,
    *,
    quick: bool,
    facts: dict[str, str],
    verdicts: list[Verdict],
    rows: list[Row],
    examples: list[Example],
    profiles: dict[str, Profile],
    profile_of: dict[str, str],
    method: str,
    cycles: int,
    startup_runs: int,
) -> None:
    title = "# Benchmarks" + (" (quick run: checks the harness, numbers mean little)" if quick else "")
    sections = [
        title,
        "Written by `bench/run`" + (" --quick" if quick else "") + "; do not edit by hand, re-run it. "
        "The machine is shared and noisy: compare ratios, not absolute times.",
        "## Summary\n\n" + (summary(examples) if examples else "Images were not measured in this run."),
        "## Targets\n\n" + targets(verdicts),
        "## Machine\n\n" + machine(facts),
        "## 1. Analysis: `containerize plan`\n\n" + analysis(rows, profiles, profile_of),
        "## 2. Images\n\n" + (images(examples, cycles, startup_runs) if examples else "Not measured in this run."),
        "## Method\n\n" + method,
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(sections).rstrip() + "\n")
