"""The store's SQL for claims and quotes (nodes) and the links between them."""

from __future__ import annotations

from collections.abc import Collection

from debate.errors import (
    Conflict,
    NotFound,
)
from debate.models import (
    Kind,
    Link,
    Node,
    Stance,
)
from debate.store.base import StoreBase
from debate.store.guards import new_uuid, now, writes


class NodeTables(StoreBase):
    # -- nodes ----------------------------------------------------------------------------

    @writes
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

    @writes
    def set_text(self, node_id: int, text: str) -> None:
        row = self._one("UPDATE nodes SET text = ? WHERE id = ? RETURNING kind", [text, node_id])
        if row is not None and row["kind"] == "quote":
            self._index_quote(node_id, text)

    @writes
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

    @writes
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

    @writes
    def remove_link(self, parent: int, child: int) -> None:
        self._run("DELETE FROM links WHERE parent_id = ? AND child_id = ?", [parent, child])
        self._dirty.add(parent)

    @writes
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
