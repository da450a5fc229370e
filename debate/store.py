"""The store: the only module that knows SQL.

Everything else talks to a `Store`. Writes happen inside `Store.write()`, one
`BEGIN IMMEDIATE` transaction per command, so that concurrent voters queue on
the busy timeout instead of failing, and a rejected command leaves no trace.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from debate.errors import NotFound, StoreError
from debate.extract import searchable
from debate.models import (
    Event,
    Graph,
    GraphNode,
    Kind,
    Link,
    Node,
    Quote,
    Source,
    Stance,
    Vote,
    VoteKind,
    VoteTally,
)
from debate.resources import data_dir

MIGRATION_SET = "debate"
BUSY_TIMEOUT_S = 30.0
SQLITE_HEADER = b"SQLite format 3\x00"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def new_uuid() -> str:
    return str(uuid.uuid4())


def _split_statements(script: str) -> Iterator[str]:
    """Split a SQL script into statements, keeping trigger bodies whole.

    `executescript` would commit the surrounding transaction, so migrations
    run statement by statement instead.
    """
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    if buffer.strip() and not buffer.strip().startswith("--"):
        yield buffer.strip()


def _migrations() -> sqlite_utils.Migrations:
    migrations = sqlite_utils.Migrations(MIGRATION_SET)
    for path in sorted(data_dir("migrations").glob("[0-9][0-9][0-9][0-9]_*.sql")):
        script = path.read_text(encoding="utf-8")

        def apply(db: sqlite_utils.Database, script: str = script) -> None:
            for statement in _split_statements(script):
                db.execute(statement)

        migrations(name=path.stem)(apply)
    return migrations


def _check_is_ours(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse, before writing anything, a database that is not a debate store."""
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path} is not a debate store ({e})") from e
    if not tables:
        return  # a new, empty database: ours to set up
    if "_sqlite_migrations" not in tables or "store_info" not in tables:
        raise StoreError(f"{path} is not a debate store")
    applied = {
        row[0]
        for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
        )
    }
    known = {path.stem for path in data_dir("migrations").glob("*.sql")}
    unknown = sorted(applied - known)
    if not applied:
        raise StoreError(f"{path} is not a debate store")
    if unknown:
        raise StoreError(
            f"{path} was made by a newer version of debate "
            f"(unknown migration {', '.join(unknown)}); upgrade debate to open it"
        )


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self.path = path

    # -- opening ---------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Store:
        path = Path(path)
        if path.is_dir():
            raise StoreError(f"{path} is a directory, not a debate store")
        if not path.parent.is_dir():
            raise StoreError(f"directory {path.parent} does not exist")
        if path.exists() and path.stat().st_size > 0:
            with path.open("rb") as f:
                if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                    raise StoreError(f"{path} is not a debate store (not an SQLite database)")
        try:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as e:
            raise StoreError(f"cannot open {path}: {e}") from e
        try:
            _check_is_ours(conn, path)
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            store = cls(conn, path)
            store._migrate()
        except sqlite3.Error as e:
            conn.close()
            raise StoreError(f"cannot open {path}: {e}") from e
        except BaseException:
            conn.close()
            raise
        return store

    def _migrate(self) -> None:
        migrations = _migrations()
        if not migrations.pending(self.db):
            return
        # Two processes may open a new file at once: the lock makes one wait.
        with self.write():
            migrations.apply(self.db)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def write(self) -> Iterator[None]:
        """One write transaction; everything in it lands, or nothing does."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _one(self, sql: str, params: Any = ()) -> Any:
        return self.conn.execute(sql, params).fetchone()

    def _all(self, sql: str, params: Any = ()) -> list[Any]:
        return self.conn.execute(sql, params).fetchall()

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        last_pk = self.db.table(table).insert(row).last_pk
        assert last_pk is not None
        return int(last_pk)

    def migrations_applied(self) -> list[str]:
        return [m.name for m in _migrations().applied(self.db)]

    # -- people and history ------------------------------------------------

    def participant(self, name: str, role: str | None = None) -> int:
        """The participant's id, recording them on first use."""
        row = self._one("SELECT id FROM participants WHERE name = ?", [name])
        if row:
            return int(row[0])
        return self._insert(
            "participants", {"uuid": new_uuid(), "name": name, "role": role, "created_at": now()}
        )

    def find_participant(self, name: str) -> int | None:
        row = self._one("SELECT id FROM participants WHERE name = ?", [name])
        return int(row[0]) if row else None

    def participant_names(self) -> dict[int, str]:
        return dict(self._all("SELECT id, name FROM participants ORDER BY name"))

    # -- teams ---------------------------------------------------------------

    def find_team(self, name: str) -> int | None:
        row = self._one("SELECT id FROM teams WHERE name = ?", [name])
        return int(row[0]) if row else None

    def add_team(self, name: str, actor: int) -> int:
        return self._insert(
            "teams", {"uuid": new_uuid(), "name": name, "created_by": actor, "created_at": now()}
        )

    def add_team_member(self, team_id: int, participant_id: int) -> bool:
        """Add a member; False when they already belong to the team."""
        cursor = self.conn.execute(
            "INSERT OR IGNORE INTO team_members (team_id, participant_id, added_at) "
            "VALUES (?, ?, ?)",
            [team_id, participant_id, now()],
        )
        return cursor.rowcount == 1

    def remove_team_member(self, team_id: int, participant_id: int) -> bool:
        cursor = self.conn.execute(
            "DELETE FROM team_members WHERE team_id = ? AND participant_id = ?",
            [team_id, participant_id],
        )
        return cursor.rowcount == 1

    def delete_team(self, team_id: int) -> None:
        self.conn.execute("DELETE FROM team_members WHERE team_id = ?", [team_id])
        self.conn.execute("DELETE FROM teams WHERE id = ?", [team_id])

    def teams(self) -> dict[str, list[str]]:
        """Every team with its members' names, by team name."""
        out: dict[str, list[str]] = {
            name: [] for (name,) in self._all("SELECT name FROM teams ORDER BY name")
        }
        for team, member in self._all(
            """
            SELECT t.name, p.name FROM team_members m
            JOIN teams t ON t.id = m.team_id
            JOIN participants p ON p.id = m.participant_id
            ORDER BY t.name, p.name
            """
        ):
            out[team].append(member)
        return out

    def team_member_ids(self, team_id: int) -> list[int]:
        return [
            r[0]
            for r in self._all(
                "SELECT participant_id FROM team_members WHERE team_id = ? ORDER BY participant_id",
                [team_id],
            )
        ]

    def log(
        self,
        actor: int,
        action: str,
        *,
        node: int | None = None,
        source: int | None = None,
        **data: Any,
    ) -> None:
        self._insert(
            "events",
            {
                "uuid": new_uuid(),
                "at": now(),
                "participant_id": actor,
                "action": action,
                "node_id": node,
                "source_id": source,
                "data": json.dumps(data, ensure_ascii=False, sort_keys=True),
            },
        )

    def history(self, node_id: int) -> list[Event]:
        rows = self._all(
            """
            SELECT e.id, e.at, p.name, e.action, e.node_id, s.key, e.data
            FROM events e
            JOIN participants p ON p.id = e.participant_id
            LEFT JOIN sources s ON s.id = e.source_id
            WHERE e.node_id = ?
            ORDER BY e.id
            """,
            [node_id],
        )
        return [Event(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6])) for r in rows]

    # -- nodes and links -----------------------------------------------------

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
            self.index_quote(node_id, searchable(text))
        return node_id

    def add_link(self, parent: int, child: int, stance: Stance, actor: int) -> None:
        self._insert(
            "links",
            {
                "uuid": new_uuid(),
                "parent_id": parent,
                "child_id": child,
                "stance": stance,
                "created_by": actor,
                "created_at": now(),
            },
        )

    def link_exists(self, parent: int, child: int) -> bool:
        row = self._one("SELECT 1 FROM links WHERE parent_id = ? AND child_id = ?", [parent, child])
        return row is not None

    def node_id_by_uuid(self, uuid_: str) -> int | None:
        row = self._one("SELECT id FROM nodes WHERE uuid = ?", [uuid_])
        return int(row[0]) if row else None

    def node(self, node_id: int) -> Node:
        row = self._one(
            """
            SELECT n.id, n.uuid, n.kind, n.text, p.name, n.created_at, n.archived_at,
                   s.key, q.start_offset, q.end_offset, q.typed, q.locator, q.note,
                   q.status, q.verbatim, q.method, q.similarity, q.edits, q.page,
                   q.context_before, q.context_after, q.segments
            FROM nodes n
            JOIN participants p ON p.id = n.created_by
            LEFT JOIN quotes q ON q.node_id = n.id
            LEFT JOIN sources s ON s.id = q.source_id
            WHERE n.id = ?
            """,
            [node_id],
        )
        if row is None:
            raise NotFound(f"no claim or quote #{node_id}")
        quote = None
        if row[2] == "quote":
            verbatim = None if row[14] is None else bool(row[14])
            segments = tuple((a, b) for a, b in json.loads(row[21])) if row[21] else ()
            quote = Quote(
                source_key=row[7],
                start=row[8],
                end=row[9],
                typed=row[10],
                locator=row[11],
                note=row[12],
                status=row[13],
                verbatim=verbatim,
                method=row[15],
                similarity=row[16],
                edits=row[17],
                page=row[18],
                context_before=row[19],
                context_after=row[20],
                segments=segments,
            )
        return Node(row[0], row[1], row[2], row[3], row[4], row[5], row[6], quote)

    def parents(self, node_id: int) -> list[tuple[Link, Node]]:
        rows = self._all(
            "SELECT parent_id, stance FROM links WHERE child_id = ? ORDER BY id", [node_id]
        )
        return [(Link(r[0], node_id, r[1]), self.node(r[0])) for r in rows]

    def children(self, node_id: int) -> list[tuple[Link, Node]]:
        rows = self._all(
            "SELECT child_id, stance FROM links WHERE parent_id = ? ORDER BY id", [node_id]
        )
        return [(Link(node_id, r[0], r[1]), self.node(r[0])) for r in rows]

    def set_text(self, node_id: int, text: str) -> None:
        self.conn.execute("UPDATE nodes SET text = ? WHERE id = ?", [text, node_id])

    def archive(self, node_id: int) -> None:
        self.conn.execute("UPDATE nodes SET archived_at = ? WHERE id = ?", [now(), node_id])

    def all_links(self) -> list[Link]:
        return [
            Link(r[0], r[1], r[2])
            for r in self._all("SELECT parent_id, child_id, stance FROM links ORDER BY id")
        ]

    def claims_for_picking(self) -> list[tuple[int, str]]:
        rows = self._all(
            "SELECT id, text FROM nodes WHERE kind = 'claim' AND archived_at IS NULL ORDER BY id"
        )
        return [(r[0], r[1]) for r in rows]

    # -- sources and quotes --------------------------------------------------

    _SOURCE_COLUMNS = (
        "id, uuid, key, title, author, year, venue, url, text IS NOT NULL, text_sha256, created_at,"
        " format, extractor, original_sha256, pages"
    )

    def _source_from_row(self, r: Any) -> Source:
        pages = tuple((int(o), str(label)) for o, label in json.loads(r[14])) if r[14] else ()
        return Source(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            bool(r[8]),
            r[9],
            r[10],
            r[11],
            r[12],
            r[13],
            pages,
        )

    def source(self, key: str) -> Source:
        row = self._one(f"SELECT {self._SOURCE_COLUMNS} FROM sources WHERE key = ?", [key])
        if row is None:
            raise NotFound(f"no source with key {key!r}")
        return self._source_from_row(row)

    def find_source(self, key: str) -> Source | None:
        try:
            return self.source(key)
        except NotFound:
            return None

    def sources(self) -> list[Source]:
        rows = self._all(f"SELECT {self._SOURCE_COLUMNS} FROM sources ORDER BY key")
        return [self._source_from_row(r) for r in rows]

    def source_text(self, source_id: int) -> str | None:
        row = self._one("SELECT text FROM sources WHERE id = ?", [source_id])
        return None if row is None else row[0]

    def add_source(
        self, key: str, metadata: dict[str, Any], actor: int, *, uuid_: str | None = None
    ) -> int:
        return self._insert(
            "sources",
            {
                "uuid": uuid_ or new_uuid(),
                "key": key,
                **metadata,
                "created_by": actor,
                "created_at": now(),
            },
        )

    def update_source(self, source_id: int, fields: dict[str, Any]) -> None:
        if fields:
            self.db.table("sources").update(source_id, fields)

    def add_quote(
        self,
        node_id: int,
        source_id: int,
        *,
        typed: str,
        locator: str | None,
        note: str | None,
        anchor: dict[str, Any],
    ) -> None:
        """A quote row; `anchor` holds the columns `set_anchor` takes."""
        self._insert(
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

    @staticmethod
    def _anchor_columns(anchor: dict[str, Any]) -> dict[str, Any]:
        columns = {
            "status": anchor["status"],
            "start_offset": anchor.get("start"),
            "end_offset": anchor.get("end"),
            "verbatim": anchor.get("verbatim"),
            "method": anchor.get("method"),
            "similarity": anchor.get("similarity"),
            "edits": anchor.get("edits"),
            "page": anchor.get("page"),
            "context_before": anchor.get("context_before"),
            "context_after": anchor.get("context_after"),
            "segments": json.dumps(anchor["segments"]) if anchor.get("segments") else None,
        }
        return columns

    def quotes_of_source(self, source_id: int) -> list[Node]:
        """Every quote from a source, oldest first."""
        rows = self._all(
            "SELECT node_id FROM quotes WHERE source_id = ? ORDER BY node_id", [source_id]
        )
        return [self.node(r[0]) for r in rows]

    def set_anchor(self, node_id: int, anchor: dict[str, Any], exact: str | None = None) -> None:
        """Where a quote stands now; `exact`, when given, becomes its displayed text."""
        columns = self._anchor_columns(anchor)
        assignments = ", ".join(f"{name} = ?" for name in columns)
        self.conn.execute(
            f"UPDATE quotes SET {assignments} WHERE node_id = ?", [*columns.values(), node_id]
        )
        if exact is not None:
            self.set_text(node_id, exact)
            self.index_quote(node_id, searchable(exact))

    # -- full-text search ------------------------------------------------------

    def replace_passages(
        self, source_id: int, rows: list[tuple[int, int, str | None, str]]
    ) -> None:
        """Index a source's passages: (start, end, page, searchable text) each."""
        old = [r[0] for r in self._all("SELECT id FROM passages WHERE source_id = ?", [source_id])]
        self.conn.executemany("DELETE FROM passages_fts WHERE rowid = ?", [(i,) for i in old])
        self.conn.execute("DELETE FROM passages WHERE source_id = ?", [source_id])
        for start, end, page, text in rows:
            cursor = self.conn.execute(
                "INSERT INTO passages (source_id, start_offset, end_offset, page) "
                "VALUES (?, ?, ?, ?)",
                [source_id, start, end, page],
            )
            self.conn.execute(
                "INSERT INTO passages_fts (rowid, text) VALUES (?, ?)", [cursor.lastrowid, text]
            )

    def index_quote(self, node_id: int, text: str) -> None:
        self.conn.execute("DELETE FROM quotes_fts WHERE rowid = ?", [node_id])
        self.conn.execute("INSERT INTO quotes_fts (rowid, text) VALUES (?, ?)", [node_id, text])

    def quotes_unindexed(self) -> list[tuple[int, str]]:
        """(id, text) of quotes missing from the search index (stores made before it)."""
        return [
            (r[0], r[1])
            for r in self._all(
                "SELECT id, text FROM nodes WHERE kind = 'quote' "
                "AND id NOT IN (SELECT rowid FROM quotes_fts)"
            )
        ]

    def unindexed_sources(self) -> list[int]:
        """Sources with a text but no passages yet (stores made before search existed)."""
        return [
            r[0]
            for r in self._all(
                "SELECT id FROM sources WHERE text IS NOT NULL AND id NOT IN "
                "(SELECT DISTINCT source_id FROM passages)"
            )
        ]

    def search_passages(
        self, match: str, source_id: int | None, limit: int
    ) -> list[tuple[str, int, int, str | None, str, float]]:
        """(source key, start, end, page, indexed text, rank), best first."""
        where = "AND p.source_id = ?" if source_id is not None else ""
        params: list[Any] = [match] + ([source_id] if source_id is not None else []) + [limit]
        return [
            (r[0], r[1], r[2], r[3], r[4], r[5])
            for r in self._all(
                f"""
                SELECT s.key, p.start_offset, p.end_offset, p.page, f.text, f.rank
                FROM passages_fts f
                JOIN passages p ON p.id = f.rowid
                JOIN sources s ON s.id = p.source_id
                WHERE passages_fts MATCH ? {where}
                ORDER BY f.rank, p.id
                LIMIT ?
                """,
                params,
            )
        ]

    def search_quotes(self, match: str, source_id: int | None, limit: int) -> list[int]:
        """Ids of live quotes whose text matches, best first."""
        where = "AND q.source_id = ?" if source_id is not None else ""
        params: list[Any] = [match] + ([source_id] if source_id is not None else []) + [limit]
        return [
            r[0]
            for r in self._all(
                f"""
                SELECT f.rowid FROM quotes_fts f
                JOIN quotes q ON q.node_id = f.rowid
                JOIN nodes n ON n.id = f.rowid
                WHERE quotes_fts MATCH ? AND n.archived_at IS NULL {where}
                ORDER BY f.rank, f.rowid
                LIMIT ?
                """,
                params,
            )
        ]

    def evidence(self) -> list[tuple[int, int, str]]:
        """(quote id, parent claim id, stance) of every live quote, oldest quote first."""
        return [
            (r[0], r[1], r[2])
            for r in self._all(
                """
                SELECT n.id, l.parent_id, l.stance FROM nodes n
                JOIN links l ON l.child_id = n.id
                WHERE n.kind = 'quote' AND n.archived_at IS NULL
                ORDER BY n.id, l.id
                """
            )
        ]

    # -- votes ---------------------------------------------------------------

    def cast_vote(self, node_id: int, actor: int, kind: VoteKind, value: int) -> int | None:
        """Record the actor's current vote; returns the value it replaced."""
        row = self._one(
            "SELECT id, value FROM votes WHERE node_id = ? AND participant_id = ? AND kind = ?",
            [node_id, actor, kind],
        )
        if row is None:
            self._insert(
                "votes",
                {
                    "uuid": new_uuid(),
                    "node_id": node_id,
                    "participant_id": actor,
                    "kind": kind,
                    "value": value,
                    "cast_at": now(),
                },
            )
            return None
        self.conn.execute(
            "UPDATE votes SET value = ?, cast_at = ? WHERE id = ?", [value, now(), row[0]]
        )
        return int(row[1])

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
        return [Vote(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def node_participants(self) -> dict[int, set[int]]:
        """Who created or voted on each node (for counting participants)."""
        people: dict[int, set[int]] = {}
        for node_id, person in self._all(
            "SELECT id, created_by FROM nodes UNION SELECT node_id, participant_id FROM votes"
        ):
            people.setdefault(node_id, set()).add(person)
        return people

    # -- the whole graph, for trees and exports -----------------------------

    def acceptance_votes(self) -> list[tuple[str, int, int]]:
        """Every acceptance vote as (participant name, node id, value)."""
        return [
            (r[0], r[1], r[2])
            for r in self._all(
                """
                SELECT p.name, v.node_id, v.value FROM votes v
                JOIN participants p ON p.id = v.participant_id
                WHERE v.kind = 'accept' ORDER BY p.name, v.node_id
                """
            )
        ]

    def graph(self, voters: Collection[int] | None = None) -> Graph:
        """Every live (not archived) node and link, with vote tallies.

        With `voters`, only their votes count: a perspective.
        """
        where, params = "", []
        if voters is not None:
            params = sorted(set(voters))
            where = f"WHERE participant_id IN ({', '.join('?' * len(params))})"
        tallies: dict[tuple[int, str], VoteTally] = {
            (r[0], r[1]): VoteTally(r[2], r[3])
            for r in self._all(
                "SELECT node_id, kind, COUNT(*), SUM(value) FROM votes "
                f"{where} GROUP BY node_id, kind",
                params,
            )
        }
        empty = VoteTally()
        nodes: dict[int, GraphNode] = {}
        for r in self._all(
            """
            SELECT n.id, n.kind, n.text, s.key, q.start_offset, q.end_offset, q.locator, q.status,
                   q.page
            FROM nodes n
            LEFT JOIN quotes q ON q.node_id = n.id
            LEFT JOIN sources s ON s.id = q.source_id
            WHERE n.archived_at IS NULL
            ORDER BY n.id
            """
        ):
            nodes[r[0]] = GraphNode(
                id=r[0],
                kind=r[1],
                text=r[2],
                accept=tallies.get((r[0], "accept"), empty),
                impact=tallies.get((r[0], "impact"), empty),
                source_key=r[3],
                start=r[4],
                end=r[5],
                locator=r[6],
                status=r[7],
                page=r[8],
            )
        all_links = self.all_links()
        has_parent = {link.child for link in all_links}
        links = [link for link in all_links if link.parent in nodes and link.child in nodes]
        theses = [i for i, n in nodes.items() if n.kind == "claim" and i not in has_parent]
        return Graph(nodes, links, theses, {s.key: s for s in self.sources()})
