"""--json documents of vote and votes."""

from __future__ import annotations

from debate.models import (
    Vote,
    VoteChange,
)
from debate.output.json.common import Document, vote


def vote_changes(node_id: int, participant: str, changes: list[VoteChange]) -> Document:
    return {
        "id": node_id,
        "participant": participant,
        "changes": [{"kind": c.kind, "value": c.value, "previous": c.previous} for c in changes],
    }


def votes(node_id: int, rows: list[Vote]) -> Document:
    return {"id": node_id, "votes": [vote(v) for v in rows]}
