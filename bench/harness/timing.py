"""Whole-process measurements of one command: wall time with hyperfine
(no intermediate shell, warmup runs, the per-run times kept for medians and
spread) and peak resident memory from the kernel's rusage of each run."""

import json
import os
import shlex
import statistics
import subprocess
import tempfile
from dataclasses import dataclass


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
        subprocess.run(
            [
                "hyperfine",
                "--shell=none",
                "--style=none",
                f"--warmup={warmup}",
                f"--runs={runs}",
                f"--export-json={export}",
                shlex.join(args),
            ],
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )
        with open(export) as f:
            return json.load(f)["results"][0]


def peak_rss_kib(args: list[str], runs: int) -> int:
    """The largest max-RSS over `runs` runs (KiB, from wait4's rusage)."""
    peak = 0
    for _ in range(runs):
        child = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise RuntimeError(f"`{shlex.join(args)}` exited {child.returncode}")
        peak = max(peak, usage.ru_maxrss)
    return peak
