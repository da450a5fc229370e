"""Reads see one moment: trees, exports and transcripts built while other processes
write never fail and never show half of a write."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from debate.cli import cli
from tests.conftest import Runner

# A writer adds claims under the thesis and under claims it added, votes on them,
# archives and brings back, and moves claims between parents: each a transaction
# of its own, until the stop file appears (or 60 s pass).
WRITER = """
import random, sys, time
from pathlib import Path
from debate.app import claims, votes
from debate.store import Store
address, name, stop = sys.argv[1], sys.argv[2], Path(sys.argv[3])
rng = random.Random(name)
store = Store.open(address)
mine = [1]
deadline = time.monotonic() + 60
while not stop.exists() and time.monotonic() < deadline:
    move = rng.random()
    if move < 0.45 or len(mine) < 3:
        node = claims.add_claim(store, name, f"{name} says {len(mine)}", rng.choice(mine), "pro")
        mine.append(node.id)
    elif move < 0.7:
        votes.vote(store, name, rng.choice(mine[1:]), accept=rng.randint(-2, 2), impact=2)
    elif move < 0.85:
        node = rng.choice(mine[1:])
        claims.set_archived(store, name, node, True)
        claims.set_archived(store, name, node, False)
    else:
        child, parent = rng.sample(mine[1:], 2)
        try:
            claims.move(store, name, child, parent)
        except Exception:
            pass  # a move under one's own descendant is refused: that is not the test
store.close()
"""

READS = (
    ["tree", "--json"],
    ["tree"],
    ["export", "1", "--format", "json"],
    ["export", "1", "--format", "argdown"],
    ["transcript", "1", "--json"],
    ["tree", "1", "--depth", "2", "--json"],
    ["list", "--json"],
)


def test_readers_never_fail_while_writers_write(run: Runner, tmp_path: Path) -> None:
    """Four writer processes change the tree while trees, exports and transcripts are
    read, 70 times in all: every read succeeds (a read used to see the nodes of one
    moment and the links of the next, and failed with a KeyError)."""
    run("claim", "add", "Harbours make towns rich")
    run("session", "new", "1", "--format", "oxford", "--side", "for:ana,ben",
        "--side", "against:cy,dee")  # fmt: skip
    run("session", "start", "1")
    stop = tmp_path / "stop"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, run.address, f"w{i}", str(stop)],
            stderr=subprocess.PIPE,
        )
        for i in range(4)
    ]
    try:
        deadline = time.monotonic() + 5
        while run.sql("SELECT COUNT(*) FROM nodes")[0][0] < 12 and time.monotonic() < deadline:
            time.sleep(0.05)  # the writers are under way
        failures = []
        for _ in range(10):
            for args in READS:
                result = run.runner.invoke(cli, args)
                if result.exit_code != 0:
                    failures.append((args, result.stderr or repr(result.exception)))
    finally:
        stop.touch()
        errors = [w.communicate(timeout=90)[1].decode() for w in writers]
    assert [w.returncode for w in writers] == [0] * 4, errors
    assert failures == []
