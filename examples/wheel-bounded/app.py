"""A Flask service that runs its work in greenlets, pinned to an old greenlet."""

import greenlet
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/")
def index():
    worker = greenlet.greenlet(lambda: "hello from a greenlet")
    return jsonify(message=worker.switch(), greenlet=greenlet.__version__)


@app.get("/healthz")
def healthz():
    return "ok"
