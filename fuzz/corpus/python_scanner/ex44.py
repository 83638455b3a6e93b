from poetry_app import create_app


def test_ping():
    assert create_app().test_client().get("/ping").json == {"ping": "pong"}
