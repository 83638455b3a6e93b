"""The trees `containerize plan` is timed on: every example, the Django
source tree (sdist from PyPI, cached), and a synthetic repository with a
large `.venv` and `node_modules` next to the same repository without them.

Every tree is a fresh copy under the work directory, so the examples in the
repository are never touched (and generated Dockerfiles in them are ignored).
"""

import json
import os
import shutil
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from .proc import log, run
from .settings import ROOT, Settings

# Pinned so reports stay comparable; the newest Django whose sdist installs on
# the harness's Python 3.11 (Django 6 needs 3.12). Override with the variable.
DJANGO_VERSION = os.environ.get("CONTAINERIZE_BENCH_DJANGO", "5.2.19")
DJANGO_APP = "django.core.wsgi:get_wsgi_application()"

GENERATED = ("Dockerfile", ".dockerignore", "Dockerfile.bak*", "__pycache__", "*.pyc")


@dataclass
class Tree:
    name: str
    path: Path
    args: list[str] = field(default_factory=list)  # extra `plan` arguments
    note: str = ""
    group: str = "example"  # example | large | synthetic | floor | experiment
    command: list[str] | None = None  # instead of `plan [args] path`


def example_names() -> list[str]:
    return sorted(p.name for p in (ROOT / "examples").iterdir() if p.is_dir())


def copy_example(name: str, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(ROOT / "examples" / name, dest, ignore=shutil.ignore_patterns(*GENERATED))
    return dest


def plan_json(binary: Path, tree: Tree) -> dict:
    result = run([str(binary), "plan", "--json", *tree.args, str(tree.path)])
    return json.loads(result.stdout)


def file_counts(path: Path) -> tuple[int, int]:
    """(all files, Python files) under `path`."""
    files = py = 0
    for _, _, names in os.walk(path):
        files += len(names)
        py += sum(1 for n in names if n.endswith(".py"))
    return files, py


def examples(settings: Settings, names: list[str]) -> list[Tree]:
    root = settings.work / "trees" / "examples"
    return [Tree(name, copy_example(name, root / name)) for name in names]


def django(settings: Settings, binary: Path) -> Tree:
    """Django's sdist, unpacked, plus a requirements.txt naming Django."""
    cache = settings.cache / "django"
    sdist = cache / f"django-{DJANGO_VERSION}.tar.gz"
    if not sdist.exists():
        log(f"downloading the Django {DJANGO_VERSION} sdist into {cache}")
        cache.mkdir(parents=True, exist_ok=True)
        run(
            [
                "python3",
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-binary",
                ":all:",
                "--no-deps",
                f"django=={DJANGO_VERSION}",
                "-d",
                str(cache),
            ]
        )
    dest = settings.work / "trees" / "django"
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    with tarfile.open(sdist) as tar:
        tar.extractall(dest, filter="data")
    path = dest / f"django-{DJANGO_VERSION}"
    (path / "requirements.txt").write_text(f"Django=={DJANGO_VERSION}\n")
    tree = Tree("django", path, group="large")
    files, py = file_counts(path)
    note = f"Django {DJANGO_VERSION} sdist ({files} files, {py} .py) + requirements.txt `Django=={DJANGO_VERSION}`"
    found = run([str(binary), "plan", str(path)], check=False)
    if found.returncode != 0 and "--app" in found.stderr:
        tree.args = [f"--app={DJANGO_APP}"]
        note += f"; no app object in it, so `--app {DJANGO_APP}` (the tool still walks and parses the tree)"
    tree.note = note
    return tree


def django_package_only(settings: Settings, full: Tree) -> Tree:
    """The Django tree with only its `django/` package among the folders: how
    much walking the folders the tool never parses (tests/, docs/) costs."""
    dest = settings.work / "trees" / "django-package-only"
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(
        full.path,
        dest,
        ignore=lambda d, names: (
            [] if Path(d) != full.path else [n for n in names if (Path(d) / n).is_dir() and n != "django"]
        ),
    )
    dropped = sorted(p.name for p in full.path.iterdir() if p.is_dir() and p.name != "django")
    note = (
        f"the Django tree without {', '.join(f'`{d}/`' for d in dropped)}: an experiment, not a target; "
        "the difference is the cost of walking folders whose files are never parsed"
    )
    return Tree("django, package only", dest, list(full.args), note, group="experiment")


def floor(binary: Path) -> Tree:
    return Tree(
        "floor: `containerize --version`",
        binary.parent,
        group="floor",
        command=[str(binary), "--version"],
        note="the same binary doing no work (exec, dynamic loading, argument parsing, exit), timed in "
        "the same rounds as the examples: the part of their time no change to `plan` can remove",
    )


DECOY_APP = """from flask import Flask

app = Flask(__name__)


@app.route("/decoy")
def decoy():
    return "walked"
"""
MODULE = '"""Filler module {i}."""\n\nimport os\n\n\ndef f{i}(x):\n    return os.path.join(str(x), "{i}")\n'


def _fill(root: Path, count: int, per_dir: int, name: str, text: str) -> None:
    for i in range(count):
        folder = root / f"pkg{i // per_dir:04d}"
        if i % per_dir == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / name.format(i=i)).write_text(text.format(i=i))


def synthetic(settings: Settings, base_example: str) -> list[Tree]:
    """`base_example` twice: as is, and with a `.venv` and a `node_modules`
    of `settings.synthetic_files` files each, holding decoy Flask apps that a
    walk into them would find."""
    root = settings.work / "trees" / "synthetic"
    plain = copy_example(base_example, root / "plain")
    heavy = copy_example(base_example, root / "with-venv-and-node-modules")
    n = settings.synthetic_files
    venv = heavy / ".venv"
    (venv / "lib").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\ninclude-system-site-packages = false\n")
    site = venv / "lib" / "python3.11" / "site-packages"
    _fill(site, n - n // 100, 100, "mod{i}.py", MODULE)
    _fill(site / "decoys", n // 100, 100, "app{i}.py", DECOY_APP)
    modules = heavy / "node_modules"
    _fill(modules, n - n // 10, 100, "index{i}.js", "module.exports = {i};\n")
    _fill(modules / "node-gyp" / "gyp", n // 10, 100, "app{i}.py", DECOY_APP)
    note = f"`{base_example}` + `.venv/` ({n} files) + `node_modules/` ({n} files), with decoy Flask apps in both"
    return [
        Tree("synthetic, plain", plain, group="synthetic", note=f"`{base_example}` as is"),
        Tree("synthetic, +.venv +node_modules", heavy, group="synthetic", note=note),
    ]
