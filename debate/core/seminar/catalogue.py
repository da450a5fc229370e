"""Debate formats (the rules a session runs by): the built-in ones, custom TOML files
and DebateKeeper XML files. Pure, but for reading the file a path names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from debate.core.seminar.builtin import BUILT_IN
from debate.core.seminar.format import (
    DECISION_TEXT,
    Bell,
    DebateFormat,
    SpeechRule,
    check,
    clock,
    seconds,
)
from debate.errors import InvalidInput, NotFound

__all__ = [
    "BUILT_IN",
    "DECISION_TEXT",
    "Bell",
    "DebateFormat",
    "SpeechRule",
    "clock",
    "from_document",
    "load",
    "seconds",
    "to_document",
]
MAX_FILE = 1_000_000  # bytes: a format file is small


def load(name_or_path: str, speech_sides: list[str] | None = None) -> DebateFormat:
    """A built-in format by name, or a .toml or DebateKeeper .xml file by path."""
    if name_or_path in BUILT_IN and speech_sides is None:
        return BUILT_IN[name_or_path]
    path = Path(name_or_path).expanduser()
    if not path.is_file():
        raise NotFound(
            f"no format named {name_or_path!r} (built in: {', '.join(BUILT_IN)}), "
            "and no such file (a .toml or DebateKeeper .xml)"
        )
    try:
        data = path.read_bytes()[: MAX_FILE + 1]
    except OSError as e:
        raise NotFound(f"cannot read {path}: {e.strerror}") from None
    if len(data) > MAX_FILE:
        raise InvalidInput(f"{path}: larger than 1 MB; a format file is much smaller")
    xml = path.suffix.lower() == ".xml" or data.lstrip()[:1] == b"<"
    if xml:
        from debate.core.seminar import debatekeeper

        return debatekeeper.parse(data, path.stem, str(path), speech_sides)
    if speech_sides is not None:
        raise InvalidInput("--speech-sides is for DebateKeeper files; a TOML file names its sides")
    from debate.core.seminar import toml_file

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path}: not UTF-8 text") from None
    return toml_file.parse(text, path.stem, str(path))


def to_document(fmt: DebateFormat) -> dict[str, Any]:
    """Everything about a format, as JSON-able data (what a session keeps, and `--json`)."""
    return {
        "name": fmt.name,
        "title": fmt.title,
        "origin": fmt.origin,
        "sides": list(fmt.sides),
        "for_sides": list(fmt.for_sides),
        "speakers": fmt.speakers,
        "prep": fmt.prep,
        "prep_kind": fmt.prep_kind,
        "poi_length": fmt.poi_length,
        "decision": fmt.decision,
        "points": list(fmt.points) if fmt.points else None,
        "speeches": [
            {
                "name": s.name,
                "short": s.short,
                "side": s.side,
                "speaker": s.speaker,
                "role": s.role,
                "length": s.length,
                "poi": list(s.poi) if s.poi else None,
                "bells": [{"at": b.at, "rings": b.rings} for b in s.bells],
                "answers": ({"side": s.answers[0], "speaker": s.answers[1]} if s.answers else None),
            }
            for s in fmt.speeches
        ],
    }


def from_document(doc: dict[str, Any]) -> DebateFormat:
    speeches = tuple(
        SpeechRule(
            s["name"],
            s["short"],
            s["side"],
            s["speaker"],
            s["length"],
            (s["poi"][0], s["poi"][1]) if s["poi"] else None,
            tuple(Bell(b["at"], b["rings"]) for b in s["bells"]),
            (s["answers"]["side"], s["answers"]["speaker"]) if s["answers"] else None,
        )
        for s in doc["speeches"]
    )
    return check(
        DebateFormat(
            doc["name"],
            doc["title"],
            tuple(doc["sides"]),
            doc["speakers"],
            speeches,
            doc["decision"],
            doc["prep"],
            doc["prep_kind"],
            doc["poi_length"],
            (doc["points"][0], doc["points"][1]) if doc["points"] else None,
            tuple(doc["for_sides"]),
            doc["origin"],
        )
    )


def dumps(fmt: DebateFormat) -> str:
    return json.dumps(to_document(fmt), ensure_ascii=False, sort_keys=True)
