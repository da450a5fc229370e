"""Formats from DebateKeeper's XML format files (schema 2.2).

Debating societies publish their formats for the DebateKeeper timer app in this
XML: speech types with lengths, bells and the periods between bells (POIs
allowed or not), then the speeches in order. The file is checked against the
schema (shipped beside this module, MIT, see DEBATEKEEPER-LICENCE.md), and every
error names its line.

A file says nothing of sides or speakers: they come from the speeches' names
(Prime Minister, Government Whip, Leader of the Opposition, Affirmative…), or
from `speech_sides`, one side per speech in order, when the names do not tell
(British Parliamentary's OG, OO, CG and CO, for one).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from debate.core.seminar.format import Bell, DebateFormat, SpeechRule, check, seconds
from debate.core.seminar.toml_file import initials
from debate.errors import InvalidInput

SCHEMA = Path(__file__).with_name("debatekeeper-schema-2.2.rng")
# DebateKeeper's own period types; a file may declare more.
POIS_ALLOWED = {"pois-allowed": True, "normal": False, "warning": False, "overtime": False}
FOR_WORDS = {"government", "minister", "proposition", "affirmative", "gov", "prop", "aff"}
AGAINST_WORDS = {"opposition", "negative", "opp", "neg"}
_schema: Any = None


def _parse(data: bytes, origin: str) -> Any:
    from lxml import etree

    # No entities, no DTDs, no network: a format file is data from strangers.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise InvalidInput(f"{origin}: line {e.lineno}: not well-formed XML: {e.msg}") from None
    global _schema
    if _schema is None:
        _schema = etree.RelaxNG(etree.parse(str(SCHEMA)))
    if not _schema.validate(root):
        err = _schema.error_log.last_error
        raise InvalidInput(
            f"{origin}: line {err.line}: not a DebateKeeper 2.2 format file: {err.message}"
        )
    return root


def _name(element: Any) -> str:
    """The English name, else one without a language, else the first."""
    names = element.findall("name")
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for want in ("en", None):
        for n in names:
            if n.get(lang) == want:
                return str(n.text or "").strip()
    return str(names[0].text or "").strip() if names else ""


def _time(value: str, element: Any, length: int | None = None) -> int:
    if value == "finish" and length is not None:
        return length
    try:
        return seconds(value, "time")
    except InvalidInput:
        raise InvalidInput(f"line {element.sourceline}: {value!r} is not a time") from None


class _SpeechType:
    def __init__(self, element: Any, allows: dict[str, bool]):
        self.length = _time(element.get("length"), element)
        bells = []
        period = element.get("first-period", "normal")
        # The periods, in time: (from, to, POIs allowed).
        spans: list[tuple[int, bool]] = [(0, allows.get(period, False))]
        timed = sorted((_time(b.get("time"), b, self.length), b) for b in element.findall("bell"))
        for at, b in timed:
            bells.append(Bell(at, int(b.get("number", "1"))))
            nxt = b.get("next-period")
            if nxt is not None:
                if nxt not in allows:
                    raise InvalidInput(f"line {b.sourceline}: no period type named {nxt!r}")
                spans.append((at, allows[nxt]))
        self.bells = tuple(bells)
        self.poi = _window(spans, self.length)


def _window(spans: list[tuple[int, bool]], length: int) -> tuple[int, int] | None:
    """From where POIs are first allowed to where they stop for good (within the speech)."""
    opened = closed = None
    for i, (at, allowed) in enumerate(spans):
        end = spans[i + 1][0] if i + 1 < len(spans) else length
        if allowed and at < length:
            opened = at if opened is None else opened
            closed = min(end, length)
    return None if opened is None or closed is None or closed <= opened else (opened, closed)


def _side_of(name: str) -> str | None:
    """'gov' or 'opp' from the words of a speech's name, or None when they do not tell."""
    words = set(re.findall(r"[a-z]+", name.lower()))
    is_for, is_against = bool(words & FOR_WORDS), bool(words & AGAINST_WORDS)
    if is_for == is_against:
        return None
    return "gov" if is_for else "opp"


def parse(
    data: bytes, name: str, origin: str, speech_sides: list[str] | None = None
) -> DebateFormat:
    try:
        return _format(_parse(data, origin), name, origin, speech_sides)
    except InvalidInput as e:
        message = str(e)
        raise InvalidInput(
            message if message.startswith(origin) else f"{origin}: {message}"
        ) from None


def _format(root: Any, name: str, origin: str, speech_sides: list[str] | None) -> DebateFormat:
    allows = dict(POIS_ALLOWED)
    for p in root.iterfind("period-types/period-type"):
        allows[p.get("ref")] = p.get("pois-allowed", "false") in ("true", "1")
    types = {
        t.get("ref"): _SpeechType(t, allows) for t in root.iterfind("speech-types/speech-type")
    }
    prep = 0
    for tag in ("prep-time", "prep-time-controlled"):
        element = root.find(tag)
        if element is not None:
            prep = _time(element.get("length"), element)
    speeches_xml = root.findall("speeches/speech")
    if speech_sides is not None and len(speech_sides) != len(speeches_xml):
        raise InvalidInput(
            f"the file has {len(speeches_xml)} speeches, and --speech-sides names "
            f"{len(speech_sides)} sides"
        )
    sides: list[str] = []
    counts: dict[str, int] = {}
    speeches = []
    for i, element in enumerate(speeches_xml):
        kind = types.get(element.get("type"))
        if kind is None:
            raise InvalidInput(
                f"line {element.sourceline}: no speech type named {element.get('type')!r}"
            )
        title = _name(element)
        side = speech_sides[i] if speech_sides is not None else _side_of(title)
        if side is None:
            raise InvalidInput(
                f"line {element.sourceline}: cannot tell the side of speech {i + 1} "
                f"({title!r}) from its name; name every speech's side with --speech-sides"
            )
        if side not in sides:
            sides.append(side)
        if "reply" in title.lower() or "rebuttal" in title.lower():
            speaker = 1  # a reply comes from a speaker who has spoken (the leader, usually)
        else:
            counts[side] = speaker = counts.get(side, 0) + 1
        speeches.append(
            SpeechRule(title, initials(title), side, speaker, kind.length, kind.poi, kind.bells)
        )
    for_sides = tuple(
        s
        for s in sides
        if any(_side_of(sp.name) == "gov" for sp in speeches if sp.side == s) or s == "gov"
    ) or (sides[0],)
    fmt = DebateFormat(
        name,
        _name(root),
        tuple(sides),
        max(1, *counts.values()) if counts else 1,
        tuple(speeches),
        "majority" if len(sides) == 2 else "ranking",
        prep,
        "before" if prep else "none",
        15,
        None,
        for_sides,
        origin,
    )
    return check(fmt)
