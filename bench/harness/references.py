"""The Dockerfiles each example is built with: ours (`containerize init`),
the two references in bench/references/, and the COPY-only baseline.

The references are templates with `{{name}}` placeholders, filled from
`containerize plan --json` so that all three images run the same Python,
the same dependencies (plus the server our plan adds, if any) and the same
command: the comparison is about packaging, not about which server runs."""

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .proc import run
from .settings import BENCH
from .trees import copy_example

TEMPLATES = BENCH / "references"
VARIANTS = ("ours", "naive", "docker-init")


class NotApplicable(Exception):
    """This reference cannot be written for this project (the reason)."""


@dataclass
class Context:
    variant: str
    path: Path  # the build context, a copy of the example
    dockerfile: Path  # inside the context
    python: str


def render(name: str, values: dict[str, str]) -> str:
    text = (TEMPLATES / name).read_text()

    def fill(match: re.Match) -> str:
        return values[match.group(1)]  # a KeyError names a missing value

    return re.sub(r"\{\{(\w+)\}\}", fill, text)


def install_args(plan: dict, project: Path, allow_pyproject: bool) -> str:
    added = (plan.get("dependencies") or {}).get("added") or []
    if (project / "requirements.txt").is_file():
        return " ".join(["-r", "requirements.txt", *added])
    if allow_pyproject and (project / "pyproject.toml").is_file():
        return " ".join([".", *added])
    raise NotApplicable("no requirements.txt" + ("" if allow_pyproject else " (the docker init template needs one)"))


def bind_mounts(plan: dict) -> str:
    files = (plan.get("dependencies") or {}).get("files") or ["requirements.txt"]
    return "".join(f"    --mount=type=bind,source={f},target={f} \\\n" for f in files)


def values(plan: dict, project: Path, variant: str) -> dict[str, str]:
    if plan.get("port") is None or not plan.get("command"):
        raise NotApplicable("the plan has no port or command")
    return {
        "python": plan["python"]["version"],
        "port": str(plan["port"]),
        "command": json.dumps(plan["command"]),
        "install_args": install_args(plan, project, allow_pyproject=variant == "naive"),
        "bind_mounts": bind_mounts(plan),
    }


def prepare(binary: Path, example: str, plan: dict, variant: str, dest: Path) -> Context:
    """A fresh build context for `variant` of `example` at `dest`."""
    path = copy_example(example, dest)
    python = plan["python"]["version"]
    if variant == "ours":
        run([str(binary), "init", str(path)])
    else:
        (path / "Dockerfile").write_text(render(f"{variant}.Dockerfile", values(plan, path, variant)))
        ignore = TEMPLATES / f"{variant}.dockerignore"
        if ignore.exists():
            shutil.copyfile(ignore, path / ".dockerignore")
    return Context(variant, path, path / "Dockerfile", python)


def copy_only(ours: Context, dest: Path) -> Path:
    """The COPY-only baseline's Dockerfile, kept outside the context so that
    the context (and its .dockerignore) is exactly ours."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(render("copy-only.Dockerfile", {"python": ours.python}))
    return dest
