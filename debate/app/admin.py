"""Use cases for whole stores: what one holds, scoring it again, and copying one into
another, from one engine to the other.

SQLite → PostgreSQL when a group outgrows its file; PostgreSQL → SQLite to take a
debate home. The source is read in one snapshot; the target is new (or empty)
and gets every row in one transaction, so it is the whole copy or nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from debate.models import StoreInfo
from debate.store import Store, copying


class CopyReport(NamedTuple):
    source: str  # as messages name it: never with a password
    target: str
    created: bool  # the copy made the target store
    rows: dict[str, int]  # by table
    info: StoreInfo  # of the target, afterwards


def copy_store(source: Path | str, target: Path | str) -> CopyReport:
    with (
        Store.open(source, create=False, writable=False) as original,
        Store.open(target) as copy,
    ):
        copying.check_copyable(original, copy)
        with original.snapshot(), copy.transaction():
            rows = copying.copy_rows(original, copy)
        copy.refresh_statistics(copying.TABLES)
        return CopyReport(original.where, copy.where, copy.created, rows, copy.info())


def info(store: Store) -> StoreInfo:
    """The engine and its version, the schema's version, and the store's counts."""
    return store.info()


def repair(store: Store) -> int:
    """Score every claim and quote again from scratch; how many were scored."""
    with store.transaction():
        return store.rebuild_kept_scores()
