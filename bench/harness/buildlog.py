"""Reading a BuildKit `--progress=plain` log: which steps ran and which came
from the cache, how long each took, which RUN steps install the
dependencies (and which the project itself), and whether the cache was
evicted under us. Pure text processing: no engine needed."""

import re
from dataclasses import dataclass, field

# A dependency install, whatever the tool or the template runs.
INSTALL = re.compile(
    r"\b(pip install|uv sync|uv pip install|poetry install|pdm (install|sync)|pipenv (install|sync))\b"
)
# `#12 [builder 3/6] RUN …`, `#7 [3/4] COPY …`: stage (optional), index, instruction.
INDEXED = re.compile(r"^(#\d+) \[(?:(\S+) )?(\d+)/\d+\] (\w+) (.*)$")


@dataclass
class Install:
    """A RUN step that installs packages."""

    step: str  # BuildKit's step id, `#12`
    text: str
    cached: bool
    deps: bool  # installs the dependencies (else the project itself)


@dataclass
class Build:
    ok: bool
    seconds: float
    log: str
    installs: list[Install] = field(default_factory=list)

    def install_reran(self) -> bool | None:
        """Whether a dependency install ran (None: no install step in the log)."""
        deps = [i.cached for i in self.installs if i.deps]
        return any(not cached for cached in deps) if deps else None

    def failure(self) -> str:
        """The most telling line of a failed build's log."""
        lines = [line.split(" ", 2)[-1] if line.startswith("#") else line for line in self.log.strip().splitlines()]
        exceptions = [line for line in lines if re.search(r"\b[A-Z]\w*Error: ", line)]
        errors = [line for line in lines if re.search(r"\b(error|ERROR):", line)]
        return (exceptions or errors or lines or ["(no output)"])[-1].strip()[:200]

    def project_install_seconds(self) -> float | None:
        """How long the project installs that ran took (None: none ran)."""
        ran = {i.step for i in self.installs if not i.deps and not i.cached}
        if not ran:
            return None
        return sum(seconds for step, seconds in done_times(self.log).items() if step in ran)

    def cache_lost(self) -> bool:
        """Whether a RUN that comes before any COPY/ADD of the context in its
        stage ran anyway: no source edit can cause that, only a cache that
        another build or a prune on the shared engine evicted."""
        cached = cached_steps(self.log)
        steps: dict[str, list[tuple[int, str, str]]] = {}
        for line in self.log.splitlines():
            if match := INDEXED.match(line):
                step, stage, index, instruction, rest = match.groups()
                steps.setdefault(stage or "", []).append((int(index), instruction, step))
                if instruction in ("COPY", "ADD") and rest.startswith("--from="):
                    steps[stage or ""][-1] = (int(index), "COPY-FROM", step)
                elif instruction == "RUN" and "type=bind" in rest:  # reads the context too
                    steps[stage or ""][-1] = (int(index), "ADD", step)
        for entries in steps.values():
            context = [i for i, instruction, _ in entries if instruction in ("COPY", "ADD")]
            first = min(context, default=10**6)
            if any(i < first and ins == "RUN" and step not in cached for i, ins, step in entries):
                return True
        return False


def cached_steps(log: str) -> set[str]:
    return {line.split()[0] for line in log.splitlines() if line.startswith("#") and line.endswith(" CACHED")}


def install_steps(log: str) -> list[Install]:
    """The RUN steps that install packages: (text, CACHED?, installs the
    dependencies?). In each stage, installs before the `COPY . .` of the
    whole context install the dependencies, and so does the first install
    after it when none came before (a naive Dockerfile); the other installs
    after it install the project itself, and must re-run when it changes."""
    cached = cached_steps(log)
    stages: dict[str, dict[int, tuple[str, str, str]]] = {}
    for line in log.splitlines():
        if match := INDEXED.match(line):
            step, stage, index, instruction, rest = match.groups()
            stages.setdefault(stage or "", {}).setdefault(int(index), (step, instruction, " ".join(rest.split())))
    found = []
    for stage, steps in stages.items():
        copies = [i for i, (_, ins, rest) in steps.items() if ins in ("COPY", "ADD") and copies_context(rest)]
        context_at = min(copies, default=10**6)
        installs = sorted(i for i, (_, ins, rest) in steps.items() if ins == "RUN" and INSTALL.search(rest))
        deps = [i for i in installs if i < context_at] or installs[:1]
        for i in installs:
            step, _, rest = steps[i]
            label = f"[{stage + ' ' if stage else ''}{i}] RUN {rest}"
            found.append(Install(step, label, step in cached, i in deps))
    return found


def copies_context(rest: str) -> bool:
    """`COPY . .`, `COPY --chown=x . /app`: the whole build context."""
    sources = [t for t in rest.split() if not t.startswith("--")][:-1]
    return sources == ["."] or sources == ["./"]


def done_times(log: str) -> dict[str, float]:
    """Seconds per step id, from its `#N DONE 1.2s` line."""
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"^(#\d+) DONE (\d+(?:\.\d+)?)s$", log, re.M)}


def step_times(log: str) -> list[tuple[float, str]]:
    """(seconds, step) for each build step that ran, slowest first."""
    names: dict[str, str] = {}
    for line in log.splitlines():
        if match := re.match(r"^(#\d+) (\[[^\]]+\] .*)$", line):
            names.setdefault(match.group(1), " ".join(match.group(2).split()))
    done = done_times(log)
    return sorted(((t, names[n]) for n, t in done.items() if n in names and "[internal]" not in names[n]), reverse=True)
