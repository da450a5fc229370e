"""debate's own lossless JSON document: reading, checking and writing it. Pure.

One document holds a whole debate under a thesis (see
`debate/core/files/debate-document-1.schema.json`). It is written the same way
every time (keys in a fixed order, two-space indents, UTF-8 as is), so that a
round trip through an empty store gives the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from debate.core.text import describe_control, first_control, json_escaped
from debate.errors import BadFile

FORMAT = "debate"
VERSION = 1
SCHEMA = Path(__file__).with_name("debate-document-1.schema.json")
# The schema is JSON Schema draft 7, which both fastjsonschema (on import) and
# jsonschema (in the tests) read in full.
KINDS = ("participants", "teams", "sources", "nodes", "links", "citations", "votes", "events")


def looks_like(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:200]
    return head.startswith("{") and f'"format": "{FORMAT}"' in head


def dumps(document: dict[str, Any]) -> str:
    return json_escaped(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def document(thesis: str, rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "thesis": thesis, **{k: rows[k] for k in KINDS}}


def loads(text: str) -> dict[str, Any]:
    """The document, checked against its schema; a bad one names the line or the
    path in the document."""
    data = load_json(text)
    if not isinstance(data, dict):
        raise BadFile("$: a debate document is a JSON object")
    if data.get("format") != FORMAT:
        raise BadFile(f'$.format: expected "{FORMAT}"')
    if data.get("version") != VERSION:
        raise BadFile(
            f"$.version: {data.get('version')!r} is not a version this debate reads ({VERSION})"
        )
    from fastjsonschema import JsonSchemaValueException

    try:
        _validator()(data)
    except JsonSchemaValueException as e:
        where = [int(part) if part.isdigit() else part for part in e.path[1:]]
        said = e.message.removeprefix(e.name or "").strip()
        raise BadFile(f"{path_text(where)}: {_short(said)}") from None
    _refuse_controls(data)
    return data


def _refuse_controls(data: dict[str, Any]) -> None:
    """No field holds a control character that typed input may not (a tab and a
    line break may), keys and event data included; a source's text, and the quotes
    taken from it, may also hold the form feeds that part its pages."""
    stack: list[tuple[Any, list[str | int], bool]] = [(data, [], False)]
    while stack:
        item, where, from_source = stack.pop()
        if isinstance(item, str):
            found = first_control(item.replace("\f", "") if from_source else item)
            if found is not None:
                raise BadFile(f"{path_text(where)}: holds the control character "
                              f"{describe_control(found)}")  # fmt: skip
        elif isinstance(item, dict):
            quoted = from_source or (where[:1] == ["nodes"] and item.get("kind") == "quote")
            for key, value in item.items():
                if (found := first_control(key)) is not None:
                    raise BadFile(f"{path_text(where)}: a key holds the control character "
                                  f"{describe_control(found)}")  # fmt: skip
                text_of_source = where[:1] == ["sources"] and key == "text"
                stack.append((value, [*where, key], quoted or text_of_source))
        elif isinstance(item, list):
            stack.extend((value, [*where, i], from_source) for i, value in enumerate(item))


def load_json(text: str) -> Any:
    """Any JSON file's data; broken or hostile JSON named by line and column."""
    try:
        return json.loads(text, parse_int=_bounded_int)
    except json.JSONDecodeError as e:
        raise BadFile(f"line {e.lineno}, column {e.colno}: not valid JSON ({e.msg})") from None
    except RecursionError:
        raise BadFile("the JSON is nested too deeply to import") from None


MAX_DIGITS = 20  # a 64-bit integer has 19 digits, and a sign


def _bounded_int(digits: str) -> int:
    """A whole number of the JSON, bounded before it is converted (Python refuses
    over 4,300 digits, with a ValueError, after reading them all)."""
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise BadFile(
            f"a number of {len(digits.lstrip('-')):,} digits: no field takes more than {MAX_DIGITS}"
        )
    return int(digits)


def path_text(path: list[str | int]) -> str:
    """A place in the document: `$.nodes[3].kind`."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _short(message: str) -> str:
    return message if len(message) <= 200 else message[:199] + "…"


_VALIDATOR: Any = None


def _validator() -> Any:
    """The schema compiled to Python by fastjsonschema: a 10,000-claim debate checks
    in a fraction of a second, where an interpreting validator takes seconds. (The
    tests check every export with the jsonschema package as well.)"""
    global _VALIDATOR
    if _VALIDATOR is None:
        import fastjsonschema

        _VALIDATOR = fastjsonschema.compile(json.loads(SCHEMA.read_text(encoding="utf-8")))
    return _VALIDATOR
