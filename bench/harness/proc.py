"""Running commands: every subprocess goes through here, so progress is
logged in one format and a failure carries the command and its output."""

import shlex
import subprocess
import sys
import time
from pathlib import Path


class CommandFailed(Exception):
    def __init__(self, args: list[str], result: subprocess.CompletedProcess):
        self.result = result
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-30:])
        super().__init__(f"`{shlex.join(args)}` exited {result.returncode}:\n{tail}")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(
    args: list[str],
    *,
    cwd: Path | None = None,
    check: bool = True,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess:
    """Run `args` to completion, capturing text output."""
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )
    if check and result.returncode != 0:
        raise CommandFailed(args, result)
    return result


def timed(args: list[str], **kwargs) -> tuple[float, subprocess.CompletedProcess]:
    """Run `args` and return its wall time in seconds with the result."""
    start = time.monotonic()
    result = run(args, **kwargs)
    return time.monotonic() - start, result


def output(args: list[str], **kwargs) -> str:
    """The stripped standard output of `args`, or "" if it cannot run."""
    try:
        return run(args, check=False, **kwargs).stdout.strip()
    except OSError:
        return ""
