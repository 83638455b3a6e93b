from flask import Flask, jsonify

ITEMS = {"widget": 12, "gadget": 3}


def create_app() -> Flask:
    app = Flask(__name__)

    @app.route("/ping")
    def ping():
        return "pong"

    @app.route("/items")
    def items():
        return jsonify(ITEMS)

    return app
