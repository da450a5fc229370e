"""τ, w and σ under every semantics, kept in the `scores` table for everyone's votes.

A write marks the nodes it touches; when its transaction commits, those nodes
and their ancestors (the only scores a change can move) are scored again from
their votes and their children's kept scores, inside the same transaction. A
read of one node or of two levels then costs what it prints, not the graph.
Perspectives and `--min-votes` are still computed on demand.

Scores cover every node that is not archived, over the links between such
nodes: for a live node that is exactly what the weighted tree computes.

The scoring itself is the domain's (`core.scoring.rescore`), imported only when a
write has moved scores: the store is where a transaction ends, so it is where
the scores a write moves are kept with it, in one commit.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from debate.models import KeptScore, Link, VoteTally
from debate.store.engine import Connection

_UPSERT = (
    "INSERT INTO scores (node_id, base, weight, dfquad, qe, euler, mlp) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (node_id) DO UPDATE SET "
    "base = excluded.base, weight = excluded.weight, dfquad = excluded.dfquad, "
    "qe = excluded.qe, euler = excluded.euler, mlp = excluded.mlp"
)


def _temp(conn: Connection, name: str, ids: Iterable[int]) -> None:
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY)")
    conn.execute(f"DELETE FROM {name}")
    conn.executemany(
        f"INSERT INTO {name} (id) VALUES (?) ON CONFLICT DO NOTHING", ((i,) for i in ids)
    )


def listed_nodes_queries(conn: Connection, within: str) -> tuple[str, str]:
    """The votes tallied, and the live links, of the nodes listed in temp table
    `within`. The few listed nodes are the outer loop: SQLite would otherwise put the
    temp table inside and scan every vote and link (1 s and 4.5 s on a 1M-claim
    store). A test holds SQLite's plans to it."""
    join = getattr(conn, "join_in_order", "CROSS JOIN")  # a migration's sqlite3 connection
    return (
        f"SELECT v.node_id, v.kind, COUNT(*), SUM(v.value) FROM {within} a "
        f"{join} votes v ON v.node_id = a.id GROUP BY v.node_id, v.kind",
        f"SELECT l.parent_id, l.child_id, l.stance FROM {within} a "
        f"{join} links l ON l.parent_id = a.id "
        f"JOIN nodes c ON c.id = l.child_id AND c.archived_at IS NULL ORDER BY l.id",
    )


def _rescored(conn: Connection, within: str) -> dict[int, KeptScore] | None:
    """The nodes listed in temp table `within`, scored again from their votes and their
    other children's kept scores; None if a child outside has none."""
    from debate.core.scoring import rescore

    nodes = [r[0] for r in conn.execute(f"SELECT id FROM {within} ORDER BY id")]
    if not nodes:
        return {}
    tallies_sql, links_sql = listed_nodes_queries(conn, within)
    tallies = {
        (node, kind): VoteTally(n, total) for node, kind, n, total in conn.execute(tallies_sql)
    }
    links = [Link(parent, child, stance) for parent, child, stance in conn.execute(links_sql)]
    inside = set(nodes)
    outside = {link.child for link in links if link.child not in inside}
    known = read(conn, outside) if outside else {}
    if len(known) < len(outside):
        return None
    return {i: KeptScore(*score) for i, score in rescore(nodes, tallies, links, known).items()}


def _score(conn: Connection, within: str) -> None:
    """Score again, and keep, the nodes listed in temp table `within`."""
    rows = _rescored(conn, within)
    if rows is None:  # children never scored (a write forgot them): start over
        rebuild(conn)
        return
    conn.executemany(_UPSERT, ((i, *score) for i, score in rows.items()))


def refresh(conn: Connection, dirty: Collection[int]) -> None:
    """Score the marked nodes and all their ancestors again (inside a transaction)."""
    _temp(conn, "dirty_nodes", dirty)
    ancestors = [
        r[0]
        for r in conn.execute(
            """
            WITH RECURSIVE up(id) AS (
                SELECT CAST(id AS BIGINT) FROM dirty_nodes
                UNION
                SELECT l.parent_id FROM links l
                JOIN up ON l.child_id = up.id
                JOIN nodes p ON p.id = l.parent_id AND p.archived_at IS NULL
            )
            SELECT up.id FROM up JOIN nodes n ON n.id = up.id WHERE n.archived_at IS NULL
            """
        )
    ]
    _temp(conn, "affected_nodes", ancestors)
    _score(conn, "affected_nodes")


def score_missing(conn: Connection) -> dict[int, KeptScore]:
    """The live nodes without a kept score, scored without keeping them. The server
    forgets a node's ancestors with it (PostgreSQL migration 0002), so every child of
    a missing node that is not missing itself still has its score."""
    missing = [
        r[0]
        for r in conn.execute(
            "SELECT n.id FROM nodes n WHERE n.archived_at IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.node_id = n.id)"
        )
    ]
    if not missing:
        return {}
    _temp(conn, "affected_nodes", missing)
    rows = _rescored(conn, "affected_nodes")
    assert rows is not None, "a node without a score has a child without one that is kept"
    return rows


def rebuild(conn: Connection) -> None:
    """Score every node that is not archived from scratch (inside a transaction)."""
    conn.execute("DELETE FROM scores")
    _temp(
        conn,
        "affected_nodes",
        (r[0] for r in conn.execute("SELECT id FROM nodes WHERE archived_at IS NULL")),
    )
    _score(conn, "affected_nodes")


def read(conn: Connection, ids: Collection[int] | None = None) -> dict[int, KeptScore]:
    """The kept scores of these nodes (of every scored node, without `ids`)."""
    sql = "SELECT node_id, base, weight, dfquad, qe, euler, mlp FROM scores"
    if ids is None:
        return {r[0]: KeptScore(r[1], r[2], r[3], r[4], r[5], r[6]) for r in conn.execute(sql)}
    out: dict[int, KeptScore] = {}
    wanted = sorted(ids)
    for i in range(0, len(wanted), 900):
        chunk = wanted[i : i + 900]
        marks = ", ".join("?" * len(chunk))
        for r in conn.execute(f"{sql} WHERE node_id IN ({marks})", chunk):
            out[r[0]] = KeptScore(r[1], r[2], r[3], r[4], r[5], r[6])
    return out
