import os

from poetry_app import create_app

app = create_app()


def main() -> None:
    """Development entry point; production uses `gunicorn poetry_app.wsgi:app`."""
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "8000")))
