import os

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/")
def index():
    return jsonify(app="procfile-app", dyno=os.environ.get("DYNO", "local"))


@app.get("/health")
def health():
    return jsonify(status="ok")
