"""Writers take turns: a write waits for its turn at most `--wait` seconds, then gives
up with a message that says how long it waited and for what, changing nothing; a
wait given up on does not keep the turn from the next writer."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from debate.store import Store
from debate.store.writer_queue import TurnNotGiven, WriterQueue
from tests.conftest import Runner

TURN_TAKEN = (
    "is busy: waited 1 s for a turn to write behind other commands; nothing was changed "
    "(--wait sets how long to wait)"
)


@contextmanager
def turn_held(run: Runner) -> Iterator[None]:
    """Another writer holds the turn to write, as a debate command in its write does."""
    if run.engine == "sqlite":
        queue = WriterQueue(run.db)
        queue.take(0)
        try:
            yield
        finally:
            queue.give_back()
        return
    import psycopg

    from debate.store.postgres_engine import TURN_LOCK

    with psycopg.connect(run.address) as pg:  # a transaction, left open while held
        pg.execute(TURN_LOCK)
        yield


def test_a_write_waits_its_bound_then_changes_nothing(run: Runner) -> None:
    run("claim", "add", "Harbours make towns rich")
    before = run.dump()
    with turn_held(run):
        result = run("claim", "add", "Trade follows ports", "--pro", "1", "--wait", "1", code=1)
        assert result.stderr == f"Error: the store {run.where} {TURN_TAKEN}\n"
        assert result.stdout == ""
        assert run.dump() == before
        run("tree")  # reads take no turn: they go on while a write holds it
    # The wait given up on left nothing holding the turn: the next write gets it.
    run("claim", "add", "Trade follows ports", "--pro", "1", "--wait", "5")
    assert run.sql("SELECT text FROM nodes ORDER BY id") == [
        ("Harbours make towns rich",),
        ("Trade follows ports",),
    ]


def test_the_wait_comes_from_the_environment(run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    run("claim", "add", "Harbours make towns rich")
    monkeypatch.setenv("DEBATE_WAIT", "1")
    with turn_held(run):
        result = run("vote", "1", "--accept", "1", code=1)
    assert result.stderr == f"Error: the store {run.where} {TURN_TAKEN}\n"


def test_a_wait_is_a_number_of_seconds(run: Runner) -> None:
    result = run("claim", "add", "T", "--wait", "soon", code=2)
    assert "Invalid value for '--wait': 'soon' is not a valid float range." in result.stderr
    result = run("claim", "add", "T", "--wait", "-1", code=2)
    assert "Invalid value for '--wait': -1.0 is not in the range 0<=x<=86400." in result.stderr
    assert not run.store_exists()


def test_only_writing_commands_take_a_wait(run: Runner) -> None:
    assert "--wait SECONDS" in run("claim", "add", "--help").stdout
    assert "--wait" not in run("tree", "--help").stdout


@pytest.mark.sqlite_only("a program that writes without debate's queue is an SQLite matter")
def test_a_writer_outside_the_queue_is_named(run: Runner) -> None:
    run("claim", "add", "Harbours make towns rich")
    before = run.dump()
    outsider = sqlite3.connect(run.db, isolation_level=None)
    outsider.execute("BEGIN IMMEDIATE")  # the sqlite3 shell, in a transaction
    try:
        result = run("claim", "add", "T", "--pro", "1", "--wait", "1", code=1)
    finally:
        outsider.execute("ROLLBACK")
        outsider.close()
    assert result.stderr == (
        f"Error: the store {run.db} is busy: waited 1 s for its write lock, which a program "
        "outside debate's queue holds (the sqlite3 shell, or an older debate); nothing was "
        "changed\n"
    )
    assert run.dump() == before


@pytest.mark.postgresql_only("a lock outside the turn to write is a server's matter")
def test_a_lock_outside_debate_is_not_called_a_turn(run: Runner) -> None:
    """On PostgreSQL, a lock that some other connection holds (not debate's turn to
    write) is named as such."""
    import psycopg

    run("claim", "add", "Harbours make towns rich")
    before = run.dump()
    with psycopg.connect(run.address) as pg:
        pg.execute("LOCK TABLE nodes IN ACCESS EXCLUSIVE MODE")
        result = run("claim", "add", "T", "--pro", "1", "--wait", "1", code=1)
    assert result.stderr == (
        f"Error: the store {run.where} is busy: waited 1 s for a lock that another "
        "connection holds (not a debate command: those queue); nothing was changed\n"
    )
    assert run.dump() == before


def test_a_write_after_slow_work_waits_at_least_as_long(address: str) -> None:
    with Store.open(address, wait=2) as store:
        engine: Any = store._engine
        with store.waiting_at_least(1):
            assert engine.wait == 2  # already longer
        with store.waiting_at_least(45):
            assert engine.wait == 45
            with store.transaction():
                store.add_node("claim", "T", store.participant_id("tester"))
        assert engine.wait == 2


def test_the_queue_gives_turns_one_at_a_time(tmp_path: Path) -> None:
    first, second = WriterQueue(tmp_path / "s.db"), WriterQueue(tmp_path / "s.db")
    assert first.take(0) == 0.0 and first.holding
    with pytest.raises(TurnNotGiven) as refused:
        second.take(0.2)
    assert refused.value.waited >= 0.2 and not second.holding
    first.give_back()
    assert second.take(5) < 5 and second.holding  # the abandoned wait let go of it
    second.give_back()
    assert (tmp_path / "s.db-lock").exists() and not (tmp_path / "s.db").exists()
