"""The store's SQL for seminar sessions: sessions, their people, the steps of
their clock, polls, ballots, the live screen's lease, and what the event log
says was done in each speech."""

from __future__ import annotations

import json
from typing import Any

from debate.errors import Conflict, NotFound
from debate.models import (
    Ballot,
    PollAnswer,
    SaidIn,
    SessionEvent,
    SessionPerson,
    SessionRecord,
    Step,
    StepTime,
)
from debate.store.base import StoreBase
from debate.store.guards import new_uuid, now, writes

_SESSION_QUERY = """
    SELECT s.id, s.uuid, s.thesis_id, s.motion, s.format_name, s.format, s.state, s.current,
           s.draw_seed, s.created_at, p.name
    FROM sessions s JOIN participants p ON p.id = s.created_by
"""


class SessionTables(StoreBase):
    # -- sessions ----------------------------------------------------------------------

    @writes
    def insert_session(
        self,
        thesis: int,
        motion: str,
        format_name: str,
        format_json: str,
        draw_seed: int | None,
        actor: int,
    ) -> int:
        return self._insert(
            "sessions",
            {
                "uuid": new_uuid(),
                "thesis_id": thesis,
                "motion": motion,
                "format_name": format_name,
                "format": format_json,
                "draw_seed": draw_seed,
                "created_by": actor,
                "created_at": now(),
            },
        )

    @writes
    def add_session_person(
        self, session: int, participant: int, role: str, side: str | None, speaker: int | None
    ) -> None:
        self._run(
            "INSERT INTO session_people (session_id, participant_id, role, side, speaker) "
            "VALUES (?, ?, ?, ?, ?)",
            [session, participant, role, side, speaker],
        )

    def session(self, session_id: int) -> SessionRecord:
        row = self._one(_SESSION_QUERY + " WHERE s.id = ?", [session_id])
        if row is None:
            raise NotFound(f"no session {session_id}")
        return SessionRecord(*row)

    def sessions(self) -> list[SessionRecord]:
        return [SessionRecord(*r) for r in self._all(_SESSION_QUERY + " ORDER BY s.id")]

    def session_people(self, session_id: int) -> list[SessionPerson]:
        rows = self._all(
            """
            SELECT p.name, sp.role, sp.side, sp.speaker FROM session_people sp
            JOIN participants p ON p.id = sp.participant_id
            WHERE sp.session_id = ?
            ORDER BY CASE sp.role WHEN 'speaker' THEN 0 WHEN 'chair' THEN 1
                     WHEN 'judge' THEN 2 ELSE 3 END, sp.side, sp.speaker, p.name
            """,
            [session_id],
        )
        return [SessionPerson(*r) for r in rows]

    # -- the clock ---------------------------------------------------------------------

    def session_steps(self, session_id: int) -> list[Step]:
        rows = self._all(
            """
            SELECT st.step, st.at, st.speech, st.side, p.name,
                   (SELECT sp.side FROM session_people sp WHERE sp.session_id = st.session_id
                    AND sp.participant_id = st.participant_id AND sp.role = 'speaker'),
                   st.accepted
            FROM session_steps st LEFT JOIN participants p ON p.id = st.participant_id
            WHERE st.session_id = ? ORDER BY st.id
            """,
            [session_id],
        )
        return [
            Step(r[0], r[1], r[2], r[3], r[4], r[5], None if r[6] is None else bool(r[6]))
            for r in rows
        ]

    def session_step_times(self, session_id: int) -> list[StepTime]:
        """When each step happened (as it was given), in order, with the thesis's σ."""
        rows = self._all(
            "SELECT step, at, at_text, speech, thesis_strength FROM session_steps "
            "WHERE session_id = ? ORDER BY id",
            [session_id],
        )
        return [StepTime(*r) for r in rows]

    @writes
    def add_session_step(
        self,
        session_id: int,
        step: Step,
        at_text: str,
        participant: int | None,
        actor: int,
        state: str,
        current: int | None,
        thesis_strength: float | None = None,
    ) -> None:
        self._insert(
            "session_steps",
            {
                "session_id": session_id,
                "step": step.kind,
                "at": step.at,
                "at_text": at_text,
                "speech": step.speech,
                "side": step.side,
                "participant_id": participant,
                "accepted": None if step.accepted is None else int(step.accepted),
                "thesis_strength": thesis_strength,
                "recorded_by": actor,
                "recorded_at": now(),
            },
        )
        self._run(
            "UPDATE sessions SET state = ?, current = ? WHERE id = ?", [state, current, session_id]
        )

    @writes
    def keep_final_tree(self, session_id: int, rows_json: str) -> None:
        self._run("UPDATE sessions SET final_tree = ? WHERE id = ?", [rows_json, session_id])

    def final_tree(self, session_id: int) -> str | None:
        row = self._one("SELECT final_tree FROM sessions WHERE id = ?", [session_id])
        return None if row is None else row[0]

    def last_event(self) -> int:
        """The id of the newest event: a write made since moves it."""
        row = self._one("SELECT MAX(id) FROM events")
        return int(row[0] or 0) if row else 0

    # -- polls and ballots -------------------------------------------------------------

    @writes
    def cast_poll(
        self,
        session_id: int,
        phase: str,
        participant: int | None,
        counts: dict[str, int],
        actor: int,
    ) -> None:
        """Replace the current answer of one participant (or the room's counts, with no
        participant) in one phase; the old rows stay, no longer current."""
        whose = "participant_id IS NULL" if participant is None else "participant_id = ?"
        self._run(
            f"UPDATE polls SET is_current = 0 WHERE session_id = ? AND phase = ? AND {whose} "
            "AND is_current = 1",
            [session_id, phase] + ([] if participant is None else [participant]),
        )
        at = now()
        for answer, count in counts.items():
            self._insert(
                "polls",
                {
                    "session_id": session_id,
                    "phase": phase,
                    "participant_id": participant,
                    "answer": answer,
                    "count": count,
                    "cast_by": actor,
                    "cast_at": at,
                },
            )

    def poll_answers(self, session_id: int) -> list[PollAnswer]:
        rows = self._all(
            """
            SELECT po.phase, p.name, po.answer, po.count, po.is_current, po.cast_at
            FROM polls po LEFT JOIN participants p ON p.id = po.participant_id
            WHERE po.session_id = ? ORDER BY po.id
            """,
            [session_id],
        )
        return [PollAnswer(r[0], r[1], r[2], r[3], bool(r[4]), r[5]) for r in rows]

    @writes
    def cast_ballot(
        self,
        session_id: int,
        judge: int,
        winner: str | None,
        ranking: list[str] | None,
        points: dict[int, int],
        reason: str | None,
    ) -> None:
        self._run(
            "UPDATE ballots SET is_current = 0 WHERE session_id = ? AND judge_id = ?",
            [session_id, judge],
        )
        ballot = self._insert(
            "ballots",
            {
                "session_id": session_id,
                "judge_id": judge,
                "winner": winner,
                "ranking": json.dumps(ranking) if ranking is not None else None,
                "reason": reason,
                "cast_at": now(),
            },
        )
        for speaker, score in points.items():
            self._run(
                "INSERT INTO ballot_points (ballot_id, participant_id, points) VALUES (?, ?, ?)",
                [ballot, speaker, score],
            )

    def ballots(self, session_id: int) -> list[Ballot]:
        rows = self._all(
            """
            SELECT b.id, p.name, b.winner, b.ranking, b.reason, b.is_current, b.cast_at
            FROM ballots b JOIN participants p ON p.id = b.judge_id
            WHERE b.session_id = ? ORDER BY b.id
            """,
            [session_id],
        )
        points: dict[int, list[tuple[str, int]]] = {}
        for r in self._all(
            """
            SELECT bp.ballot_id, p.name, bp.points FROM ballot_points bp
            JOIN ballots b ON b.id = bp.ballot_id
            JOIN participants p ON p.id = bp.participant_id
            WHERE b.session_id = ? ORDER BY bp.ballot_id, p.name
            """,
            [session_id],
        ):
            points.setdefault(r[0], []).append((r[1], r[2]))
        return [
            Ballot(
                r[1],
                r[2],
                tuple(json.loads(r[3])) if r[3] else (),
                tuple(points.get(r[0], [])),
                r[4],
                bool(r[5]),
                r[6],
            )
            for r in rows
        ]

    # -- the live screen ---------------------------------------------------------------

    @writes
    def hold_screen(
        self, session_id: int, token: str, at: float, stale_after: float, take_over: bool
    ) -> None:
        """Make `token` the screen that drives the session, or renew it. Another screen
        that was seen within `stale_after` seconds keeps it, unless `take_over`."""
        row = self._one("SELECT screen, screen_seen_at FROM sessions WHERE id = ?", [session_id])
        if row is None:
            raise NotFound(f"no session {session_id}")
        holder, seen = row[0], row[1]
        if holder and holder != token:
            recent = seen is not None and at - seen < stale_after
            if recent and not take_over:
                raise Conflict(
                    f"another live screen drives session {session_id} (seen {at - seen:.0f} s "
                    f"ago; it lets go when it quits, or {stale_after:.0f} s after its last sign); "
                    "`session run --take-over` takes it over"
                )
        self._run(
            "UPDATE sessions SET screen = ?, screen_seen_at = ? WHERE id = ?",
            [token, at, session_id],
        )

    def screen_holder(self, session_id: int) -> str | None:
        row = self._one("SELECT screen FROM sessions WHERE id = ?", [session_id])
        return None if row is None else row[0]

    @writes
    def release_screen(self, session_id: int, token: str) -> None:
        self._run(
            "UPDATE sessions SET screen = NULL, screen_seen_at = NULL WHERE id = ? AND screen = ?",
            [session_id, token],
        )

    @writes
    def merge_session_participant(self, source: int, target: int) -> None:
        """Part of a participant merge: sessions, steps, polls and ballots move over;
        where both answered one poll or judged one session, the later one is current."""
        for table, column in (
            ("sessions", "created_by"),
            ("session_steps", "recorded_by"),
            ("session_steps", "participant_id"),
            ("polls", "cast_by"),
        ):
            self._run(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [target, source])
        # Where both were in a session in one role, the target's place stays.
        self._run(
            "UPDATE session_people SET participant_id = ? WHERE participant_id = ? "
            "AND NOT EXISTS (SELECT 1 FROM session_people t WHERE t.participant_id = ? "
            "AND t.session_id = session_people.session_id AND t.role = session_people.role)",
            [target, source, target],
        )
        self._run("DELETE FROM session_people WHERE participant_id = ?", [source])
        for table, column, group in (
            ("polls", "participant_id", "session_id, phase"),
            ("ballots", "judge_id", "session_id"),
        ):
            # One current row per person (and phase): the latest of the two, retired
            # before the move (a server holds one current answer per person).
            self._run(
                f"""
                UPDATE {table} SET is_current = 0 WHERE {column} IN (?, ?) AND is_current = 1
                AND id NOT IN (SELECT MAX(id) FROM {table} WHERE {column} IN (?, ?)
                               AND is_current = 1 GROUP BY {group})
                """,
                [source, target, source, target],
            )
            self._run(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [target, source])
        self._run(
            "UPDATE ballot_points SET participant_id = ? WHERE participant_id = ? "
            "AND NOT EXISTS (SELECT 1 FROM ballot_points t WHERE t.participant_id = ? "
            "AND t.ballot_id = ballot_points.ballot_id)",
            [target, source, target],
        )
        self._run("DELETE FROM ballot_points WHERE participant_id = ?", [source])
        # The merged name's room links and seat are gone: the chair makes new links,
        # and the device joins again under the name that stays.
        for table in ("room_links", "room_seats"):
            self._run(f"DELETE FROM {table} WHERE participant_id = ?", [source])

    # -- what was said in each speech --------------------------------------------------

    def speech_in_progress(self, node_id: int | None) -> tuple[int, int] | None:
        """(session, speech) of a speech under way in a session on a thesis above the
        node (or, with no node, in the only session under way)."""
        if self._one("SELECT 1 FROM sessions WHERE current IS NOT NULL LIMIT 1") is None:
            return None  # the usual case, and one cheap query
        if node_id is None:
            rows = self._all("SELECT id, current FROM sessions WHERE current IS NOT NULL")
            return (rows[0][0], rows[0][1]) if len(rows) == 1 else None
        row = self._one(
            """
            WITH RECURSIVE up(id) AS (
                SELECT ? UNION SELECT l.parent_id FROM links l JOIN up ON l.child_id = up.id
            )
            SELECT s.id, s.current FROM sessions s JOIN up ON up.id = s.thesis_id
            WHERE s.current IS NOT NULL ORDER BY s.id DESC LIMIT 1
            """,
            [node_id],
        )
        return None if row is None else (row[0], row[1])

    def running_speaker(self) -> str | None:
        """Who speaks now, when exactly one session has a speech under way."""
        if self._one("SELECT 1 FROM sessions WHERE current IS NOT NULL LIMIT 1") is None:
            return None
        rows = self._all("SELECT id, format, current FROM sessions WHERE current IS NOT NULL")
        if len(rows) != 1:
            return None
        return self._speaker_of(rows[0][0], _speech(rows[0][1], rows[0][2]))

    def _speaker_of(self, session_id: int, speech: dict[str, Any]) -> str | None:
        row = self._one(
            """
            SELECT p.name FROM session_people sp JOIN participants p ON p.id = sp.participant_id
            WHERE sp.session_id = ? AND sp.role = 'speaker' AND sp.side = ? AND sp.speaker = ?
            """,
            [session_id, speech.get("side"), speech.get("speaker")],
        )
        return None if row is None else str(row[0])

    def said_in(self, node_id: int) -> SaidIn | None:
        row = self._one(
            """
            SELECT e.session_id, e.speech, s.format
            FROM events e JOIN sessions s ON s.id = e.session_id
            WHERE e.node_id = ? AND e.action IN ('claim added', 'quote added')
            ORDER BY e.id LIMIT 1
            """,
            [node_id],
        )
        if row is None:
            return None
        session_id, number, format_json = row[0], row[1], row[2]
        speech = _speech(format_json, number)
        return SaidIn(
            session_id,
            number,
            speech.get("name"),  # type: ignore[arg-type]
            speech.get("short"),  # type: ignore[arg-type]
            self._speaker_of(session_id, speech),
        )

    def session_events(self, session_id: int) -> list[SessionEvent]:
        rows = self._all(
            """
            SELECT e.speech, e.at, p.name, e.action, e.node_id, e.data FROM events e
            JOIN participants p ON p.id = e.participant_id
            WHERE e.session_id = ? ORDER BY e.id
            """,
            [session_id],
        )
        return [SessionEvent(r[0], r[1], r[2], r[3], r[4], json.loads(r[5] or "{}")) for r in rows]


def _speech(format_json: str, number: int) -> dict[str, Any]:
    """One speech of a session's format, as the session keeps it (JSON): read in
    Python, so that no engine's JSON functions are needed."""
    speeches = json.loads(format_json).get("speeches", [])
    found = speeches[number] if 0 <= number < len(speeches) else {}
    return found if isinstance(found, dict) else {}
