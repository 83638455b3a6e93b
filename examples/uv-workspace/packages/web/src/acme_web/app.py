from flask import Flask, jsonify

from acme_core import greeting, runtime

app = Flask(__name__)


@app.get("/")
def index():
    return jsonify(message=greeting("workspace"))


@app.get("/healthz")
def healthz():
    return jsonify(status="ok", python=runtime())
