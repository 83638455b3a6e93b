from fastapi.testclient import TestClient

from orders_api.app import app


def test_health():
    assert TestClient(app).get("/health").status_code == 200
