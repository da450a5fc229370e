"""The store's SQL for the room (`debate serve`): the chair's and judges' private
links, the devices that hold the names of a session's people, the key that signs
the devices' cookies, when the result was shown to the room, and how a server
learns that anything changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from debate.errors import Conflict
from debate.models import RoomLink, RoomSeat, Stance, VoteKind
from debate.store.base import StoreBase
from debate.store.guards import now, writes


class RoomTables(StoreBase):
    if TYPE_CHECKING:  # provided by the other parts of Store

        def find_participant(self, name: str) -> int | None: ...

    # -- the key that signs the devices' cookies ------------------------------------------

    def room_key(self) -> str | None:
        row = self._one("SELECT secret FROM room_keys WHERE id = 1")
        return None if row is None else str(row["secret"])

    @writes
    def keep_room_key(self, secret: str) -> str:
        """Keep `secret` unless a key is kept already; returns the one kept."""
        self._run(
            "INSERT INTO room_keys (id, secret) VALUES (1, ?) ON CONFLICT (id) DO NOTHING",
            [secret],
        )
        kept = self.room_key()
        assert kept is not None
        return kept

    # -- the chair's and the judges' links ------------------------------------------------

    _LINKS = """
        SELECT l.session_id, p.name, l.role, l.token FROM room_links l
        JOIN participants p ON p.id = l.participant_id
    """

    def room_links(self, session_id: int) -> list[RoomLink]:
        rows = self._tuples(
            self._LINKS + " WHERE l.session_id = ? ORDER BY l.role, p.name", [session_id]
        )
        return [RoomLink(*r) for r in rows]

    def room_link(self, token: str) -> RoomLink | None:
        rows = self._tuples(self._LINKS + " WHERE l.token = ?", [token])
        return RoomLink(*rows[0]) if rows else None

    @writes
    def replace_room_links(self, session_id: int, links: list[tuple[int, str, str]]) -> None:
        """The session's links are these (participant, role, token) from now on: any
        other link of the session stops working."""
        self._run("DELETE FROM room_links WHERE session_id = ?", [session_id])
        self._many(
            "INSERT INTO room_links (session_id, participant_id, role, token, made_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [(session_id, who, role, token, now()) for who, role, token in links],
        )

    # -- who holds which name ---------------------------------------------------------------

    def room_seats(self, session_id: int) -> list[RoomSeat]:
        rows = self._tuples(
            "SELECT p.name, s.device, s.taken_at FROM room_seats s "
            "JOIN participants p ON p.id = s.participant_id WHERE s.session_id = ? "
            "ORDER BY p.name",
            [session_id],
        )
        return [RoomSeat(*r) for r in rows]

    def seated(self, session_id: int, device: str) -> str | None:
        """The name this device holds in the session, if any."""
        row = self._one(
            "SELECT p.name FROM room_seats s JOIN participants p ON p.id = s.participant_id "
            "WHERE s.session_id = ? AND s.device = ?",
            [session_id, device],
        )
        return None if row is None else str(row["name"])

    @writes
    def take_seat(self, session_id: int, participant: int, device: str) -> None:
        """The device holds this name from now on (and no other); refused with Conflict
        when another device holds it."""
        self._run(
            "DELETE FROM room_seats WHERE session_id = ? AND device = ? AND participant_id <> ?",
            [session_id, device, participant],
        )
        self._run(
            "INSERT INTO room_seats (session_id, participant_id, device, taken_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (session_id, participant_id) DO NOTHING",
            [session_id, participant, device, now()],
        )
        holder = self._one(
            "SELECT device FROM room_seats WHERE session_id = ? AND participant_id = ?",
            [session_id, participant],
        )
        if holder is None or holder["device"] != device:
            raise Conflict("taken")

    @writes
    def release_seat(self, session_id: int, participant: int) -> bool:
        """Free the name; whether a device held it."""
        held = self._one(
            "SELECT 1 FROM room_seats WHERE session_id = ? AND participant_id = ?",
            [session_id, participant],
        )
        self._run(
            "DELETE FROM room_seats WHERE session_id = ? AND participant_id = ?",
            [session_id, participant],
        )
        return held is not None

    # -- the result shown to the room ---------------------------------------------------------

    def revealed_at(self, session_id: int) -> str | None:
        row = self._one("SELECT revealed_at FROM sessions WHERE id = ?", [session_id])
        return None if row is None or row["revealed_at"] is None else str(row["revealed_at"])

    @writes
    def reveal(self, session_id: int) -> None:
        self._run(
            "UPDATE sessions SET revealed_at = ? WHERE id = ? AND revealed_at IS NULL",
            [now(), session_id],
        )

    # -- what the phones list --------------------------------------------------------------

    def said_in_session(
        self, session_id: int, limit: int
    ) -> list[tuple[int, int, int | None, Stance | None]]:
        """(node, speech, parent, stance) of the claims and quotes added in the
        session's speeches, newest first; the parent is the node's first link's."""
        return [
            (r[0], r[1], r[2], r[3])
            for r in self._tuples(
                """
                SELECT e.node_id, e.speech, l.parent_id, l.stance FROM events e
                LEFT JOIN links l ON l.id = (SELECT MIN(f.id) FROM links f
                                             WHERE f.child_id = e.node_id)
                WHERE e.session_id = ? AND e.action IN ('claim added', 'quote added')
                ORDER BY e.id DESC LIMIT ?
                """,
                [session_id, limit],
            )
        ]

    def own_votes(
        self, participant: str, nodes: list[int]
    ) -> dict[int, tuple[tuple[VoteKind, int], ...]]:
        """The participant's votes on these nodes: (kind, value) by node."""
        who = self.find_participant(participant)
        if who is None or not nodes:
            return {}
        marks = ", ".join("?" * len(nodes))
        out: dict[int, list[tuple[VoteKind, int]]] = {}
        for node, kind, value in self._tuples(
            f"SELECT node_id, kind, value FROM votes WHERE participant_id = ? "
            f"AND node_id IN ({marks}) ORDER BY node_id, kind",
            [who, *nodes],
        ):
            out.setdefault(node, []).append((kind, value))
        return {node: tuple(v) for node, v in out.items()}
