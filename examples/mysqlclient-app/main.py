import os

import MySQLdb  # C extension linked against libmariadb: needs libmariadb3 at runtime
from fastapi import FastAPI

app = FastAPI(title="mysqlclient-app")


@app.get("/health")
def health() -> dict:
    return {
        "status": "ok",
        "mysqlclient": ".".join(map(str, MySQLdb.version_info[:3])),
        "client_library": MySQLdb.get_client_info(),
    }


@app.get("/db")
def db() -> dict:
    # Only this route connects (MYSQL_HOST etc.); the health route never does.
    conn = MySQLdb.connect(
        host=os.environ.get("MYSQL_HOST", "localhost"),
        user=os.environ.get("MYSQL_USER", "app"),
        password=os.environ.get("MYSQL_PASSWORD", ""),
        database=os.environ.get("MYSQL_DATABASE", "app"),
        connect_timeout=3,
    )
    try:
        cur = conn.cursor()
        cur.execute("SELECT VERSION()")
        return {"version": cur.fetchone()[0]}
    finally:
        conn.close()
