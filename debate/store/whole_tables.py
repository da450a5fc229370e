"""Every row of every table, for `db copy` (debate.store.copying)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any

from debate.models import (
    StoreInfo,
)
from debate.store import schema
from debate.store.base import StoreBase
from debate.store.guards import writes


class WholeTables(StoreBase):
    # -- whole tables, for `db copy` (debate.store.copying) ---------------------------

    def is_empty(self) -> bool:
        """Nobody and nothing recorded yet: a new store."""
        row = self._one(
            "SELECT EXISTS (SELECT 1 FROM participants) OR EXISTS (SELECT 1 FROM nodes)"
            " OR EXISTS (SELECT 1 FROM sources)"
        )
        return row is not None and not row[0]

    def table_rows(self, table: str, columns: Collection[str]) -> Iterator[tuple[Any, ...]]:
        """Every row of a table, in the order of its first column."""
        names = ", ".join(columns)
        first = next(iter(columns))
        return self._each(f"SELECT {names} FROM {table} ORDER BY {first}")

    @writes
    def insert_rows(
        self, table: str, columns: Collection[str], rows: Iterable[tuple[Any, ...]], batch: int
    ) -> int:
        """Insert rows as they are, ids and all, a batch at a time; how many."""
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        count = 0
        chunk: list[tuple[Any, ...]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                self._many(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            self._many(sql, chunk)
            count += len(chunk)
        return count

    def refresh_statistics(self, tables: Sequence[str]) -> None:
        """After a bulk load, outside its transaction."""
        self._call(self._engine.refresh_statistics, tables)

    @writes
    def set_merged_into(self, pairs: Iterable[tuple[int, int]]) -> None:
        """(merged into, participant) pairs, set once every participant is there."""
        self._many("UPDATE participants SET merged_into = ? WHERE id = ?", list(pairs))

    def migrations_applied(self) -> list[str]:
        return self._call(self._engine.applied_migrations)

    def info(self) -> StoreInfo:
        """The engine, its version, the schema's version and what the store holds."""
        applied = self.migrations_applied()
        last = applied[-1] if applied else None
        row = self._one(
            """
            SELECT (SELECT COUNT(*) FROM nodes WHERE kind = 'claim') AS claims,
                   (SELECT COUNT(*) FROM nodes WHERE kind = 'quote') AS quotes,
                   (SELECT COUNT(*) FROM sources) AS sources,
                   (SELECT COUNT(*) FROM votes) AS votes,
                   (SELECT COUNT(*) FROM participants WHERE merged_into IS NULL) AS participants
            """
        )
        assert row is not None
        return StoreInfo(
            self._engine.name,
            self._call(self._engine.version),
            int(last.split("_", 1)[0]) if last else 0,
            last,
            self.where,
            row["claims"],
            row["quotes"],
            row["sources"],
            row["votes"],
            row["participants"],
            self.access,
        )

    def schema_columns(self) -> schema.Columns:
        return self._call(self._engine.columns)
