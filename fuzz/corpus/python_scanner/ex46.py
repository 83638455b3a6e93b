from app import app


def test_status():
    assert app.test_client().get("/status").status_code == 200
