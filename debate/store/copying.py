"""Copying a whole store into a new one, on either engine: every row of every table,
ids and all, so that the copy answers every question as the original does.

Both engines have the same tables and columns (the PostgreSQL migrations mirror
the SQLite ones), so rows go across as they are, table by table, parents before
children; the one reference within a table (a participant merged into another)
is set once all participants are there. The search indexes go across as their
text (each engine makes its own index of it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from debate.errors import Conflict, StoreError

if TYPE_CHECKING:
    from debate.store import Store

# Parents before children. Bookkeeping (migrations, store_info) is each store's own,
# and so are the roles on a server (logins, and the row journal of their checks): a
# copy's owner grants them again. So is the room: its links and cookie key are
# secrets of the store they were made in, and a copy's server makes its own.
TABLES = (
    "participants",
    "sources",
    "nodes",
    "links",
    "votes",
    "teams",
    "team_members",
    "quotes",
    "passages",
    "passages_fts",
    "quotes_fts",
    "source_index",
    "scores",
    "sessions",
    "events",
    "session_people",
    "session_steps",
    "polls",
    "ballots",
    "ballot_points",
    "citations",
)
_OWN = {
    "store_info",
    "_sqlite_migrations",
    "_debate_migrations",
    "logins",
    "row_journal",
    "room_links",
    "room_seats",
    "room_keys",
}
_SEARCH_COLUMNS = ("rowid", "text")  # of passages_fts and quotes_fts, on both engines
BATCH = 2_000


def _columns(store: Store, table: str) -> tuple[str, ...]:
    if table.endswith("_fts"):
        return _SEARCH_COLUMNS
    return store.schema_columns()[table]


def _is_own(table: str) -> bool:
    # SQLite's FTS5 keeps shadow tables of its own beside each index.
    return table in _OWN or any(table.startswith(f"{t}_") for t in ("passages_fts", "quotes_fts"))


def check_copyable(source: Store, target: Store) -> None:
    """Refuse a target that holds anything, and a source with tables we do not know."""
    unknown = sorted(t for t in source.schema_columns() if t not in TABLES and not _is_own(t))
    if unknown:
        raise StoreError(
            f"{source.where} has tables this version cannot copy: {', '.join(unknown)}"
        )
    if not target.is_empty():
        raise Conflict(f"{target.where} already holds a debate; copy into a new, empty store")


def copy_rows(source: Store, target: Store) -> dict[str, int]:
    """Every row of the source into the target (inside the target's transaction);
    how many rows of each table."""
    copied: dict[str, int] = {}
    merged: list[tuple[Any, Any]] = []
    rescore = source.may_lack_scores  # a member's write forgot some: keep them all anew
    for table in TABLES:
        if table == "scores" and rescore:
            continue
        columns = _columns(source, table)
        rows: Iterator[tuple[Any, ...]] = source.table_rows(table, columns)
        if table == "participants":
            at = columns.index("merged_into")
            rows = _holding_back(rows, at, merged)
        copied[table] = target.insert_rows(table, columns, rows, BATCH)
    target.set_merged_into(merged)
    if rescore:
        copied["scores"] = target.rebuild_kept_scores()
    return copied


def _holding_back(
    rows: Iterator[tuple[Any, ...]], at: int, merged: list[tuple[Any, Any]]
) -> Iterator[tuple[Any, ...]]:
    """The participants without their merge target, kept aside to set afterwards."""
    for row in rows:
        if row[at] is not None:
            merged.append((row[at], row[0]))
            row = (*row[:at], None, *row[at + 1 :])
        yield row
