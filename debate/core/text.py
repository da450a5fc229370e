"""User text: what is refused at input, and how it is made safe to show. Pure.

A terminal obeys control characters: an escape sequence in a claim could clear
the screen, hide text, set the window title or plant a hyperlink. So control
characters other than tab and newline are refused where people type text, and
whatever still holds some (source texts, old stores) is shown with each
control character made visible: C0 controls as their Unicode control pictures
(ESC as ␛), C1 controls and the bidirectional overrides as `\\x9b`-style escapes.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls but tab and newline, DEL, C1 controls.
_INPUT_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Shown to a person: every control character, and the bidi embeddings and overrides.
_SHOWN_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    c = match.group()
    code = ord(c)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟, ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    if code <= 0x9F:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: str) -> str:
    """The text with every control character shown, not obeyed (newlines too)."""
    return _SHOWN_CONTROLS.sub(_picture, text)


def visible_lines(text: str) -> str:
    """Like `visible`, but newlines and tabs stay as they are (for multi-line text)."""
    return re.sub(r"[^\n\t]+", lambda m: visible(m.group()), text)


# json.dumps(ensure_ascii=False) escapes U+0000-U+001F only. These too: C1 controls
# (U+009B starts a terminal escape), bidi marks, embeddings, overrides and isolates,
# zero-width and line-separator characters.
_INVISIBLE = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_NOT_ASCII = re.compile("[^\x00-\x7f]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # as a surrogate pair, as JSON writes it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_escaped(text: str, *, ascii_only: bool = False) -> str:
    """JSON text with the invisible characters (or all outside ASCII) as \\u escapes.
    Outside strings JSON is ASCII, so the whole text may be scanned."""
    return (_NOT_ASCII if ascii_only else _INVISIBLE).sub(_escape, text)


def first_control(text: str) -> str | None:
    """The first control character that input may not hold (tab and newline may)."""
    found = _INPUT_CONTROLS.search(text)
    return found.group() if found else None


def describe_control(c: str) -> str:
    name = {"\x1b": "ESC", "\x00": "NUL", "\x7f": "DEL", "\r": "carriage return"}.get(c)
    return f"{name} (U+{ord(c):04X})" if name else f"U+{ord(c):04X}"


# What --ascii prints for the typographic characters people use most.
_ASCII = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "--",
    "\u2212": "-",
    "\u2026": "...",
    "\u00a0": " ",
    "\u2192": "->",
    "\u21a9": "<-",
    "\u00d7": "x",
    "\u2022": "*",
}


def ascii_only(text: str) -> str:
    """Plain ASCII: typographic marks spelled out, accents dropped, anything else an
    escape (\\u03bb), so that nothing is lost."""
    if text.isascii():
        return text
    out = []
    for c in text:
        if c.isascii():
            out.append(c)
        elif c in _ASCII:
            out.append(_ASCII[c])
        else:
            decomposed = unicodedata.normalize("NFKD", c)
            base = "".join(ch for ch in decomposed if ch.isascii())
            out.append(base or c.encode("ascii", "backslashreplace").decode("ascii"))
    return "".join(out)


# -- what people read of a source span ---------------------------------------------

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # and the soft hyphen
_DROP_ZERO_WIDTH = dict.fromkeys(map(ord, ZERO_WIDTH))
# readable()'s slow path compiles its patterns on first use (re keeps them).
_HYPHENATED_LINE_END = r"(?<=[a-z])[-\u2010][ \t]*\r?[\n\f]\s*(?=[a-z])"
_BREAK_AFTER_HYPHEN = r"(?<=\w[-\u2010])[ \t]*\r?[\n\f]\s*(?=\w)"
_ODD_SPACE = re.compile(r"[^\S ]| {2}")  # white space that readable() would fold


def readable(text: str) -> str:
    """A source span for display: one line, with line-end hyphenation undone
    between lower-case letters (a real compound like "Sino-\\nRussian" keeps it)."""
    if text.isascii() and not _ODD_SPACE.search(text):
        return text.strip()  # most quotes: one line, single spaces, already
    text = text.translate(_DROP_ZERO_WIDTH)
    text = re.sub(_HYPHENATED_LINE_END, "", text)
    text = re.sub(_BREAK_AFTER_HYPHEN, "", text)
    return re.sub(r"\s+", " ", text).strip()
