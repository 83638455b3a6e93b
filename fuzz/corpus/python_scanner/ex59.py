import sys


def greeting(name: str) -> str:
    return f"Hello, {name}!"


def runtime() -> str:
    return ".".join(map(str, sys.version_info[:3]))
