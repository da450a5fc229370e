"""What every part of the store shares: the engine it runs SQL on, and running it
with the engine's errors made engine-neutral."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from debate.models import (
    Anchor,
    KeptScore,
    Node,
    Quote,
)
from debate.store.engine import Engine, Row

T = TypeVar("T")


def _searchable(text: str) -> str:
    from debate.core.extraction import searchable

    return searchable(text)


# The live nodes: not archived, and a thesis or under at least one live claim.
# One definition, used wherever archived must mean archived.
_LIVE_CTE = """
WITH RECURSIVE live(id) AS (
    SELECT n.id FROM nodes n
    WHERE n.kind = 'claim' AND n.archived_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM links l WHERE l.child_id = n.id)
    UNION
    SELECT l.child_id FROM links l
    JOIN live ON l.parent_id = live.id
    JOIN nodes c ON c.id = l.child_id
    WHERE c.archived_at IS NULL
)
"""


class StoreBase:
    """The store's state and its SQL helpers; `Store` adds the parts, one a concern."""

    def __init__(self, engine: Engine, *, writable: bool):
        self._engine = engine
        self.path = engine.path  # the file, for SQLite; None on a server
        self.where = engine.where  # the store as messages name it (never with a password)
        self.access = engine.access  # what the login may do, on a server with roles
        # On a server with roles, only the trusted keep kept scores; the server
        # forgets those anyone else's write moves, and a reader scores those again.
        self._keeps_scores = self.access is None or self.access.trusted
        self._acting: tuple[str, int] | None = None  # Store.acting_for: (role, participant)
        # A server store whose roles are made: what a login may do is the server's to say.
        self.has_roles = self.access is not None and self.access.roles_made
        # Some live nodes may then have no kept score (reads score them again).
        self.may_lack_scores = self.has_roles
        self._missing: dict[int, KeptScore] | None = None  # scored again, until a write
        self.writable = writable  # False for read commands: they never write
        self._join_in_order = engine.join_in_order
        self._Error = engine.Error
        self._depth = 0  # how many transactions are open, nested
        self._reading = False  # a read snapshot is open (`Store.snapshot`)
        self._dirty: set[int] = set()  # nodes whose kept scores this transaction may move

    @property
    def created(self) -> bool:
        """This store was made by this command (on SQLite, with its first write)."""
        return self._engine.created

    def when_created(self, tell: Callable[[], object]) -> None:
        """Call `tell` once this command has made the store: now, or with its first
        write (a new SQLite store appears only holding what its maker wrote)."""
        if self._engine.created:
            tell()
        else:
            self._engine.on_created = tell

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads that all see one moment of the store, whatever is written meanwhile:
        a read command runs in one, and so does each multi-statement read.

        It nests: inside a write transaction (which sees its own moment) or another
        snapshot, it adds nothing."""
        if self._depth or self._reading:
            yield
            return
        self._call(self._engine.begin_reading)
        self._reading = True
        try:
            yield
        finally:
            self._reading = False
            self._call(self._engine.rollback)

    # -- running SQL -----------------------------------------------------------------

    def _call(self, step: Callable[..., T], *args: Any) -> T:
        try:
            return step(*args)
        except self._Error as e:
            raise self._engine.error(e) from e

    def _run(self, sql: str, params: Any = ()) -> Any:
        try:
            return self._engine.execute(sql, params)
        except self._Error as e:
            raise self._engine.error(e) from e

    def _many(self, sql: str, rows: Iterable[Any]) -> None:
        try:
            self._engine.executemany(sql, rows)
        except self._Error as e:
            raise self._engine.error(e) from e

    def _one(self, sql: str, params: Any = ()) -> Row | None:
        row: Row | None = self._run(sql, params).fetchone()
        return row

    def _all(self, sql: str, params: Any = ()) -> list[Row]:
        rows: list[Row] = self._run(sql, params).fetchall()
        return rows

    def _each(self, sql: str, params: Any = ()) -> Iterator[tuple[Any, ...]]:
        """Rows as plain tuples, one at a time: a whole graph's rows are never all
        in memory at once."""
        try:
            yield from self._engine.tuples(sql, params)
        except self._Error as e:
            raise self._engine.error(e) from e

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert a row; its new id."""
        names = ", ".join(row)
        marks = ", ".join("?" * len(row))
        found = self._one(
            f"INSERT INTO {table} ({names}) VALUES ({marks}) RETURNING id", list(row.values())
        )
        assert found is not None
        return int(found[0])

    def _insert_row(self, table: str, row: dict[str, Any]) -> None:
        """Insert a row into a table keyed by another table's id."""
        names = ", ".join(row)
        marks = ", ".join("?" * len(row))
        self._run(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(row.values()))

    # -- shared by the parts ------------------------------------------------------------

    def _temp_ids(self, name: str, ids: Iterable[int]) -> None:
        self._run(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY)")
        self._run(f"DELETE FROM {name}")
        self._many(
            f"INSERT INTO {name} (id) VALUES (?) ON CONFLICT DO NOTHING", ((i,) for i in ids)
        )

    _NODE_QUERY = """
        SELECT n.id, n.uuid, n.kind, n.text, p.name AS created_by, n.created_at, n.archived_at,
               s.key AS source_key, q.typed, q.locator, q.note, q.status, q.start_offset,
               q.end_offset, q.verbatim, q.method, q.similarity, q.edits, q.page,
               q.context_before, q.context_after, q.segments, q.text_sha256 AS anchored_in
        FROM nodes n
        JOIN participants p ON p.id = n.created_by
        LEFT JOIN quotes q ON q.node_id = n.id
        LEFT JOIN sources s ON s.id = q.source_id
    """

    @staticmethod
    def _node_from_row(r: tuple[Any, ...]) -> Node:
        # The columns of _NODE_QUERY, in its order: unpacked by position because
        # `check` and the evidence log build tens of thousands of these.
        (
            node_id, uuid_, kind, text, created_by, created_at, archived_at,
            source_key, typed, locator, note, status, start, end,
            verbatim, method, similarity, edits, page,
            context_before, context_after, segments, anchored_in,
        ) = r  # fmt: skip
        quote = None
        if kind == "quote":
            anchor = Anchor(
                status,
                start,
                end,
                None if verbatim is None else bool(verbatim),
                method,
                similarity,
                edits,
                page,
                context_before,
                context_after,
                tuple((a, b) for a, b in json.loads(segments)) if segments else (),
                anchored_in,
            )
            quote = Quote(source_key, typed, locator, note, anchor)
        return Node(node_id, uuid_, kind, text, created_by, created_at, archived_at, quote)

    def _tuples(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        """Rows as plain tuples, for the few bulk reads that unpack them by position."""
        return list(self._each(sql, params))

    def _anything_archived(self) -> bool:
        return self._one("SELECT 1 FROM nodes WHERE archived_at IS NOT NULL LIMIT 1") is not None

    def _live(self) -> str:
        """The `live` table for a query: walked from the theses only when something
        is archived; otherwise every node is live (links have no cycles)."""
        return _LIVE_CTE if self._anything_archived() else "WITH live(id) AS (SELECT id FROM nodes)"

    def _index_quote(self, node_id: int, text: str) -> None:
        self._run("DELETE FROM quotes_fts WHERE rowid = ?", [node_id])
        self._run(
            "INSERT INTO quotes_fts (rowid, text) VALUES (?, ?)", [node_id, _searchable(text)]
        )
