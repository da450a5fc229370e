"""The clock of a seminar session, replayed from its steps. Pure: no I/O.

A session's steps (start, next, pause, resume, end, POIs, prep) are kept in time
order; everything else (which speech runs, each speech's time used and overtime,
the prep banks) is replayed from them, for any moment. A step that the rules of
the format or the state of the session refuse raises, naming why, so the same
replay checks a new step before it is recorded.

Between speeches: a prep step ends the running speech, and the next one waits
until `next` starts it. So LD's negative can take prep after the CX.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from debate.core.seminar.catalogue import DebateFormat, clock
from debate.errors import Conflict, InvalidInput
from debate.models import Step

State = Literal["new", "running", "paused", "ended"]


class Poi(NamedTuple):
    by: str
    accepted: bool | None
    at: float  # seconds from the start of the speech (time used, pauses left out)


class SpeechClock(NamedTuple):
    speech: int  # its place in the format, from 0
    started_at: float | None  # the moment, seconds since 1970
    ended_at: float | None
    used: float  # seconds the clock ran
    pois: tuple[Poi, ...]


class Timeline(NamedTuple):
    state: State
    current: int | None  # the running or paused speech
    upcoming: int | None  # the speech `next` (or `start`) begins
    speeches: tuple[SpeechClock, ...]
    prep_used: dict[str, float]  # by side ("" for a shared prep before the debate)
    prep_running: str | None  # whose prep runs now
    started_at: float | None
    ended_at: float | None
    last_at: float | None  # the last step's moment

    def overtime(self, fmt: DebateFormat, index: int) -> float:
        return max(0.0, self.speeches[index].used - fmt.speeches[index].length)

    def prep_left(self, fmt: DebateFormat, side: str) -> float:
        return fmt.prep - self.prep_used.get(side, 0.0)


class _Replay:
    def __init__(self, fmt: DebateFormat):
        self.fmt = fmt
        self.state: State = "new"
        self.current: int | None = None
        self.upcoming: int | None = 0
        self.started: list[float | None] = [None] * len(fmt.speeches)
        self.ended: list[float | None] = [None] * len(fmt.speeches)
        self.used = [0.0] * len(fmt.speeches)
        self.pois: list[list[Poi]] = [[] for _ in fmt.speeches]
        self.running_since: float | None = None  # the current speech's clock
        self.prep_used: dict[str, float] = {}
        self.prep_side: str | None = None
        self.prep_since = 0.0
        self.session_started: float | None = None
        self.session_ended: float | None = None
        self.last: float | None = None

    # -- helpers ---------------------------------------------------------------------

    def _name(self, index: int) -> str:
        s = self.fmt.speeches[index]
        return f"speech {index + 1} ({s.short})"

    def _stop_clock(self, at: float) -> None:
        if self.current is not None and self.running_since is not None:
            self.used[self.current] += at - self.running_since
        self.running_since = None

    def _stop_prep(self, at: float) -> None:
        if self.prep_side is not None:
            side = self.prep_side
            self.prep_used[side] = self.prep_used.get(side, 0.0) + at - self.prep_since
            self.prep_side = None

    def _end_speech(self, at: float) -> None:
        if self.current is not None:
            self._stop_clock(at)
            self.ended[self.current] = at
            self.upcoming = self.current + 1 if self.current + 1 < len(self.fmt.speeches) else None
            self.current = None
        self.state = "running" if self.state != "new" else "new"

    def _begin(self, index: int, at: float) -> None:
        self._stop_prep(at)
        self.current, self.upcoming = index, None
        self.started[index] = at
        self.running_since = at
        self.state = "running"

    def used_now(self, index: int, at: float) -> float:
        running = index == self.current and self.running_since is not None
        extra = at - self.running_since if running and self.running_since is not None else 0.0
        return self.used[index] + extra

    # -- steps -----------------------------------------------------------------------

    def apply(self, step: Step) -> None:
        if self.last is not None and step.at < self.last:
            raise InvalidInput(
                f"that moment is {clock(self.last - step.at)} before the session's last step; "
                "steps are recorded in time order"
            )
        if self.state == "ended":
            raise Conflict("the session has ended")
        getattr(self, "_" + step.kind.replace(" ", "_"))(step)
        self.last = step.at

    def _start(self, step: Step) -> None:
        if self.state != "new":
            raise Conflict("the session has already started (`session next` moves on)")
        self.session_started = step.at
        self._begin(0, step.at)

    def _next(self, step: Step) -> None:
        if self.state == "new":
            raise Conflict("the session has not started (`session start` begins it)")
        if self.current is not None and self.current + 1 >= len(self.fmt.speeches):
            raise Conflict(
                f"{self._name(self.current)} is the last; `session end` ends the session"
            )
        index = self.current + 1 if self.current is not None else self.upcoming
        if index is None:
            raise Conflict("every speech has been given; `session end` ends the session")
        self._end_speech(step.at)
        self._begin(index, step.at)

    def _pause(self, step: Step) -> None:
        if self.state == "paused":
            raise Conflict("the session is already paused")
        if self.current is None:
            raise Conflict("no speech is running to pause")
        self._stop_clock(step.at)
        self.state = "paused"

    def _resume(self, step: Step) -> None:
        if self.state != "paused":
            raise Conflict("the session is not paused")
        self.running_since = step.at
        self.state = "running"

    def _end(self, step: Step) -> None:
        self._stop_prep(step.at)
        self._end_speech(step.at)
        self.state = "ended"
        self.session_ended = step.at
        if self.session_started is None:
            self.session_started = step.at

    def _poi(self, step: Step) -> None:
        index = self.current
        if index is None or self.state != "running":
            raise Conflict("a point of information needs a speech that is running")
        rule = self.fmt.speeches[index]
        if rule.poi is None:
            raise Conflict(f"{self._name(index)} takes no points of information")
        at = self.used_now(index, step.at)
        low, high = rule.poi
        if not low <= at <= high:
            raise Conflict(
                f"{self._name(index)} takes points of information only from {clock(low)} "
                f"to {clock(high)}; {clock(at)} is protected time"
            )
        speaker_side = rule.side
        if step.by_side is not None and self._same_bench(step.by_side, speaker_side):
            raise Conflict(
                f"{step.by} is on the speaker's own side; points of information come "
                "from the other side"
            )
        self.pois[index].append(Poi(step.by or "", step.accepted, at))

    def _same_bench(self, a: str, b: str) -> bool:
        for_sides = self.fmt.for_sides
        return (a in for_sides) == (b in for_sides) if for_sides else a == b

    def _prep_start(self, step: Step) -> None:
        fmt = self.fmt
        if fmt.prep_kind == "none":
            raise Conflict(f"the {fmt.name} format has no preparation time")
        if self.prep_side is not None:
            raise Conflict(f"{self._whose(self.prep_side)} prep is already running")
        if fmt.prep_kind == "before":
            if self.state != "new":
                raise Conflict(f"the {fmt.name} format's prep time comes before the debate")
            side = ""
        else:
            if not step.side:
                raise InvalidInput(f"name whose prep time it is ({', '.join(fmt.sides)})")
            side = step.side
            last = len(fmt.speeches) - 1
            if (self.current is None and self.upcoming is None) or self.current == last:
                raise Conflict("the last speech is under way: there is nothing left to prepare")
            self._end_speech(step.at)  # prep is taken between speeches
        self.prep_side = side
        self.prep_since = step.at

    def _prep_stop(self, step: Step) -> None:
        if self.prep_side is None:
            raise Conflict("no prep time is running")
        if step.side and step.side != self.prep_side:
            raise Conflict(f"it is {self._whose(self.prep_side)} prep that is running")
        self._stop_prep(step.at)

    def _whose(self, side: str) -> str:
        return f"{side}'s" if side else "the"

    def timeline(self, now: float | None) -> Timeline:
        at = self.last if now is None or (self.last is not None and now < self.last) else now
        speeches = tuple(
            SpeechClock(
                i,
                self.started[i],
                self.ended[i],
                self.used_now(i, at)
                if at is not None and self.state == "running"
                else self.used[i],
                tuple(self.pois[i]),
            )
            for i in range(len(self.fmt.speeches))
        )
        prep = dict(self.prep_used)
        if self.prep_side is not None and at is not None:
            prep[self.prep_side] = prep.get(self.prep_side, 0.0) + at - self.prep_since
        return Timeline(
            self.state,
            self.current,
            self.upcoming if self.state != "ended" else None,
            speeches,
            prep,
            self.prep_side,
            self.session_started,
            self.session_ended,
            self.last,
        )


def replay(fmt: DebateFormat, steps: list[Step], now: float | None = None) -> Timeline:
    """The session as it stands at `now` (default: its last step) after the steps."""
    r = _Replay(fmt)
    for step in steps:
        r.apply(step)
    return r.timeline(now)


def check_step(fmt: DebateFormat, steps: list[Step], step: Step) -> Timeline:
    """The session after one more step; raises if the step is refused."""
    r = _Replay(fmt)
    for s in steps:
        r.apply(s)
    r.apply(step)
    return r.timeline(step.at)
