"""A Flask service written as a folder of scripts: no requirements.txt,
no pyproject.toml. Its imports are the only record of what it needs."""

import pathlib

import yaml
from flask import Flask

SETTINGS = yaml.safe_load((pathlib.Path(__file__).parent / "settings.yaml").read_text())

app = Flask(__name__)


@app.get("/")
def index():
    return {"greeting": SETTINGS["greeting"]}


@app.get("/health")
def health():
    return "ok"
