"""Time from `docker run` to a ready server, two ways:

- listening: the first time the health path answers 200 from the host (for
  a TCP health check, the first HTTP answer of any status on `/`);
- healthy: the first time `docker inspect` reports the HEALTHCHECK as
  `healthy` (only images with a HEALTHCHECK: the references have none).

Both are polled in one loop every 50 ms from just before `docker run`."""

import http.client
import socket
import time
from dataclasses import dataclass

from . import engine

TIMEOUT = 120.0
POLL = 0.05


@dataclass
class Startup:
    listening: float | None = None  # seconds after `docker run` started
    healthy: float | None = None
    error: str = ""

    @property
    def gap(self) -> float | None:
        if self.listening is None or self.healthy is None:
            return None
        return self.healthy - self.listening


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(port: int, path: str, want_200: bool, host: str | None) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        conn.request("GET", path, headers={"Host": host} if host else {})
        status = conn.getresponse().status
        conn.close()
        return status == 200 or not want_200
    except (OSError, http.client.HTTPException):
        return False


def measure(image: str, plan: dict, has_healthcheck: bool) -> Startup:
    """`plan` gives the port, the health path and the Host header it wants,
    and the environment variables the app requires (given placeholders)."""
    result = Startup()
    health = plan.get("healthcheck") or {}
    path, host = health.get("path"), health.get("host")
    host_port = free_port()
    start = time.monotonic()
    container = engine.start(image, host_port, plan["port"], plan.get("required_env") or [])
    try:
        while time.monotonic() - start < TIMEOUT:
            if result.listening is None and answers(host_port, path or "/", path is not None, host):
                result.listening = time.monotonic() - start
            state = engine.health(container)
            if has_healthcheck and result.healthy is None and state == "running healthy":
                result.healthy = time.monotonic() - start
            if not state.startswith("running") or state.endswith("unhealthy"):
                result.error = f"container is `{state}`: {engine.logs(container)[-300:]}"
                break
            if result.listening is not None and (result.healthy is not None or not has_healthcheck):
                break
            time.sleep(POLL)
        else:
            result.error = f"not ready within {TIMEOUT:.0f} s"
    finally:
        engine.remove_container(container)
    return result
