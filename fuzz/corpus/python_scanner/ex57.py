from fastapi import FastAPI

from uv_app import __version__

app = FastAPI(title="uv-app", version=__version__)


@app.get("/")
def index() -> dict:
    return {"app": "uv-app", "version": __version__}


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}
