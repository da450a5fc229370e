"""What a debate format is: sides, speeches in order, bells, POI windows, preparation
time and the rule that decides the debate. Pure: no I/O.

Times are whole seconds. A speech's POI window is `(from, to)` in seconds from its
start; outside it (the protected time) points of information are out of order.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from debate.errors import InvalidInput

Decision = Literal["swing", "majority", "ranking"]
PrepKind = Literal["none", "before", "bank"]
DECISIONS: tuple[Decision, ...] = ("swing", "majority", "ranking")
PREP_KINDS: tuple[PrepKind, ...] = ("none", "before", "bank")
# What each decision rule means, for `format show` and the transcript.
DECISION_TEXT: dict[Decision, str] = {
    "swing": "audience poll before and after; the side whose share grew more wins",
    "majority": "judges' majority",
    "ranking": "judges rank the teams; team points 3/2/1/0",
}


class Bell(NamedTuple):
    at: int  # seconds from the start of the speech
    rings: int = 1


class SpeechRule(NamedTuple):
    name: str  # "Prime Minister", "Cross-examination"
    short: str  # "PM", "CX"
    side: str
    speaker: int  # which speaker of the side speaks (1-based); for a CX, who asks
    length: int
    poi: tuple[int, int] | None = None
    bells: tuple[Bell, ...] = ()
    answers: tuple[str, int] | None = None  # a cross-examination: the side and speaker asked

    @property
    def role(self) -> str:
        return f"{self.side} {self.speaker}"


class DebateFormat(NamedTuple):
    name: str
    title: str
    sides: tuple[str, ...]
    speakers: int  # per side (or team)
    speeches: tuple[SpeechRule, ...]
    decision: Decision
    prep: int = 0  # seconds: before the debate, or in each side's bank
    prep_kind: PrepKind = "none"
    poi_length: int = 15  # how long a point of information should take, for the screen
    points: tuple[int, int] | None = None  # speaker points range, inclusive
    # The sides counted as "for" the motion in polls (BP: both government teams).
    for_sides: tuple[str, ...] = ()
    origin: str = "built-in"  # or the file it was read from

    @property
    def against_sides(self) -> tuple[str, ...]:
        return tuple(s for s in self.sides if s not in self.for_sides)


def default_bells(length: int) -> tuple[Bell, ...]:
    """A warning bell one minute before the end of a speech of 4 minutes or more, and
    two at the end, as debating societies ring them."""
    warning = (Bell(length - 60),) if length >= 4 * 60 else ()
    return (*warning, Bell(length, 2))


_CLOCK = re.compile(r"(\d{1,4})(?::([0-5]\d))?")


def seconds(value: object, key: str) -> int:
    """'7:00' (minutes and seconds), '45' or 45 (seconds) as seconds."""
    if isinstance(value, bool):
        raise InvalidInput(f"{key}: expected a time such as 7:00, not {value!r}")
    if isinstance(value, int):
        if not 0 <= value <= 24 * 3600:
            raise InvalidInput(f"{key}: {value} seconds is out of range (0 to 24 hours)")
        return value
    if isinstance(value, str):
        m = _CLOCK.fullmatch(value.strip())
        if m:
            if m.group(2) is None:
                return int(m.group(1))
            return int(m.group(1)) * 60 + int(m.group(2))
    shown = repr(value) if len(repr(value)) <= 30 else repr(value)[:30] + "…"
    raise InvalidInput(f"{key}: expected a time such as 7:00 or 45 (seconds), not {shown}")


def clock(secs: float) -> str:
    """Seconds as M:SS (negative with a minus sign)."""
    sign = "-" if secs < 0 else ""
    whole = int(abs(secs))
    return f"{sign}{whole // 60}:{whole % 60:02d}"


def check(fmt: DebateFormat) -> DebateFormat:
    """Refuse a format that cannot be run, naming what is wrong."""
    if len(fmt.sides) < 2:
        raise InvalidInput(f"format {fmt.name!r}: sides: at least two are needed")
    if len(set(fmt.sides)) != len(fmt.sides):
        raise InvalidInput(f"format {fmt.name!r}: sides: a side is named twice")
    if not fmt.speeches:
        raise InvalidInput(f"format {fmt.name!r}: speeches: there are none")
    if fmt.decision not in DECISIONS:
        raise InvalidInput(
            f"format {fmt.name!r}: decision: {fmt.decision!r} is not one of {', '.join(DECISIONS)}"
        )
    if fmt.decision in ("swing", "majority") and len(fmt.sides) != 2:
        raise InvalidInput(
            f"format {fmt.name!r}: decision: {fmt.decision} needs two sides; "
            f"with {len(fmt.sides)} use ranking"
        )
    if fmt.prep_kind not in PREP_KINDS:
        raise InvalidInput(f"format {fmt.name!r}: prep: unknown kind {fmt.prep_kind!r}")
    if fmt.points and not 0 <= fmt.points[0] < fmt.points[1]:
        raise InvalidInput(f"format {fmt.name!r}: points: the range must rise, as [60, 80]")
    for s in fmt.for_sides:
        if s not in fmt.sides:
            raise InvalidInput(f"format {fmt.name!r}: for_sides: {s!r} is not a side")
    for i, sp in enumerate(fmt.speeches, 1):
        where = f"format {fmt.name!r}: speech {i} ({sp.name})"
        if sp.side not in fmt.sides:
            raise InvalidInput(f"{where}: side {sp.side!r} is not one of {', '.join(fmt.sides)}")
        if not 1 <= sp.speaker <= fmt.speakers:
            raise InvalidInput(f"{where}: speaker {sp.speaker} is not from 1 to {fmt.speakers}")
        if sp.length <= 0:
            raise InvalidInput(f"{where}: length must be more than 0:00")
        if sp.poi and not 0 <= sp.poi[0] < sp.poi[1] <= sp.length:
            raise InvalidInput(f"{where}: the POI window must lie inside the speech")
        if sp.answers and (
            sp.answers[0] not in fmt.sides or not 1 <= sp.answers[1] <= fmt.speakers
        ):
            raise InvalidInput(f"{where}: the speaker asked is not in the format")
    return fmt
