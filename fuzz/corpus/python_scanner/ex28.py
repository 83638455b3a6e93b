"""A small Flask service: the application object is not called `app`."""

from flask import Flask, jsonify

application = Flask(__name__)


@application.get("/")
def index():
    return jsonify(message="hello from flask-app")


@application.route("/healthz")
def healthz():
    return "ok"
