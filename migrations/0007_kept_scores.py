"""Keep τ, w and σ under every semantics for everyone's votes (see
debate/store/kept_scores.py): the table, scored once for the nodes a store has."""

from __future__ import annotations

import sqlite3


def apply(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE scores (
            node_id INTEGER PRIMARY KEY REFERENCES nodes(id),
            base REAL NOT NULL,
            weight REAL NOT NULL,
            dfquad REAL NOT NULL,
            qe REAL NOT NULL,
            euler REAL NOT NULL,
            mlp REAL NOT NULL
        )
        """
    )
    if conn.execute("SELECT 1 FROM nodes LIMIT 1").fetchone() is None:
        return
    from debate.store.kept_scores import rebuild

    rebuild(conn)
