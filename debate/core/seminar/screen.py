"""What the live screen shows at a moment, and which bells ring. Pure: no I/O.

The live screen (`session run`) draws this record on every tick; it is computed
from the session as the store has it, so what plain commands from other
terminals change shows on the next tick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NamedTuple

from debate.core.seminar.catalogue import Bell, clock
from debate.core.seminar.clock import Poi

if TYPE_CHECKING:
    from debate.app.sessions import SessionView

PoiState = Literal["open", "protected", "none"]


class Screen(NamedTuple):
    session: int
    motion: str
    state: str  # new, running, paused, ended; "prep" while prep time runs
    speech: int | None  # the speech on the screen: the current one, else the next
    title: str  # "2. Leader of the Opposition (LO)"
    speaker: str
    side: str
    role: str
    allowed: float
    used: float
    remaining: float  # negative in overtime
    overtime: float
    progress: float  # 0 to 1
    bells: tuple[tuple[float, int, bool], ...]  # (at, rings, rung yet)
    poi: PoiState
    poi_window: tuple[int, int] | None
    pois: str  # those of this speech so far: "1 accepted, 2 declined or offered"
    next_up: str  # what comes after
    prep: tuple[tuple[str, float, bool], ...]  # (side, seconds left, running) of each bank
    message: str = ""  # the last thing that happened, or why a key was refused


def _label(v: SessionView, index: int) -> str:
    rule = v.format.speeches[index]
    return f"{index + 1}. {rule.name} ({rule.short})"


def screen(v: SessionView, message: str = "") -> Screen:
    fmt, line = v.format, v.timeline
    index = line.current if line.current is not None else line.upcoming
    prep_banks: tuple[tuple[str, float, bool], ...] = ()
    if fmt.prep_kind == "bank":
        prep_banks = tuple((s, line.prep_left(fmt, s), line.prep_running == s) for s in fmt.sides)
    elif fmt.prep_kind == "before" and line.state == "new":
        prep_banks = (("prep", line.prep_left(fmt, ""), line.prep_running == ""),)
    state = "prep" if line.prep_running is not None else line.state
    if index is None:
        return Screen(
            v.id, v.record.motion, state, None, "The debate is over", "", "", "", 0.0, 0.0,
            0.0, 0.0, 1.0, (), "none", None, "", "", prep_banks, message,
        )  # fmt: skip
    rule = fmt.speeches[index]
    used = line.speeches[index].used if index == line.current else 0.0
    remaining = rule.length - used
    if rule.poi is None:
        poi: PoiState = "none"
    elif index == line.current and rule.poi[0] <= used <= rule.poi[1]:
        poi = "open"
    else:
        poi = "protected"
    after = index + 1 if index + 1 < len(fmt.speeches) else None
    asked = v.respondent(index)
    speaker = v.speaker(index) or "?"
    return Screen(
        v.id,
        v.record.motion,
        state,
        index,
        _label(v, index),
        f"{speaker} asks {asked}" if asked else speaker,
        rule.side,
        rule.role,
        float(rule.length),
        used,
        remaining,
        max(0.0, -remaining),
        min(1.0, used / rule.length) if rule.length else 1.0,
        tuple((float(b.at), b.rings, used >= b.at) for b in rule.bells),
        poi,
        rule.poi,
        _pois(line.speeches[index].pois) if index == line.current else "",
        f"{_label(v, after)}: {v.speaker(after) or '?'}" if after is not None else "the end",
        prep_banks,
        message,
    )


def _pois(pois: tuple[Poi, ...]) -> str:
    if not pois:
        return ""
    taken = sum(1 for p in pois if p.accepted)
    return f"{taken} accepted, {len(pois) - taken} declined or offered"


def bells_between(bells: tuple[Bell, ...], before: float, now: float) -> int:
    """How many times to ring for the bells passed between two moments of a speech."""
    return sum(b.rings for b in bells if before < b.at <= now)


def countdown(s: Screen) -> str:
    """M:SS left, or +M:SS of overtime."""
    return f"+{clock(s.overtime)}" if s.remaining < 0 else clock(s.remaining)
