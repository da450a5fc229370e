"""Start-up against the honest floor: a minimal click app (issue 19).

Click is the CLI's framework and costs more to import than a whole write's
bare-sqlite3 floor, so the floor a click CLI can reach is a minimal click app
that opens the same SQLite file and does the same one-row write, or the same
read. Each measure runs `debate`, that click floor and the bare floor (Python,
sqlite3 and json only) in interleaved rounds, so that the machine's drift
touches all three alike; each figure is the median of its rounds.

    python benchmarks/bench_startup.py [--runs 15] [--claims 10000] [--keep DIR]

It also lists the modules of ours that `vote` imports (python -X importtime).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from benchmarks.bench_commands import (
    DEBATE,
    FLOOR_SHOW,
    FLOOR_SUBTREE,
    FLOOR_WRITE,
    PYTHON,
    generate,
    run,
)

TARGET = 1.25  # × the click floor

# The same work as a bare floor, behind a minimal click command that parses the
# same kind of command line first.
CLICK_FLOOR = """
import sys
import click

@click.command()
@click.argument("db")
@click.argument("rest", nargs=-1)
@click.option("--json", "as_json", is_flag=True)
def main(db, rest, as_json):
{body}

main()
"""

CLICK_HELP = '''
import click

@click.command()
@click.option("--db", help="The store.")
def main(db):
    """One command, as small as a click app gets."""

main()
'''


def click_floor(body: str) -> str:
    return CLICK_FLOOR.format(body=textwrap.indent(body, "    "))


def once(command: list[str], env: dict[str, str]) -> float:
    return run(command, 1, env).median


def our_modules(command: list[str], env: dict[str, str]) -> list[str]:
    """The modules of ours a command imports, from python -X importtime."""
    launcher = DEBATE[1:] if DEBATE[0] == PYTHON else DEBATE  # the script, or -m debate
    argv = [PYTHON, "-X", "importtime", *launcher, *command]
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
    names = []
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name.startswith("debate"):
                names.append(name)
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="Keep the generated store in this folder.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    store = folder / f"claims{args.claims}.db"
    if not store.exists():
        generate(store, args.claims, random.Random(1))
    import compileall

    import debate

    compileall.compile_dir(Path(debate.__file__).parent, quiet=1)
    env = {**os.environ, "DEBATE_USER": "bench", "COLUMNS": "100"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    db = str(store)
    measures = {
        "vote": (
            [*DEBATE, "vote", "2", "--accept", "1", "--db", db],
            click_floor(FLOOR_WRITE),
            FLOOR_WRITE,
            [db],
        ),
        "claim add": (
            [*DEBATE, "claim", "add", "--pro", "2", "A new claim", "--db", db],
            click_floor(FLOOR_WRITE),
            FLOOR_WRITE,
            [db],
        ),
        "show N --json": (
            [*DEBATE, "show", "500", "--json", "--db", db],
            click_floor(FLOOR_SHOW),
            FLOOR_SHOW,
            [db, "500"],
        ),
        "show N": (
            [*DEBATE, "show", "500", "--db", db],
            click_floor(FLOOR_SHOW),
            FLOOR_SHOW,
            [db, "500"],
        ),
        "tree N --depth 2 --json": (
            [*DEBATE, "tree", "500", "--depth", "2", "--json", "--db", db],
            click_floor(FLOOR_SUBTREE),
            FLOOR_SUBTREE,
            [db, "500"],
        ),
        "tree N --depth 2": (
            [*DEBATE, "tree", "500", "--depth", "2", "--db", db],
            click_floor(FLOOR_SUBTREE),
            FLOOR_SUBTREE,
            [db, "500"],
        ),
        "--help": ([*DEBATE, "--help"], CLICK_HELP, "pass", ["--help"]),
    }
    times: dict[str, list[list[float]]] = {name: [[], [], []] for name in measures}
    for round_ in range(args.runs):
        for name, (command, click_script, bare_script, floor_args) in measures.items():
            runs = [
                (0, command),
                (1, [PYTHON, "-c", click_script, *floor_args]),
                (2, [PYTHON, "-c", bare_script, *([] if name == "--help" else floor_args)]),
            ]
            # Rotate who goes first, so that none is always the warm one.
            for slot, argv in runs[round_ % 3 :] + runs[: round_ % 3]:
                times[name][slot].append(once(argv, env))
    rounds = f"median of {args.runs} interleaved rounds"
    print(f"python {sys.version.split()[0]}, {args.claims:,} claims, {rounds}")
    print("| measure | debate | click floor | ratio | bare floor | target | verdict |")
    print("|---|---|---|---|---|---|---|")
    for name, (ours, clicked, bare) in times.items():
        a, b, c = (statistics.median(t) for t in (ours, clicked, bare))
        bare_name = "python -c pass" if name == "--help" else "sqlite3"
        ok = a <= TARGET * b
        print(
            f"| `{name}` | {a:.3f} s | {b:.3f} s | {a / b:.2f}× | {c:.3f} s ({bare_name}) "
            f"| ≤ {TARGET}× | {'ok' if ok else 'OVER'} |"
        )
    modules = our_modules(["vote", "2", "--accept", "1", "--db", db], env)
    print(f"\n`vote` imports {len(modules)} modules of ours: {', '.join(modules)}")


if __name__ == "__main__":
    main()
