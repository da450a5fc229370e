"""Whole graphs and parts of them, read in few queries, for trees and exports."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from debate.models import (
    Graph,
    GraphNode,
    Link,
    Source,
    VoteTally,
)
from debate.store.base import StoreBase
from debate.store.guards import one_moment


class GraphReads(StoreBase):
    if TYPE_CHECKING:  # provided by the other parts of Store

        def all_links(self) -> list[Link]: ...
        def sources(self) -> list[Source]: ...

    # -- the whole graph, for trees and exports ------------------------------------------

    @one_moment
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

    @one_moment
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
