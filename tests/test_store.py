from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from debate.errors import StoreError
from debate.store import Store
from tests.conftest import Runner


def test_migrations_are_applied_once(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store.open(path).close()
    store = Store.open(path)
    assert store.migrations_applied() == [
        "0001_initial",
        "0002_perspectives",
        "0003_evidence",
        "0004_repair_search",
        "0005_participants_and_archiving",
    ]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    store.close()


def test_a_store_of_the_first_version_is_upgraded_in_place(run: Runner) -> None:
    run("claim", "add", "Harbours make towns rich")
    run("vote", "1", "--accept", "2")
    conn = sqlite3.connect(run.db)
    # Take the store back to the first schema, as version 0.1 left it.
    conn.executescript(
        """
        DROP TABLE team_members; DROP TABLE teams; DROP INDEX votes_tally;
        DELETE FROM _sqlite_migrations WHERE name = '0002_perspectives';
        """
    )
    conn.close()
    before = run.dump()
    run("team", "add", "solo", "tester")
    assert run.json("tree", "1", "--perspective", "team:solo")["base"] == 0.75
    after = run.dump()
    assert set(before) <= set(after)  # nothing lost


def test_a_file_that_is_not_a_store_is_refused_untouched(run: Runner, tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_bytes(b"just some notes\n")
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    for path, reason in ((text, " (not an SQLite database)"), (other, "")):
        before = path.read_bytes()
        result = run("list", "--db", str(path), code=1)
        assert result.stderr == f"Error: {path} is not a debate store{reason}\n"
        assert path.read_bytes() == before


def test_a_store_from_a_newer_version_is_refused_untouched(run: Runner) -> None:
    run("claim", "add", "T")
    conn = sqlite3.connect(run.db)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('debate', '0099_future', 'x')"
    )
    conn.commit()
    conn.close()
    before = run.dump()
    result = run("list", code=1)
    assert result.stderr == (
        f"Error: {run.db} was made by a newer version of debate (unknown migration 0099_future);"
        " upgrade debate to open it\n"
    )
    assert run.dump() == before


def test_the_event_log_is_append_only(run: Runner) -> None:
    run("claim", "add", "T")
    conn = sqlite3.connect(run.db)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE events SET action = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM events")
    conn.close()


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.db")
    with pytest.raises(RuntimeError), store.transaction():
        store.add_node("claim", "half-written", store.participant_id("x"))
        raise RuntimeError
    assert store.graph().nodes == {}
    store.close()


def test_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "nowhere" / "s.db")


VOTER = """
import sys
from debate import claims
from debate.store import Store
store = Store.open(sys.argv[1])
for node in range(2, 12):
    claims.vote(store, sys.argv[2], node, accept=1, impact=2)
store.close()
"""


def test_concurrent_voters_lose_nothing(run: Runner) -> None:
    """Eight processes vote on ten claims at the same moment: 160 votes, no lock error."""
    t = run.json("claim", "add", "T")["id"]
    for i in range(10):
        run("support", str(t), f"claim {i}")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", VOTER, str(run.db), f"voter{i}"], stderr=subprocess.PIPE
        )
        for i in range(8)
    ]
    errors = [p.communicate()[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, errors
    conn = sqlite3.connect(run.db)
    assert conn.execute("SELECT COUNT(*) FROM votes").fetchone()[0] == 8 * 10 * 2
    assert (
        conn.execute("SELECT COUNT(*) FROM events WHERE action = 'vote cast'").fetchone()[0] == 160
    )
    conn.close()
