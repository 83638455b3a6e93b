"""Where `containerize plan` spends its time, from `perf` (sampling with
DWARF call graphs over repeated runs), for the report when a speed target is
missed. Two views: CPU samples by component (self time), and the tool's own
functions by inclusive time, which shows the phases (walk, parse, match)."""

import shlex
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .proc import run

# Symbol (or library) patterns → component, first match wins.
COMPONENTS = [
    ("kernel (syscalls: stat, open, read; page faults; threads)", ("[k] ",)),
    ("Ruff parser (lex, parse, drop the AST)", ("ruff_python_parser::", "ruff_python_ast::", "drop_in_place<ruff_")),
    ("AST summary (src/detect/python_source.rs)", ("containerize::detect::python_source",)),
    (
        "allocator (glibc malloc/free)",
        ("malloc", "_int_free", "cfree", "free@", "sysmalloc", "unlink_chunk", "_int_realloc", "realloc"),
    ),
    ("walk and ignore rules (ignore, globset, regex)", ("ignore::", "globset::", "regex")),
    ("dynamic loading", ("_dl_", "ld-linux", "do_lookup", "handle_amd", "init_cpu_features")),
    ("libc memory/string routines", ("__mem", "__str", "memchr", "memrchr")),
    ("tool, other (src/)", ("containerize::",)),
]
# Components whose share suggests a known fix, for the report's "what would fix it".
FIXES = {
    "walk and ignore rules (ignore, globset, regex)": (
        "walk less: prune the folders that are never candidates (tests/, docs/, migrations/…) in the walk's "
        "`filter_entry` instead of filtering the file list afterwards, and stop reading the user's global git "
        "excludes (`WalkBuilder::git_global(false)`: it builds a regex set on every run, and it makes results "
        "depend on the machine)"
    ),
    "Ruff parser (lex, parse, drop the AST)": (
        "parse fewer files: a cheap text pre-filter before the full parse (a module that never names a framework "
        "module and is not imported by one that does cannot define or build the app), and overlap parsing with "
        "the walk (parse on a parallel walker) instead of walking first"
    ),
    "allocator (glibc malloc/free)": (
        "allocate less across threads: a faster allocator for the parser threads (mimalloc), and skip freeing "
        "each AST before exit"
    ),
    "kernel (syscalls: stat, open, read; page faults; threads)": (
        "fewer syscalls per file: no `canonicalize` on every read inside a root that is already canonical, and "
        "no `pyvenv.cfg` stat for every folder walked (check the names first)"
    ),
    "dynamic loading": "link statically (fewer shared objects to relocate at start): a fixed ~0.5 ms",
}


@dataclass
class Profile:
    runs: int
    components: list[tuple[float, str]] = field(default_factory=list)
    functions: list[tuple[float, str]] = field(default_factory=list)  # inclusive %
    error: str = ""

    def fixes(self, top: int = 3) -> list[str]:
        return [FIXES[name] for share, name in self.components[:top] if name in FIXES and share >= 10]


def component(symbol: str, dso: str) -> str:
    for name, patterns in COMPONENTS:
        if any(p in symbol or p in dso for p in patterns):
            return name
    return "other"


def report(data: Path, children: bool) -> list[list[str]]:
    args = [
        "perf",
        "report",
        "-i",
        str(data),
        "--stdio",
        "--comm",
        "containerize",
        "--percentage",
        "relative",
        "-g",
        "none",
        "-t",
        "|",
        "--children" if children else "--no-children",
        "--sort",
        "sym" if children else "dso,sym",
    ]
    rows = []
    for line in run(args).stdout.splitlines():
        if line.startswith("#") or "|" not in line:
            continue
        rows.append([cell.strip() for cell in line.split("|")])
    return rows


def percent(cell: str) -> float:
    return float(cell.rstrip("%"))


def profile(plan_args: list[str], runs: int) -> Profile:
    result = Profile(runs)
    if not shutil.which("perf"):
        result.error = "perf is not installed (apt-get install linux-perf)"
        return result
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "perf.data"
        script = Path(tmp) / "loop.sh"
        quoted = shlex.join(plan_args)
        script.write_text(f"for i in $(seq {runs}); do {quoted} >/dev/null; done\n")
        try:
            run(
                [
                    "perf",
                    "record",
                    "-F",
                    "2000",
                    "--call-graph",
                    "dwarf,16384",
                    "-o",
                    str(data),
                    "--",
                    "sh",
                    str(script),
                ]
            )
            shares: dict[str, float] = {}
            for share, dso, sym in report(data, children=False):
                name = component(sym, dso)
                shares[name] = shares.get(name, 0.0) + percent(share)
            result.components = sorted(((v, k) for k, v in shares.items()), reverse=True)
            for total, _self, sym in report(data, children=True):
                name = sym.removeprefix("[.] ")
                if name.startswith("containerize::") and percent(total) >= 3 and "{{closure}}" not in name:
                    result.functions.append((percent(total), name))
            result.functions = sorted(result.functions, reverse=True)[:12]
        except Exception as e:
            result.error = f"perf failed: {str(e).splitlines()[0]}"
    return result
