"""Repair stores made while 0003 was being changed, and index what older stores lack.

An early 0003 kept the quote search index with triggers over the raw text;
the released 0003 dropped them and indexes the readable text instead, so
stores made in between kept stale triggers and a stale index. Stores made
before search existed have sources without passages. Both are rebuilt here,
once, so that no read command ever has to write.
"""

from __future__ import annotations

import json
import sqlite3


def apply(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TRIGGER IF EXISTS quotes_fts_insert")
    conn.execute("DROP TRIGGER IF EXISTS quotes_fts_update")
    conn.execute("DELETE FROM quotes_fts")
    quotes = conn.execute("SELECT id, text FROM nodes WHERE kind = 'quote'").fetchall()
    unindexed = conn.execute(
        "SELECT id, text, pages FROM sources WHERE text IS NOT NULL "
        "AND id NOT IN (SELECT source_id FROM passages)"
    ).fetchall()
    if not quotes and not unindexed:
        return  # nothing to index (and no need to load the text folding)
    from debate.anchoring import page_of
    from debate.extract import passages, searchable

    conn.executemany(
        "INSERT INTO quotes_fts (rowid, text) VALUES (?, ?)",
        ((node_id, searchable(text)) for node_id, text in quotes),
    )
    for source_id, text, pages_json in unindexed:
        pages = [(int(o), str(label)) for o, label in json.loads(pages_json)] if pages_json else []
        for start, end, said in passages(text):
            cursor = conn.execute(
                "INSERT INTO passages (source_id, start_offset, end_offset, page) "
                "VALUES (?, ?, ?, ?)",
                [source_id, start, end, page_of(start, pages)],
            )
            conn.execute(
                "INSERT INTO passages_fts (rowid, text) VALUES (?, ?)", [cursor.lastrowid, said]
            )
