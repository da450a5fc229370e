"""The store's SQL for participants and teams."""

from __future__ import annotations

from typing import TYPE_CHECKING

from debate.errors import (
    Conflict,
)
from debate.models import (
    Participant,
    Team,
)
from debate.store.base import StoreBase
from debate.store.guards import new_uuid, now, writes


class PeopleTables(StoreBase):
    if TYPE_CHECKING:  # provided by the other parts of Store

        def merge_session_participant(self, source: int, target: int) -> None: ...

    # -- people -----------------------------------------------------------------------

    @writes
    def participant_id(self, name: str, role: str | None = None) -> int:
        """The participant's id, recording them on first use (one upsert).

        A name merged into another stands for that one.
        """
        found = self.find_participant(name)
        if found is not None:
            return found
        self._run(
            "INSERT INTO participants (uuid, name, role, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (name) DO NOTHING",
            [new_uuid(), name, role, now()],
        )
        found = self.find_participant(name)
        assert found is not None
        return found

    def find_participant(self, name: str) -> int | None:
        row = self._one(
            "SELECT id, merged_into FROM participants WHERE name = ?",
            [name],
        )
        if row is None:
            return None
        return int(row["merged_into"] or row["id"])

    def participant_names(self) -> dict[int, str]:
        return {
            r["id"]: r["name"]
            for r in self._all(
                "SELECT id, name FROM participants WHERE merged_into IS NULL ORDER BY name"
            )
        }

    def participants(self) -> list[Participant]:
        rows = self._all(
            """
            SELECT p.id, p.name, p.role, p.created_at, m.name AS merged_into,
                   (SELECT COUNT(*) FROM nodes n WHERE n.created_by = p.id) AS nodes,
                   (SELECT COUNT(*) FROM votes v WHERE v.participant_id = p.id) AS votes
            FROM participants p LEFT JOIN participants m ON m.id = p.merged_into
            ORDER BY p.name
            """
        )
        return [
            Participant(
                r["id"],
                r["name"],
                r["role"],
                r["created_at"],
                r["merged_into"],
                r["nodes"],
                r["votes"],
            )
            for r in rows
        ]

    @writes
    def rename_participant(self, participant: int, name: str) -> None:
        try:
            sql = "UPDATE participants SET name = ? WHERE id = ?"
            self._engine.execute(sql, [name, participant])
        except self._engine.IntegrityError as e:
            raise Conflict(f"there is already a participant named {name!r}") from e
        except self._Error as e:  # a server's refusal, say
            raise self._engine.error(e) from e

    @writes
    def merge_participant(self, source: int, target: int) -> None:
        """Everything of `source` becomes `target`'s; the event log keeps who did what.

        Where both voted on the same node, the more recent vote stays.
        """
        self._dirty.update(
            r["node_id"]
            for r in self._all(
                "SELECT DISTINCT node_id FROM votes WHERE participant_id = ?", [source]
            )
        )
        self._run(
            """
            DELETE FROM votes WHERE id IN (
                SELECT loser.id FROM votes a JOIN votes b
                  ON a.node_id = b.node_id AND a.kind = b.kind
                 AND a.participant_id = ? AND b.participant_id = ?
                JOIN votes loser ON loser.id = CASE
                    WHEN (a.cast_at, a.id) > (b.cast_at, b.id) THEN b.id ELSE a.id END
            )
            """,
            [source, target],
        )
        self._run("UPDATE votes SET participant_id = ? WHERE participant_id = ?", [target, source])
        for table, column in (
            ("nodes", "created_by"),
            ("links", "created_by"),
            ("sources", "created_by"),
            ("teams", "created_by"),
        ):
            self._run(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [target, source])
        self._run(
            "INSERT INTO team_members (team_id, participant_id, added_at) "
            "SELECT team_id, ?, added_at FROM team_members WHERE participant_id = ? "
            "ON CONFLICT DO NOTHING",
            [target, source],
        )
        self._run("DELETE FROM team_members WHERE participant_id = ?", [source])
        self.merge_session_participant(source, target)
        self._run(
            "UPDATE participants SET merged_into = ? WHERE id = ? OR merged_into = ?",
            [target, source, source],
        )

    # -- teams -----------------------------------------------------------------------

    def team_id(self, name: str) -> int | None:
        row = self._one("SELECT id FROM teams WHERE name = ?", [name])
        return int(row["id"]) if row else None

    @writes
    def ensure_team(self, name: str, actor: int) -> tuple[int, bool]:
        """The team's id, and whether this call created it (one upsert)."""
        row = self._one(
            "INSERT INTO teams (uuid, name, created_by, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (name) DO NOTHING RETURNING id",
            [new_uuid(), name, actor, now()],
        )
        if row is not None:
            return int(row["id"]), True
        existing = self.team_id(name)
        assert existing is not None
        return existing, False

    @writes
    def add_team_member(self, team_id: int, participant_id: int) -> bool:
        """Add a member; False when they already belong to the team."""
        cursor = self._run(
            "INSERT INTO team_members (team_id, participant_id, added_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            [team_id, participant_id, now()],
        )
        return cursor.rowcount == 1

    @writes
    def remove_team_member(self, team_id: int, participant_id: int) -> bool:
        cursor = self._run(
            "DELETE FROM team_members WHERE team_id = ? AND participant_id = ?",
            [team_id, participant_id],
        )
        return cursor.rowcount == 1

    @writes
    def delete_team(self, team_id: int) -> None:
        self._run("DELETE FROM team_members WHERE team_id = ?", [team_id])
        self._run("DELETE FROM teams WHERE id = ?", [team_id])

    def teams(self) -> list[Team]:
        members: dict[str, list[str]] = {
            r["name"]: [] for r in self._all("SELECT name FROM teams ORDER BY name")
        }
        for r in self._all(
            """
            SELECT t.name AS team, p.name AS member FROM team_members m
            JOIN teams t ON t.id = m.team_id
            JOIN participants p ON p.id = m.participant_id
            ORDER BY t.name, p.name
            """
        ):
            members[r["team"]].append(r["member"])
        return [Team(name, tuple(names)) for name, names in members.items()]

    def team_member_ids(self, team_id: int) -> list[int]:
        return [
            r["participant_id"]
            for r in self._all(
                "SELECT participant_id FROM team_members WHERE team_id = ? ORDER BY participant_id",
                [team_id],
            )
        ]
