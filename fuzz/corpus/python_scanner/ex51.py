import os

from inventory import create_app

app = create_app()


def main() -> None:
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5000")))
