"""What each page of the room shows, read from the use cases in one snapshot: the
projector's, the phones', a judge's and the chair's. The templates draw these
records; nothing here writes."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from debate.app import room, sessions, weighing
from debate.core.seminar.decisions import points_text
from debate.core.seminar.screen import Screen, countdown, screen
from debate.core.tree import TreeItem
from debate.models import POLL_ANSWERS, Ballot

if TYPE_CHECKING:
    from debate.store import Store

TREE_DEPTH = 2  # the projector shows the thesis and two levels under it


@dataclass(frozen=True)
class Clock:
    """The running clock as the page's script counts it on, between the server's
    updates: seconds left when the page was made, whether it runs, and what rings."""

    left: str  # M:SS or +M:SS, as drawn
    remaining: float
    running: bool
    used: float
    bells: str  # "60 1,240 1,300 2": at seconds, rings
    poi: str  # "60 240": the window, or ""
    at: float  # the server's time when it was drawn (a part reaches many pages, later)

    def data(self) -> str:
        return json.dumps(
            {"remaining": round(self.remaining, 1), "running": self.running,
             "used": round(self.used, 1), "bells": self.bells, "poi": self.poi,
             "at": round(self.at, 3)}
        )  # fmt: skip


@dataclass(frozen=True)
class Shown:
    """The result, once the chair has shown it to the room."""

    decision: str
    rows: tuple[tuple[str, float, float, str], ...]  # answer, % before, % after, swing


@dataclass(frozen=True)
class State:
    """What every page shows of the session."""

    screen: Screen
    clock: Clock
    ended: bool
    pre_open: bool
    post_open: bool
    polled: dict[str, int]  # by phase: how many answered
    shown: Shown | None
    revealed: bool


def state(store: Store, decided: sessions.Result) -> State:
    """What every page shows, from the session as `sessions.result` read it (one
    reading a page: the result holds the session's view)."""
    v = decided.view
    at = v.as_of if v.as_of is not None else time.time()
    s = screen(v)
    line = v.timeline
    running = s.state == "running" and s.speech is not None and s.speech == line.current
    clock = Clock(
        countdown(s),
        s.remaining,
        running,
        s.used,
        ",".join(f"{bell:g} {rings}" for bell, rings, _ in s.bells),
        f"{s.poi_window[0]} {s.poi_window[1]}" if s.poi_window else "",
        at,
    )
    polled = {
        "pre": sum(decided.swing.pre.values()),
        "post": sum(decided.swing.post.values()),
    }
    shown = None
    revealed = room.revealed(store, v.id)
    if revealed:
        sw = decided.swing
        rows = tuple(
            (a, sw.pre_share[a], sw.post_share[a], points_text(sw.swing[a])) for a in POLL_ANSWERS
        )
        shown = Shown(decided.decision_text(), rows if polled["post"] else ())
    return State(
        s,
        clock,
        line.state == "ended",
        sessions.poll_closed(v, "pre", revealed) is None and line.state != "ended",
        sessions.poll_closed(v, "post", revealed) is None,
        polled,
        shown,
        revealed,
    )


# -- the projector ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectorPage:
    state: State
    tree: TreeItem | None  # the thesis, with its strengths


def projector(store: Store, session_id: int) -> ProjectorPage:
    decided = sessions.result(store, session_id, now=time.time())
    thesis = decided.view.record.thesis
    items = weighing.weighted_trees(store, thesis, depth=TREE_DEPTH).items
    return ProjectorPage(state(store, decided), items[0] if items else None)


# -- a phone ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhonePage:
    state: State
    name: str  # "" in the part streamed to every phone
    speaks: bool  # a speaker: no polls
    answers: dict[str, str]  # phase -> the device's current answer
    said: tuple[room.Said, ...]
    turn: str = ""  # a speaker's: "now" while their speech runs, "next" when it comes next


def _turn(v: sessions.SessionView, name: str) -> str:
    line = v.timeline
    if line.current is not None and name in (v.speaker(line.current), v.respondent(line.current)):
        return "now"
    after = line.current + 1 if line.current is not None else line.upcoming
    if after is not None and after < len(v.format.speeches) and v.speaker(after) == name:
        return "next"
    return ""


def phone(store: Store, session_id: int, name: str) -> PhonePage:
    """One device's phone page, with its own answers and votes marked."""
    decided = sessions.result(store, session_id, now=time.time())
    v = decided.view
    return PhonePage(
        state(store, decided),
        name,
        v.side_of(name) is not None,
        room.poll_answers_of(store, session_id, name),
        tuple(room.said(store, session_id, name)),
        _turn(v, name),
    )


def speaks(store: Store, session_id: int, name: str) -> bool:
    return sessions.view(store, session_id).side_of(name) is not None


def phone_part(store: Store, session_id: int, speaker: str | None) -> PhonePage:
    """The part of the phone page that every audience phone is sent alike (or, for a
    speaker, that speaker's phones); each page marks its own choices in it."""
    decided = sessions.result(store, session_id, now=time.time())
    said = tuple(room.said(store, session_id, None))
    turn = _turn(decided.view, speaker) if speaker else ""
    return PhonePage(state(store, decided), "", speaker is not None, {}, said, turn)


# -- the join page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class JoinPage:
    motion: str
    names: room.Names


def join(store: Store, session_id: int) -> JoinPage:
    return JoinPage(sessions.view(store, session_id).record.motion, room.names(store, session_id))


# -- a judge's ------------------------------------------------------------------------------


@dataclass(frozen=True)
class JudgePage:
    state: State
    judge: str
    decision: str  # "majority" (a winner) or "ranking"; "swing" takes no ballots
    sides: tuple[str, ...]
    speakers: tuple[tuple[str, str], ...]  # (name, side), in speaking order
    points: tuple[int, int] | None  # the format's range
    mine: Ballot | None


def judge(store: Store, session_id: int, judge_name: str) -> JudgePage:
    decided = sessions.result(store, session_id, now=time.time())
    v = decided.view
    fmt = v.format
    speakers = tuple(
        (p.participant, p.side or "")
        for p in sorted(
            (p for p in v.people if p.role == "speaker"),
            key=lambda p: (fmt.sides.index(p.side or ""), p.speaker or 0),
        )
    )
    mine = next((b for b in decided.ballots if b.judge == judge_name), None)
    return JudgePage(
        state(store, decided), judge_name, fmt.decision, fmt.sides, speakers, fmt.points, mine
    )


# -- the chair's -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChairPage:
    state: State
    chair: str
    sides: tuple[str, ...]
    prep_kind: str | None
    seats: tuple[str, ...]  # names devices hold
    seen: str  # "current upcoming" speech as this page shows them (see server._seen)


def chair(store: Store, session_id: int, chair_name: str) -> ChairPage:
    decided = sessions.result(store, session_id, now=time.time())
    v = decided.view
    return ChairPage(
        state(store, decided),
        chair_name,
        v.format.sides,
        v.format.prep_kind,
        tuple(s.participant for s in room.seats(store, session_id)),
        " ".join("" if i is None else str(i) for i in (v.timeline.current, v.timeline.upcoming)),
    )
