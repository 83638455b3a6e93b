import os

import psycopg2  # compiled against libpq: the process cannot boot without libpq.so.5 at runtime
import psycopg2.extensions
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/health")
def health():
    return jsonify(
        status="ok",
        psycopg2=psycopg2.__version__,
        libpq_compiled=psycopg2.__libpq_version__,
        libpq_runtime=psycopg2.extensions.libpq_version(),
    )


@app.get("/db")
def db():
    # Only this route touches a database (DATABASE_URL); the health route never does.
    with psycopg2.connect(os.environ["DATABASE_URL"], connect_timeout=3) as conn, conn.cursor() as cur:
        cur.execute("select version()")
        return jsonify(version=cur.fetchone()[0])
