"""Celery worker. Broker/backend come from the environment; the defaults use Kombu's
filesystem transport and the file result backend so the worker runs without Redis/RabbitMQ."""
import os
from pathlib import Path

from celery import Celery

DATA = Path(os.environ.get("CELERY_DATA_DIR", "/tmp/celery"))
for sub in ("queue", "processed", "results", "control"):
    (DATA / sub).mkdir(parents=True, exist_ok=True)

app = Celery(
    "tasks",
    broker=os.environ.get("CELERY_BROKER_URL", "filesystem://"),
    backend=os.environ.get("CELERY_RESULT_BACKEND", f"file://{DATA / 'results'}"),
)
app.conf.broker_transport_options = {
    "data_folder_in": str(DATA / "queue"),
    "data_folder_out": str(DATA / "queue"),
    "processed_folder": str(DATA / "processed"),
    # The worker's working directory is read-only in the image.
    "control_folder": str(DATA / "control"),
    "store_processed": True,
}
app.conf.broker_connection_retry_on_startup = True


@app.task
def add(x: int, y: int) -> int:
    return x + y


@app.task
def word_count(text: str) -> int:
    return len(text.split())
