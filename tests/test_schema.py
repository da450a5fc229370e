"""The schema: released migrations never change, every upgrade path keeps the data,
and a file that only looks like a store is refused untouched."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

from debate.errors import StoreError
from debate.store import Store, schema
from tests.conftest import Runner

ROOT = Path(__file__).resolve().parents[1]

# A migration is append-only once released: its file never changes again. A fix
# is a new migration. Add each new file here with its hash when it is released.
RELEASED = {
    "0001_initial.sql": "3426d09284af34eaf1b3653c97197128a3c29ed973c50c262f800755c2df9f45",
    "0002_perspectives.sql": "c06788141bbe2e8da2e961f4d33953a0fc07a128637789efbabeb9c0941263df",
    "0003_evidence.sql": "8b8b89a66d06fbe1830062098498c0043f47336890b96b54527c227067836318",
    "0004_repair_search.py": "3fe5cb5e12845efc170eabe8a1c987af328eb78f424cb091db2bd9a66045c07c",
    "0005_participants_archiving_anchors.sql": (
        "e80eab953800ce96a2de668ef06972596893351c085782bbf26d42a6f550cf4d"
    ),
    "0006_source_index.sql": "11c0a22d998ab6dffe304f4d2e591a51700cd0a9a45c8ad51e08d64bce2ad9f3",
    "0007_kept_scores.py": "983bf92ba85886e8bcf5cc6edd87ce161da81f240c8e28ad7219cdaa6bee7ff4",
    "0008_sessions.sql": "1e5453ba15f7c7ace08711d6b40559c22f63c3910826eb3672d728d016e0bef4",
    "0009_citations.sql": "ae3fd1a865f47e45ccb6f08fe042bb54ce060e01f872abf0927ff3aa27930763",
    "0010_room.sql": "3749439b08c491d9538387686d1f7b83357e69ec4b240edb111eb969afc67e27",
}


# PostgreSQL's, in migrations/postgresql/, likewise.
RELEASED_POSTGRESQL = {
    "0001_initial.sql": "2afc45bf0c57aabff9f7567eb5825745931422a4ec1cd865927b5ba622bbdbcd",
    "0002_roles.sql": "ecfe309150df7cac426110ad7da6b2605cfe819eb066b2ce563628376533ea93",
    "0003_trusted_records.sql": "32aae934796c7067c9fb868da02fd7d2619976410079e6060ad67441ed06938d",
    "0004_room.sql": "72dfc5826f43a000d2479ab9063b35965ca617132a846c5edf271c6f977808ec",
    "0005_room_devices.sql": "6b1e6e689fdd2f0c2d22f15b07eb11a56637546795d20fe34336ad6f9b21b267",
}


@pytest.mark.parametrize(
    ("folder", "released"),
    [("migrations", RELEASED), ("migrations/postgresql", RELEASED_POSTGRESQL)],
    ids=["file", "server"],
)
def test_released_migrations_never_change(folder: str, released: dict[str, str]) -> None:
    found = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((ROOT / folder).iterdir())
        if path.suffix in (".sql", ".py")
    }
    changed = [name for name, digest in released.items() if found.get(name) != digest]
    assert not changed, f"released migrations changed or went missing: {changed}"
    unlisted = sorted(set(found) - set(released))
    assert not unlisted, f"new migrations need their hash in the released list: {unlisted}"


def _master(path: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master "
            "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
        ).fetchall()
    finally:
        conn.close()


def test_schema_snapshot(tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    path = tmp_path / "fresh.db"
    Store.create_empty(path)
    assert _master(path) == snapshot


SOURCE_TEXT = "The harbour fees were fine. Trade followed the new harbour within a year.\n"
QUOTE = "Trade followed the new harbour"


def _first_version_store(path: Path, applied: int) -> None:
    """A store as version `applied` left it, holding data written under the first schema."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrations = schema.migrations()
    conn.execute("BEGIN")
    schema.apply(conn, migrations[:1])
    at = "2026-01-01T00:00:00+00:00"
    start = SOURCE_TEXT.index(QUOTE)
    for sql, row in [
        ("INSERT INTO participants VALUES (?, ?, ?, ?, ?)", (1, "u-ann", "ann", None, at)),
        ("INSERT INTO participants VALUES (?, ?, ?, ?, ?)", (2, "u-bob", "bob", None, at)),
        (
            "INSERT INTO sources (id, uuid, key, title, author, year, text, text_sha256,"
            " created_by, created_at) VALUES (1, 'u-s', 'harbour', 'Report', 'Doe, Jane', 2024,"
            " ?, 'x', 1, ?)",
            (SOURCE_TEXT, at),
        ),
        ("INSERT INTO nodes VALUES (1, 'u-1', 'claim', 'Ports pay', 1, ?, NULL)", (at,)),
        ("INSERT INTO nodes VALUES (2, 'u-2', 'claim', 'Trade comes', 2, ?, NULL)", (at,)),
        ("INSERT INTO nodes VALUES (3, 'u-3', 'quote', ?, 1, ?, NULL)", (QUOTE, at)),
        (
            "INSERT INTO quotes VALUES (3, 1, ?, ?, ?, NULL, NULL, 'verified', 1)",
            (QUOTE, start, start + len(QUOTE)),
        ),
        ("INSERT INTO links VALUES (1, 'u-l1', 1, 2, 'pro', 2, ?)", (at,)),
        ("INSERT INTO links VALUES (2, 'u-l2', 2, 3, 'pro', 1, ?)", (at,)),
        ("INSERT INTO votes VALUES (1, 'u-v1', 2, 1, 'accept', 2, ?)", (at,)),
        ("INSERT INTO votes VALUES (2, 'u-v2', 2, 2, 'impact', 3, ?)", (at,)),
        ("INSERT INTO events VALUES (1, 'u-e1', ?, 1, 'claim added', 1, NULL, '{}')", (at,)),
    ]:
        conn.execute(sql, row)
    schema.apply(conn, migrations[1:applied])
    conn.execute("COMMIT")
    conn.close()


@pytest.mark.sqlite_only("the versions before this one were SQLite's alone")
@pytest.mark.parametrize("applied", range(1, len(schema.migrations())))
def test_every_earlier_version_upgrades_with_its_data(
    run: Runner, tmp_path: Path, applied: int
) -> None:
    old = run.db
    _first_version_store(old, applied)
    fresh = tmp_path / "fresh.db"
    Store.create_empty(fresh)
    run("list")  # any command upgrades the store
    assert _master(old) == _master(fresh)
    assert [t["thesis"] for t in run.json("list")] == [1]
    tree = run.json("tree", "1")
    [pro] = tree["children"]
    assert (pro["id"], pro["base"], pro["weight"]) == (2, 0.75, 0.875)
    [quote] = pro["children"]
    assert (quote["id"], quote["status"], quote["text"]) == (3, "verified", QUOTE)
    assert run.json("search", "followed")["quotes"][0]["id"] == 3
    assert run.json("search", "fees")["passages"][0]["source"] == "harbour"
    assert run.json("check")["verified"] == 1
    assert [e["action"] for e in run.json("show", "1")["history"]] == ["claim added"]


@pytest.mark.sqlite_only("the stale triggers were in SQLite stores alone")
def test_stores_with_the_stale_search_triggers_are_repaired(run: Runner) -> None:
    """A store made while 0003 still kept the quote index with triggers."""
    old = run.db
    conn = sqlite3.connect(old, isolation_level=None)
    conn.execute("BEGIN")
    schema.apply(conn, schema.migrations()[:3])
    conn.execute(
        "CREATE TRIGGER quotes_fts_insert AFTER INSERT ON nodes WHEN new.kind = 'quote' "
        "BEGIN INSERT INTO quotes_fts (rowid, text) VALUES (new.id, new.text); END"
    )
    conn.execute(
        "INSERT INTO participants VALUES (1, 'u', 'ann', NULL, '2026-01-01T00:00:00+00:00')"
    )
    conn.execute("INSERT INTO nodes VALUES (1, 'u1', 'claim', 'T', 1, 'x', NULL)")
    conn.execute("INSERT INTO nodes VALUES (2, 'u2', 'quote', 'har-\nbour fees', 1, 'x', NULL)")
    conn.execute("COMMIT")
    conn.close()
    run("list")
    conn = sqlite3.connect(old)
    triggers = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")]
    indexed = conn.execute("SELECT text FROM quotes_fts WHERE rowid = 2").fetchone()[0]
    conn.close()
    assert "quotes_fts_insert" not in triggers
    assert indexed == "harbour fees"  # the readable text, not the raw span


def test_a_file_that_mimics_the_migration_table_is_refused_untouched(
    run: Runner, tmp_path: Path
) -> None:
    fake = tmp_path / "fake.db"
    conn = sqlite3.connect(fake)
    conn.execute(
        "CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT,"
        " name TEXT, applied_at TEXT)"
    )
    for m in schema.migrations():
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, 'x')",
            ["debate", m.name],
        )
    conn.execute("CREATE TABLE store_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("INSERT INTO store_info VALUES ('application', 'debate')")
    conn.execute("CREATE TABLE nodes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.commit()
    conn.close()
    before = fake.read_bytes()
    for args in (["list"], ["claim", "add", "x"]):
        result = run(*args, "--db", str(fake), code=1)
        assert result.stderr.startswith(f"Error: {fake} is not a debate store (")
    assert fake.read_bytes() == before
    assert not Path(f"{fake}-wal").exists()
    with pytest.raises(StoreError, match="is not a debate store"):
        Store.open(fake)


def test_the_recorded_columns_are_what_the_migrations_make() -> None:
    """`migrations/columns.json` spares every open a replay; after adding a migration,
    run `python -c "from debate.store import schema; schema.write_columns_file()"`."""
    names = tuple(m.name for m in schema.migrations())
    schema.expected_columns.cache_clear()
    assert schema.expected_columns(names) == schema.replayed_columns(names)
    data = json.loads((ROOT / "migrations" / "columns.json").read_text(encoding="utf-8"))
    assert tuple(data["migrations"]) == names
