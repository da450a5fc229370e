"""Custom formats from a TOML file, checked key by key.

title = "Seminar debate"
sides = ["for", "against"]
speakers = 2                  # per side
decision = "majority"         # swing, majority or ranking
for_sides = ["for"]           # optional: who counts as "for" in polls (default: the first side)
prep = "5:00"                 # optional
prep_kind = "bank"            # none, before (one block before the debate) or bank (each side's)
points = [60, 80]             # optional: the speaker points range
poi_length = 15               # optional, seconds

[[speeches]]
name = "Opening for"
short = "O1"                  # optional
side = "for"
speaker = 1
length = "5:00"
poi = ["1:00", "4:00"]        # optional: the window; outside it is protected time
bells = ["4:00", { at = "5:00", rings = 2 }]  # optional: default a warning and the end
answers = { side = "against", speaker = 1 }   # optional: a cross-examination
"""

from __future__ import annotations

import sys
from typing import Any

from debate.core.seminar.format import (
    Bell,
    DebateFormat,
    SpeechRule,
    check,
    default_bells,
    seconds,
)
from debate.errors import InvalidInput

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

TOP_KEYS = {
    "title", "sides", "speakers", "decision", "for_sides", "prep", "prep_kind", "points",
    "poi_length", "speeches",
}  # fmt: skip
SPEECH_KEYS = {"name", "short", "side", "speaker", "length", "poi", "bells", "answers"}


def _unknown(table: dict[str, Any], allowed: set[str], where: str) -> None:
    extra = sorted(set(table) - allowed)
    if extra:
        raise InvalidInput(f"{where}{extra[0]}: unknown key (known: {', '.join(sorted(allowed))})")


def _text(value: Any, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{key}: expected text")
    if any(ord(c) < 32 for c in value):
        raise InvalidInput(f"{key}: control characters are not allowed")
    if len(value) > 100:
        raise InvalidInput(f"{key}: longer than 100 characters")
    return value.strip()


def _whole(value: Any, key: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"{key}: expected a whole number from {low} to {high}")
    return value


def _list(value: Any, key: str) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidInput(f"{key}: expected a list")
    return value


def initials(name: str) -> str:
    """'Deputy Leader of the Opposition' → 'DLO'."""
    small = {"of", "the", "for", "and", "a", "an", "to", "de", "la", "el", "del"}
    words = [w for w in name.replace("-", " ").split() if w.lower() not in small]
    return "".join(w[0].upper() for w in words)[:6] or name[:6]


def _bells(value: Any, key: str, length: int) -> tuple[Bell, ...]:
    bells = []
    for i, bell in enumerate(_list(value, key), 1):
        where = f"{key}[{i}]"
        if isinstance(bell, dict):
            _unknown(bell, {"at", "rings"}, f"{where}.")
            if "at" not in bell:
                raise InvalidInput(f"{where}.at: missing")
            at = seconds(bell["at"], f"{where}.at")
            rings = _whole(bell.get("rings", 1), f"{where}.rings", 1, 5)
        else:
            at, rings = seconds(bell, where), 1
        if at > length + 600:
            raise InvalidInput(f"{where}: rings more than ten minutes after the speech ends")
        bells.append(Bell(at, rings))
    return tuple(sorted(bells))


def _speech(table: Any, i: int, sides: tuple[str, ...]) -> SpeechRule:
    key = f"speeches[{i}]"
    if not isinstance(table, dict):
        raise InvalidInput(f"{key}: expected a table ([[speeches]])")
    _unknown(table, SPEECH_KEYS, f"{key}.")
    for needed in ("name", "side", "speaker", "length"):
        if needed not in table:
            raise InvalidInput(f"{key}.{needed}: missing")
    name = _text(table["name"], f"{key}.name")
    side = _text(table["side"], f"{key}.side")
    if side not in sides:
        raise InvalidInput(f"{key}.side: {side!r} is not one of the sides ({', '.join(sides)})")
    length = seconds(table["length"], f"{key}.length")
    if length <= 0:
        raise InvalidInput(f"{key}.length: must be more than 0:00")
    poi = None
    if "poi" in table:
        window = _list(table["poi"], f"{key}.poi")
        if len(window) != 2:
            raise InvalidInput(f'{key}.poi: expected [from, to], as ["1:00", "4:00"]')
        poi = (seconds(window[0], f"{key}.poi[1]"), seconds(window[1], f"{key}.poi[2]"))
        if not 0 <= poi[0] < poi[1] <= length:
            raise InvalidInput(f"{key}.poi: the window must lie inside the speech (0:00 to length)")
    if "bells" in table:
        bells = _bells(table["bells"], f"{key}.bells", length)
    else:
        bells = default_bells(length)
    answers = None
    if "answers" in table:
        asked = table["answers"]
        if not isinstance(asked, dict):
            raise InvalidInput(f"{key}.answers: expected {{ side = …, speaker = … }}")
        _unknown(asked, {"side", "speaker"}, f"{key}.answers.")
        answers = (
            _text(asked.get("side"), f"{key}.answers.side"),
            _whole(asked.get("speaker"), f"{key}.answers.speaker", 1, 20),
        )
    short = _text(table["short"], f"{key}.short") if "short" in table else initials(name)
    speaker = _whole(table["speaker"], f"{key}.speaker", 1, 20)
    return SpeechRule(name, short, side, speaker, length, poi, bells, answers)


def parse(text: str, name: str, origin: str) -> DebateFormat:
    """A format from TOML text; every error names the key (or the line, for bad TOML)."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InvalidInput(f"{origin}: not valid TOML: {e}") from None
    try:
        return _format(doc, name, origin)
    except InvalidInput as e:
        raise InvalidInput(f"{origin}: {e}") from None


def _format(doc: dict[str, Any], name: str, origin: str) -> DebateFormat:
    _unknown(doc, TOP_KEYS, "")
    for needed in ("sides", "speakers", "decision", "speeches"):
        if needed not in doc:
            raise InvalidInput(f"{needed}: missing")
    sides = tuple(_text(s, f"sides[{i}]") for i, s in enumerate(_list(doc["sides"], "sides"), 1))
    if len(sides) < 2 or len(set(sides)) != len(sides):
        raise InvalidInput("sides: expected two or more different names")
    speeches = tuple(
        _speech(t, i, sides) for i, t in enumerate(_list(doc["speeches"], "speeches"), 1)
    )
    if not speeches:
        raise InvalidInput("speeches: there are none")
    decision = doc["decision"]
    if decision not in ("swing", "majority", "ranking"):
        raise InvalidInput("decision: expected swing, majority or ranking")
    prep = seconds(doc.get("prep", 0), "prep")
    prep_kind = doc.get("prep_kind", "before" if prep else "none")
    if prep_kind not in ("none", "before", "bank"):
        raise InvalidInput("prep_kind: expected none, before or bank")
    points = None
    if "points" in doc:
        pair = _list(doc["points"], "points")
        if len(pair) != 2:
            raise InvalidInput("points: expected [lowest, highest]")
        points = (_whole(pair[0], "points[1]", 0, 1000), _whole(pair[1], "points[2]", 0, 1000))
        if points[0] >= points[1]:
            raise InvalidInput("points: the highest must be above the lowest")
    for_sides = tuple(
        _text(s, f"for_sides[{i}]")
        for i, s in enumerate(_list(doc.get("for_sides", [sides[0]]), "for_sides"), 1)
    )
    for s in for_sides:
        if s not in sides:
            raise InvalidInput(f"for_sides: {s!r} is not one of the sides")
    fmt = DebateFormat(
        name,
        _text(doc.get("title", name), "title"),
        sides,
        _whole(doc["speakers"], "speakers", 1, 20),
        speeches,
        decision,
        prep,
        prep_kind,
        seconds(doc.get("poi_length", 15), "poi_length"),
        points,
        for_sides,
        origin,
    )
    return check(fmt)
