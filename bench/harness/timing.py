"""Whole-process measurements of one command: wall time with hyperfine
(no intermediate shell, warmup runs, the per-run times kept for medians and
spread) and peak resident memory (GNU time's max RSS of each run)."""

import json
import os
import shlex
import statistics
import subprocess
import tempfile
from dataclasses import dataclass

GNU_TIME = "/usr/bin/time"


@dataclass
class Times:
    runs: int
    median: float  # seconds
    p25: float
    p75: float
    min: float
    max: float
    user: float  # mean CPU seconds per run
    system: float

    def spread(self) -> str:
        """Interquartile range and extremes, in milliseconds."""
        return f"IQR {ms(self.p25)}–{ms(self.p75)}, range {ms(self.min)}–{ms(self.max)}"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def quartiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        return values[0], values[0], values[0]
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def hyperfine(args: list[str], runs: int, warmup: int) -> Times:
    return summarize([_hyperfine(args, runs, warmup)])


def interleaved(commands: list[list[str]], runs: int, warmup: int, rounds: int) -> list[Times]:
    """Time several commands in alternating rounds, so that a noisy spell on
    the shared machine hits all of them alike; each gets `runs` runs in all."""
    per_round = max(1, runs // rounds)
    samples: list[list[dict]] = [[] for _ in commands]
    for _ in range(rounds):
        for i, args in enumerate(commands):
            samples[i].append(_hyperfine(args, per_round, warmup))
    return [summarize(s) for s in samples]


def summarize(samples: list[dict]) -> Times:
    times = [t for s in samples for t in s["times"]]
    n = len(times)
    user = sum(s["user"] * len(s["times"]) for s in samples) / n
    system = sum(s["system"] * len(s["times"]) for s in samples) / n
    p25, median, p75 = quartiles(times)
    return Times(n, median, p25, p75, min(times), max(times), user, system)


def _hyperfine(args: list[str], runs: int, warmup: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        export = os.path.join(tmp, "times.json")
        command = ["hyperfine", "--shell=none", "--style=none", f"--warmup={warmup}", f"--runs={runs}"]
        command += [f"--export-json={export}", shlex.join(args)]
        # stderr carries hyperfine's "outliers detected" advice on every noisy run: kept for failures only.
        result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"hyperfine failed on `{shlex.join(args)}`: {result.stderr.strip()[-500:]}")
        with open(export) as f:
            return json.load(f)["results"][0]


def peak_rss_kib(args: list[str], runs: int) -> int:
    """The largest max-RSS over `runs` runs, in KiB, from GNU time (Debian's
    `time` package). Not from this process's wait4: Linux carries the
    parent's RSS high-water mark into a forked child across exec, so a child
    of this Python process would report at least the harness's own RSS."""
    peak = 0
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "rss")
        for _ in range(runs):
            subprocess.run(
                [GNU_TIME, "-f", "%M", "-o", out, *args],
                check=True,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            with open(out) as f:
                peak = max(peak, int(f.read().split()[-1]))
    return peak
