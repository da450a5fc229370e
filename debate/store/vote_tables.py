"""The store's SQL for votes: cast, withdraw and read them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from debate.models import (
    Vote,
    VoteKind,
)
from debate.store.base import StoreBase
from debate.store.guards import new_uuid, now, writes


class VoteTables(StoreBase):
    if TYPE_CHECKING:  # provided by the other parts of Store

        def find_participant(self, name: str) -> int | None: ...

    # -- votes -------------------------------------------------------------------------------

    @writes
    def cast_vote(self, node_id: int, actor: int, kind: VoteKind, value: int) -> int | None:
        """Record the actor's current vote (one upsert); returns the value it replaced."""
        before = self._one(
            "SELECT value FROM votes WHERE node_id = ? AND participant_id = ? AND kind = ?",
            [node_id, actor, kind],
        )
        self._run(
            """
            INSERT INTO votes (uuid, node_id, participant_id, kind, value, cast_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (node_id, participant_id, kind)
            DO UPDATE SET value = excluded.value, cast_at = excluded.cast_at
            """,
            [new_uuid(), node_id, actor, kind, value, now()],
        )
        self._dirty.add(node_id)
        return None if before is None else int(before["value"])

    @writes
    def withdraw_votes(self, node_id: int, actor: int) -> list[tuple[VoteKind, int]]:
        """Remove the actor's votes on a node; returns what they were."""
        rows = self._all(
            "DELETE FROM votes WHERE node_id = ? AND participant_id = ? RETURNING kind, value",
            [node_id, actor],
        )
        self._dirty.add(node_id)
        return sorted((r["kind"], int(r["value"])) for r in rows)

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
        return [Vote(r["node_id"], r["name"], r["kind"], r["value"], r["cast_at"]) for r in rows]

    def voted_on(self, participant: str, kind: str = "accept") -> set[int]:
        """The nodes a participant holds a vote of this kind on."""
        who = self.find_participant(participant)
        if who is None:
            return set()
        rows = self._all(
            "SELECT node_id FROM votes WHERE participant_id = ? AND kind = ?", [who, kind]
        )
        return {r["node_id"] for r in rows}

    def node_participants(self) -> dict[int, set[int]]:
        """Who created or voted on each node (for counting participants)."""
        people: dict[int, set[int]] = {}
        for r in self._all(
            "SELECT id AS node, created_by AS person FROM nodes "
            "UNION SELECT node_id, participant_id FROM votes"
        ):
            people.setdefault(r["node"], set()).add(r["person"])
        return people

    def acceptance_votes(self) -> list[tuple[str, int, int]]:
        """Every acceptance vote as (participant name, node id, value)."""
        return [
            (r["name"], r["node_id"], r["value"])
            for r in self._all(
                """
                SELECT p.name, v.node_id, v.value FROM votes v
                JOIN participants p ON p.id = v.participant_id
                WHERE v.kind = 'accept' ORDER BY p.name, v.node_id
                """
            )
        ]
