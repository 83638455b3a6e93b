"""A small inventory service, started by gunicorn as `app:app`."""

from flask import Flask

app = Flask(__name__)
stock = {"widgets": 3, "gears": 7}


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/stock/<name>")
def item(name):
    return {"name": name, "count": stock.get(name, 0)}
