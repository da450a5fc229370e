"""What the store asks of a database engine: the seam between the SQL both engines
share (in `Store` and its parts) and the little that differs (one module per engine).

The shared SQL is written once, with `?` placeholders, in the subset both
SQLite and PostgreSQL speak: `ON CONFLICT … DO UPDATE` upserts, `RETURNING`,
recursive CTEs, savepoints. What differs sits behind this protocol, as in
SQLAlchemy's dialects but much smaller:

- opening, creating and checking a store, and its migrations (DDL);
- the outermost write transaction and its lock;
- full-text search;
- turning the driver's errors into `debate.errors`.

`debate.store.sqlite_engine` and `debate.store.postgres_engine` implement it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from debate.errors import DebateError, StoreBusy, StoreError
from debate.models import Access

WAIT_S = 30.0  # how long a write waits for its turn, unless told (`--wait`)


def turn_not_given(where: str, waited: float) -> StoreBusy:
    """A write's wait for its turn ran out, on either engine."""
    return StoreBusy(
        f"the store {where} is busy: waited {waited:.0f} s for a turn to write behind "
        "other commands; nothing was changed (--wait sets how long to wait)"
    )


class Row(Protocol):
    """A row by column name or position (sqlite3.Row, or the PostgreSQL engine's)."""

    def __getitem__(self, key: str | int) -> Any: ...
    def keys(self) -> list[str]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Cursor(Protocol):
    rowcount: int

    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """The two calls that the store's helper modules (kept scores) and old SQLite
    migrations make: an sqlite3.Connection, or an engine."""

    def execute(self, sql: str, params: Any = ..., /) -> Any: ...
    def executemany(self, sql: str, rows: Iterable[Any], /) -> Any: ...


class FullText(NamedTuple):
    """How one engine searches a full-text table aliased `f`: what to put in FROM
    (which may take the query's parameter), the condition, and the order, best first."""

    source: str
    condition: str
    rank: str


def refuse_unknown_migrations(where: str, applied: Sequence[str], known: Collection[str]) -> None:
    """A store that a newer version made is refused, on either engine."""
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise StoreError(
            f"{where} was made by a newer version of debate "
            f"(unknown migration {', '.join(unknown)}); upgrade debate to open it"
        )


def refuse_missing_columns(
    where: str, expected: Mapping[str, Sequence[str]], tables: Mapping[str, Sequence[str]]
) -> None:
    """Every table and column the applied migrations make must be there."""
    for table, wanted in expected.items():
        have = tables.get(table)
        if have is None:
            raise StoreError(f"{where} is not a debate store (it has no table {table})")
        lacking = [c for c in wanted if c not in have]
        if lacking:
            raise StoreError(
                f"{where} is not a debate store (table {table} lacks {', '.join(lacking)})"
            )


class Engine(Protocol):
    name: str  # "sqlite" or "postgresql"
    where: str  # the store as messages name it: a path, or a URL without its password
    path: Path | None  # the file, for SQLite
    created: bool  # this engine made the store (SQLite: with its first write)
    on_created: Callable[[], object] | None  # told when it does, if not at opening
    access: Access | None  # what the login may do, on a server with roles; None on SQLite
    join_in_order: str  # a join that keeps the left table as the outer loop
    wait: float  # seconds a write waits for its turn behind other writers

    def set_wait(self, seconds: float) -> None:
        """From now on, a write waits up to `seconds` for its turn."""
        ...

    @property
    def Error(self) -> type[Exception]:  # the driver's base error
        ...

    @property
    def IntegrityError(self) -> type[Exception]: ...

    def execute(self, sql: str, params: Any = (), /) -> Any: ...
    def executemany(self, sql: str, rows: Iterable[Any], /) -> Any: ...
    def tuples(self, sql: str, params: Any = ()) -> Iterable[tuple[Any, ...]]:
        """Rows as plain tuples (bulk reads unpack them by position)."""
        ...

    def begin(self) -> None:
        """Open the outermost write transaction, holding the store's write lock."""
        ...

    def begin_reading(self) -> None:
        """Open a read-only transaction: every read in it sees one moment of the store."""
        ...

    def commit(self) -> None: ...
    def place_now(self) -> None:
        """A store made by this engine is at its address now, however empty."""
        ...

    def rollback(self) -> None: ...
    def in_transaction(self) -> bool: ...
    def error(self, e: Exception) -> DebateError:
        """The driver's error in words that do not assume the engine."""
        ...

    def full_text(self, table: str) -> FullText: ...
    def search_terms(self, words: Sequence[str]) -> str:
        """The parameter that finds texts holding every one of these words."""
        ...

    def refresh_statistics(self, tables: Sequence[str]) -> None:
        """After a bulk load: what the query planner needs to know of these tables."""
        ...

    def act_for(self, role: str, participant: int) -> None:
        """In the transaction just begun, write with no more rights than the store's
        group role `role` (audience, judge, debater) gives, as `participant`. On a
        server with roles only."""
        ...

    def wait_for_change(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for a write committed by another connection
        since the last call (or, on the first, since it began); whether one came. For
        a watcher's own connection, which writes nothing."""
        ...

    def applied_migrations(self) -> list[str]: ...
    def columns(self) -> dict[str, tuple[str, ...]]: ...
    def version(self) -> str: ...
    def close(self) -> None: ...
