"""Use cases of seminar sessions: make one, step its clock, poll the audience,
take the judges' ballots, and read where it stands or how it was decided.

A session runs a format (fixed when it is made) on a thesis. Its clock is a
list of steps replayed by `debate.core.seminar.clock`; each new step is checked by the same
replay, inside the write transaction, so that two terminals stepping one
session are serialized, and a step that lost a race is refused.
"""

from __future__ import annotations

import os
import random
import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from debate.app.policy import require_live
from debate.core import scoring, tree, validate
from debate.core.seminar import catalogue, decisions
from debate.core.seminar.catalogue import DebateFormat
from debate.core.seminar.clock import Timeline, check_step, replay
from debate.errors import Conflict, InvalidInput, NotFound
from debate.models import (
    POLL_ANSWERS,
    Ballot,
    Node,
    PollAnswer,
    SessionEvent,
    SessionPerson,
    SessionRecord,
    Source,
    Step,
    StepKind,
    StepTime,
)
from debate.store import Store

# -- moments ---------------------------------------------------------------------------

_OFFSET = re.compile(r"\+(?:(\d{1,2}):)?(\d{1,4}):([0-5]\d)")  # up to 99 h and 9,999 min


@dataclass(frozen=True)
class Moment:
    at: float  # seconds since 1970, UTC
    text: str  # ISO 8601, in the offset it was given in


def moment(text: str | None, origin: Moment | None) -> Moment:
    """--at: ISO 8601, or +MM:SS (+H:MM:SS) from `origin`; None is now, in local time."""
    if text is None:
        local = datetime.now(timezone.utc).astimezone()
        return Moment(local.timestamp(), local.isoformat(timespec="seconds"))
    text = text.strip()
    m = _OFFSET.fullmatch(text)
    if m:
        if origin is None:
            raise InvalidInput("--at +MM:SS counts from the session's start; give a date and time")
        hours, minutes, secs = int(m.group(1) or 0), int(m.group(2)), int(m.group(3))
        delta = hours * 3600 + minutes * 60 + secs
        base = datetime.fromisoformat(origin.text)
        at = base + timedelta(seconds=delta)
        return Moment(origin.at + delta, at.isoformat(timespec="seconds"))
    expected = (
        f"--at {text[:40]!r}: expected a date and time in ISO 8601 "
        "(2026-12-02T19:00:00+01:00) or +MM:SS from the session's start"
    )
    try:
        parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
        if not 1970 <= parsed.year <= 9000:
            raise InvalidInput(f"--at {text[:40]!r}: the year must be from 1970 to 9000")
        if parsed.tzinfo is None:
            parsed = parsed.astimezone()  # a time with no offset is the machine's local time
        return Moment(parsed.timestamp(), parsed.isoformat(timespec="seconds"))
    except (ValueError, OverflowError):
        raise InvalidInput(expected) from None


# -- what a session is -------------------------------------------------------------------


@dataclass(frozen=True)
class SessionView:
    record: SessionRecord
    format: DebateFormat
    people: tuple[SessionPerson, ...]
    timeline: Timeline
    as_of: float | None  # the moment the times are counted to
    origin: Moment | None  # the session's start (or its making), for +MM:SS

    @property
    def id(self) -> int:
        return self.record.id

    def speaker(self, index: int) -> str | None:
        rule = self.format.speeches[index]
        return self.at_place(rule.side, rule.speaker)

    def respondent(self, index: int) -> str | None:
        answers = self.format.speeches[index].answers
        return self.at_place(*answers) if answers else None

    def at_place(self, side: str, place: int) -> str | None:
        for p in self.people:
            if p.role == "speaker" and p.side == side and p.speaker == place:
                return p.participant
        return None

    def with_role(self, role: str) -> list[str]:
        return [p.participant for p in self.people if p.role == role]

    def side_of(self, name: str) -> str | None:
        for p in self.people:
            if p.role == "speaker" and p.participant == name:
                return p.side
        return None


def view(
    store: Store, session_id: int, as_of: str | None = None, *, now: float | None = None
) -> SessionView:
    """The session with its times counted to `as_of` (--at text) or `now` (seconds
    since 1970); by default to this moment while a speech runs."""
    record = store.session(session_id)
    fmt = catalogue.from_document(_json(record.format_json))
    steps = store.session_steps(session_id)
    origin = _origin(store, session_id, record)
    when = moment(as_of, origin).at if as_of is not None else now
    if when is None and record.state in ("running",):
        when = time.time()
    return SessionView(
        record,
        fmt,
        tuple(store.session_people(session_id)),
        replay(fmt, steps, when),
        when,
        origin,
    )


def _json(text: str) -> dict[str, Any]:
    import json

    doc: dict[str, Any] = json.loads(text)
    return doc


def _origin(store: Store, session_id: int, record: SessionRecord) -> Moment:
    for s in store.session_step_times(session_id):
        if s.step == "start":
            return Moment(s.at, s.at_text)
    made = datetime.fromisoformat(record.created_at).astimezone()
    return Moment(made.timestamp(), made.isoformat(timespec="seconds"))


def sessions(store: Store) -> list[SessionView]:
    return [view(store, r.id) for r in store.sessions()]


# -- making one --------------------------------------------------------------------------


@dataclass(frozen=True)
class NewSession:
    thesis: int
    format: str  # a built-in name or a file
    sides: tuple[tuple[str, tuple[str, ...]], ...]  # (side, speakers in order)
    chair: str | None = None
    judges: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()
    draw: bool = False
    seed: int | None = None
    motion: str | None = None
    speech_sides: tuple[str, ...] | None = None  # for a DebateKeeper file


def load_format(spec: str, speech_sides: tuple[str, ...] | None = None) -> DebateFormat:
    return catalogue.load(spec, list(speech_sides) if speech_sides else None)


def _places(fmt: DebateFormat, given: NewSession) -> tuple[list[tuple[str, str, int]], int | None]:
    """(name, side, place) of every speaker, as given or drawn; and the draw's seed."""
    named: dict[str, tuple[str, ...]] = {}
    for side, names in given.sides:
        if side not in fmt.sides:
            raise InvalidInput(
                f"{side!r} is not a side of the {fmt.name} format ({', '.join(fmt.sides)})"
            )
        if side in named:
            raise InvalidInput(f"side {side!r} is given twice")
        named[side] = tuple(validate.name(n, f"a speaker of {side}") for n in names)
    everyone = [n for names in named.values() for n in names]
    seen: set[str] = set()
    for n in everyone:
        if n in seen:
            raise InvalidInput(f"{n!r} is given twice as a speaker")
        seen.add(n)
    needed = len(fmt.sides) * fmt.speakers
    seed = None
    if given.draw:
        if len(everyone) != needed:
            raise InvalidInput(
                f"the {fmt.name} format needs {needed} speakers to draw, and {len(everyone)} "
                "are given"
            )
        seed = given.seed if given.seed is not None else int.from_bytes(os.urandom(4), "big")
        drawn = list(everyone)
        random.Random(seed).shuffle(drawn)
        places = [(fmt.sides[i // fmt.speakers], i % fmt.speakers + 1) for i in range(needed)]
        return [(n, side, place) for n, (side, place) in zip(drawn, places, strict=True)], seed
    if given.seed is not None:
        raise InvalidInput("--seed is for --draw")
    for side in fmt.sides:
        if side not in named:
            raise InvalidInput(
                f"side {side!r} has no speakers: give them as --side {side}:NAME,…"
                f" ({fmt.speakers} of them)"
            )
        if len(named[side]) != fmt.speakers:
            raise InvalidInput(
                f"side {side!r} needs {fmt.speakers} speaker(s) in the {fmt.name} format, "
                f"and {len(named[side])} are given"
            )
    return [(n, side, place) for side in fmt.sides for place, n in enumerate(named[side], 1)], None


def new_session(store: Store, actor: str, given: NewSession) -> SessionView:
    fmt = load_format(given.format, given.speech_sides)
    places, seed = _places(fmt, given)
    speakers = {n for n, _, _ in places}
    judges = tuple(dict.fromkeys(validate.name(j, "a judge") for j in given.judges))
    audience = tuple(dict.fromkeys(validate.name(a, "an audience member") for a in given.audience))
    chair = validate.name(given.chair, "the chair") if given.chair else None
    for who, what in [*((j, "judge") for j in judges), *((a, "audience") for a in audience)]:
        if who in speakers:
            raise InvalidInput(f"{who!r} speaks in this session and cannot also be {what}")
    if chair in speakers:
        raise InvalidInput(f"{chair!r} speaks in this session and cannot also chair it")
    motion = validate.optional_text(given.motion, "the motion") if given.motion else None
    with store.transaction():
        thesis = require_live(store, given.thesis, "claim")
        me = store.participant_id(actor)
        session_id = store.insert_session(
            given.thesis,
            motion or thesis.text,
            fmt.name,
            catalogue.dumps(fmt),
            seed,
            me,
        )
        for name, side, place in places:
            store.add_session_person(session_id, store.participant_id(name), "speaker", side, place)
        if chair:
            store.add_session_person(session_id, store.participant_id(chair), "chair", None, None)
        for role, names in (("judge", judges), ("audience", audience)):
            for name in names:
                store.add_session_person(session_id, store.participant_id(name), role, None, None)
    return view(store, session_id)


# -- the clock ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Stepped:
    view: SessionView
    kind: StepKind
    ended: int | None  # the speech this step ended
    began: int | None  # the speech this step began


def step(
    store: Store,
    actor: str,
    session_id: int,
    kind: StepKind,
    at: str | None = None,
    *,
    side: str | None = None,
    by: str | None = None,
    accepted: bool | None = None,
    seen: tuple[int | None, int | None] | None = None,
) -> Stepped:
    """Record one step of the session's clock.

    `seen` is (the running speech, the one next up) as the caller saw them: the
    live screen's, or what this call reads before it takes the write lock. If
    another terminal moved the session on meanwhile, `next` and `end` are refused
    rather than skip a speech.
    """
    if seen is None:
        line = view(store, session_id).timeline
        seen = (line.current, line.upcoming)
    with store.transaction():
        before = view(store, session_id)
        fmt, line = before.format, before.timeline
        if kind in ("next", "end") and (line.current, line.upcoming) != seen:
            raise Conflict(f"someone else moved the session on: {_now_running(before)}")
        when = moment(at, before.origin)
        participant = None
        by_side = None
        if kind == "poi" and by is not None:  # the live screen records one unnamed
            by_side = before.side_of(by)
            if by_side is None:
                raise NotFound(f"{by!r} does not speak in session {session_id}")
            participant = store.participant_id(by)
        if side is not None and side not in fmt.sides:
            raise InvalidInput(f"{side!r} is not a side of this session ({', '.join(fmt.sides)})")
        steps = store.session_steps(session_id)
        new = Step(kind, when.at, line.current, side, by, by_side, accepted)
        after = check_step(fmt, steps, new)
        strength = None
        if kind in ("start", "next", "end"):  # for the transcript: σ speech by speech
            store.flush_kept_scores()
            kept = store.kept_scores([before.record.thesis]).get(before.record.thesis)
            strength = kept.dfquad if kept else None
        store.add_session_step(
            session_id,
            new,
            when.text,
            participant,
            store.participant_id(actor),
            after.state,
            after.current,
            strength,
        )
    if kind == "end":
        _keep_final_tree(store, session_id, before.record.thesis)
    ended = line.current if line.current is not None and line.current != after.current else None
    began = after.current if after.current is not None and after.current != line.current else None
    return Stepped(view(store, session_id), kind, ended, began)


SCREEN_STALE_AFTER = 5.0  # seconds: a live screen not heard from for longer has gone


def hold_screen(
    store: Store, session_id: int, token: str, now: float, *, take_over: bool = False
) -> None:
    """Make this live screen the one that drives the session (renewed every second);
    another one seen in the last five seconds keeps it, unless `take_over`."""
    with store.transaction():
        store.hold_screen(session_id, token, now, SCREEN_STALE_AFTER, take_over)


def screen_holder(store: Store, session_id: int) -> str | None:
    return store.screen_holder(session_id)


def release_screen(store: Store, session_id: int, token: str) -> None:
    with store.transaction():
        store.release_screen(session_id, token)


def _final_tree(store: Store, thesis: int) -> str:
    import json

    graph = store.graph_below(thesis)
    scores = scoring.Scores.from_kept(store.kept_scores(graph.nodes), "dfquad")
    [item] = tree.build(graph, [thesis], scores)
    return json.dumps(tree.to_rows(item), ensure_ascii=False)


def _keep_final_tree(store: Store, session_id: int, thesis: int) -> None:
    """Keep the tree as it stood when the session ended, for the transcript. It is
    built outside the write lock, and built again if a write came in meanwhile."""
    if store.in_transaction:  # inside a caller's transaction (the demo): no lock to spare
        store.flush_kept_scores()
        store.keep_final_tree(session_id, _final_tree(store, thesis))
        return
    for _ in range(3):
        seen = store.last_event()
        rows = _final_tree(store, thesis)
        with store.transaction():
            if store.last_event() == seen:
                store.keep_final_tree(session_id, rows)
                return
    with store.transaction():  # busy: build it under the lock after all
        store.keep_final_tree(session_id, _final_tree(store, thesis))


def _now_running(v: SessionView) -> str:
    line = v.timeline
    if line.current is None:
        return (
            f"the session is {line.state}, between speeches"
            if line.state != "ended"
            else ("the session has ended")
        )
    rule = v.format.speeches[line.current]
    return f"speech {line.current + 1} ({rule.short}) is now running"


# -- polls and ballots ---------------------------------------------------------------------


def poll(
    store: Store,
    actor: str,
    session_id: int,
    phase: str,
    answer: str | None = None,
    counts: dict[str, int] | None = None,
) -> SessionView:
    """One person's answer (as `actor`), or the room's counts, for the poll before or
    after the debate; a new answer replaces the old one."""
    if (answer is None) == (counts is None):
        raise InvalidInput("give one answer (--for, --against, --undecided) or --count")
    with store.transaction():
        current = view(store, session_id)
        closed = poll_closed(current, phase, store.revealed_at(session_id) is not None)
        if closed:
            raise Conflict(closed)
        if answer is not None:
            if current.side_of(actor) is not None:
                raise Conflict(f"{actor!r} speaks in this session; the audience votes")
            audience = current.with_role("audience")
            if audience and actor not in audience:
                raise NotFound(
                    f"{actor!r} is not in session {session_id}'s audience ({', '.join(audience)})"
                )
            me = store.participant_id(actor)
            store.cast_poll(session_id, phase, me, {answer: 1}, me)
        else:
            assert counts is not None
            store.cast_poll(session_id, phase, None, counts, store.participant_id(actor))
    return view(store, session_id)


def poll_closed(v: SessionView, phase: str, revealed: bool) -> str | None:
    """Why the poll before (or after) the debate takes no answer now; None while it is
    open (the phones show it then). Once the result is shown to the room (`revealed`),
    no answer may move it."""
    line = v.timeline
    if phase == "post" and revealed:
        return "the result has been shown: the poll after the debate is closed"
    if phase == "pre" and line.speeches[0].ended_at is not None:
        return "the first speech is over: the poll before the debate is closed"
    last = len(v.format.speeches) - 1
    if phase == "post" and line.state != "ended" and line.speeches[last].started_at is None:
        return "the poll after the debate opens with the last speech"
    return None


SKIP_UNDER_S = 10.0  # `next` on a speech that has run less than this is likely a slip


def needs_a_yes(v: SessionView, kind: StepKind) -> str | None:
    """Why this step asks for a confirmation before it is taken (the room's chair
    page asks; None: it does not): ending the debate cannot be taken back, and a
    `next` in a speech's first seconds skips it."""
    if kind == "end":
        return "ending the debate cannot be taken back: confirm it"
    line = v.timeline
    if kind == "next" and line.current is not None and line.state == "running":
        ran = line.speeches[line.current].used
        if ran < SKIP_UNDER_S:
            return f"this speech has run only {ran:.0f} s: confirm to end it"
    return None


def parse_counts(text: str) -> dict[str, int]:
    """'for=31,against=40,undecided=29' (what is left out is 0)."""
    counts: dict[str, int] = dict.fromkeys(POLL_ANSWERS, 0)
    for part in text.split(","):
        key, eq, value = part.partition("=")
        key = key.strip()
        if not eq or key not in counts:
            raise InvalidInput(
                f"--count {part.strip()[:30]!r}: expected for=N, against=N, undecided=N"
            )
        try:
            number = int(value.strip())
        except ValueError:
            raise InvalidInput(f"--count {key}: {value.strip()[:20]!r} is not a count") from None
        if not 0 <= number <= 1_000_000:
            raise InvalidInput(f"--count {key}: {number} is out of range (0 to 1,000,000)")
        counts[key] = number
    return counts


def ballot(
    store: Store,
    judge: str,
    session_id: int,
    *,
    winner: str | None = None,
    ranking: list[str] | None = None,
    points: dict[str, int] | None = None,
    reason: str | None = None,
) -> SessionView:
    reason = validate.optional_text(reason, "the reason", 5000) if reason else None
    with store.transaction():
        current = view(store, session_id)
        fmt = current.format
        if fmt.decision == "swing":
            raise Conflict(f"the {fmt.name} format is decided by the audience's polls, not ballots")
        judges = current.with_role("judge")
        if judge not in judges:
            listed = ", ".join(judges) or "none"
            raise NotFound(f"{judge!r} is not a judge of session {session_id} (judges: {listed})")
        if current.timeline.state != "ended":
            raise Conflict("ballots are handed in when the session has ended (`session end`)")
        if fmt.decision == "ranking":
            if winner is not None:
                raise InvalidInput(
                    f"the {fmt.name} format ranks the teams: give --rank, not --winner"
                )
            if ranking is None or sorted(ranking) != sorted(fmt.sides):
                raise InvalidInput(
                    f"--rank must name each team once, first place first ({', '.join(fmt.sides)})"
                )
        else:
            if ranking is not None:
                raise InvalidInput("--rank is for formats that rank teams; give --winner")
            if winner not in fmt.sides:
                raise InvalidInput(f"--winner must be one of the sides ({', '.join(fmt.sides)})")
        scored: dict[int, int] = {}
        for speaker, score in (points or {}).items():
            if fmt.points is None:
                raise InvalidInput(f"the {fmt.name} format gives no speaker points")
            if current.side_of(speaker) is None:
                raise NotFound(f"{speaker!r} does not speak in session {session_id}")
            low, high = fmt.points
            if not low <= score <= high:
                raise InvalidInput(
                    f"{speaker}'s points {score} are out of range: {low} to {high} in {fmt.name}"
                )
            scored[store.participant_id(speaker)] = score
        store.cast_ballot(session_id, store.participant_id(judge), winner, ranking, scored, reason)
    return view(store, session_id)


def parse_points(items: tuple[str, ...]) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in items:
        name, eq, value = item.rpartition("=")
        if not eq or not name.strip():
            raise InvalidInput(f"--points {item[:30]!r}: expected SPEAKER=SCORE")
        try:
            out[name.strip()] = int(value)
        except ValueError:
            raise InvalidInput(f"--points {item[:30]!r}: {value[:10]!r} is not a number") from None
    return out


# -- how it was decided --------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    view: SessionView
    swing: decisions.Swing
    moved: dict[tuple[str, str], int]
    ballots: tuple[Ballot, ...]  # the current ones
    majority: decisions.Majority | None
    ranking: decisions.Ranking | None
    winner: str | None  # a side, or None for a tie or no decision yet
    decided_by: str  # "polls", "ballots", or "" when nothing decides yet

    def decision_text(self) -> str:
        """The decision in words (the screen and the transcript say the same)."""
        fmt = self.view.format
        if fmt.decision == "swing":
            if not self.decided_by:
                return "no decision yet: the poll after the debate has no answers"
            if self.winner is None:
                return "a tie: both sides' shares moved alike"
            gain = self.swing.swing["for" if self.winner in fmt.for_sides else "against"]
            return f"{self.winner} wins on the swing ({decisions.points_text(gain)})"
        if fmt.decision == "majority":
            if self.majority is None:
                return "no decision yet: no ballots"
            if self.winner is None:
                return f"no decision: the judges split {self.majority.split}"
            minority = self.majority.minority
            named = f"; minority: {', '.join(minority)}" if minority else ""
            return f"{self.winner} wins {self.majority.split}{named}"
        if self.ranking is None:
            return "no decision yet: no ballots"
        order = ", ".join(f"{t} ({self.ranking.team_points[t]})" for t in self.ranking.order)
        return f"ranking: {order}"


def _poll_counts(answers: list[PollAnswer], phase: str) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(POLL_ANSWERS, 0)
    for a in answers:
        if a.is_current and a.phase == phase:
            counts[a.answer] += a.votes
    return counts


def result(store: Store, session_id: int, *, now: float | None = None) -> Result:
    """How the session stands or was decided; its view counted to `now` (as `view`)."""
    current = view(store, session_id, now=now)
    fmt = current.format
    answers = store.poll_answers(session_id)
    swing = decisions.swing(_poll_counts(answers, "pre"), _poll_counts(answers, "post"))
    by_name = {
        phase: {
            a.participant: a.answer
            for a in answers
            if a.is_current and a.phase == phase and a.participant is not None
        }
        for phase in ("pre", "post")
    }
    moved = decisions.moved(by_name["pre"], by_name["post"])  # type: ignore[arg-type]
    ballots = tuple(b for b in store.ballots(session_id) if b.is_current)
    majority = ranking = None
    winner: str | None = None
    decided_by = ""
    if fmt.decision == "swing":
        if swing.winner is not None:
            winner = fmt.for_sides[0] if swing.winner == "for" else fmt.against_sides[0]
        decided_by = "polls" if sum(swing.post.values()) else ""
    elif fmt.decision == "majority":
        if ballots:
            majority = decisions.majority(list(ballots), fmt.sides)
            winner, decided_by = majority.winner, "ballots"
    else:
        team_of = {p.participant: p.side for p in current.people if p.side is not None}
        ranking = decisions.ranking(list(ballots), fmt.sides, team_of)
        if ranking is not None:
            winner, decided_by = ranking.order[0], "ballots"
    return Result(current, swing, moved, ballots, majority, ranking, winner, decided_by)


# -- the transcript --------------------------------------------------------------------------


@dataclass(frozen=True)
class Transcript:
    result: Result
    events: tuple[SessionEvent, ...]  # what was done on the tree in each speech
    nodes: dict[int, Node]  # the claims and quotes those events name, as they are now
    sources: dict[str, Source]
    steps: tuple[StepTime, ...]
    final_tree: tree.TreeItem | None  # as it stood when the session ended

    @property
    def view(self) -> SessionView:
        return self.result.view


def transcript(store: Store, session_id: int) -> Transcript:
    import json

    decided = result(store, session_id)
    events = tuple(store.session_events(session_id))
    ids = {e.node for e in events if e.node is not None}
    ids |= {int(e.data["parent"]) for e in events if isinstance(e.data.get("parent"), int)}
    ids |= {int(e.data["claim"]) for e in events if isinstance(e.data.get("claim"), int)}
    kept = store.final_tree(session_id)
    final = tree.from_rows(json.loads(kept)) if kept else None
    return Transcript(
        decided,
        events,
        store.nodes(ids),
        {s.key: s for s in store.sources()},
        tuple(store.session_step_times(session_id)),
        final,
    )
