"""Commands killed with SIGKILL at random moments, and what they leave (issue 20).

For each kind of command, one run to the end first (its time is the floor: the
kills land at random moments within it), then `--kills` runs each killed after a
random delay up to that time, or, for a command that makes a store, a third of
them as its hidden file appears and a third as the store appears at its path
(the moments where an empty store, or leftovers, could be left). After every
kill the store is checked:

- a command that makes a store (`demo`, `claim add` on a new path, `db copy`)
  leaves none, or a whole one holding everything it writes: never an empty one;
- a command on an existing store (`import`, `source add`) leaves it as it was
  before, or with the whole of its work: all or nothing;
- whatever a killed command left is hidden, and gone once the next command has
  opened the store (`debate db info`).

    python benchmarks/bench_kills.py [--kills 20]

It prints, per kind, how many kills landed while the command was still running,
and the violations of each rule, which must all be 0. SQLite: a server's
transactions are the server's to keep whole.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

DEBATE = [sys.executable, "-m", "debate"]


def debate(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*DEBATE, *args], capture_output=True, text=True, check=check, timeout=300
    )


def counts(store: Path) -> tuple[int, int] | None:
    """(claims and quotes, sources) in the store; None where there is no store."""
    if not store.exists():
        return None
    conn = sqlite3.connect(f"{store.resolve().as_uri()}?mode=ro", uri=True)
    try:
        nodes = conn.execute("SELECT COUNT(*) FROM nodes").fetchone()[0]
        sources = conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
        return int(nodes), int(sources)
    finally:
        conn.close()


def hidden(store: Path) -> list[Path]:
    return list(store.parent.glob(f".{store.name}.*"))


class Kind:
    """One kind of command: how to ready its folder, its arguments, and the stores
    it may leave (the allowed counts of the store it writes)."""

    def __init__(
        self,
        name: str,
        ready: Callable[[Path], None],
        args: Callable[[Path], list[str]],
        target: str,
    ):
        self.name, self.ready, self.args, self.target = name, ready, args, target


def _seed(folder: Path) -> None:
    """A store with the demo debate, a JSON export of it, and a 2 MB text."""
    debate("demo", "--db", str(folder / "base.db"))
    debate("export", "1", "--format", "json", "-o", str(folder / "debate.json"),
           "--db", str(folder / "base.db"))  # fmt: skip
    words = "The harbour brought trade to the town, and the council agreed. "
    (folder / "big.txt").write_text(words * (2_000_000 // len(words)), encoding="utf-8")


def _copy_base(folder: Path, name: str) -> None:
    """The base store under another name (a copy made by SQLite, whole)."""
    target = folder / name
    for p in [target, *hidden(target)]:
        p.unlink(missing_ok=True)
    source = sqlite3.connect(folder / "base.db")
    copy = sqlite3.connect(target)
    source.backup(copy)
    copy.close()
    source.close()


def _fresh(folder: Path, name: str) -> None:
    target = folder / name
    for p in [target, Path(f"{target}-wal"), Path(f"{target}-shm"), *hidden(target)]:
        p.unlink(missing_ok=True)


def _one_claim(folder: Path, name: str) -> None:
    """A store of its own debate, for an import to add the demo's to."""
    _fresh(folder, name)
    debate("claim", "add", "Harbours make towns rich", "--db", str(folder / name))


KINDS = [
    Kind("demo (new store)", lambda f: _fresh(f, "demo.db"),
         lambda f: ["demo", "--db", str(f / "demo.db")], "demo.db"),
    Kind("claim add (new store)", lambda f: _fresh(f, "new.db"),
         lambda f: ["claim", "add", "Harbours make towns rich", "--db", str(f / "new.db")],
         "new.db"),
    Kind("db copy (new store)", lambda f: _fresh(f, "copy.db"),
         lambda f: ["db", "copy", str(f / "base.db"), str(f / "copy.db")], "copy.db"),
    Kind("import (existing store)", lambda f: _one_claim(f, "into.db"),
         lambda f: ["import", str(f / "debate.json"), "--db", str(f / "into.db")], "into.db"),
    Kind("source add 2 MB (existing store)", lambda f: _copy_base(f, "src.db"),
         lambda f: ["source", "add", str(f / "big.txt"), "--key", "big", "--db",
                    str(f / "src.db")], "src.db"),
]  # fmt: skip


def run_kind(kind: Kind, folder: Path, kills: int, rng: random.Random) -> dict[str, object]:
    target = folder / kind.target
    kind.ready(folder)
    before = counts(target)
    started = time.perf_counter()
    debate(*kind.args(folder))
    floor = time.perf_counter() - started
    after = counts(target)
    allowed = {before, after}  # all or nothing; for a new store, none or whole
    landed = bad_state = left_behind = 0
    makes_store = before is None
    for i in range(kills):
        kind.ready(folder)
        process = subprocess.Popen([*DEBATE, *kind.args(folder)], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)  # fmt: skip
        # Aimed, for a new store, at the moments that matter: as its hidden file
        # appears, and as the store appears at its path; else at random.
        aim = ("random", "hidden", "store")[i % 3] if makes_store else "random"
        if aim == "random":
            time.sleep(rng.uniform(0, floor))
        else:
            seen = (lambda: hidden(target)) if aim == "hidden" else target.exists
            deadline = time.monotonic() + 10 * floor
            while process.poll() is None and not seen() and time.monotonic() < deadline:
                time.sleep(0.0002)
        if process.poll() is None:
            landed += 1
        process.send_signal(signal.SIGKILL)
        process.wait(60)
        if counts(target) not in allowed:
            bad_state += 1
        if target.exists():
            debate("db", "info", "--db", str(target))
        else:  # no store: the next command to open the path clears what is hidden
            debate("tree", "--db", str(target), check=False)
        left_behind += bool(hidden(target))
    return {
        "kind": kind.name,
        "floor_s": round(floor, 3),
        "kills": kills,
        "landed_mid_run": landed,
        "neither_before_nor_after": bad_state,
        "hidden_left_after_next_open": left_behind,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20, help="kills per kind of command")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    rng = random.Random(options.seed)
    with tempfile.TemporaryDirectory() as where:
        folder = Path(where)
        os.environ["DEBATE_USER"] = "bench"
        _seed(folder)
        rows = [run_kind(kind, folder, options.kills, rng) for kind in KINDS]
    if options.json:
        print(json.dumps(rows, indent=1))
        return
    print(f"{'command':34} {'floor':>7} {'kills':>6} {'mid-run':>8} {'torn':>5} {'left':>5}")
    for r in rows:
        figures = (r["kills"], r["landed_mid_run"], r["neither_before_nor_after"])
        print(
            f"{r['kind']:34} {r['floor_s']:>6.2f}s {figures[0]:>6} {figures[1]:>8} "
            f"{figures[2]:>5} {r['hidden_left_after_next_open']:>5}"
        )
    print("floor: the command run to its end; mid-run: kills that landed while it ran;")
    print("torn: stores left neither as before nor whole; left: hidden files still there")
    print("after the next command opened the store. torn and left must be 0.")


if __name__ == "__main__":
    main()
