"""The Dockerfiles each example is built with: ours (`containerize init`),
the two references in bench/references/, and the COPY-only baseline.

The references are templates with `{{name}}` placeholders, filled from
`containerize plan --json` so that all three images run the same Python,
the same packages (the plan's resolved list, written to
bench-requirements.txt, plus the server the plan adds), the project itself
when the plan installs it, and the same command: the comparison is about
packaging, not about which packages or server run."""

import json
import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .proc import run
from .settings import BENCH
from .trees import copy_example

TEMPLATES = BENCH / "references"
VARIANTS = ("ours", "naive", "docker-init")
REQUIREMENTS = "bench-requirements.txt"


class NotApplicable(Exception):
    """This reference cannot be written for this project (the reason)."""


@dataclass
class Context:
    variant: str
    path: Path  # the build context, a copy of the example
    python: str


def render(name: str, values: dict[str, str]) -> str:
    text = (TEMPLATES / name).read_text()
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], text)  # KeyError names a missing value


def project_dirs(plan: dict, project: Path) -> list[str]:
    """The folders pip must install when the plan installs the project itself:
    each `pyproject.toml` with a `[project]` table, or `setup.py`, it names."""
    if not (plan.get("dependencies") or {}).get("install_project"):
        return []
    dirs = []
    for rel in (plan.get("dependencies") or {}).get("files") or []:
        path = project / rel
        if path.name == "setup.py" or (path.name == "pyproject.toml" and "project" in tomllib.loads(path.read_text())):
            folder = path.parent.relative_to(project).as_posix()
            dirs.append("." if folder == "." else f"./{folder}")
    return sorted(set(dirs))


def system_packages(plan: dict) -> str:
    wanted = (plan.get("system_packages") or {}).get("build", []) + (plan.get("system_packages") or {}).get(
        "runtime", []
    )
    if not wanted:
        return ""
    return f"RUN apt-get update && apt-get install -y --no-install-recommends {' '.join(sorted(set(wanted)))}\n"


def values(plan: dict, project: Path) -> dict[str, str]:
    if not plan.get("command"):
        raise NotApplicable("the plan has no command")
    port = plan.get("port")
    deps = plan.get("dependencies") or {}
    dirs = project_dirs(plan, project)
    return {
        "python": plan["python"]["version"],
        "port_lines": f"ENV PORT={port}\nEXPOSE {port}\n" if port is not None else "",
        "command": json.dumps(plan["command"]),
        "install_args": " ".join(["-r", REQUIREMENTS, *(deps.get("added") or [])]),
        "project_dirs": " ".join(dirs),
        "project_install": f"RUN python -m pip install --no-deps {' '.join(dirs)}\n" if dirs else "",
        "system_packages": system_packages(plan),
    }


def write_requirements(plan: dict, project: Path) -> None:
    packages = (plan.get("dependencies") or {}).get("packages") or []
    header = "# Written by bench/run from `containerize plan --json` (dependencies.packages).\n"
    (project / REQUIREMENTS).write_text(header + "".join(f"{p}\n" for p in packages))


def prepare(binary: Path, example: str, plan: dict, variant: str, dest: Path) -> Context:
    """A fresh build context for `variant` of `example` at `dest`."""
    path = copy_example(example, dest)
    if variant == "ours":
        run([str(binary), "init", str(path)])
    else:
        fills = values(plan, path)
        write_requirements(plan, path)
        (path / "Dockerfile").write_text(render(f"{variant}.Dockerfile", fills))
        ignore = TEMPLATES / f"{variant}.dockerignore"
        if ignore.exists():
            shutil.copyfile(ignore, path / ".dockerignore")
    return Context(variant, path, plan["python"]["version"])


def copy_only(ours: Context, dest: Path) -> Path:
    """The COPY-only baseline's Dockerfile, kept outside the context so that
    the context (and its .dockerignore) is exactly ours."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(render("copy-only.Dockerfile", {"python": ours.python}))
    return dest
