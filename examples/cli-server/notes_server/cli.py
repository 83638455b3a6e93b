"""`notes-server --hosts HOST:PORT[,HOST:PORT…] [--storage DIR]`."""

import argparse
import json
import pathlib

import waitress


def make_app(storage: pathlib.Path):
    notes = storage / "notes.jsonl"

    def app(environ, start_response):
        if environ["REQUEST_METHOD"] == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            text = environ["wsgi.input"].read(size).decode()
            with notes.open("a") as f:
                f.write(json.dumps({"text": text}) + "\n")
        body = notes.read_bytes()
        start_response("200 OK", [("Content-Type", "application/jsonl")])
        return [body]

    return app


def main() -> None:
    parser = argparse.ArgumentParser(prog="notes-server")
    parser.add_argument("--hosts", default="localhost:5232", help="where to listen, comma-separated")
    parser.add_argument("--storage", default="/var/lib/notes-server", type=pathlib.Path)
    args = parser.parse_args()
    # Like most self-hosted servers, it keeps its data in a fixed folder and
    # creates it at start.
    args.storage.mkdir(parents=True, exist_ok=True)
    (args.storage / "notes.jsonl").touch()
    waitress.serve(make_app(args.storage), listen=args.hosts.replace(",", " "))


if __name__ == "__main__":
    main()
