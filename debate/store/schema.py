"""The store's schema: the migrations that make it, and the checks that a file is ours.

Migrations live in the top-level `migrations/` folder: `NNNN_name.sql`, run
statement by statement, or `NNNN_name.py`, whose `apply(conn)` does what SQL
alone cannot (rebuilding a search index with Python's text folding). They are
append-only: a released file never changes (tests/test_schema.py holds their
hashes); a fix is a new migration.

sqlite-utils' `Migrations` records and applies them; it is imported only when
a migration is pending, so that opening an up-to-date store costs one query.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import NamedTuple

from debate.errors import StoreError
from debate.resources import data_dir
from debate.store.engine import refuse_missing_columns, refuse_unknown_migrations

MIGRATION_SET = "debate"
MIGRATIONS_TABLE = "_sqlite_migrations"


class Migration(NamedTuple):
    name: str  # the file name without its suffix, as recorded in the store
    path: Path

    def run(self, conn: sqlite3.Connection) -> None:
        if self.path.suffix == ".sql":
            for statement in split_statements(self.path.read_text(encoding="utf-8")):
                conn.execute(statement)
            return
        import importlib.util

        spec = importlib.util.spec_from_file_location(f"debate_migration_{self.name}", self.path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        with _modules_where_migrations_found_them():
            spec.loader.exec_module(module)
            module.apply(conn)


# A released migration never changes, but modules it imports have moved since:
# while one runs, their old names lead to where they are now.
MOVED_MODULES = {
    "debate.anchoring": "debate.core.anchoring",
    "debate.extract": "debate.core.extraction",
}


@contextmanager
def _modules_where_migrations_found_them() -> Iterator[None]:
    import importlib
    import sys

    added = [old for old in MOVED_MODULES if old not in sys.modules]
    for old in added:
        sys.modules[old] = importlib.import_module(MOVED_MODULES[old])
    try:
        yield
    finally:
        for old in added:
            del sys.modules[old]


def split_statements(script: str) -> Iterator[str]:
    """A SQL script's statements, trigger bodies kept whole.

    `executescript` would commit the surrounding transaction, so migrations
    run statement by statement instead.
    """
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    if buffer.strip() and not all(
        line.strip().startswith("--") or not line.strip() for line in buffer.splitlines()
    ):
        yield buffer.strip()


@cache
def migrations() -> tuple[Migration, ...]:
    folder = data_dir("migrations")
    found = [
        Migration(path.stem, path)
        for path in folder.glob("[0-9][0-9][0-9][0-9]_*")
        if path.suffix in (".sql", ".py")
    ]
    return tuple(sorted(found, key=lambda m: m.name))


def write_columns_file() -> None:
    """Record what the whole current set of migrations makes (after adding one)."""
    names = tuple(m.name for m in migrations())
    data = {"migrations": list(names), "columns": replayed_columns(names)}
    path = data_dir("migrations") / COLUMNS_FILE
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def applied_names(conn: sqlite3.Connection) -> list[str]:
    """The migrations a store has had, in order; [] for a store without the table."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
    ).fetchone()
    if not has_table:
        return []
    rows = conn.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET],
    )
    return [row[0] for row in rows]


def pending(applied: Sequence[str]) -> list[Migration]:
    done = set(applied)
    return [m for m in migrations() if m.name not in done]


def apply(conn: sqlite3.Connection, todo: Sequence[Migration]) -> None:
    """Apply the migrations through sqlite-utils, inside the caller's transaction."""
    import sqlite_utils

    runner = sqlite_utils.Migrations(MIGRATION_SET)
    for migration in todo:

        def step(db: sqlite_utils.Database, migration: Migration = migration) -> None:
            migration.run(db.conn)

        runner(name=migration.name)(step)
    runner.apply(sqlite_utils.Database(conn))


# -- is this file ours? ---------------------------------------------------------

Columns = dict[str, tuple[str, ...]]


def columns(conn: sqlite3.Connection) -> Columns:
    """Every table and view with its columns, in order (sqlite's own tables aside)."""
    out: dict[str, list[str]] = {}
    for table, column in conn.execute(
        """
        SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
        WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%'
        ORDER BY m.name, p.cid
        """
    ):
        out.setdefault(table, []).append(column)
    return {table: tuple(names) for table, names in out.items()}


COLUMNS_FILE = "columns.json"  # beside the migrations: what the whole set makes


@cache
def expected_columns(applied: tuple[str, ...]) -> Columns:
    """The tables and columns that these migrations make.

    For the whole current set, `columns.json` says (tests/test_schema.py checks it
    against a replay), so opening an up-to-date store costs no replay; an older
    store's set is replayed in memory.
    """
    recorded = data_dir("migrations") / COLUMNS_FILE
    if recorded.is_file():
        data = json.loads(recorded.read_text(encoding="utf-8"))
        if tuple(data["migrations"]) == applied:
            return {table: tuple(names) for table, names in data["columns"].items()}
    return replayed_columns(applied)


def replayed_columns(applied: tuple[str, ...]) -> Columns:
    """The tables and columns that these migrations make, replayed in memory."""
    by_name = {m.name: m for m in migrations()}
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for name in applied:
            by_name[name].run(conn)
        return columns(conn)
    finally:
        conn.close()


def check_is_ours(conn: sqlite3.Connection, path: Path) -> list[str]:
    """Refuse a database that is not a debate store; returns the applied migrations.

    Run on a read-only connection, before anything is written: the migration
    names must be ours, and the tables and columns those migrations make must
    all be there.
    """
    try:
        tables = columns(conn)
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path} is not a debate store ({e})") from e
    if not tables:
        return []  # a new, empty database: ours to set up
    applied = applied_names(conn) if MIGRATIONS_TABLE in tables else []
    if not applied:
        raise StoreError(f"{path} is not a debate store")
    refuse_unknown_migrations(str(path), applied, {m.name for m in migrations()})
    refuse_missing_columns(str(path), expected_columns(tuple(applied)), tables)
    info = conn.execute("SELECT value FROM store_info WHERE key = 'application'").fetchone()
    if info is None or info[0] != "debate":
        raise StoreError(f"{path} is not a debate store")
    return applied
