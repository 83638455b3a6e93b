"""Image size against its lower bound, measured inside the image:

    lower bound = base image + system packages + installed dependencies
                  + application files

System packages are the Debian packages the image adds to its base (the
shared libraries an app loads, such as libmagic or libpq): dpkg's
Installed-Size of each package in the image and not in the base. Without
them the app would not run, so no image of it can be smaller; for a
pure-Python app the term is 0.

Installed dependencies are the virtual environment when the image's Python
runs from one (`sys.prefix != sys.base_prefix`), else what the install added
to the site-packages folders and /usr/local/bin (their size in the image
minus their size in the base image). Application files are the WORKDIR,
without a virtual environment inside it. Sizes are apparent sizes
(`du -sb`), as the engine counts layer sizes."""

import functools
import json
import shlex
from dataclasses import dataclass

from . import engine

INFO = "import json, site, sys; print(json.dumps([sys.prefix, sys.base_prefix, site.getsitepackages()]))"


@dataclass
class Footprint:
    size: int
    base: int
    deps: int
    app: int
    deps_kind: str  # "venv /app/.venv" or "site-packages"
    pip_in_venv: int = 0  # pip/setuptools a venv carries, included in deps
    system: int = 0  # Debian packages added to the base image

    @property
    def lower_bound(self) -> int:
        return self.base + self.system + self.deps + self.app

    @property
    def strict_bound(self) -> int:
        """The bound without the pip/setuptools a venv carries for itself."""
        return self.lower_bound - self.pip_in_venv


def du(image: str, paths: list[str]) -> dict[str, int]:
    """Apparent bytes per existing path (hard links counted once)."""
    quoted = " ".join(shlex.quote(p) for p in paths)
    out = engine.sh(image, f'for p in {quoted}; do [ -e "$p" ] && du -sb "$p"; done; true')
    sizes = {}
    for line in out.splitlines():
        size, _, path = line.partition("\t")
        sizes[path] = int(size)
    return sizes


def debian_packages(image: str) -> dict[str, int]:
    """Installed Debian packages and their Installed-Size, in bytes."""
    out = engine.sh(image, "dpkg-query -W -f '${Package}:${Architecture}\\t${Installed-Size}\\n' 2>/dev/null; true")
    sizes = {}
    for line in out.splitlines():
        name, _, kib = line.partition("\t")
        if kib.strip().isdigit():
            sizes[name] = int(kib) * 1024
    return sizes


@functools.lru_cache(maxsize=None)
def base_packages(base: str) -> frozenset[str]:
    """The base image's packages: the same for every variant built on it."""
    return frozenset(debian_packages(base))


def system_packages(image: str, base: str) -> int:
    """What the Debian packages the image adds to its base install."""
    theirs = base_packages(base)
    return sum(size for name, size in debian_packages(image).items() if name not in theirs)


def python_info(image: str) -> tuple[str, str, list[str]]:
    prefix, base_prefix, site = json.loads(engine.sh(image, f"python -c {shlex.quote(INFO)}").strip())
    return prefix, base_prefix, site


def measure(image: str, base: str) -> Footprint:
    prefix, base_prefix, site = python_info(image)
    workdir = engine.image_config(image, "WorkingDir") or "/"
    in_workdir = prefix.startswith(workdir.rstrip("/") + "/")
    if prefix != base_prefix:
        venv = du(image, [prefix, workdir])
        pip = du(image, [f"{d}/{name}" for d in site for name in ("pip", "setuptools")])
        deps, kind, pip_bytes = venv.get(prefix, 0), f"venv {prefix}", sum(pip.values())
        app = venv.get(workdir, 0) - (deps if in_workdir else 0)
    else:
        dirs = [*site, "/usr/local/bin"]
        mine, theirs = du(image, dirs), du(base, dirs)
        deps = sum(mine.values()) - sum(theirs.values())
        app = du(image, [workdir]).get(workdir, 0)
        kind, pip_bytes = "site-packages", 0
    system = system_packages(image, base)
    return Footprint(engine.image_size(image), engine.image_size(base), deps, app, kind, pip_bytes, system)


def overhead_layers(image: str, base: str, limit: int = 5) -> list[tuple[int, str]]:
    """The largest layers the image adds on top of its base."""
    base_count = len(engine.layers(base))
    added = engine.layers(image)[: -base_count or None]
    return sorted(added, reverse=True)[:limit]
