"""The blog, built by an application factory."""

from flask import Flask


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(config or {})

    from .views import bp

    app.register_blueprint(bp)
    return app
