"""The event log: what was done, by whom, when."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from debate.models import (
    ACTIONS,
    Action,
    Event,
)
from debate.store.base import StoreBase
from debate.store.guards import new_uuid, now, writes


class History(StoreBase):
    if TYPE_CHECKING:  # provided by the other parts of Store

        def speech_in_progress(self, node_id: int | None) -> tuple[int, int] | None: ...

    # -- history ------------------------------------------------------------------------

    @writes
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
