"""A Flask app whose Procfile runs a preparation step before gunicorn."""

import json
import pathlib
import tempfile

from flask import Flask

app = Flask(__name__)


@app.get("/healthz")
def healthz():
    # Healthy only once the Procfile's first command has run.
    marker = pathlib.Path(tempfile.gettempdir()) / "prepared.json"
    return json.loads(marker.read_text())
