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
    ("kernel (syscalls: stat, open, read; page faults; threads)", ()),
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
# Known fixes, each offered when the profile shows its cause (see `fixes`).
WALK = (
    "walk less: prune the folders that are never candidates (tests/, docs/, migrations/…) in the walk's "
    "`filter_entry` instead of filtering the file list afterwards (the `django, package only` row measures "
    "the saving), and stop reading the user's global git excludes (`WalkBuilder::git_global(false)`): it "
    "builds a regex set on every run, and makes the result depend on the machine"
)
PARSE = (
    "parse fewer files: a cheap text pre-filter before the full parse (a module that names no framework "
    "module and is not imported by one that does cannot define or build the app), and parse while walking "
    "(a parallel walker feeding the parser threads) instead of walking first"
)
ALLOCATOR = (
    "allocate less across threads: a faster allocator for the parser threads (e.g. mimalloc), and no "
    "freeing of each AST before exit"
)
READS = "fewer syscalls per file: no `canonicalize` on every read inside a root that is already canonical"
FLOOR = (
    "most samples are outside the tool's code (exec, dynamic loading, page faults, exit): compare with the "
    "`--version` floor row; only a smaller, statically linked binary would trim that"
)
LOCKFILES = (
    "parse less of the lockfile: `detect::lockfiles` deserializes every package's sdist and wheel entries "
    "(URL, hash, size) to keep the file names; real lockfiles are 10-50× the examples' size, so this cost "
    "grows with them: deserialize the file names only (borrowed strings, `IgnoredAny` for the rest)"
)
ALLOC_NAME = "allocator (glibc malloc/free)"


@dataclass
class Profile:
    runs: int
    samples: int = 0
    components: list[tuple[float, str]] = field(default_factory=list)
    functions: list[tuple[float, str]] = field(default_factory=list)  # inclusive %
    error: str = ""

    def share(self, fragment: str) -> float:
        """Inclusive share of the tool's function whose name contains `fragment`."""
        return max((s for s, name in self.functions if fragment in name), default=0.0)

    def fixes(self) -> list[str]:
        found = []
        # The main thread's work plus the parser threads' (which `main` does not include).
        if self.share("containerize::main") + self.share("sources::parse_chunk") < 50:
            found.append(FLOOR)
        if self.share("Project::python_sources") >= 10:
            found.append(WALK)
        if self.share("python_source::summarize") >= 20:
            found.append(PARSE)
        if dict((n, s) for s, n in self.components).get(ALLOC_NAME, 0) >= 10:
            found.append(ALLOCATOR)
        if self.share("Project::read_text") >= 3:
            found.append(READS)
        if self.share("detect::lockfiles::read_all") >= 10:
            found.append(LOCKFILES)
        return found


def component(symbol: str, dso: str) -> str:
    if "kernel" in dso:
        return COMPONENTS[0][0]
    for name, patterns in COMPONENTS[1:]:
        if any(p in symbol or p in dso for p in patterns):
            return name
    return "other"


def samples(data: Path) -> list[list[tuple[str, str]]]:
    """Each sample of the tool's process as (symbol, library) frames, innermost first."""
    text = run(["perf", "script", "-i", str(data), "-F", "comm,tid,ip,sym,dso"]).stdout
    found: list[list[tuple[str, str]]] = []
    frames: list[tuple[str, str]] | None = None
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line[0].isspace():
            frames = [] if line.split()[0] == "containerize" else None
            if frames is not None:
                found.append(frames)
        elif frames is not None:
            parts = line.split(None, 1)
            rest = parts[1] if len(parts) > 1 else ""
            symbol, _, dso = rest.rpartition(" (")
            frames.append((symbol, dso.rstrip(")")))
    return [f for f in found if f]


def record(data: Path, command: list[str], frequency: int) -> list[list[tuple[str, str]]]:
    run(["perf", "record", "-q", "-F", str(frequency), "--call-graph", "dwarf,32768", "-o", str(data), "--", *command])
    return samples(data)


def profile(plan_args: list[str], runs: int, frequency: int, per_run: bool) -> Profile:
    """Sample `runs` runs of `plan_args`: in one recording of a shell loop
    (short runs), or one recording per run (long runs: a long recording of
    many processes loses events under load, and with them the maps that
    unwinding needs)."""
    result = Profile(runs)
    if not shutil.which("perf"):
        result.error = "perf is not installed (apt-get install linux-perf)"
        return result
    chains: list[list[tuple[str, str]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "perf.data"
        loop = Path(tmp) / "loop.sh"
        loop.write_text(f"for i in $(seq {runs}); do {shlex.join(plan_args)} >/dev/null; done\n")
        try:
            if per_run:
                for _ in range(runs):
                    chains += record(data, plan_args, frequency)
            else:
                chains = record(data, ["sh", str(loop)], frequency)
        except Exception as e:
            result.error = f"perf failed: {str(e).splitlines()[0]}"
            return result
    total = len(chains) or 1
    shares: dict[str, int] = {}
    inclusive: dict[str, int] = {}
    for frames in chains:
        name = component(*frames[0])
        shares[name] = shares.get(name, 0) + 1
        for function in {sym for sym, _ in frames if sym.startswith("containerize::") and "{{closure}}" not in sym}:
            inclusive[function] = inclusive.get(function, 0) + 1
    outside = sum(1 for frames in chains if not any(sym.startswith("containerize::") for sym, _ in frames))
    result.components = sorted(((100 * n / total, k) for k, n in shares.items()), reverse=True)
    result.functions = sorted(
        ((100 * n / total, k) for k, n in inclusive.items() if 100 * n / total >= 3), reverse=True
    )
    result.functions = result.functions[:12] + [(100 * outside / total, "(no frame of the tool: start, loading, exit)")]
    result.samples = len(chains)
    return result
