"""Tests for the FastAPI service. The Flask app below is only a fake upstream used by the tests;
it is NOT the application to deploy."""
from fastapi.testclient import TestClient
from flask import Flask

from service import app as service_app

fake_upstream = Flask(__name__)


@fake_upstream.get("/upstream")
def upstream():
    return {"ok": True}


def test_status():
    assert TestClient(service_app).get("/status").json() == {"status": "ok"}


def test_fake_upstream():
    assert fake_upstream.test_client().get("/upstream").json == {"ok": True}
