from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return {"service": "procfile-flask-run"}


@app.get("/health")
def health():
    return "ok"
