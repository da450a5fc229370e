"""How source texts and quotes are normalized for matching, with every character of
the normalized copy remembering its span in the original. Pure."""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from collections.abc import Sequence
from typing import NamedTuple

from debate.core.text import ZERO_WIDTH

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"


_QUOTES = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
}


_SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"


_DROPPED = re.compile("[" + re.escape(ZERO_WIDTH + _SUPERSCRIPTS) + "]")


# Characters that normalize to one character each are not special at all: they
# are copied (the offset map stays a plain copy) and translated at the end.
_ONE_FOR_ONE = {
    # Every character Python counts as white space, but the plain space.
    **dict.fromkeys(
        "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
        "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000",
        " ",
    ),
    **dict.fromkeys(_DASHES, "-"),
    **{c: q for c, q in _QUOTES.items() if not c.isascii()},
}


_TRANSLATE = str.maketrans(_ONE_FOR_ONE)


_PLAIN_NON_ASCII = "".join(c for c in _ONE_FOR_ONE if not c.isascii())


# Every branch starts with a character class, so the scan skips plain text fast.
_SPECIAL = re.compile(
    # a hyphen (or soft hyphen) ending a line before a letter
    r"(?P<hyphen>[-\u2010\u00ad][ \t]*[\n\f]\s*(?=[^\W\d_]))"
    # 1–3 digits stuck to the end of a word, or to the punctuation after one: a
    # footnote marker, perhaps (other digits are plain text, copied as they are);
    # the look behind comes after the first digit, so only digits are tried
    r"|(?P<digits>\d(?:(?<=[^\W\d_]{3}\d)|(?<=[^\W\d_][.,;:!?)\]\"'\u2019\u201d]\d))\d{0,2}(?!\d))"
    # a run of white space, which becomes one space
    r"|(?P<space>\s{2,})"
    r"|(?P<dashes>-{2,})"
    # other characters beyond ASCII, which NFKC may fold or which are dropped
    r"|(?P<other>[^\x00-\x7f" + re.escape(_PLAIN_NON_ASCII) + r"]+)"
)


_NOTE_AFTER = ".,;:!?)]\"'\u2019\u201d"  # a footnote marker may follow these after a word


_WORD = re.compile(r"[^\W_]+")


# Bump when normalization changes: stored indexes of older versions are rebuilt.
NORMALIZATION_VERSION = 2


class OffsetMap:
    """Where each character of a normalized text comes from in the original, as runs.

    Most of a text is copied one for one, so the map is a list of runs, not two
    integers per character: run k begins at normalized index `at[k]`, its first
    character comes from original offset `start[k]`, and either the run is a
    copy (`end[k]` is -1: character i comes from start + (i - at), one long) or
    every character of it stands for one original span (`start[k]`, `end[k]`),
    as the two letters of a folded "ﬁ" do. A 10 MB text needs a few hundred
    thousand runs, where two integers a character would be 160 MB.
    """

    __slots__ = ("at", "end", "length", "start")

    def __init__(self, at: array[int], start: array[int], end: array[int], length: int):
        self.at, self.start, self.end, self.length = at, start, end, length

    def _run(self, i: int) -> int:
        return bisect.bisect_right(self.at, i) - 1

    def start_of(self, i: int) -> int:
        k = self._run(i)
        return self.start[k] + (i - self.at[k]) if self.end[k] < 0 else self.start[k]

    def end_of(self, i: int) -> int:
        k = self._run(i)
        return self.start[k] + (i - self.at[k]) + 1 if self.end[k] < 0 else self.end[k]

    def first_at_or_after(self, offset: int) -> int:
        """The first normalized index whose original start is at or after `offset`."""
        k = bisect.bisect_left(self.start, offset)  # the first run that starts there or later
        if k > 0 and self.end[k - 1] < 0:  # the run before, a copy, may reach it
            i = self.at[k - 1] + (offset - self.start[k - 1])
            run_end = self.at[k] if k < len(self.at) else self.length
            if i < run_end:
                return i
        return self.at[k] if k < len(self.at) else self.length

    def to_bytes(self) -> bytes:
        return self.at.tobytes() + self.start.tobytes() + self.end.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, length: int) -> OffsetMap:
        every = array("q")
        every.frombytes(data)
        n = len(every) // 3
        return cls(every[:n], every[n : 2 * n], every[2 * n :], length)


class _Runs:
    """Builds an OffsetMap as normalized text is written."""

    def __init__(self) -> None:
        self.at: array[int] = array("q")
        self.start: array[int] = array("q")
        self.end: array[int] = array("q")
        self.n = 0  # normalized characters so far

    def copy(self, original: int, length: int) -> None:
        """`length` characters copied one for one from `original` on."""
        if length <= 0:
            return
        at, start, end = self.at, self.start, self.end
        if not (at and end[-1] < 0 and start[-1] + (self.n - at[-1]) == original):
            at.append(self.n)
            start.append(original)
            end.append(-1)
        self.n += length

    def same(self, original_start: int, original_end: int, length: int) -> None:
        """`length` characters that all stand for one original span."""
        if length <= 0:
            return
        self.at.append(self.n)
        self.start.append(original_start)
        self.end.append(original_end)
        self.n += length

    def done(self) -> OffsetMap:
        return OffsetMap(self.at, self.start, self.end, self.n)


class Normalized(NamedTuple):
    text: str
    map: OffsetMap

    def span(self, a: int, b: int) -> tuple[int, int]:
        """The original span of normalized text[a:b] (b > a)."""
        return self.map.start_of(a), self.map.end_of(b - 1)


class PieceMap:
    """Where each character of a text with spans cut out was in the original."""

    def __init__(self, body_starts: list[int], original_starts: list[int]):
        self.body_starts, self.original_starts = body_starts, original_starts

    def piece(self, j: int) -> int:
        return bisect.bisect_right(self.body_starts, j) - 1

    def at(self, j: int) -> int:
        p = self.piece(j)
        return self.original_starts[p] + (j - self.body_starts[p])


def _through(inner: OffsetMap, pieces: PieceMap) -> OffsetMap:
    """An offset map into the cut text, carried back into the original."""
    runs = _Runs()
    count = len(inner.at)
    for k in range(count):
        length = (inner.at[k + 1] if k + 1 < count else inner.length) - inner.at[k]
        if inner.end[k] >= 0:
            runs.same(pieces.at(inner.start[k]), pieces.at(inner.end[k] - 1) + 1, length)
            continue
        j, stop = inner.start[k], inner.start[k] + length
        while j < stop:  # a copy may span a cut: split it there
            p = pieces.piece(j)
            piece_end = pieces.body_starts[p + 1] if p + 1 < len(pieces.body_starts) else stop
            chunk = min(stop, piece_end) - j
            runs.copy(pieces.original_starts[p] + (j - pieces.body_starts[p]), chunk)
            j += chunk
    return runs.done()


def _hyphen_words(text: str) -> tuple[set[str], set[str]]:
    """The document's words and its hyphenated words, lower case, in one pass."""
    tokens = set(re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text.lower()))
    return tokens, {t for t in tokens if "-" in t}


def _is_note(text: str, a: int, b: int) -> bool:
    """Digits text[a:b] look like a footnote marker: 1–3 digits right after a word
    (or after punctuation that follows a word), before white space or punctuation."""
    if b - a > 3 or a == 0:
        return False
    after = text[b] if b < len(text) else " "
    before = text[a - 1]
    if before in _NOTE_AFTER:
        return after.isspace() and a >= 2 and text[a - 2].isalpha()
    three = text[max(0, a - 3) : a]
    return len(three) == 3 and three.isalpha() and three.islower() and after in " \t\n\f,.;:)"


def normalize(text: str, skip: Sequence[tuple[int, int]] = ()) -> Normalized:
    """The normalized copy of text, leaving out the `skip` spans (headers, footers)."""
    if skip:
        body, pieces = without(text, skip)
        inner = normalize(body)
        return Normalized(inner.text, _through(inner.map, pieces))
    out: list[str] = []
    runs = _Runs()
    vocabulary: tuple[set[str], set[str]] | None = None
    last = ""  # the last character written

    def put(s: str, start: int, end: int) -> None:
        nonlocal last
        if s:
            out.append(s)
            runs.same(start, end, len(s))
            last = s[-1]

    position = 0
    for m in _SPECIAL.finditer(text):
        a = m.start()
        if a > position:
            out.append(text[position:a])
            runs.copy(position, a - position)
            last = text[a - 1].translate(_TRANSLATE)
        position = m.end()
        kind = m.lastgroup
        if kind == "digits":
            if not _is_note(text, a, position):
                out.append(text[a:position])
                runs.copy(a, position - a)
                last = text[position - 1]
        elif kind == "hyphen":
            if a == 0 or not (text[a - 1].isalpha() and not text[a - 1].isdigit()):
                # not inside a word: the hyphen is a dash, the break white space
                if text[a] != "\u00ad":
                    put("-", a, a + 1)
                if last != " ":
                    put(" ", a + 1, position)
                continue
            if text[a] == "\u00ad":
                continue
            if vocabulary is None:
                vocabulary = _hyphen_words(text)
            before = re.search(r"[^\W\d_]+$", text[max(0, a - 40) : a])
            after = re.match(r"[^\W\d_]+", text[position : position + 40])
            left = before.group() if before else ""
            right = after.group() if after else ""
            words, compounds = vocabulary
            joined = (left + right).lower()
            if f"{left}-{right}".lower() in compounds or (
                joined not in words and right[:1].isupper()
            ):
                put("-", a, a + 1)
        elif kind == "space":
            if last != " ":
                put(" ", a, position)
        elif kind == "dashes":
            put("-", a, position)
        elif kind == "other":
            run = text[a:position]
            if unicodedata.is_normalized("NFKC", run) and not _DROPPED.search(run):
                out.append(run)  # letters that NFKC leaves as they are: a plain copy
                runs.copy(a, position - a)
                last = run[-1]
                continue
            for i, c in enumerate(run, a):
                if c in ZERO_WIDTH or c in _SUPERSCRIPTS:  # superscript digits: footnote markers
                    continue
                folded = unicodedata.normalize("NFKC", c).translate(_TRANSLATE)
                if folded.isspace():
                    if last != " ":
                        put(" ", i, i + 1)
                else:
                    put(folded, i, i + 1)
        # footnote markers ("note") are dropped
    if position < len(text):
        out.append(text[position:])
        runs.copy(position, len(text) - position)
    return Normalized("".join(out).translate(_TRANSLATE), runs.done())


def without(text: str, skip: Sequence[tuple[int, int]]) -> tuple[str, PieceMap]:
    """Text with the spans cut out, each with the white space after it, and where
    each remaining character was."""
    pieces: list[str] = []
    body_starts: list[int] = []
    original_starts: list[int] = []
    position = used = 0
    for a, b in sorted(skip):
        if a < position:
            continue
        pieces.append(text[position:a])
        body_starts.append(used)
        original_starts.append(position)
        used += a - position
        while b < len(text) and text[b].isspace():
            b += 1
        position = b
    pieces.append(text[position:])
    body_starts.append(used)
    original_starts.append(position)
    return "".join(pieces), PieceMap(body_starts, original_starts)


def normalize_quote(quote: str) -> str:
    return normalize(quote).text.strip()
