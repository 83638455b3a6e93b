"""Table 1: `containerize plan` on every tree: wall time (median, spread),
CPU time, peak memory, and the app each plan chose (the synthetic pair must
choose the same one: a walk into `.venv`/`node_modules` would find decoys)."""

from dataclasses import dataclass
from pathlib import Path

from . import timing, trees
from .proc import log
from .settings import Settings


@dataclass
class Row:
    tree: trees.Tree
    times: timing.Times | None = None
    rss_kib: int = 0
    app: str = ""
    error: str = ""
    files: tuple[int, int] = (0, 0)  # (all files, Python files)


def plan_args(binary: Path, tree: trees.Tree) -> list[str]:
    return tree.command or [str(binary), "plan", *tree.args, str(tree.path)]


def prepare(binary: Path, tree: trees.Tree) -> Row:
    if tree.command:
        return Row(tree, app="—")
    row = Row(tree, files=trees.file_counts(tree.path))
    try:
        plan = trees.plan_json(binary, tree)
        row.app = (plan.get("app") or {}).get("target") or "none"
    except Exception as e:  # one broken tree must not hide the others
        row.error = str(e).splitlines()[0]
        log(f"plan on {tree.name} failed: {e}")
    return row


def measure(binary: Path, rows: list[Row], settings: Settings, runs: int, rounds: int = 1) -> None:
    """Fill in times and memory for the rows whose plan works; with several
    rows and rounds, their runs alternate."""
    live = [r for r in rows if not r.error]
    if not live:
        return
    log(f"timing plan on {', '.join(r.tree.name for r in live)}: {runs} runs each")
    commands = [plan_args(binary, r.tree) for r in live]
    results = timing.interleaved(commands, runs, settings.plan_warmup, rounds)
    for row, times, args in zip(live, results, commands, strict=True):
        row.times = times
        row.rss_kib = timing.peak_rss_kib(args, settings.rss_runs)


def run_all(settings: Settings, binary: Path, example_names: list[str], synthetic_base: str) -> list[Row]:
    rounds = 1 if settings.quick else 5
    examples = [prepare(binary, t) for t in [trees.floor(binary), *trees.examples(settings, example_names)]]
    measure(binary, examples, settings, settings.plan_runs, rounds)
    large: list[Row] = []
    if settings.django:
        django = trees.django(settings, binary)
        large = [prepare(binary, django), prepare(binary, trees.django_package_only(settings, django))]
        measure(binary, large, settings, settings.big_runs, rounds=3)
    pair = [prepare(binary, t) for t in trees.synthetic(settings, synthetic_base)]
    measure(binary, pair, settings, settings.plan_runs, rounds)
    return examples + large + pair
