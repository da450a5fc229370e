"""Interrupted commands leave nothing behind: a new store appears only whole and
holding what its maker wrote (never empty), a refused command makes no store, and
what a killed one leaves is hidden and removed by the next command that opens the
store. The kills are SIGKILL, aimed by watching the files appear; each wait is
bounded."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import Runner

pytestmark = pytest.mark.sqlite_only("files appear, and are left behind, on SQLite")
BOUND_S = 20


def start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "debate", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def hidden(store: Path) -> list[str]:
    return sorted(p.name for p in store.parent.glob(f".{store.name}.*"))


def kill_when(process: subprocess.Popen[bytes], seen: object) -> bool:
    """SIGKILL the process as soon as `seen()` holds; False if it ended first."""
    deadline = time.monotonic() + BOUND_S
    while time.monotonic() < deadline and process.poll() is None:
        if seen():  # type: ignore[operator]
            process.send_signal(signal.SIGKILL)
            process.wait(BOUND_S)
            return True
        time.sleep(0.0005)
    process.kill()
    process.wait(BOUND_S)
    return False


def claims(store: Path) -> int:
    conn = sqlite3.connect(store)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM nodes").fetchone()[0])
    finally:
        conn.close()


def test_a_killed_demo_never_leaves_an_empty_store(run: Runner, tmp_path: Path) -> None:
    store = tmp_path / "demo.db"
    for _ in range(3):
        demo = start("demo", "--db", str(store))
        if kill_when(demo, store.exists):
            break
    assert store.exists(), "the demo never got as far as making its store"
    assert claims(store) > 30  # whole: the store appeared with its first write, the load


def test_what_a_killed_command_leaves_is_removed_by_the_next(run: Runner, tmp_path: Path) -> None:
    store = tmp_path / "seminar.db"
    demo = start("demo", "--db", str(store))
    assert kill_when(demo, lambda: hidden(store)), "the store was made before it was seen"
    assert hidden(store) and not store.exists()  # hidden, and no store at the path
    run("claim", "add", "Harbours make towns rich", "--db", str(store))
    assert hidden(store) == [] and claims(store) == 1


def test_a_store_being_made_by_a_live_command_is_left_alone(run: Runner, tmp_path: Path) -> None:
    store = tmp_path / "seminar.db"
    demo = start("demo", "--db", str(store))
    try:
        os.kill(demo.pid, 0)
        deadline = time.monotonic() + BOUND_S
        while not hidden(store) and demo.poll() is None and time.monotonic() < deadline:
            time.sleep(0.0005)
        demo.send_signal(signal.SIGSTOP)  # caught making it: alive, holding its lock
        if not hidden(store):
            pytest.skip("the demo was done before it could be caught")
        run("tree", "--db", str(store), code=1)  # no store yet: a read says so
        assert hidden(store)  # and leaves the live maker's file alone
    finally:
        demo.send_signal(signal.SIGCONT)
        demo.wait(BOUND_S)
    assert demo.returncode == 0 and hidden(store) == [] and claims(store) > 30


def test_a_refused_command_makes_no_store(run: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "stores"
    folder.mkdir()
    store = folder / "seminar.db"
    result = run("source", "add", str(tmp_path / "missing.txt"), "--key", "k", "--db",
                 str(store), code=1)  # fmt: skip
    assert result.output == f"Error: no such file: {tmp_path / 'missing.txt'}\n"
    assert list(folder.iterdir()) == []
    run("vote", "1", "--accept", "1", "--db", str(store), code=1)  # no claim #1
    # Its turn to write was taken, in the queue's lock file (kept, as ever), but no
    # store was made.
    assert [p.name for p in folder.iterdir()] == ["seminar.db-lock"]
