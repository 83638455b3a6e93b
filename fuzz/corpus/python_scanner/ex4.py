import argparse
import platform
import sys

from rich.console import Console
from rich.table import Table

from mytool import __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mytool", description="Report facts about the runtime.")
    parser.add_argument("--version", action="version", version=f"mytool {__version__}")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)

    facts = {
        "mytool": __version__,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "executable": sys.executable,
    }
    console = Console()
    if args.json:
        console.print_json(data=facts)
    else:
        table = Table(title="mytool report")
        table.add_column("fact")
        table.add_column("value")
        for key, value in facts.items():
            table.add_row(key, value)
        console.print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
