import magic  # ctypes wrapper: raises ImportError at import time if libmagic (libmagic1) is missing
from flask import Flask, jsonify, request

# Fail fast at boot if libmagic cannot identify a trivial buffer.
BOOT_CHECK = magic.from_buffer(b"%PDF-1.4\n%fixture\n", mime=True)

app = Flask(__name__)


@app.get("/healthz")
def healthz():
    return jsonify(
        status="ok",
        boot_check=BOOT_CHECK,
        gzip=magic.from_buffer(b"\x1f\x8b\x08\x00" + b"\x00" * 16, mime=True),
        text=magic.from_buffer(b"hello world\n"),
    )


@app.post("/identify")
def identify():
    data = request.get_data()
    return jsonify(mime=magic.from_buffer(data, mime=True), description=magic.from_buffer(data))
