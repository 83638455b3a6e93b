from flask import Flask, jsonify, request

NOTES: list[str] = []


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    @app.get("/notes")
    def list_notes():
        return jsonify(notes=NOTES)

    @app.post("/notes")
    def add_note():
        NOTES.append(request.get_json(force=True).get("text", ""))
        return jsonify(count=len(NOTES)), 201

    return app
