"""Facts about the machine and the tree under test, for the report's header.

The load average and the other busy processes are sampled at the start and
the end of a run: this machine is shared, so they say how noisy it was."""

import os
import platform
import time
from pathlib import Path

from .proc import output
from .settings import ROOT

BUSY = ("cargo", "rustc", "dockerd", "buildkitd", "containerd", "python", "pip", "gunicorn", "uvicorn")


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def memory_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def os_name() -> str:
    for line in Path("/etc/os-release").read_text().splitlines():
        if line.startswith("PRETTY_NAME="):
            return line.split("=", 1)[1].strip('"')
    return platform.system()


def busy_processes() -> str:
    """How many processes of the usual noisy kinds run right now, by name."""
    counts: dict[str, int] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            name = (proc / "comm").read_text().strip()
        except OSError:
            continue
        for kind in BUSY:
            if name.startswith(kind):
                counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(f"{k}×{v}" for k, v in sorted(counts.items())) or "none"


def load_sample() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} / {five:.2f} / {fifteen:.2f} (1/5/15 min); busy: {busy_processes()}"


def facts() -> dict[str, str]:
    commit = output(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    dirty = output(["git", "-C", str(ROOT), "status", "--porcelain", "--", "src", "templates", "data"])
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": commit + (" (src/templates/data modified)" if dirty else ""),
        "cpu": f"{cpu_model()}, {os.cpu_count()} logical CPUs",
        "memory": f"{memory_gib():.1f} GiB",
        "os": f"{os_name()}, Linux {platform.release()}",
        "rustc": output(["rustc", "--version"]),
        "hyperfine": output(["hyperfine", "--version"]),
        "docker": output(["docker", "version", "--format", "client {{.Client.Version}}, server {{.Server.Version}}"]),
        "python (harness)": platform.python_version(),
        "noise at start": load_sample(),
    }
