from fastapi.testclient import TestClient

from main import app


def test_healthz():
    assert TestClient(app).get("/healthz").status_code == 200
