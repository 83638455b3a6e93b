from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def index():
        return {"app": "poetry-app"}

    @app.get("/ping")
    def ping():
        return {"ping": "pong"}

    return app
