"""Anchoring a quote to its exact place in a source text. Pure: no I/O.

A quote is looked up in a folded copy of the source in which line breaks,
hyphenation at line ends ("respec-\\ntive"), runs of white space and curly
versus straight quotes no longer matter. Every folded character remembers
its offset in the original, so a match maps back to the source's own span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
    }
)
_HYPHENS = "-\u2010"
_SOFT_HYPHEN = "\u00ad"
# Stands for a hyphen at a line end, which may or may not belong to the word.
_BREAK = "\x00"


@dataclass(frozen=True)
class Folded:
    text: str
    offsets: tuple[int, ...]  # offsets[i]: where text[i] stands in the original


@dataclass(frozen=True)
class Anchor:
    start: int  # code-point offsets into the original source text
    end: int
    exact: str  # the source's own text of the span
    verbatim: bool  # equal to the quote once line breaks etc. are set aside


def _line_end_hyphenation(text: str, i: int) -> int | None:
    """If text[i] is a hyphen ending a line inside a word, the index after the break."""
    j = i + 1
    n = len(text)
    while j < n and text[j] in " \t":
        j += 1
    if j >= n or text[j] not in "\r\n":
        return None
    while j < n and text[j].isspace():
        j += 1
    if j < n and text[j].isalpha():
        return j
    return None


def fold(text: str, *, keep_hyphens: bool = False) -> Folded:
    """Fold text for matching.

    With keep_hyphens False (the match key) every hyphen inside a word goes,
    so "Sino-Russian", "Sino-\\nRussian" and "respec-\\ntive" all meet their
    typed forms. With keep_hyphens True, in-word hyphens stay and a hyphen
    at a line end becomes a marker that matches a hyphen or nothing.
    """
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == _SOFT_HYPHEN:
            i += 1
            continue
        if c in _HYPHENS and out and out[-1].isalpha():
            after = _line_end_hyphenation(text, i)
            if after is not None:
                if keep_hyphens:
                    out.append(_BREAK)
                    offsets.append(i)
                i = after
                continue
            if not keep_hyphens and i + 1 < n and text[i + 1].isalpha():
                i += 1
                continue
        if c.isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            if out and j < n:
                out.append(" ")
                offsets.append(i)
            i = j
            continue
        out.append(c.translate(_QUOTES))
        offsets.append(i)
        i += 1
    return Folded("".join(out), tuple(offsets))


def _equal_modulo_breaks(a: str, b: str) -> bool:
    """Equal, where a line-end hyphen marker matches '-' or nothing."""
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
        elif a[i] == _BREAK:
            i += 1
            if b[j] in _HYPHENS:
                j += 1
        elif b[j] == _BREAK:
            j += 1
            if a[i] in _HYPHENS:
                i += 1
        else:
            return False
    return a[i:].strip(_BREAK) == "" and b[j:].strip(_BREAK) == ""


def is_verbatim(quote: str, exact: str) -> bool:
    """True when the quote is the source's span once layout is set aside."""
    return _equal_modulo_breaks(
        fold(quote, keep_hyphens=True).text, fold(exact, keep_hyphens=True).text
    )


class Anchorer:
    """Finds quotes in one source; folds the source once for many quotes."""

    def __init__(self, source: str):
        self.source = source
        self._key = fold(source)

    def find(self, quote: str) -> list[Anchor]:
        """Every place the quote occurs, in order (overlaps included)."""
        needle = fold(quote).text
        if not needle:
            return []
        key, offsets = self._key.text, self._key.offsets
        anchors = []
        at = key.find(needle)
        while at != -1:
            start = offsets[at]
            end = offsets[at + len(needle) - 1] + 1
            exact = self.source[start:end]
            anchors.append(Anchor(start, end, exact, is_verbatim(quote, exact)))
            at = key.find(needle, at + 1)
        return anchors


_HYPHENATED_LINE_END = re.compile(r"(?<=[a-z])[-\u2010][ \t]*\r?\n\s*(?=[a-z])")
_BREAK_AFTER_HYPHEN = re.compile(r"(?<=\w[-\u2010])[ \t]*\r?\n\s*(?=\w)")
_WHITESPACE = re.compile(r"\s+")


def readable(text: str) -> str:
    """A source span for display: one line, with line-end hyphenation undone
    between lower-case letters (a real compound like "Sino-\\nRussian" keeps it)."""
    text = _HYPHENATED_LINE_END.sub("", text.replace(_SOFT_HYPHEN, ""))
    text = _BREAK_AFTER_HYPHEN.sub("", text)
    return _WHITESPACE.sub(" ", text).strip()
