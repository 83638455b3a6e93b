"""What one run does: the full run (manual) or `--quick` (CI: one example,
one repetition, no Django download, no cache pruning)."""

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"


@dataclass(frozen=True)
class Settings:
    quick: bool
    out: Path
    work: Path  # scratch space, under target/ (never committed)
    cache: Path  # downloads kept between runs (never committed)
    examples: list[str]  # names under examples/ to measure; empty = all
    profile: str  # cargo profile of the binary under test
    plan_runs: int
    plan_warmup: int
    big_runs: int  # runs on the Django and synthetic trees
    rss_runs: int
    synthetic_files: int  # files in each of .venv and node_modules
    rebuild_cycles: int
    startup_runs: int
    django: bool
    images: bool
    prune: bool  # clear BuildKit's cache before each cold build
    keep_images: bool


def parse(argv: list[str]) -> Settings:
    parser = argparse.ArgumentParser(
        prog="bench/run",
        description="Measure `containerize plan` and the images it produces; write bench/REPORT.md.",
    )
    parser.add_argument("--quick", action="store_true", help="one example, one repetition, no download (CI)")
    parser.add_argument("--out", type=Path, help="report path (default bench/REPORT.md; --quick: target/bench)")
    parser.add_argument("--example", action="append", default=[], help="measure only this example (repeatable)")
    parser.add_argument("--no-images", action="store_true", help="skip the Docker part")
    parser.add_argument("--keep-images", action="store_true", help="leave the built images on the engine")
    args = parser.parse_args(argv)
    work = ROOT / "target" / "bench"
    cache = Path(os.environ.get("CONTAINERIZE_BENCH_CACHE", Path.home() / ".cache" / "containerize-bench"))
    quick = args.quick
    default_out = work / "REPORT-quick.md" if quick else BENCH / "REPORT.md"
    return Settings(
        quick=quick,
        out=(args.out or default_out).resolve(),
        work=work,
        cache=cache,
        examples=args.example,
        # The tests already built the debug binary in CI; a release build
        # there would cost minutes for numbers nobody reads.
        profile="dev" if quick else "release",
        plan_runs=1 if quick else 200,
        plan_warmup=0 if quick else 10,
        big_runs=1 if quick else 30,
        rss_runs=1 if quick else 10,
        synthetic_files=2_000 if quick else 20_000,
        rebuild_cycles=1 if quick else 3,
        startup_runs=1 if quick else 3,
        django=not quick,
        images=not args.no_images,
        prune=not quick,
        keep_images=args.keep_images,
    )
