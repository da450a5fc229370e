"""The store's SQL for the lossless JSON document (`export --format json`, and its
import): every row of a debate, with references by UUID instead of local ids.

Rows cross this seam as plain records of the document (one dictionary per row,
its keys the document's), because the document is exactly that: a table per
kind. The rules of merging live in `debate.app.files`; this module only
reads rows by UUID, inserts them and updates the fields the rules choose.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from debate.store.base import StoreBase
from debate.store.guards import writes

Record = dict[str, Any]

# Each kind: its table, and its columns as the document names them, where a
# reference column names the table its UUID points into.
PARTICIPANT_COLUMNS = ("uuid", "name", "role", "created_at")
SOURCE_COLUMNS = (
    "uuid",
    "key",
    "title",
    "author",
    "year",
    "venue",
    "url",
    "bibtex",
    "filename",
    "format",
    "extractor",
    "original_sha256",
    "text_sha256",
    "pages",
    "text",
    "created_at",
)
NODE_COLUMNS = ("uuid", "kind", "text", "created_at", "archived_at")
QUOTE_COLUMNS = (
    "typed",
    "start_offset",
    "end_offset",
    "locator",
    "note",
    "status",
    "verbatim",
    "method",
    "similarity",
    "edits",
    "page",
    "context_before",
    "context_after",
    "segments",
    "text_sha256",
)
LINK_COLUMNS = ("uuid", "stance", "created_at")
CITATION_COLUMNS = ("uuid", "label", "created_at")
VOTE_COLUMNS = ("uuid", "kind", "value", "cast_at")
EVENT_COLUMNS = ("uuid", "at", "action")


class DocumentTables(StoreBase):
    # -- reading a debate ----------------------------------------------------------------

    def document_rows(self, thesis: int, *, with_text: bool = True) -> dict[str, list[Record]]:
        """Every row of the debate under the thesis, archived parts included, in the
        order it was made; references are UUIDs."""
        self._run(
            """
            CREATE TEMP TABLE IF NOT EXISTS doc_nodes (id INTEGER PRIMARY KEY)
            """
        )
        self._run("DELETE FROM doc_nodes")
        self._run(
            """
            INSERT INTO doc_nodes (id)
            WITH RECURSIVE below(id) AS (
                SELECT ?
                UNION
                SELECT l.child_id FROM links l JOIN below ON l.parent_id = below.id
            )
            SELECT id FROM below
            """,
            [thesis],
        )
        nodes = self._records(
            f"""
            SELECT {_cols("n", NODE_COLUMNS)}, p.uuid AS created_by,
                   {_cols("q", QUOTE_COLUMNS, prefix="q_")}, s.uuid AS q_source
            FROM nodes n JOIN doc_nodes d ON d.id = n.id
            JOIN participants p ON p.id = n.created_by
            LEFT JOIN quotes q ON q.node_id = n.id
            LEFT JOIN sources s ON s.id = q.source_id
            ORDER BY n.id
            """
        )
        for node in nodes:
            quote = {k[2:]: node.pop(k) for k in [k for k in node if k.startswith("q_")]}
            if node["kind"] == "quote":
                node["quote"] = {"source": quote.pop("source"), **quote}
        links = self._records(
            f"""
            SELECT {_cols("l", LINK_COLUMNS)}, a.uuid AS parent, b.uuid AS child,
                   p.uuid AS created_by
            FROM links l
            JOIN doc_nodes d ON d.id = l.parent_id
            JOIN nodes a ON a.id = l.parent_id JOIN nodes b ON b.id = l.child_id
            JOIN participants p ON p.id = l.created_by
            ORDER BY l.id
            """
        )
        citations = self._records(
            f"""
            SELECT {_cols("c", CITATION_COLUMNS)}, n.uuid AS node, s.uuid AS source,
                   p.uuid AS created_by
            FROM citations c JOIN doc_nodes d ON d.id = c.node_id
            JOIN nodes n ON n.id = c.node_id JOIN sources s ON s.id = c.source_id
            JOIN participants p ON p.id = c.created_by
            ORDER BY c.id
            """
        )
        source_ids = """
            SELECT q.source_id FROM quotes q JOIN doc_nodes d ON d.id = q.node_id
            UNION SELECT c.source_id FROM citations c JOIN doc_nodes d ON d.id = c.node_id
        """
        sources = self._records(
            f"""
            SELECT {_cols("s", SOURCE_COLUMNS)}, p.uuid AS created_by
            FROM sources s JOIN participants p ON p.id = s.created_by
            WHERE s.id IN ({source_ids})
            ORDER BY s.id
            """
        )
        for source in sources:
            source["pages"] = json.loads(source["pages"]) if source["pages"] else None
            if not with_text:
                source["text"] = source["text_sha256"] = None
        votes = self._records(
            f"""
            SELECT {_cols("v", VOTE_COLUMNS)}, n.uuid AS node, p.uuid AS participant
            FROM votes v JOIN doc_nodes d ON d.id = v.node_id
            JOIN nodes n ON n.id = v.node_id JOIN participants p ON p.id = v.participant_id
            ORDER BY v.id
            """
        )
        events = self._records(
            f"""
            SELECT {_cols("e", EVENT_COLUMNS)}, p.uuid AS participant, n.uuid AS node,
                   s.uuid AS source, e.data
            FROM events e
            JOIN participants p ON p.id = e.participant_id
            LEFT JOIN nodes n ON n.id = e.node_id
            LEFT JOIN sources s ON s.id = e.source_id
            WHERE e.node_id IN (SELECT id FROM doc_nodes)
               OR (e.node_id IS NULL AND e.source_id IN ({source_ids}))
            ORDER BY e.id
            """
        )
        for event in events:
            event["data"] = json.loads(event["data"])
        people = {r["created_by"] for r in nodes + links + citations + sources}
        people |= {r["participant"] for r in votes + events}
        teams = self._records(
            """
            SELECT t.uuid, t.name, t.created_at, p.uuid AS created_by, t.id AS team_id
            FROM teams t JOIN participants p ON p.id = t.created_by ORDER BY t.id
            """
        )
        members = self._all(
            """
            SELECT m.team_id, p.uuid, m.added_at FROM team_members m
            JOIN participants p ON p.id = m.participant_id ORDER BY m.team_id, p.id
            """
        )
        by_team: dict[int, list[Record]] = {}
        for m in members:
            by_team.setdefault(m["team_id"], []).append(
                {"participant": m["uuid"], "added_at": m["added_at"]}
            )
        kept_teams = []
        for team in teams:
            team["members"] = by_team.get(team.pop("team_id"), [])
            if any(m["participant"] in people for m in team["members"]):
                kept_teams.append(team)
                people |= {m["participant"] for m in team["members"]}
                people.add(team["created_by"])
        everyone = self._records(
            f"SELECT {_cols('p', PARTICIPANT_COLUMNS)}, m.uuid AS merged_into"
            " FROM participants p LEFT JOIN participants m ON m.id = p.merged_into"
            " ORDER BY p.id"
        )
        # A merged name stands for the one it went into: that one comes too.
        people |= {p["merged_into"] for p in everyone if p["uuid"] in people and p["merged_into"]}
        participants = [p for p in everyone if p["uuid"] in people]
        return {
            "participants": participants,
            "teams": kept_teams,
            "sources": sources,
            "nodes": nodes,
            "links": links,
            "citations": citations,
            "votes": votes,
            "events": events,
        }

    def _records(self, sql: str, params: Any = ()) -> list[Record]:
        return [dict(r) for r in self._all(sql, params)]

    # -- looking rows up for a merge --------------------------------------------------

    def ids_by_uuid(self, table: str, uuids: Collection[str]) -> dict[str, int]:
        """Local ids of the rows with these UUIDs (table: one of the document's)."""
        assert table in _UUID_TABLES
        out: dict[str, int] = {}
        listed = list(uuids)
        for i in range(0, len(listed), 500):
            chunk = listed[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            for r in self._all(f"SELECT id, uuid FROM {table} WHERE uuid IN ({marks})", chunk):
                out[r["uuid"]] = r["id"]
        return out

    def row_by_uuid(self, table: str, uuid_: str) -> Record | None:
        assert table in _UUID_TABLES
        row = self._one(f"SELECT * FROM {table} WHERE uuid = ?", [uuid_])
        return dict(row) if row else None

    def vote_row(self, node: int, participant: int, kind: str) -> Record | None:
        row = self._one(
            "SELECT * FROM votes WHERE node_id = ? AND participant_id = ? AND kind = ?",
            [node, participant, kind],
        )
        return dict(row) if row else None

    def link_row(self, parent: int, child: int) -> Record | None:
        row = self._one("SELECT * FROM links WHERE parent_id = ? AND child_id = ?", [parent, child])
        return dict(row) if row else None

    def quote_row(self, node: int) -> Record | None:
        row = self._one("SELECT * FROM quotes WHERE node_id = ?", [node])
        return dict(row) if row else None

    def last_event_at(self, node: int, actions: Collection[str]) -> str | None:
        """When the node was last changed by one of these actions, by the event log."""
        marks = ", ".join("?" * len(actions))
        row = self._one(
            f"SELECT MAX(at) AS at FROM events WHERE node_id = ? AND action IN ({marks})",
            [node, *actions],
        )
        return row["at"] if row else None

    # -- writing rows of a document -------------------------------------------------------

    @writes
    def insert_record(self, table: str, row: Record) -> int:
        """A row as the document gives it, its references already local ids."""
        assert table in _INSERT_TABLES
        row_id = self._insert(table, row)
        if table == "nodes":
            self._dirty.add(row_id)
            if row["kind"] == "quote":
                self._index_quote(row_id, row["text"])
        elif table == "links":
            self._dirty.add(int(row["parent_id"]))
        elif table == "votes":
            self._dirty.add(int(row["node_id"]))
        return row_id

    @writes
    def insert_quote_record(self, row: Record) -> None:
        self._insert_row("quotes", row)

    @writes
    def insert_team_member(self, team: int, participant: int, added_at: str) -> None:
        self._run(
            "INSERT INTO team_members (team_id, participant_id, added_at) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            [team, participant, added_at],
        )

    @writes
    def update_record(self, table: str, row_id: int, fields: Record) -> None:
        assert table in _INSERT_TABLES and fields
        sets = ", ".join(f"{name} = ?" for name in fields)
        key = "node_id" if table == "quotes" else "id"
        self._run(f"UPDATE {table} SET {sets} WHERE {key} = ?", [*fields.values(), row_id])
        if table == "nodes":
            self._dirty.add(row_id)
            if "text" in fields:
                kind = self._one("SELECT kind FROM nodes WHERE id = ?", [row_id])
                if kind is not None and kind["kind"] == "quote":
                    self._index_quote(row_id, fields["text"])
        elif table == "votes":
            node = self._one("SELECT node_id FROM votes WHERE id = ?", [row_id])
            if node is not None:
                self._dirty.add(int(node["node_id"]))
        elif table == "links":
            parent = self._one("SELECT parent_id FROM links WHERE id = ?", [row_id])
            if parent is not None:
                self._dirty.add(int(parent["parent_id"]))


_UUID_TABLES = frozenset(
    {"participants", "teams", "sources", "nodes", "links", "citations", "votes", "events"}
)
_INSERT_TABLES = _UUID_TABLES | {"quotes"}


def _cols(alias: str, names: tuple[str, ...], *, prefix: str = "") -> str:
    return ", ".join(f"{alias}.{n} AS {prefix}{n}" for n in names)
