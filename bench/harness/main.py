"""`bench/run`: build the binary, measure, write the report."""

import os
import shutil
from pathlib import Path

from . import analysis, engine, images, machine, method, profile, report, targets, timing, trees
from .proc import log, run
from .settings import ROOT, Settings, parse

# (runs, sampling Hz, one recording per run) per group: enough samples on a
# 3 ms run, not so many on Django that perf drops events.
PROFILE_RUNS = {"example": (300, 5_000, False), "large": (10, 1_000, True)}


def build_binary(settings: Settings) -> Path:
    log(f"cargo build --profile {settings.profile}")
    run(["cargo", "build", "--locked", "--profile", settings.profile, "--bin", "containerize"], cwd=ROOT)
    folder = "debug" if settings.profile == "dev" else settings.profile
    return ROOT / "target" / folder / "containerize"


def web_examples(binary: Path, settings: Settings, names: list[str]) -> list[str]:
    """The examples whose plan has a port and a health check (web apps)."""
    found = []
    for name in names:
        tree = trees.Tree(name, trees.copy_example(name, settings.work / "trees" / "probe" / name))
        try:
            plan = trees.plan_json(binary, tree)
        except Exception:
            continue
        if plan.get("port") is not None and (plan.get("healthcheck") or {}).get("kind") not in (None, "none"):
            found.append(name)
    return found


def choose_examples(binary: Path, settings: Settings) -> tuple[list[str], str]:
    """(examples to measure, the web example the synthetic tree copies)."""
    names = settings.examples or trees.example_names()
    web = web_examples(binary, settings, names) or web_examples(binary, settings, trees.example_names())
    base = web[0] if web else names[0]
    if settings.quick and not settings.examples:
        names = [base]
    return names, base


def profiles_for(binary: Path, rows: list[analysis.Row]) -> tuple[dict, dict]:
    """Profile the slowest tree of each group whose speed target is missed."""
    limits = {"example": 0.005, "large": 0.050}
    found, names = {}, {}
    for group, limit in limits.items():
        timed = [r for r in rows if r.tree.group == group and r.times]
        if timed and (worst := max(timed, key=lambda r: r.times.median)).times.median > limit:
            log(f"profiling plan on {worst.tree.name}")
            found[group] = profile.profile(analysis.plan_args(binary, worst.tree), *PROFILE_RUNS[group])
            names[group] = worst.tree.name
    return found, names


def problems(rows: list[analysis.Row], examples: list[images.Example], quick: bool) -> list[str]:
    """What went wrong in the harness or in our images (missed targets are not
    problems). A reference that fails on an example is a finding, reported in
    its table, except in the quick run, whose one example every variant builds."""
    found = [f"plan on {r.tree.name}: {r.error}" for r in rows if r.error]
    for e in examples:
        if e.skipped.startswith("error"):
            found.append(f"{e.name}: {e.skipped}")
        for v in e.variants.values():
            if v.name != "ours" and not quick:
                continue
            found += [f"{e.name}/{v.name}: {v.error}"] if v.error else []
            found += [f"{e.name}/{v.name}: start-up: {s.error}" for s in v.startups if s.error]
    return found


def missing_tools() -> list[str]:
    tools = {"hyperfine": shutil.which("hyperfine"), "time (GNU, /usr/bin/time)": os.access(timing.GNU_TIME, os.X_OK)}
    return [name for name, found in tools.items() if not found]


def main(argv: list[str]) -> int:
    settings = parse(argv)
    if missing := missing_tools():
        log(f"missing: {', '.join(missing)}; on Debian: apt-get install hyperfine time")
        return 2
    binary = build_binary(settings)
    facts = machine.facts()
    names, synthetic_base = choose_examples(binary, settings)
    log(f"examples: {', '.join(names)}")
    rows = analysis.run_all(settings, binary, names, synthetic_base)
    profiles, profile_of = ({}, {}) if settings.quick else profiles_for(binary, rows)
    examples: list[images.Example] = []
    if settings.images:
        problem = engine.available()
        if problem and os.environ.get("CONTAINERIZE_REQUIRE_E2E") == "1":
            log(f"no engine and CONTAINERIZE_REQUIRE_E2E=1: {problem}")
            return 1
        if problem:
            log(f"skipping images: {problem}")
            facts["docker"] = f"not used: {problem}"
        else:
            examples = images.run_all(settings, binary, names)
    facts["noise at end"] = machine.load_sample()
    verdicts = targets.judge(rows, examples, profiles)
    report.write(
        settings.out,
        quick=settings.quick,
        facts=facts,
        verdicts=verdicts,
        rows=rows,
        examples=examples,
        profiles=profiles,
        profile_of=profile_of,
        method=method.describe(settings, settings.profile, settings.prune),
        cycles=settings.rebuild_cycles,
        startup_runs=settings.startup_runs,
    )
    log(f"wrote {settings.out}")
    for v in verdicts:
        log(f"{v.label:4}  {v.target}: {v.measured}")
    failed = problems(rows, examples, settings.quick)
    for problem in failed:
        log(f"PROBLEM {problem}")
    return 1 if failed else 0
