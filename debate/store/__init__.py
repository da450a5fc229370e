"""The store: the only code that knows SQL.

Everything else talks to a `Store`, on SQLite or PostgreSQL alike: the SQL the
engines share is here, written once; what differs sits in one small module per
engine (`sqlite_engine`, `postgres_engine`, behind `engine.Engine`).

Writes happen inside `Store.transaction()`, which nests with savepoints, as
sqlite-utils' `atomic()` does; the outermost level is one transaction that
holds the store's write lock, so that concurrent writers queue instead of
failing, and a rejected command leaves no trace. Every write method refuses to
run outside a transaction.

Get-or-create and check-then-write steps are single statements (upserts, and
an insert guarded by the cycle check), so they stay correct on an engine with
concurrent writers. The engine's errors become the engine-neutral ones of
`debate.errors`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from debate.errors import NoTransaction
from debate.models import KeptScore
from debate.store.base import StoreBase
from debate.store.document_tables import DocumentTables
from debate.store.engine import WAIT_S
from debate.store.graph_reads import GraphReads
from debate.store.guards import new_uuid, writes
from debate.store.history import History
from debate.store.node_tables import NodeTables
from debate.store.people_tables import PeopleTables
from debate.store.quote_tables import QuoteTables
from debate.store.room_tables import RoomTables
from debate.store.server_roles import ServerRoles
from debate.store.session_tables import SessionTables
from debate.store.source_tables import SourceTables
from debate.store.vote_tables import VoteTables
from debate.store.whole_tables import WholeTables

if TYPE_CHECKING:
    from debate.store.engine import Engine

__all__ = ["Store", "new_uuid"]


class Store(
    SessionTables,
    RoomTables,
    DocumentTables,
    ServerRoles,
    WholeTables,
    PeopleTables,
    History,
    NodeTables,
    SourceTables,
    QuoteTables,
    VoteTables,
    GraphReads,
    StoreBase,
):
    """An open store. Use `Store.open`; close it when done. Each concern's SQL is in a
    part of its own (people_tables, node_tables, …), all on `StoreBase`."""

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        create: bool = True,
        writable: bool = True,
        wait: float | None = None,
    ) -> Store:
        """Open a store: a file path, or a `postgresql://` URL; with `create`, make a
        new one where none exists. A write waits up to `wait` seconds for its turn
        behind other writers.

        A read command passes `create=False`: a mistyped path is an error that
        names it, not a new empty store.
        """
        from debate.store.address import is_server_url

        engine: Engine
        wait = WAIT_S if wait is None else wait
        if isinstance(path, str) and is_server_url(path):
            from debate.store.postgres_engine import PostgresEngine

            engine = PostgresEngine.open(path, create=create, wait=wait)
        else:
            from debate.store.sqlite_engine import SQLiteEngine

            engine = SQLiteEngine.open(Path(path), create=create, wait=wait)
        return cls(engine, writable=writable)

    @classmethod
    def create_empty(cls, path: Path | str) -> None:
        """Make a new store with nothing in it, now (a command makes its store with its
        first write, so that it never leaves an empty one): for stores filled by hand."""
        with cls.open(path) as store:
            store._call(store._engine.place_now)

    def close(self) -> None:
        self._engine.close()

    @contextmanager
    def acting_for(self, participant: int, role: str) -> Iterator[None]:
        """The write transactions begun in here are made with no more rights than the
        store's group role `role` gives (audience, judge, debater), as `participant`:
        the room's server writing for a device. Only on a store with roles; the
        scores they move are forgotten, as any member's, and read back when needed."""
        assert self.has_roles and self._depth == 0
        keeps, self._keeps_scores, self._acting = self._keeps_scores, False, (role, participant)
        try:
            yield
        finally:
            self._keeps_scores, self._acting = keeps, None

    def wait_for_change(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for a write by any other connection to the store
        (another process's, or another store object's); whether one came. The room's
        server watches with a store of its own, in a thread of its own."""
        return self._call(self._engine.wait_for_change, timeout)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ---------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; nested calls are savepoints inside it.

        Everything in the outermost one lands, or nothing does; a nested one
        that fails undoes only its own part (if its caller catches the error).
        """
        engine = self._engine
        if self._depth == 0:
            if not self.writable:
                raise NoTransaction("this store was opened for reading only")
            if self._reading:
                raise NoTransaction("a write cannot start inside a read snapshot")
            self._call(engine.begin)
            self._depth = 1
            if self._acting is not None:
                try:
                    self._call(engine.act_for, *self._acting)
                except BaseException:
                    self._depth = 0
                    self._call(engine.rollback)
                    raise
            self._dirty = set()
            self._missing = None
            try:
                yield
            except BaseException:
                self._call(engine.rollback)
                raise
            else:
                try:
                    if self._dirty:
                        self._keep_scores()
                    self._call(engine.commit)
                except BaseException:
                    self._call(engine.rollback)
                    raise
            finally:
                self._depth = 0
            return
        savepoint = f"debate_{self._depth}"
        self._run(f"SAVEPOINT {savepoint}")
        self._depth += 1
        try:
            yield
        except BaseException:
            if engine.in_transaction():
                self._run(f"ROLLBACK TO {savepoint}")
                self._run(f"RELEASE {savepoint}")
            raise
        else:
            self._run(f"RELEASE {savepoint}")
        finally:
            self._depth -= 1

    @contextmanager
    def waiting_at_least(self, seconds: float) -> Iterator[None]:
        """Writes in here wait for their turn at least `seconds` (and at least as
        long as they would anyway): a command that worked that long before writing
        would throw more away by giving up sooner."""
        engine = self._engine
        before = engine.wait
        if seconds <= before:
            yield
            return
        self._call(engine.set_wait, seconds)
        try:
            yield
        finally:
            self._call(engine.set_wait, before)

    def _keep_scores(self) -> None:
        """Score the touched nodes and their ancestors again, before the commit."""
        from debate.store import kept_scores

        # A login that may not keep scores leaves them to the server, whose triggers
        # have forgotten those this transaction moved.
        if self._keeps_scores:
            self._call(kept_scores.refresh, self._engine, self._dirty)
        self._dirty = set()

    @writes
    def flush_kept_scores(self) -> None:
        """Score what this transaction has touched now rather than at its commit, for a
        reader inside the transaction (the demo runs a whole session in one)."""
        if self._dirty:
            self._keep_scores()

    def kept_scores(self, ids: Collection[int] | None = None) -> dict[int, KeptScore]:
        """τ, w and σ under every semantics from everyone's votes, as kept."""
        from debate.store import kept_scores

        kept = self._call(kept_scores.read, self._engine, ids)
        if self.may_lack_scores:
            missing = self._missing_scores()
            kept.update(missing if ids is None else {i: missing[i] for i in ids if i in missing})
        return kept

    def _missing_scores(self) -> dict[int, KeptScore]:
        """The scores of live nodes that a write forgot, scored again (not kept: this
        login may not); once per command outside a transaction (a tree asks twice)."""
        from debate.store import kept_scores

        if self._depth == 0 and self._missing is not None:
            return self._missing
        missing = self._call(kept_scores.score_missing, self._engine)
        if self._depth == 0:
            self._missing = missing
        return missing

    def kept_table(
        self, semantics: str
    ) -> tuple[dict[int, float], dict[int, float], dict[int, float]]:
        """Every kept τ, w and σ under one semantics, as three tables (no row objects:
        the whole tree of 100,000 nodes reads them)."""
        from debate.models import KEPT

        if semantics not in KEPT:
            raise ValueError(f"unknown semantics {semantics!r}")
        base: dict[int, float] = {}
        weight: dict[int, float] = {}
        sigma: dict[int, float] = {}
        for node, b, w, s in self._each(f"SELECT node_id, base, weight, {semantics} FROM scores"):
            base[node], weight[node], sigma[node] = b, w, s
        if self.may_lack_scores:
            for node, score in self._missing_scores().items():
                base[node], weight[node] = score.base, score.weight
                sigma[node] = getattr(score, semantics)
        return base, weight, sigma

    @writes
    def rebuild_kept_scores(self) -> int:
        """Score every node again from scratch; how many were scored."""
        from debate.store import kept_scores

        self._dirty = set()
        self._call(kept_scores.rebuild, self._engine)
        row = self._one("SELECT COUNT(*) AS n FROM scores")
        return int(row["n"]) if row else 0

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0
