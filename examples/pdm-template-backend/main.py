import platform

from fastapi import FastAPI

app = FastAPI(title="pdm-app")


@app.get("/")
async def index() -> dict:
    return {"app": "pdm-app"}


@app.get("/healthz")
async def healthz() -> dict:
    return {"status": "ok", "python": platform.python_version()}
