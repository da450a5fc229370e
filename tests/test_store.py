from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from debate.errors import NoTransaction, StoreBusy, StoreError
from debate.store import Store
from debate.store.sqlite_engine import _engine_error
from tests.conftest import Runner


def test_migrations_are_applied_once(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store.create_empty(path)
    store = Store.open(path)
    assert store.migrations_applied() == [
        "0001_initial",
        "0002_perspectives",
        "0003_evidence",
        "0004_repair_search",
        "0005_participants_archiving_anchors",
        "0006_source_index",
        "0007_kept_scores",
        "0008_sessions",
        "0009_citations",
        "0010_room",
    ]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    store.close()


@pytest.mark.sqlite_only("the versions before this one were SQLite's alone")
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
    table = "_sqlite_migrations" if run.engine == "sqlite" else "_debate_migrations"
    run.sql(
        f"INSERT INTO {table} (migration_set, name, applied_at)"
        " VALUES ('debate', '0099_future', 'x')"
    )
    before = run.dump()
    result = run("list", code=1)
    assert result.stderr == (
        f"Error: {run.where} was made by a newer version of debate (unknown migration 0099_future);"
        " upgrade debate to open it\n"
    )
    assert run.dump() == before


def test_the_event_log_is_append_only(run: Runner) -> None:
    run("claim", "add", "T")
    with pytest.raises(Exception, match="append-only"):
        run.sql("UPDATE events SET action = 'x'")
    with pytest.raises(Exception, match="append-only"):
        run.sql("DELETE FROM events")
    assert run.sql("SELECT action FROM events") == [("claim added",)]


def test_a_failed_write_leaves_nothing(address: str) -> None:
    store = Store.open(address)
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
from debate.app import votes
from debate.store import Store
store = Store.open(sys.argv[1])
for node in range(2, 12):
    votes.vote(store, sys.argv[2], node, accept=1, impact=2)
store.close()
"""


def test_concurrent_voters_lose_nothing(run: Runner) -> None:
    """Eight processes vote on ten claims at the same moment: 160 votes, no lock error."""
    t = run.json("claim", "add", "T")["id"]
    for i in range(10):
        run("support", str(t), f"claim {i}")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", VOTER, run.address, f"voter{i}"], stderr=subprocess.PIPE
        )
        for i in range(8)
    ]
    errors = [p.communicate()[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, errors
    assert run.sql("SELECT COUNT(*) FROM votes") == [(8 * 10 * 2,)]
    assert run.sql("SELECT COUNT(*) FROM events WHERE action = 'vote cast'") == [(160,)]


def test_transactions_nest_with_savepoints(address: str) -> None:
    from debate.app import claims

    with Store.open(address) as store:
        with store.transaction():
            kept = claims.add_claim(store, "x", "Kept")  # a use case nests inside
            with pytest.raises(RuntimeError), store.transaction():
                store.add_node("claim", "Undone", store.participant_id("x"))
                raise RuntimeError
            assert store.in_transaction
        assert [n.text for n in store.graph().nodes.values()] == ["Kept"]
        assert kept.id == 1


def test_every_write_fails_loudly_outside_a_transaction(address: str) -> None:
    Store.create_empty(address)
    with Store.open(address) as store:
        with pytest.raises(NoTransaction, match="add_node writes, but no transaction is open"):
            store.add_node("claim", "x", 1)
        with pytest.raises(NoTransaction):
            store.participant_id("x")
    with (
        Store.open(address, create=False, writable=False) as store,
        pytest.raises(NoTransaction, match="reading only"),
        store.transaction(),
    ):
        pass


def test_a_full_disk_is_reported_as_such(tmp_path: Path) -> None:
    from debate.app import claims

    path = tmp_path / "s.db"
    with Store.open(path) as store:
        pages = store._engine.execute("PRAGMA page_count").fetchone()[0]
        store._engine.execute(f"PRAGMA max_page_count = {pages}")  # as if the disk were full
        with pytest.raises(StoreError, match=f"cannot write to {path}: the disk is full"):
            claims.add_claim(store, "x", "A claim " * 600)


def test_engine_errors_say_what_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    readonly = _engine_error(sqlite3.OperationalError("attempt to write a readonly database"), path)
    assert str(readonly) == f"cannot write to {path}: the file is read-only"
    busy = _engine_error(sqlite3.OperationalError("database is locked"), path)
    assert isinstance(busy, StoreBusy) and "busy" in str(busy)


def test_a_read_command_on_a_missing_store_names_the_path(run: Runner, tmp_path: Path) -> None:
    typo = tmp_path / "debaet.db"
    for args in (["tree"], ["list"], ["search", "x"], ["check"], ["show", "1"], ["evidence"]):
        result = run(*args, "--db", str(typo), code=1)
        assert result.stderr == (
            f"Error: no store at {typo} (check --db and $DEBATE_DB; "
            "a writing command such as `debate claim add` makes one)\n"
        )
    assert not typo.exists()


CREATOR = """
import sys
from debate.cli import cli
cli(["claim", "add", sys.argv[2], "--db", sys.argv[1], "--as", sys.argv[2]])
"""


def test_processes_creating_one_store_at_once_all_succeed(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CREATOR, str(path), f"claim{i}"],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
        )
        for i in range(8)
    ]
    errors = [p.communicate()[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, errors
    assert sum(e.count("Created a new store") for e in errors) == 1
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM nodes").fetchone()[0] == 8
    conn.close()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("new.db")) == []


QUOTER = """
import sys
from debate.app import quotes, votes
from debate.store import Store
store = Store.open(sys.argv[1])
for i in range(5):
    if sys.argv[3] == "quote":
        number = int(sys.argv[4]) * 5 + i
        quotes.add_quote(store, sys.argv[2], 1, "big", f"passage number {number} of the text")
    else:
        votes.vote(store, sys.argv[2], 1, accept=1, impact=None)
store.close()
"""


def test_writers_and_quoters_at_once_lose_nothing(run: Runner, tmp_path: Path) -> None:
    """Anchoring runs outside the write lock: quotes on a long source do not hold up votes."""
    big = tmp_path / "big.txt"
    big.write_text(
        " ".join(f"Here stands passage number {i} of the text." for i in range(4_000)),
        encoding="utf-8",
    )
    run("claim", "add", "T")
    run("source", "add", str(big), "--key", "big")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", QUOTER, run.address, f"p{i}", kind, str(i)],
            stderr=subprocess.PIPE,
        )
        for i, kind in enumerate(["quote", "vote"] * 8)
    ]
    errors = [p.communicate()[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0] * 16, errors
    assert run.sql("SELECT COUNT(*) FROM quotes") == [(8 * 5,)]
    assert run.sql("SELECT COUNT(*) FROM votes") == [(8,)]
    assert run.json("check")["verified"] == 40


def test_read_commands_never_write(run: Runner, source_file: Path) -> None:
    run("claim", "add", "T")
    run("support", "1", "A")
    run("source", "add", str(source_file), "--key", "harbour")
    run("quote", "2", "--source", "harbour", "the new harbour would bring trade")
    run("vote", "2", "--accept", "1", "--impact", "2")
    run("team", "add", "solo", "tester")
    before = run.dump()
    for args in (
        ["tree"],
        ["list"],
        ["show", "2"],
        ["votes", "2"],
        ["search", "harbour"],
        ["check"],
        ["evidence"],
        ["explain", "2"],
        ["verdict", "1"],
        ["compare", "1", "--perspective", "tester"],
        ["export", "1"],
        ["source", "list"],
        ["source", "show", "harbour"],
        ["team", "list"],
        ["participant", "list"],
    ):
        run(*args)  # a write would fail: read commands open the store read-only
        run(*args, "--json")
    assert run.dump() == before


def test_db_info_tells_the_engine_the_schema_and_the_counts(run: Runner) -> None:
    from debate.store import postgres_engine, schema

    if run.engine == "sqlite":
        last, version, engine = schema.migrations()[-1].name, sqlite3.sqlite_version, "SQLite"
        login = None
    else:
        last = postgres_engine.migrations()[-1].name
        [(version,)] = run.sql("SHOW server_version")
        version, engine = version.split(" ")[0], "PostgreSQL"
        [(login,)] = run.sql("SELECT current_user")
    number = int(last.split("_", 1)[0])
    run("claim", "add", "Thesis")
    run("claim", "add", "--pro", "1", "A pro", "--as", "ana")
    run("vote", "2", "--accept", "1", "--impact", "2", "--as", "bo")
    info = run.json("db", "info")
    assert info == {
        "engine": run.engine,
        "server_version": version,
        "schema_version": number,
        "migration": last,
        "store": run.where,
        "claims": 2,
        "quotes": 0,
        "sources": 0,
        "votes": 2,
        "participants": 3,
        "login": login,
        "role": "owner" if login else None,  # it made the store, on a server
        "participant": None,  # no role granted: --as says who acts
    }
    assert run("db", "info").stdout.splitlines()[:2] == [
        f" engine        {engine} {version}",
        f" schema        version {number} ({last})",
    ]


def test_a_transaction_the_server_undid_is_run_again(
    run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A serialization failure or deadlock (PostgreSQL undoes the whole transaction) is
    retried a few times, unseen; past that, it is one line."""
    from debate.app import claims
    from debate.errors import StoreConflict

    real = claims.add_claim
    failures = iter([True, True])

    def flaky(*args: object, **kwargs: object) -> object:
        if next(failures, False):
            raise StoreConflict("the store is busy (deadlock detected); try again")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(claims, "add_claim", flaky)
    assert run("claim", "add", "T").stderr.endswith("Added claim #1 (thesis).\n")
    assert [c["text"] for c in run.json("list")] == ["T"]

    def always(*args: object, **kwargs: object) -> object:
        raise StoreConflict("the store is busy (deadlock detected); try again")

    monkeypatch.setattr(claims, "add_claim", always)
    result = run("claim", "add", "U", code=1)
    assert result.stderr == "Error: the store is busy (deadlock detected); try again\n"
    assert [c["text"] for c in run.json("list")] == ["T"]


@pytest.mark.sqlite_only("POSIX locks on the store's file are SQLite's alone")
def test_a_second_store_in_one_process_leaves_the_first_seeing_other_writers(run: Runner) -> None:
    """Opening a second store on the same file (the room server's watcher beside its
    store) must not drop the first one's locks: with them gone, another process's
    last connection deleted the WAL under it, and it read a stale store for ever."""
    run("claim", "add", "T")
    first = Store.open(run.address, create=False)
    try:
        seen = [len(first.graph().theses)]
        Store.open(run.address, create=False, writable=False).close()
        for text in ("U", "V", "W"):  # each its own process, as a terminal runs it
            subprocess.run(
                [sys.executable, "-m", "debate", "claim", "add", text],
                env={**os.environ, "DEBATE_DB": run.address},
                check=True,
                capture_output=True,
                timeout=60,
            )
            seen.append(len(first.graph().theses))
        assert seen == [1, 2, 3, 4]  # with the locks dropped: [1, 2, 2, 2]
    finally:
        first.close()


def test_a_watcher_sees_every_write_made_between_its_looks(run: Runner) -> None:
    """`wait_for_change` counts from its last look: a write committed while the room's
    watcher was busy elsewhere is seen at its next look, not lost."""
    from debate.app import claims

    run("claim", "add", "T")
    watcher = Store.open(run.address, create=False, writable=False)
    writer = Store.open(run.address, create=False)
    try:
        assert watcher.wait_for_change(0) is False  # the first look: from now on
        claims.add_claim(writer, "tester", "U")  # between two looks
        assert watcher.wait_for_change(2.0) is True
        assert watcher.wait_for_change(0.2) is False  # nothing since
    finally:
        writer.close()
        watcher.close()
