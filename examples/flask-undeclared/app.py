"""A Flask service whose requirements.txt forgot Flask."""

from blinker import signal
from flask import Flask

app = Flask(__name__)
served = signal("served")
count = {"requests": 0}


@served.connect
def _count(sender):
    count["requests"] += 1


@app.get("/healthz")
def healthz():
    served.send(app)
    return {"status": "ok", "requests": count["requests"]}
