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

import json
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from debate.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    NoTransaction,
)
from debate.models import (
    ACTIONS,
    Action,
    Anchor,
    Event,
    Graph,
    GraphNode,
    KeptScore,
    Kind,
    Link,
    Node,
    Participant,
    PassageHit,
    Quote,
    QuoteSpan,
    Source,
    SourceMetadata,
    SourceText,
    Stance,
    StoreInfo,
    Team,
    Vote,
    VoteKind,
    VoteTally,
)
from debate.store import schema
from debate.store.document_tables import DocumentTables
from debate.store.engine import Engine, Row
from debate.store.guards import new_uuid, now, writes
from debate.store.server_roles import ServerRoles
from debate.store.session_tables import SessionTables

if TYPE_CHECKING:
    from debate.core.anchoring import SourceIndex

MAX_SEARCH_WORDS = 64

T = TypeVar("T")


_writes = writes


def search_words(words: str) -> list[str]:
    """The words of a search, as both engines look for them."""
    tokens = re.findall(r"\w+", unicodedata.normalize("NFKC", words))
    if not tokens:
        raise InvalidInput("the search has no words")
    if len(tokens) > MAX_SEARCH_WORDS:
        raise InvalidInput(f"the search has {len(tokens)} words; at most {MAX_SEARCH_WORDS}")
    return tokens


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


class Store(SessionTables, DocumentTables, ServerRoles):
    """An open store. Use `Store.open`; close it when done."""

    def __init__(self, engine: Engine, *, writable: bool):
        self._engine = engine
        self.path = engine.path  # the file, for SQLite; None on a server
        self.where = engine.where  # the store as messages name it (never with a password)
        self.created = engine.created  # this call made the store
        self.access = engine.access  # what the login may do, on a server with roles
        # On a server with roles, only the trusted keep kept scores; the server
        # forgets those anyone else's write moves, and a reader scores those again.
        self._keeps_scores = self.access is None or self.access.trusted
        # Some live nodes may then have no kept score (reads score them again).
        self.may_lack_scores = self.access is not None and self.access.roles_made
        self._missing: dict[int, KeptScore] | None = None  # scored again, until a write
        self.writable = writable  # False for read commands: they never write
        self._execute = engine.execute
        self._join_in_order = engine.join_in_order
        self._Error = engine.Error
        self._depth = 0  # how many transactions are open, nested
        self._dirty: set[int] = set()  # nodes whose kept scores this transaction may move

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True, writable: bool = True) -> Store:
        """Open a store: a file path, or a `postgresql://` URL; with `create`, make a
        new one where none exists.

        A read command passes `create=False`: a mistyped path is an error that
        names it, not a new empty store.
        """
        from debate.store.address import is_server_url

        engine: Engine
        if isinstance(path, str) and is_server_url(path):
            from debate.store.postgres_engine import PostgresEngine

            engine = PostgresEngine.open(path, create=create)
        else:
            from debate.store.sqlite_engine import SQLiteEngine

            engine = SQLiteEngine.open(Path(path), create=create)
        return cls(engine, writable=writable)

    def close(self) -> None:
        self._engine.close()

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
            self._call(engine.begin)
            self._depth = 1
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
    def snapshot(self) -> Iterator[None]:
        """Reads that all see one moment of the store, whatever is written meanwhile
        (for copying a whole store); outside any write transaction."""
        if self._depth:
            raise NoTransaction("a snapshot cannot open inside a write transaction")
        self._call(self._engine.begin_reading)
        try:
            yield
        finally:
            self._call(self._engine.rollback)

    def _keep_scores(self) -> None:
        """Score the touched nodes and their ancestors again, before the commit."""
        from debate.store import kept_scores

        # A login that may not keep scores leaves them to the server, whose triggers
        # have forgotten those this transaction moved.
        if self._keeps_scores:
            self._call(kept_scores.refresh, self._engine, self._dirty)
        self._dirty = set()

    @_writes
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

    @_writes
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

    # -- running SQL -----------------------------------------------------------------

    def _call(self, step: Callable[..., T], *args: Any) -> T:
        try:
            return step(*args)
        except self._Error as e:
            raise self._engine.error(e) from e

    def _run(self, sql: str, params: Any = ()) -> Any:
        try:
            return self._execute(sql, params)
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

    @_writes
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

    @_writes
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

    # -- people -----------------------------------------------------------------------

    @_writes
    def participant_id(self, name: str, role: str | None = None) -> int:
        """The participant's id, recording them on first use (one upsert).

        A name merged into another stands for that one.
        """
        found = self.find_participant(name)
        if found is not None:
            return found
        self._run(
            "INSERT INTO participants (uuid, name, role, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (name) DO NOTHING",
            [new_uuid(), name, role, now()],
        )
        found = self.find_participant(name)
        assert found is not None
        return found

    def find_participant(self, name: str) -> int | None:
        row = self._one(
            "SELECT id, merged_into FROM participants WHERE name = ?",
            [name],
        )
        if row is None:
            return None
        return int(row["merged_into"] or row["id"])

    def participant_names(self) -> dict[int, str]:
        return {
            r["id"]: r["name"]
            for r in self._all(
                "SELECT id, name FROM participants WHERE merged_into IS NULL ORDER BY name"
            )
        }

    def participants(self) -> list[Participant]:
        rows = self._all(
            """
            SELECT p.id, p.name, p.role, p.created_at, m.name AS merged_into,
                   (SELECT COUNT(*) FROM nodes n WHERE n.created_by = p.id) AS nodes,
                   (SELECT COUNT(*) FROM votes v WHERE v.participant_id = p.id) AS votes
            FROM participants p LEFT JOIN participants m ON m.id = p.merged_into
            ORDER BY p.name
            """
        )
        return [
            Participant(
                r["id"],
                r["name"],
                r["role"],
                r["created_at"],
                r["merged_into"],
                r["nodes"],
                r["votes"],
            )
            for r in rows
        ]

    @_writes
    def rename_participant(self, participant: int, name: str) -> None:
        try:
            self._execute("UPDATE participants SET name = ? WHERE id = ?", [name, participant])
        except self._engine.IntegrityError as e:
            raise Conflict(f"there is already a participant named {name!r}") from e

    @_writes
    def merge_participant(self, source: int, target: int) -> None:
        """Everything of `source` becomes `target`'s; the event log keeps who did what.

        Where both voted on the same node, the more recent vote stays.
        """
        self._dirty.update(
            r["node_id"]
            for r in self._all(
                "SELECT DISTINCT node_id FROM votes WHERE participant_id = ?", [source]
            )
        )
        self._run(
            """
            DELETE FROM votes WHERE id IN (
                SELECT loser.id FROM votes a JOIN votes b
                  ON a.node_id = b.node_id AND a.kind = b.kind
                 AND a.participant_id = ? AND b.participant_id = ?
                JOIN votes loser ON loser.id = CASE
                    WHEN (a.cast_at, a.id) > (b.cast_at, b.id) THEN b.id ELSE a.id END
            )
            """,
            [source, target],
        )
        self._run("UPDATE votes SET participant_id = ? WHERE participant_id = ?", [target, source])
        for table, column in (
            ("nodes", "created_by"),
            ("links", "created_by"),
            ("sources", "created_by"),
            ("teams", "created_by"),
        ):
            self._run(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [target, source])
        self._run(
            "INSERT INTO team_members (team_id, participant_id, added_at) "
            "SELECT team_id, ?, added_at FROM team_members WHERE participant_id = ? "
            "ON CONFLICT DO NOTHING",
            [target, source],
        )
        self._run("DELETE FROM team_members WHERE participant_id = ?", [source])
        self.merge_session_participant(source, target)
        self._run(
            "UPDATE participants SET merged_into = ? WHERE id = ? OR merged_into = ?",
            [target, source, source],
        )

    # -- teams -----------------------------------------------------------------------

    def team_id(self, name: str) -> int | None:
        row = self._one("SELECT id FROM teams WHERE name = ?", [name])
        return int(row["id"]) if row else None

    @_writes
    def ensure_team(self, name: str, actor: int) -> tuple[int, bool]:
        """The team's id, and whether this call created it (one upsert)."""
        row = self._one(
            "INSERT INTO teams (uuid, name, created_by, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (name) DO NOTHING RETURNING id",
            [new_uuid(), name, actor, now()],
        )
        if row is not None:
            return int(row["id"]), True
        existing = self.team_id(name)
        assert existing is not None
        return existing, False

    @_writes
    def add_team_member(self, team_id: int, participant_id: int) -> bool:
        """Add a member; False when they already belong to the team."""
        cursor = self._run(
            "INSERT INTO team_members (team_id, participant_id, added_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            [team_id, participant_id, now()],
        )
        return cursor.rowcount == 1

    @_writes
    def remove_team_member(self, team_id: int, participant_id: int) -> bool:
        cursor = self._run(
            "DELETE FROM team_members WHERE team_id = ? AND participant_id = ?",
            [team_id, participant_id],
        )
        return cursor.rowcount == 1

    @_writes
    def delete_team(self, team_id: int) -> None:
        self._run("DELETE FROM team_members WHERE team_id = ?", [team_id])
        self._run("DELETE FROM teams WHERE id = ?", [team_id])

    def teams(self) -> list[Team]:
        members: dict[str, list[str]] = {
            r["name"]: [] for r in self._all("SELECT name FROM teams ORDER BY name")
        }
        for r in self._all(
            """
            SELECT t.name AS team, p.name AS member FROM team_members m
            JOIN teams t ON t.id = m.team_id
            JOIN participants p ON p.id = m.participant_id
            ORDER BY t.name, p.name
            """
        ):
            members[r["team"]].append(r["member"])
        return [Team(name, tuple(names)) for name, names in members.items()]

    def team_member_ids(self, team_id: int) -> list[int]:
        return [
            r["participant_id"]
            for r in self._all(
                "SELECT participant_id FROM team_members WHERE team_id = ? ORDER BY participant_id",
                [team_id],
            )
        ]

    # -- history ------------------------------------------------------------------------

    @_writes
    def log(
        self,
        actor: int,
        action: Action,
        *,
        node: int | None = None,
        source: int | None = None,
        **data: Any,
    ) -> None:
        if action not in ACTIONS:
            raise ValueError(f"unknown event action {action!r}")
        row = {
            "uuid": new_uuid(),
            "at": now(),
            "participant_id": actor,
            "action": action,
            "node_id": node,
            "source_id": source,
            "data": json.dumps(data, ensure_ascii=False, sort_keys=True),
        }
        # What is done on the tree while a speech is under way was said in that speech.
        speech = self.speech_in_progress(node) if node is not None else None
        if speech is not None:
            row["session_id"], row["speech"] = speech
        self._insert("events", row)

    def history(self, node_id: int) -> list[Event]:
        rows = self._all(
            """
            SELECT e.id, e.at, p.name AS participant, e.action, e.node_id, s.key, e.data
            FROM events e
            JOIN participants p ON p.id = e.participant_id
            LEFT JOIN sources s ON s.id = e.source_id
            WHERE e.node_id = ?
            ORDER BY e.id
            """,
            [node_id],
        )
        return [
            Event(
                r["id"],
                r["at"],
                r["participant"],
                r["action"],
                r["node_id"],
                r["key"],
                json.loads(r["data"]),
            )
            for r in rows
        ]

    # -- nodes ----------------------------------------------------------------------------

    @_writes
    def add_node(self, kind: Kind, text: str, actor: int, *, uuid_: str | None = None) -> int:
        node_id = self._insert(
            "nodes",
            {
                "uuid": uuid_ or new_uuid(),
                "kind": kind,
                "text": text,
                "created_by": actor,
                "created_at": now(),
            },
        )
        if kind == "quote":
            self._index_quote(node_id, text)
        self._dirty.add(node_id)
        return node_id

    def node_id_by_uuid(self, uuid_: str) -> int | None:
        row = self._one("SELECT id FROM nodes WHERE uuid = ?", [uuid_])
        return int(row["id"]) if row else None

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

    def node(self, node_id: int) -> Node:
        rows = self._tuples(self._NODE_QUERY + " WHERE n.id = ?", [node_id])
        if not rows:
            raise NotFound(f"no claim or quote #{node_id}")
        return self._node_from_row(rows[0])

    def nodes(self, ids: Collection[int]) -> dict[int, Node]:
        """Several nodes by id, in one query per thousand."""
        out: dict[int, Node] = {}
        wanted = sorted(set(ids))
        for i in range(0, len(wanted), 1000):
            chunk = wanted[i : i + 1000]
            marks = ", ".join("?" * len(chunk))
            for row in self._tuples(self._NODE_QUERY + f" WHERE n.id IN ({marks})", chunk):
                out[row[0]] = self._node_from_row(row)
        return out

    @_writes
    def set_text(self, node_id: int, text: str) -> None:
        row = self._one("UPDATE nodes SET text = ? WHERE id = ? RETURNING kind", [text, node_id])
        if row is not None and row["kind"] == "quote":
            self._index_quote(node_id, text)

    @_writes
    def set_archived(self, node_id: int, archived: bool) -> None:
        self._run(
            "UPDATE nodes SET archived_at = ? WHERE id = ?", [now() if archived else None, node_id]
        )
        # Archived, it stops counting for its parents; back, it counts again.
        self._dirty.add(node_id)
        self._dirty.update(
            r["parent_id"]
            for r in self._all("SELECT parent_id FROM links WHERE child_id = ?", [node_id])
        )

    def _anything_archived(self) -> bool:
        return self._one("SELECT 1 FROM nodes WHERE archived_at IS NOT NULL LIMIT 1") is not None

    def _live(self) -> str:
        """The `live` table for a query: walked from the theses only when something
        is archived; otherwise every node is live (links have no cycles)."""
        return _LIVE_CTE if self._anything_archived() else "WITH live(id) AS (SELECT id FROM nodes)"

    def is_live(self, node_id: int) -> bool:
        """Not archived, and a thesis or under at least one live claim."""
        if not self._anything_archived():
            # Nothing archived: every node stands under a thesis (links have no cycles).
            return self._one("SELECT 1 FROM nodes WHERE id = ?", [node_id]) is not None
        row = self._one(
            """
            WITH RECURSIVE up(id) AS (
                SELECT id FROM nodes WHERE id = ? AND archived_at IS NULL
                UNION
                SELECT l.parent_id FROM links l
                JOIN up ON l.child_id = up.id
                JOIN nodes p ON p.id = l.parent_id
                WHERE p.archived_at IS NULL
            )
            SELECT 1 FROM up JOIN nodes n ON n.id = up.id
            WHERE n.kind = 'claim' AND NOT EXISTS (SELECT 1 FROM links l WHERE l.child_id = n.id)
            LIMIT 1
            """,
            [node_id],
        )
        return row is not None

    def live_nodes(self, kinds: tuple[Kind, ...] = ("claim",)) -> list[tuple[int, Kind, str]]:
        """(id, kind, text) of every live claim (or quote), for pickers."""
        marks = ", ".join("?" * len(kinds))
        return [
            (r["id"], r["kind"], r["text"])
            for r in self._all(
                self._live() + "SELECT n.id, n.kind, n.text FROM nodes n JOIN live USING (id) "
                f"WHERE n.kind IN ({marks}) ORDER BY n.id",
                list(kinds),
            )
        ]

    # -- links ----------------------------------------------------------------------------

    @_writes
    def add_link(self, parent: int, child: int, stance: Stance, actor: int) -> None:
        """Link child under parent; a duplicate or a cycle is refused (one guarded insert)."""
        if parent == child:
            raise Conflict(f"#{child} cannot be linked under itself")
        cursor = self._run(
            """
            INSERT INTO links (uuid, parent_id, child_id, stance, created_by, created_at)
            SELECT ?, ?, ?, ?, ?, ?
            WHERE NOT EXISTS (
                WITH RECURSIVE below(id) AS (
                    SELECT ?
                    UNION
                    SELECT l.child_id FROM links l JOIN below ON l.parent_id = below.id
                )
                SELECT 1 FROM below WHERE id = ?
            )
            ON CONFLICT (parent_id, child_id) DO NOTHING
            """,
            [new_uuid(), parent, child, stance, actor, now(), child, parent],
        )
        if cursor.rowcount == 1:
            self._dirty.add(parent)
            return
        if self.link(parent, child) is not None:
            raise Conflict(f"#{child} is already under #{parent}")
        path = self.path_down(child, parent) or [child, parent]
        cycle = " → ".join(f"#{n}" for n in [parent, *path])
        raise Conflict(f"linking #{child} under #{parent} would make a cycle: {cycle}")

    def path_down(self, start: int, goal: int) -> list[int] | None:
        """A path start → … → goal following links downwards, or None."""
        from debate.core.graph import find_path

        return find_path(self.all_links(), start, goal)

    @_writes
    def remove_link(self, parent: int, child: int) -> None:
        self._run("DELETE FROM links WHERE parent_id = ? AND child_id = ?", [parent, child])
        self._dirty.add(parent)

    @_writes
    def set_stance(self, parent: int, child: int, stance: Stance) -> None:
        self._run(
            "UPDATE links SET stance = ? WHERE parent_id = ? AND child_id = ?",
            [stance, parent, child],
        )
        self._dirty.add(parent)

    def link(self, parent: int, child: int) -> Link | None:
        row = self._one(
            "SELECT stance FROM links WHERE parent_id = ? AND child_id = ?", [parent, child]
        )
        return Link(parent, child, row["stance"]) if row else None

    def parents(self, node_id: int) -> list[tuple[Link, Node]]:
        rows = self._all(
            "SELECT parent_id, stance FROM links WHERE child_id = ? ORDER BY id", [node_id]
        )
        nodes = self.nodes([r["parent_id"] for r in rows])
        return [(Link(r["parent_id"], node_id, r["stance"]), nodes[r["parent_id"]]) for r in rows]

    def children(self, node_id: int) -> list[tuple[Link, Node]]:
        rows = self._all(
            "SELECT child_id, stance FROM links WHERE parent_id = ? ORDER BY id", [node_id]
        )
        nodes = self.nodes([r["child_id"] for r in rows])
        return [(Link(node_id, r["child_id"], r["stance"]), nodes[r["child_id"]]) for r in rows]

    def all_links(self) -> list[Link]:
        return [
            Link(parent, child, stance)
            for parent, child, stance in self._each(
                "SELECT parent_id, child_id, stance FROM links ORDER BY id"
            )
        ]

    # -- sources ----------------------------------------------------------------------------

    _SOURCE_COLUMNS = (
        "id, uuid, key, title, author, year, venue, url, text IS NOT NULL AS has_text,"
        " text_sha256, created_at, format, extractor, original_sha256, pages"
    )

    @staticmethod
    def _source_from_row(r: Row) -> Source:
        pages = (
            tuple((int(o), str(label)) for o, label in json.loads(r["pages"])) if r["pages"] else ()
        )
        return Source(
            id=r["id"],
            uuid=r["uuid"],
            key=r["key"],
            metadata=SourceMetadata(r["title"], r["author"], r["year"], r["venue"], r["url"]),
            has_text=bool(r["has_text"]),
            text_sha256=r["text_sha256"],
            created_at=r["created_at"],
            format=r["format"],
            extractor=r["extractor"],
            original_sha256=r["original_sha256"],
            pages=pages,
        )

    def source(self, key: str) -> Source:
        found = self.find_source(key)
        if found is None:
            raise NotFound(f"no source with key {key!r}")
        return found

    def find_source(self, key: str) -> Source | None:
        row = self._one(f"SELECT {self._SOURCE_COLUMNS} FROM sources WHERE key = ?", [key])
        return self._source_from_row(row) if row else None

    def sources(self) -> list[Source]:
        rows = self._all(f"SELECT {self._SOURCE_COLUMNS} FROM sources ORDER BY key")
        return [self._source_from_row(r) for r in rows]

    def source_text(self, source_id: int) -> str | None:
        row = self._one("SELECT text FROM sources WHERE id = ?", [source_id])
        return None if row is None else row["text"]

    @staticmethod
    def _text_columns(text: SourceText) -> dict[str, Any]:
        return {
            "text": text.text,
            "text_sha256": text.text_sha256,
            "original_sha256": text.original_sha256,
            "extractor": text.extractor,
            "format": text.format,
            "filename": text.filename,
            "pages": json.dumps(text.pages) if text.pages else None,
        }

    @_writes
    def add_source(
        self,
        key: str,
        metadata: SourceMetadata,
        actor: int,
        *,
        text: SourceText | None = None,
        bibtex: str | None = None,
        uuid_: str | None = None,
    ) -> int | None:
        """A new source's id; None when the key is taken (one upsert)."""
        row = {
            "uuid": uuid_ or new_uuid(),
            "key": key,
            **metadata.given(),
            "bibtex": bibtex,
            **(self._text_columns(text) if text else {}),
            "created_by": actor,
            "created_at": now(),
        }
        names = ", ".join(row)
        marks = ", ".join("?" * len(row))
        found = self._one(
            f"INSERT INTO sources ({names}) VALUES ({marks}) "
            "ON CONFLICT (key) DO NOTHING RETURNING id",
            list(row.values()),
        )
        return int(found["id"]) if found else None

    @_writes
    def add_citation(
        self,
        node_id: int,
        source_id: int,
        label: str,
        actor: int,
        *,
        uuid_: str | None = None,
        created_at: str | None = None,
    ) -> bool:
        """A claim's reference to a source; False when it was there already."""
        found = self._one(
            "INSERT INTO citations (uuid, node_id, source_id, label, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
            [uuid_ or new_uuid(), node_id, source_id, label, actor, created_at or now()],
        )
        return found is not None

    def citations(self, node_ids: Collection[int]) -> dict[int, list[tuple[str, Source]]]:
        """Each node's (marker, source) citations, in the order they were made."""
        out: dict[int, list[tuple[str, Source]]] = {}
        if not node_ids:
            return out
        self._temp_ids("cited_nodes", node_ids)
        rows = self._all(
            "SELECT c.node_id, c.label, s.* FROM cited_nodes n"
            f" {self._join_in_order} citations c ON c.node_id = n.id"
            f" JOIN (SELECT {self._SOURCE_COLUMNS} FROM sources) s ON s.id = c.source_id"
            " ORDER BY c.id"
        )
        for r in rows:
            out.setdefault(r["node_id"], []).append((r["label"], self._source_from_row(r)))
        return out

    @_writes
    def update_source(
        self,
        source_id: int,
        *,
        metadata: SourceMetadata | None = None,
        text: SourceText | None = None,
        bibtex: str | None = None,
    ) -> None:
        """Set the given metadata fields, the text and its provenance, or the BibTeX entry."""
        fields: dict[str, Any] = {}
        if metadata is not None:
            fields.update(metadata.given())
        if text is not None:
            fields.update(self._text_columns(text))
        if bibtex is not None:
            fields["bibtex"] = bibtex
        if not fields:
            return
        assignments = ", ".join(f"{name} = ?" for name in fields)
        self._run(f"UPDATE sources SET {assignments} WHERE id = ?", [*fields.values(), source_id])

    @_writes
    def save_source_index(self, source_id: int, index: SourceIndex) -> None:
        self._run(
            "INSERT INTO source_index (source_id, text_sha256, version, normalized, runs, skip) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source_id) DO UPDATE SET "
            "text_sha256 = excluded.text_sha256, version = excluded.version, "
            "normalized = excluded.normalized, runs = excluded.runs, skip = excluded.skip",
            [
                source_id,
                index.text_sha256,
                index.version,
                index.normalized,
                index.runs,
                json.dumps([list(span) for span in index.skip]),
            ],
        )

    def source_index(self, source_id: int) -> SourceIndex | None:
        from debate.core.anchoring import SourceIndex

        row = self._one(
            "SELECT version, text_sha256, normalized, runs, skip FROM source_index "
            "WHERE source_id = ?",
            [source_id],
        )
        if row is None:
            return None
        skip = tuple((a, b) for a, b in json.loads(row["skip"]))
        return SourceIndex(row["version"], row["text_sha256"], row["normalized"], row["runs"], skip)

    # -- quotes ----------------------------------------------------------------------------

    @staticmethod
    def _anchor_columns(anchor: Anchor) -> dict[str, Any]:
        return {
            "status": anchor.status,
            "start_offset": anchor.start,
            "end_offset": anchor.end,
            "verbatim": anchor.verbatim,
            "method": anchor.method,
            "similarity": anchor.similarity,
            "edits": anchor.edits,
            "page": anchor.page,
            "context_before": anchor.context_before,
            "context_after": anchor.context_after,
            "segments": json.dumps([list(s) for s in anchor.segments])
            if len(anchor.segments) > 1
            else None,
            "text_sha256": anchor.text_sha256,
        }

    @_writes
    def add_quote(
        self,
        node_id: int,
        source_id: int,
        *,
        typed: str,
        locator: str | None,
        note: str | None,
        anchor: Anchor,
    ) -> None:
        self._insert_row(
            "quotes",
            {
                "node_id": node_id,
                "source_id": source_id,
                "typed": typed,
                "locator": locator,
                "note": note,
                **self._anchor_columns(anchor),
            },
        )

    @_writes
    def set_anchor(self, node_id: int, anchor: Anchor, exact: str | None = None) -> None:
        """Where a quote stands now; `exact`, when given, becomes its text."""
        columns = self._anchor_columns(anchor)
        assignments = ", ".join(f"{name} = ?" for name in columns)
        self._run(
            f"UPDATE quotes SET {assignments} WHERE node_id = ?", [*columns.values(), node_id]
        )
        if exact is not None:
            self.set_text(node_id, exact)

    @_writes
    def set_quote_details(
        self, node_id: int, *, typed: str, locator: str | None, note: str | None
    ) -> None:
        self._run(
            "UPDATE quotes SET typed = ?, locator = ?, note = ? WHERE node_id = ?",
            [typed, locator, note, node_id],
        )

    def quotes_of_source(self, source_id: int) -> list[Node]:
        """Every quote from a source, oldest first: one query."""
        rows = self._tuples(self._NODE_QUERY + " WHERE q.source_id = ? ORDER BY n.id", [source_id])
        return [self._node_from_row(r) for r in rows]

    def quote_spans(self, source_id: int, text_sha256: str | None) -> list[QuoteSpan]:
        """Every live quote of a source, by the few columns that `check` reads first;
        whether each was anchored in the text of that hash is asked of the database."""
        rows = self._tuples(
            f"""{self._live()} SELECT n.id, n.text, q.status, q.start_offset, q.end_offset,
                   q.segments, CASE WHEN q.text_sha256 = ? THEN 1 ELSE 0 END
            FROM quotes q JOIN nodes n ON n.id = q.node_id JOIN live ON live.id = n.id
            WHERE q.source_id = ?""",
            [text_sha256, source_id],
        )
        return [QuoteSpan(*r) for r in rows]

    def quote_on_claim(
        self, claim: int, source_id: int, spans: tuple[tuple[int, int], ...]
    ) -> int | None:
        """The quote under this claim that already anchors this passage, if any."""
        if not spans:
            return None
        segments = json.dumps([list(s) for s in spans]) if len(spans) > 1 else None
        row = self._one(
            """
            SELECT q.node_id FROM quotes q
            JOIN links l ON l.child_id = q.node_id AND l.parent_id = ?
            JOIN nodes n ON n.id = q.node_id
            WHERE q.source_id = ? AND q.start_offset = ? AND q.end_offset = ?
              AND COALESCE(q.segments, '') = ? AND n.archived_at IS NULL
            """,
            [claim, source_id, spans[0][0], spans[-1][1], segments or ""],
        )
        return int(row["node_id"]) if row else None

    def evidence(self) -> list[tuple[int, int, Stance]]:
        """(quote id, parent claim id, stance) of every live quote, oldest quote first."""
        return [
            (r["id"], r["parent_id"], r["stance"])
            for r in self._all(
                self._live()
                + """
                SELECT n.id, l.parent_id, l.stance FROM nodes n
                JOIN live ON live.id = n.id
                JOIN links l ON l.child_id = n.id
                JOIN live p ON p.id = l.parent_id
                WHERE n.kind = 'quote'
                ORDER BY n.id, l.id
                """
            )
        ]

    # -- full-text search ----------------------------------------------------------------

    @_writes
    def replace_passages(
        self, source_id: int, rows: list[tuple[int, int, str | None, str]]
    ) -> None:
        """Index a source's passages: (start, end, page, searchable text) each."""
        self._run(
            "DELETE FROM passages_fts WHERE rowid IN (SELECT id FROM passages WHERE source_id = ?)",
            [source_id],
        )
        self._run("DELETE FROM passages WHERE source_id = ?", [source_id])
        first = self._one("SELECT COALESCE(MAX(id), 0) + 1 AS next FROM passages")
        assert first is not None
        start_id = int(first["next"])
        self._many(
            "INSERT INTO passages (id, source_id, start_offset, end_offset, page) "
            "VALUES (?, ?, ?, ?, ?)",
            ((start_id + i, source_id, a, b, page) for i, (a, b, page, _) in enumerate(rows)),
        )
        self._many(
            "INSERT INTO passages_fts (rowid, text) VALUES (?, ?)",
            ((start_id + i, said) for i, (_, _, _, said) in enumerate(rows)),
        )

    def _index_quote(self, node_id: int, text: str) -> None:
        self._run("DELETE FROM quotes_fts WHERE rowid = ?", [node_id])
        self._run(
            "INSERT INTO quotes_fts (rowid, text) VALUES (?, ?)", [node_id, _searchable(text)]
        )

    def search_passages(self, words: str, source_id: int | None, limit: int) -> list[PassageHit]:
        """Passages where every word occurs, best first."""
        where = "AND p.source_id = ?" if source_id is not None else ""
        search = self._engine.full_text("passages_fts")
        params: list[Any] = [self._engine.search_terms(search_words(words))]
        params += [source_id] if source_id is not None else []
        rows = self._all(
            f"""
            SELECT s.key, p.start_offset, p.end_offset, p.page, f.text
            FROM {search.source}
            JOIN passages p ON p.id = f.rowid
            JOIN sources s ON s.id = p.source_id
            WHERE {search.condition} {where}
            ORDER BY {search.rank}, p.id
            LIMIT ?
            """,
            [*params, limit],
        )
        return [
            PassageHit(r["key"], r["start_offset"], r["end_offset"], r["page"], r["text"])
            for r in rows
        ]

    def search_quotes(self, words: str, source_id: int | None, limit: int) -> list[int]:
        """Ids of live quotes whose text has every word, best first."""
        where = "AND q.source_id = ?" if source_id is not None else ""
        search = self._engine.full_text("quotes_fts")
        params: list[Any] = [self._engine.search_terms(search_words(words))]
        params += [source_id] if source_id is not None else []
        return [
            r["rowid"]
            for r in self._all(
                self._live()
                + f"""
                SELECT f.rowid FROM {search.source}
                JOIN quotes q ON q.node_id = f.rowid
                JOIN live ON live.id = f.rowid
                WHERE {search.condition} {where}
                ORDER BY {search.rank}, f.rowid
                LIMIT ?
                """,
                [*params, limit],
            )
        ]

    # -- votes -------------------------------------------------------------------------------

    @_writes
    def cast_vote(self, node_id: int, actor: int, kind: VoteKind, value: int) -> int | None:
        """Record the actor's current vote (one upsert); returns the value it replaced."""
        before = self._one(
            "SELECT value FROM votes WHERE node_id = ? AND participant_id = ? AND kind = ?",
            [node_id, actor, kind],
        )
        self._run(
            """
            INSERT INTO votes (uuid, node_id, participant_id, kind, value, cast_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (node_id, participant_id, kind)
            DO UPDATE SET value = excluded.value, cast_at = excluded.cast_at
            """,
            [new_uuid(), node_id, actor, kind, value, now()],
        )
        self._dirty.add(node_id)
        return None if before is None else int(before["value"])

    @_writes
    def withdraw_votes(self, node_id: int, actor: int) -> list[tuple[VoteKind, int]]:
        """Remove the actor's votes on a node; returns what they were."""
        rows = self._all(
            "DELETE FROM votes WHERE node_id = ? AND participant_id = ? RETURNING kind, value",
            [node_id, actor],
        )
        self._dirty.add(node_id)
        return sorted((r["kind"], int(r["value"])) for r in rows)

    def votes(self, node_id: int) -> list[Vote]:
        rows = self._all(
            """
            SELECT v.node_id, p.name, v.kind, v.value, v.cast_at
            FROM votes v JOIN participants p ON p.id = v.participant_id
            WHERE v.node_id = ?
            ORDER BY v.kind, p.name
            """,
            [node_id],
        )
        return [Vote(r["node_id"], r["name"], r["kind"], r["value"], r["cast_at"]) for r in rows]

    def voted_on(self, participant: str, kind: str = "accept") -> set[int]:
        """The nodes a participant holds a vote of this kind on."""
        who = self.find_participant(participant)
        if who is None:
            return set()
        rows = self._all(
            "SELECT node_id FROM votes WHERE participant_id = ? AND kind = ?", [who, kind]
        )
        return {r["node_id"] for r in rows}

    def node_participants(self) -> dict[int, set[int]]:
        """Who created or voted on each node (for counting participants)."""
        people: dict[int, set[int]] = {}
        for r in self._all(
            "SELECT id AS node, created_by AS person FROM nodes "
            "UNION SELECT node_id, participant_id FROM votes"
        ):
            people.setdefault(r["node"], set()).add(r["person"])
        return people

    def acceptance_votes(self) -> list[tuple[str, int, int]]:
        """Every acceptance vote as (participant name, node id, value)."""
        return [
            (r["name"], r["node_id"], r["value"])
            for r in self._all(
                """
                SELECT p.name, v.node_id, v.value FROM votes v
                JOIN participants p ON p.id = v.participant_id
                WHERE v.kind = 'accept' ORDER BY p.name, v.node_id
                """
            )
        ]

    # -- the whole graph, for trees and exports ------------------------------------------

    def graph(self, voters: Collection[int] | None = None) -> Graph:
        """Every live node and the links between them, with vote tallies.

        With `voters`, only their votes count: a perspective.
        """
        where, params = "", []
        if voters is not None:
            params = sorted(set(voters))
            where = f"WHERE participant_id IN ({', '.join('?' * len(params))})"
        tallies = self._tallies(
            f"SELECT node_id, kind, COUNT(*), SUM(value) FROM votes {where} GROUP BY node_id, kind",
            params,
        )
        unarchived = self._graph_nodes("WHERE n.archived_at IS NULL", [], tallies)
        all_links = self.all_links()
        has_parent = {link.child for link in all_links}
        theses = [i for i, n in unarchived.items() if n.kind == "claim" and i not in has_parent]
        del has_parent
        sources = {s.key: s for s in self.sources()}
        if not self._anything_archived():  # every node is live: no copies to filter
            return Graph(unarchived, all_links, theses, sources)
        from debate.core.graph import children_map, descendants

        usable = [
            link for link in all_links if link.parent in unarchived and link.child in unarchived
        ]
        live = descendants(theses, children_map(usable))
        nodes = {i: n for i, n in unarchived.items() if i in live}
        links = [link for link in usable if link.parent in live]
        return Graph(nodes, links, theses, sources)

    def _tallies(self, sql: str, params: Any = ()) -> dict[str, dict[int, VoteTally]]:
        """Vote tallies by kind, then by node (rows: node, kind, count, sum)."""
        out: dict[str, dict[int, VoteTally]] = {"accept": {}, "impact": {}}
        for node, kind, votes, total in self._each(sql, params):
            out[kind][node] = VoteTally(votes, total)
        return out

    def _graph_nodes(
        self,
        where: str,
        params: list[Any],
        tallies: dict[str, dict[int, VoteTally]],
        nodes: str = "nodes n",
    ) -> dict[int, GraphNode]:
        empty = VoteTally()
        accepts, impacts = tallies["accept"], tallies["impact"]
        out: dict[int, GraphNode] = {}
        # The columns in GraphNode's order, after its two tallies.
        for node_id, kind, text, key, start, end, locator, status, page in self._each(
            f"""
            SELECT n.id, n.kind, n.text, s.key, q.start_offset, q.end_offset, q.locator, q.status,
                   q.page
            FROM {nodes}
            LEFT JOIN quotes q ON q.node_id = n.id
            LEFT JOIN sources s ON s.id = q.source_id
            {where}
            ORDER BY n.id
            """,
            params,
        ):
            out[node_id] = GraphNode(
                node_id,
                kind,
                text,
                accepts.get(node_id, empty),
                impacts.get(node_id, empty),
                key,
                start,
                end,
                locator,
                status,
                page,
            )
        return out

    def graph_below(self, root: int, depth: int | None = None) -> Graph:
        """A live node and what stands under it, down to `depth` levels, with vote
        tallies; the links out of the last level are there (to count what is cut
        off) without the nodes they lead to. Reads only that part of the store."""
        levels = "" if depth is None else "AND below.level < ?"
        params: list[Any] = [root] + ([depth] if depth is not None else [])
        rows = self._all(
            f"""
            WITH RECURSIVE below(id, level) AS (
                SELECT CAST(? AS BIGINT), 0
                UNION
                SELECT l.child_id, below.level + 1 FROM links l
                JOIN below ON l.parent_id = below.id
                JOIN nodes c ON c.id = l.child_id AND c.archived_at IS NULL
                WHERE 1 = 1 {levels}
            )
            SELECT id, MIN(level) AS level FROM below GROUP BY id
            """,
            params,
        )
        ids = [r["id"] for r in rows]
        self._temp_ids("graph_below", ids)
        # The few ids are the outer loop (SQLite knows nothing of the temporary
        # table's size and would otherwise scan every vote, node and link).
        join = self._join_in_order
        tallies = self._tallies(
            "SELECT v.node_id, v.kind, COUNT(*), SUM(v.value) FROM graph_below b "
            f"{join} votes v ON v.node_id = b.id GROUP BY v.node_id, v.kind"
        )
        nodes = self._graph_nodes(
            "", [], tallies, nodes=f"graph_below b {join} nodes n ON n.id = b.id"
        )
        links = [
            Link(r["parent_id"], r["child_id"], r["stance"])
            for r in self._all(
                "SELECT l.parent_id, l.child_id, l.stance FROM graph_below b "
                f"{join} links l ON l.parent_id = b.id "
                "JOIN nodes c ON c.id = l.child_id AND c.archived_at IS NULL ORDER BY l.id"
            )
        ]
        keys = {n.source_key for n in nodes.values() if n.source_key}
        sources = {s.key: s for s in self.sources() if s.key in keys}
        return Graph(nodes, links, [root], sources)

    def unvoted_below(self, root: int) -> int:
        """How many nodes under a live node (not archived) have no vote at all."""
        row = self._one(
            """
            WITH RECURSIVE below(id) AS (
                SELECT ?
                UNION
                SELECT l.child_id FROM links l
                JOIN below ON l.parent_id = below.id
                JOIN nodes c ON c.id = l.child_id AND c.archived_at IS NULL
            )
            SELECT COUNT(*) AS n FROM below
            WHERE id != ? AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.node_id = below.id)
            """,
            [root, root],
        )
        return int(row["n"]) if row else 0

    def _temp_ids(self, name: str, ids: Iterable[int]) -> None:
        self._run(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY)")
        self._run(f"DELETE FROM {name}")
        self._many(
            f"INSERT INTO {name} (id) VALUES (?) ON CONFLICT DO NOTHING", ((i,) for i in ids)
        )
