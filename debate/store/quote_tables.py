"""The store's SQL for quotes: their anchors in their sources, and citations."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from debate.models import (
    Anchor,
    Node,
    QuoteSpan,
    Stance,
)
from debate.store.base import StoreBase
from debate.store.guards import writes


class QuoteTables(StoreBase):
    if TYPE_CHECKING:  # provided by the other parts of Store

        def set_text(self, node_id: int, text: str) -> None: ...

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

    @writes
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

    @writes
    def set_anchor(self, node_id: int, anchor: Anchor, exact: str | None = None) -> None:
        """Where a quote stands now; `exact`, when given, becomes its text."""
        columns = self._anchor_columns(anchor)
        assignments = ", ".join(f"{name} = ?" for name in columns)
        self._run(
            f"UPDATE quotes SET {assignments} WHERE node_id = ?", [*columns.values(), node_id]
        )
        if exact is not None:
            self.set_text(node_id, exact)

    @writes
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
