"""A Flask factory that keeps its sqlite database in the instance folder."""

import os
import sqlite3

from flask import Flask


def create_app():
    app = Flask(__name__, instance_relative_config=True)
    # Created at start, beside the package: the image must let the app write it.
    os.makedirs(app.instance_path, exist_ok=True)
    database = os.path.join(app.instance_path, "notes.sqlite")

    @app.get("/healthz")
    def healthz():
        with sqlite3.connect(database) as db:
            db.execute("CREATE TABLE IF NOT EXISTS checks (at TEXT)")
            db.execute("INSERT INTO checks VALUES (datetime('now'))")
            (count,) = db.execute("SELECT count(*) FROM checks").fetchone()
        return {"status": "ok", "checks": count}

    return app
