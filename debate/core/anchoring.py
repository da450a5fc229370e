"""Anchoring a quote to its exact place in a source text. Pure: no I/O.

The source is matched through a normalized copy in which every character
remembers its span in the original, so any match maps back to the source's
own text. Normalization (the same for the source and the quote):

- Unicode compatibility folding (NFKC), so ligatures such as "ﬁ" match "fi";
- soft hyphens and zero-width characters removed;
- a hyphen at a line end removed inside a word ("respec-\\ntive"), kept in a
  real compound ("Sino-\\nRussian"): the document decides (does it use the
  hyphenated or the joined word elsewhere?), else a capital after the break
  keeps the hyphen;
- white space folded to one space; curly and straight quotes, and the dash
  variants, folded together;
- footnote markers dropped (superscript digits, and 1–3 digits stuck to the
  end of a word or to punctuation after one, as in "society.12");
- running headers and footers, and bare page numbers, at page breaks
  (form feeds) left out.

A quote is then looked for in this order: exact match on the normalized text;
a letters-and-digits skeleton (case folded); a fuzzy match by edit distance
(edlib's Myers bit-vector) for quotes of 20 characters or more; and for a quote
with elisions ("…", "...", "[…]"), each segment in order.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import itertools
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, NamedTuple

from debate.core.text import ZERO_WIDTH
from debate.models import Anchor, Method, Quote, QuoteStatus

Status = Literal[
    "verified", "verified-with-differences", "needs-confirmation", "ambiguous", "not-found"
]

FUZZY_MIN_LENGTH = 20  # shorter quotes must match exactly or by skeleton
CLOSEST_SIMILARITY = 0.6  # "not found" shows the closest passage from here up
CONFIRMABLE_SIMILARITY = 0.75  # a looser match than auto-accept, still worth confirming
CONTEXT = 50  # characters of context kept on each side of a quote
MAX_ELISION_GAP = 5_000  # normalized characters an elision may skip
# Occurrences of a passage that are matched and listed; more are only counted
# (a quote of "the" occurs hundreds of thousands of times in a book).
MAX_OCCURRENCES = 50


def max_auto_edits(length: int) -> int:
    """Edits a fuzzy match may have and still be accepted without --confirm."""
    return int(0.08 * length) + 1


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


# -- pages, running headers and footers -------------------------------------

_PAGE_NUMBER = re.compile(r"(?i)^\W*(?:page\s+)?(?:\d{1,4}|[ivxlcdm]{1,7})\W*$")


def page_starts(text: str) -> list[int]:
    """Offsets where pages start: the text's start and after every form feed."""
    return [0] + [m.end() for m in re.finditer("\f", text)]


def _line_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def running_lines(text: str, starts: Sequence[int]) -> list[tuple[int, int]]:
    """Spans of running headers and footers, and bare page numbers, at page edges.

    A first (or last) line counts as a running header (or footer) when the
    same line, digits aside, opens (or closes) at least two pages and 40% of them.
    """
    if len(starts) < 2:
        return []
    edges: list[tuple[str, tuple[int, int], str]] = []  # (which, span, key)
    bounds = [*starts, len(text) + 1]
    for page_start, next_start in itertools.pairwise(bounds):
        page = text[page_start : next_start - 1] if next_start <= len(text) else text[page_start:]
        lines = [
            (page_start + m.start(), page_start + m.end(), m.group())
            for m in re.finditer(r"[^\n\f]+", page)
            if m.group().strip()
        ]
        if not lines:
            continue
        for which, (a, b, line) in (("head", lines[0]), ("foot", lines[-1])):
            edges.append((which, (a, b), line))
    counts = Counter((which, _line_key(line)) for which, _, line in edges)
    threshold = max(2, int(0.4 * len(starts) + 0.999))
    spans = set()
    for which, span, line in edges:
        if counts[(which, _line_key(line))] >= threshold or _PAGE_NUMBER.match(line.strip()):
            spans.add(span)
    return sorted(spans)


# -- words: checks and diffs ---------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "nor",
        "none",
        "nothing",
        "nobody",
        "neither",
        "nowhere",
        "without",
        "cannot",
    ]
)


def words(text: str) -> list[str]:
    return [w.replace("\u2019", "'") for w in _TOKEN.findall(text.lower())]


def _numbers(text: str) -> list[str]:
    return [w for w in words(unicodedata.normalize("NFKC", text)) if any(c.isdigit() for c in w)]


def _is_negation(word: str) -> bool:
    return word in NEGATIONS or word.endswith("n't")


@dataclass(frozen=True)
class WordChange:
    """One step of a word-level diff, yours against the source's."""

    kind: Literal["equal", "replace", "delete", "insert"]
    yours: tuple[str, ...]
    source: tuple[str, ...]


def word_diff(yours: str, source: str) -> list[WordChange]:
    """Compared without case; shown as written."""
    a, b = _TOKEN.findall(yours), _TOKEN.findall(source)
    matcher = difflib.SequenceMatcher(
        None, [w.lower() for w in a], [w.lower() for w in b], autojunk=False
    )
    return [
        WordChange(op, tuple(a[i1:i2]), tuple(b[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def word_problems(yours: str, source: str) -> list[str]:
    """Why a close match still may not say what the quote says."""
    problems = []
    changes = word_diff(yours, source)
    if any(
        c.kind in ("insert", "delete") or len(c.yours) != len(c.source)
        for c in changes
        if c.kind != "equal"
    ):
        problems.append("a word is added or removed")
    a, b = words(yours), words(source)
    numbers_a = [w for w in a if any(ch.isdigit() for ch in w)]
    numbers_b = [w for w in b if any(ch.isdigit() for ch in w)]
    if numbers_a != numbers_b:
        problems.append(
            f"numbers differ: {' '.join(numbers_a) or 'none'} against the source's "
            f"{' '.join(numbers_b) or 'none'}"
        )
    if sorted(w for w in a if _is_negation(w)) != sorted(w for w in b if _is_negation(w)):
        problems.append("a negation differs")
    return problems


# -- matching -----------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    start: int  # code-point offsets into the original source text
    end: int
    exact: str  # the source's own text (running headers cut out, elisions marked)
    method: Method
    verbatim: bool  # equal to the quote after normalization
    differences: bool  # some piece matched only by skeleton or by edit distance
    edits: int
    similarity: float
    accepted: bool  # close enough to store without --confirm
    problems: tuple[str, ...] = ()
    segments: tuple[tuple[int, int], ...] = ()  # each anchored piece of an elided quote
    typed: str = ""  # the normalized quote it was matched for (for diffs)
    source_words: str = ""  # the normalized source passage


@dataclass(frozen=True)
class Result:
    status: Status
    match: Match | None = None  # the anchored match (or the one --occurrence picked)
    occurrences: tuple[Match, ...] = ()  # the candidates (at most MAX_OCCURRENCES)
    closest: Match | None = None  # for not-found: the nearest passage, if similar enough
    total: int = 0  # how many candidates there are in all

    @property
    def more(self) -> int:
        """Occurrences beyond those listed."""
        return max(0, self.total - len(self.occurrences))

    @property
    def storable(self) -> bool:
        return self.status in ("verified", "verified-with-differences")


# No leading or trailing \s*: on a long run of spaces that would backtrack
# quadratically. The pieces are stripped instead.
_ELISION = re.compile(
    r"\[[ \t]*(?:…|\.[ \t]?\.[ \t]?\.)[ \t]*\]|\([ \t]*(?:…|\.\.\.)[ \t]*\)|…|\.\.\."
)


def split_elisions(quote: str) -> list[str]:
    """The segments of a quote shortened with "…", "...", "[…]" (empty pieces dropped)."""
    return [s for s in (p.strip() for p in _ELISION.split(quote)) if s]


class SourceIndex(NamedTuple):
    """A source's normalized copy, kept so that quoting need not normalize it again."""

    version: int  # NORMALIZATION_VERSION when it was made
    text_sha256: str  # of the text it was made from
    normalized: str
    runs: bytes  # the OffsetMap
    skip: tuple[tuple[int, int], ...]  # the running headers and footers left out

    def fits(self, text_sha256: str | None) -> bool:
        return self.version == NORMALIZATION_VERSION and self.text_sha256 == text_sha256


@dataclass
class Anchorer:
    """Finds quotes in one source; normalizes the source once for many quotes."""

    source: str
    skip: Sequence[tuple[int, int]] = field(default_factory=tuple)

    @classmethod
    def for_text(cls, text: str) -> Anchorer:
        """An anchorer that leaves out running headers and footers at form feeds."""
        return cls(text, running_lines(text, page_starts(text)))

    @classmethod
    def from_index(cls, text: str, index: SourceIndex) -> Anchorer:
        """An anchorer over a normalized copy made before (no normalizing now)."""
        anchorer = cls(text, index.skip)
        runs = OffsetMap.from_bytes(index.runs, len(index.normalized))
        anchorer.__dict__["norm"] = Normalized(index.normalized, runs)  # the cached property
        anchorer.__dict__["text_sha256"] = index.text_sha256
        return anchorer

    def index(self) -> SourceIndex:
        """The normalized copy, to keep (normalizes now if it has not yet)."""
        norm = self.norm
        return SourceIndex(
            NORMALIZATION_VERSION,
            self.text_sha256,
            norm.text,
            norm.map.to_bytes(),
            tuple((a, b) for a, b in self.skip),
        )

    @cached_property
    def text_sha256(self) -> str:
        """The hash of the text anchored in, as the store keeps it for a source."""
        import hashlib

        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()

    @cached_property
    def norm(self) -> Normalized:
        return normalize(self.source, self.skip)

    @cached_property
    def _skeleton(self) -> tuple[str, array[int]]:
        """Letters and digits of the normalized text, case folded, with their positions."""
        parts: list[str] = []
        where: array[int] = array("q")
        for m in _WORD.finditer(self.norm.text):
            run = m.group().lower()
            if len(run) == m.end() - m.start():
                parts.append(run)
                where.extend(range(m.start(), m.end()))
            else:  # a character whose lower case is longer: map char by char
                for i in range(m.start(), m.end()):
                    low = self.norm.text[i].lower()
                    parts.append(low)
                    where.extend([i] * len(low))
        return "".join(parts), where

    @cached_property
    def _alphabet(self) -> frozenset[str]:
        return frozenset(self._lower)

    @cached_property
    def _lower(self) -> str:
        """Lower case, one character for one, so that indexes stay those of the text."""
        text = self.norm.text
        lower = text.lower()
        if len(lower) == len(text):
            return lower
        return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)

    # -- building matches --

    def exact_text(self, start: int, end: int) -> str:
        """The source's own text of a span, with any running header or footer cut out."""
        pieces, position = [], start
        for a, b in self.skip:
            if b <= start or a >= end:
                continue
            pieces.append(self.source[position:a])
            position = max(position, b)
        pieces.append(self.source[position:end])
        # A line break where a header or footer was: readable() then joins a
        # word hyphenated across the page break, as it does at any line end.
        return "\n".join(p.strip("\n\f") for p in pieces if p.strip())

    def _match(self, a: int, b: int, typed: str, method: Method, edits: int = 0) -> Match:
        start, end = self.norm.span(a, b)
        passage = self.norm.text[a:b]
        similarity = 1.0 - edits / max(len(typed), 1)
        problems = tuple(word_problems(typed, passage)) if method == "fuzzy" else ()
        return Match(
            start=start,
            end=end,
            exact=self.exact_text(start, end),
            method=method,
            verbatim=method == "exact",
            differences=method != "exact",
            edits=edits,
            similarity=round(similarity, 4),
            accepted=not problems and edits <= max_auto_edits(len(typed)),
            problems=problems,
            segments=((start, end),),
            typed=typed,
            source_words=passage,
        )

    def _bounded(self, a: int, b: int, needle: str) -> bool:
        """The match does not start or end inside a word of the source."""
        text = self.norm.text
        if needle[:1].isalnum() and a > 0 and text[a - 1].isalnum():
            return False
        return not (needle[-1:].isalnum() and b < len(text) and text[b].isalnum())

    def exact(self, needle: str, lo: int = 0, hi: int | None = None) -> list[Match]:
        text = self.norm.text
        hi = len(text) if hi is None else hi
        found: list[Match] = []
        at = text.find(needle, lo, hi)
        while at != -1 and len(found) < MAX_OCCURRENCES:
            if self._bounded(at, at + len(needle), needle):
                found.append(self._match(at, at + len(needle), needle, "exact"))
            at = text.find(needle, at + 1, hi)
        return found

    def count_exact(self, needle: str) -> int:
        """How often the needle stands at word boundaries, without building matches."""
        text, count = self.norm.text, 0
        at = text.find(needle)
        while at != -1:
            count += self._bounded(at, at + len(needle), needle)
            at = text.find(needle, at + 1)
        return count

    def count_skeleton(self, needle: str) -> int:
        key = "".join(m.group().lower() for m in _WORD.finditer(needle))
        if not key:
            return 0
        skeleton, where = self._skeleton
        count = 0
        at = skeleton.find(key)
        while at != -1:
            count += self._bounded(where[at], where[at + len(key) - 1] + 1, key)
            at = skeleton.find(key, at + 1)
        return count

    def skeleton(self, needle: str, lo: int = 0, hi: int | None = None) -> list[Match]:
        key = "".join(m.group().lower() for m in _WORD.finditer(needle))
        if not key:
            return []
        skeleton, where = self._skeleton
        hi = len(self.norm.text) if hi is None else hi
        begin = bisect.bisect_left(where, lo)
        found: list[Match] = []
        at = skeleton.find(key, begin)
        while at != -1 and len(found) < MAX_OCCURRENCES:
            a, b = where[at], where[at + len(key) - 1] + 1
            if b > hi:
                break
            if self._bounded(a, b, key):
                a, b = self._with_punctuation(a, b, needle)
                found.append(self._match(a, b, needle, "skeleton"))
            at = skeleton.find(key, at + 1)
        return found

    def _with_punctuation(self, a: int, b: int, needle: str) -> tuple[int, int]:
        """A skeleton span covers letters and digits; take in the punctuation the
        quote opens or closes with too ("fine." against “ﬁne”.)."""
        text = self.norm.text
        lead = len(re.match(r"[^\w\s]*", needle).group())  # type: ignore[union-attr]
        trail = len(re.search(r"[^\w\s]*$", needle).group())  # type: ignore[union-attr]
        for _ in range(lead + 1 if lead else 0):
            if a > 0 and not text[a - 1].isalnum() and not text[a - 1].isspace():
                a -= 1
        for _ in range(trail + 1 if trail else 0):
            if b < len(text) and not text[b].isalnum() and not text[b].isspace():
                b += 1
        return a, b

    def fuzzy(self, needle: str, lo: int = 0, hi: int | None = None) -> list[Match]:
        """The best places by edit distance, if within 40% of the quote's length."""
        import edlib

        hi = len(self.norm.text) if hi is None else hi
        target = self._lower[lo:hi]
        whole = lo == 0 and hi == len(self.norm.text)
        alphabet = self._alphabet if whole else None
        query, target = _small_alphabet(needle.lower(), target, alphabet)
        # Myers' algorithm slows as the edit limit grows: look close first.
        for share in (1 - CONFIRMABLE_SIMILARITY, 1 - CLOSEST_SIMILARITY):
            limit = int(len(needle) * share) + 1
            result = edlib.align(query, target, mode="HW", task="locations", k=limit)
            if result["editDistance"] >= 0:
                break
        else:
            return []
        found: list[Match] = []
        # edlib leaves a location's start out (None) when it cannot tell it cheaply.
        located = [
            (max(0, b - len(needle) + 1) if a is None else a, b) for a, b in result["locations"]
        ]
        for a, b in _separate(located)[:MAX_OCCURRENCES]:
            a, b = self._snap(lo + a, lo + b + 1)
            edits = _distance(needle.lower(), self._lower[a:b])
            found.append(self._match(a, b, needle, "fuzzy", edits))
        best = min(m.edits for m in found)
        return [m for m in found if m.edits == best]

    def _snap(self, a: int, b: int) -> tuple[int, int]:
        """Widen a fuzzy span to whole words when it starts or ends inside one."""
        text = self.norm.text
        while a > 0 and text[a - 1].isalnum() and text[a].isalnum():
            a -= 1
        while b < len(text) and text[b].isalnum() and text[b - 1].isalnum():
            b += 1
        while a < b and text[a] == " ":
            a += 1
        while b > a and text[b - 1] == " ":
            b -= 1
        return a, b

    # -- the whole pipeline --

    def _candidates(
        self, needle: str, lo: int = 0, hi: int | None = None, fuzzy: bool = True
    ) -> list[Match]:
        found = self.exact(needle, lo, hi) or self.skeleton(needle, lo, hi)
        if found or not fuzzy or len(needle) < FUZZY_MIN_LENGTH:
            return found
        return self.fuzzy(needle, lo, hi)

    def anchor(self, quote: str, occurrence: int | None = None) -> Result:
        """Where the quote stands, and how sure we are."""
        needle = normalize_quote(quote)
        if not needle:
            return Result("not-found")
        segments = split_elisions(quote)
        if len(segments) > 1:
            found = self.exact(needle) or self.skeleton(needle) or self._elided(segments)
        else:
            found = self._candidates(needle)
        found = [self._numbers_checked(quote, m) for m in found]
        if not found:
            short = len(segments) == 1 and len(needle) < FUZZY_MIN_LENGTH
            return Result("not-found", closest=self.closest(quote) if short else None)
        total = len(found)
        if total >= MAX_OCCURRENCES:
            method = found[0].method
            total = self.count_exact(needle) if method == "exact" else total
            total = self.count_skeleton(needle) if method == "skeleton" else total
        every = tuple(found)
        if occurrence is None and total > 1:
            return Result("ambiguous", occurrences=every, total=total)
        if occurrence is not None and not 1 <= occurrence <= len(found):
            return Result("ambiguous", occurrences=every, total=total)
        match = found[(occurrence or 1) - 1]
        if not match.differences:
            return Result("verified", match, every, total=total)
        if match.accepted:
            return Result("verified-with-differences", match, every, total=total)
        if match.similarity >= CONFIRMABLE_SIMILARITY:
            return Result("needs-confirmation", match, every, total=total)
        return Result("not-found", closest=match)

    def _numbers_checked(self, quote: str, match: Match) -> Match:
        """Footnote markers are set aside when matching, so a number stuck to a word
        ("Windows11") could slip through: every number typed must stand in the span."""
        typed = Counter(_numbers(quote))
        there = Counter(_numbers(self.source[match.start : match.end]))
        missing = typed - there
        if not missing or any("numbers differ" in p for p in match.problems):
            return match
        problem = f"numbers differ: {' '.join(sorted(missing))} is not in the source's passage"
        return dataclasses.replace(
            match, problems=(*match.problems, problem), accepted=False, differences=True
        )

    def _elided(self, segments: list[str]) -> list[Match]:
        """Each segment in order; every complete chain is a candidate."""
        needles = [normalize_quote(s) for s in segments]
        chains: list[list[Match]] = []
        for first in self._candidates(needles[0]):
            chain = [first]
            for needle in needles[1:]:
                lo = self._norm_end(chain[-1])
                hi = min(len(self.norm.text), lo + MAX_ELISION_GAP + len(needle) * 2)
                following = self._candidates(needle, lo, hi)
                if not following:
                    break
                chain.append(following[0])
            else:
                chains.append(chain)
        return [self._join(chain, needles) for chain in chains]

    def _norm_end(self, match: Match) -> int:
        """The normalized index just after a match."""
        return self.norm.map.first_at_or_after(match.end)

    def _join(self, chain: list[Match], needles: list[str]) -> Match:
        edits = sum(m.edits for m in chain)
        typed = " … ".join(needles)
        similarity = 1.0 - edits / max(sum(len(n) for n in needles), 1)
        methods = {m.method for m in chain}
        problems = tuple(p for m in chain for p in m.problems)
        return Match(
            start=chain[0].start,
            end=chain[-1].end,
            exact=" […] ".join(m.exact for m in chain),
            method="elided",
            verbatim=False,  # the quote leaves words out, so it never equals the span
            differences=methods != {"exact"},
            edits=edits,
            similarity=round(similarity, 4),
            accepted=all(m.accepted for m in chain),
            problems=problems,
            segments=tuple((m.start, m.end) for m in chain),
            typed=typed,
            source_words=" … ".join(m.source_words for m in chain),
        )

    def closest(self, quote: str) -> Match | None:
        """The nearest passage to a quote that was not found, if at least 60% similar."""
        needle = normalize_quote(quote)
        if len(needle) < 8:
            return None
        found = self.fuzzy(needle)
        return found[0] if found else None

    def context(self, start: int, end: int) -> tuple[str, str]:
        return self.source[max(0, start - CONTEXT) : start], self.source[end : end + CONTEXT]

    def anchor_of(self, match: Match, status: QuoteStatus, pages: PageLabels) -> Anchor:
        """The stored record of a match: its place, how it was found, its context."""
        before, after = self.context(match.start, match.end)
        return Anchor(
            status=status,
            start=match.start,
            end=match.end,
            verbatim=match.verbatim,
            method=match.method,
            similarity=match.similarity,
            edits=match.edits,
            page=pages.at(match.start),
            context_before=before,
            context_after=after,
            segments=match.segments if len(match.segments) > 1 else (),
            text_sha256=self.text_sha256,
        )

    def at_spans(self, spans: tuple[tuple[int, int], ...], like: Anchor) -> Match:
        """A match for spans known in advance (no search), found as `like` was."""
        exact = " […] ".join(self.exact_text(a, b) for a, b in spans)
        return Match(
            start=spans[0][0],
            end=spans[-1][1],
            exact=exact,
            method=like.method or "exact",
            verbatim=bool(like.verbatim),
            differences=like.method != "exact",
            edits=like.edits or 0,
            similarity=like.similarity if like.similarity is not None else 1.0,
            accepted=True,
            segments=spans,
        )


# -- re-anchoring after a source changes ---------------------------------------------

Outcome = Literal["unchanged", "moved", "changed", "orphaned"]
OUTCOMES: tuple[Outcome, ...] = ("unchanged", "moved", "changed", "orphaned")


@dataclass(frozen=True)
class Reanchored:
    outcome: Outcome
    anchor: Anchor
    exact: str | None  # the quote's new text, when it changed


def reanchor(
    quote: Quote, old_text: str, new_text: str, anchorer: Anchorer, pages: PageLabels
) -> Reanchored:
    """Where a quote of the old text stands in the new one: by position, by its exact
    text (the nearest occurrence), by its stored context, then by what was typed."""
    old = quote.anchor
    span = old.span
    kept: QuoteStatus | None = old.status if old.stored_ok else None
    if span and kept:
        start, end = span
        spans = old.spans
        # 1. by position: the same characters at the same offsets
        if all(old_text[a:b] == new_text[a:b] for a, b in spans):
            match = anchorer.at_spans(spans, old)
            return Reanchored("unchanged", anchorer.anchor_of(match, kept, pages), None)
        # 2. by its exact text: the passage, unchanged, somewhere else (nearest wins)
        if not old.segments:
            passage = old_text[start:end]
            found = [m.start() for m in re.finditer(re.escape(passage), new_text)]
            if found:
                at = min(found, key=lambda i: abs(i - start))
                match = anchorer.at_spans(((at, at + len(passage)),), old)
                return Reanchored("moved", anchorer.anchor_of(match, kept, pages), match.exact)
        # 3. by its stored context: what now stands between the old neighbours
        between = _between_context(old, new_text, end - start)
        if between is not None:
            match = anchorer.at_spans((between,), old)
            a, b = between
            changed = new_text[a:b] != old_text[start:end]
            status: QuoteStatus = "changed" if changed else kept
            return Reanchored(
                "changed" if changed else "moved",
                anchorer.anchor_of(match, status, pages),
                match.exact,
            )
    # 4. what the person typed, through the whole pipeline
    result = anchorer.anchor(quote.typed)
    if result.storable and result.match is not None:
        status = "verified" if result.status == "verified" else "verified-with-differences"
        anchor = anchorer.anchor_of(result.match, status, pages)
        return Reanchored("moved", anchor, result.match.exact)
    return Reanchored("orphaned", Anchor.placeless("orphaned"), None)


def _between_context(old: Anchor, text: str, length: int) -> tuple[int, int] | None:
    """The span between the quote's old context before and after, if both still stand."""
    before, after = old.context_before or "", old.context_after or ""
    if len(before.strip()) < 10 or len(after.strip()) < 10:
        return None
    for found in re.finditer(re.escape(before), text):
        a_end = found.start() + len(before)
        limit = a_end + max(3 * length, length + 200)
        c = text.find(after, a_end, limit + len(after))
        if c != -1:
            start, end = a_end, c
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            return (start, end) if end > start else None
    return None


def _separate(locations: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """edlib reports overlapping ends of one place; keep one span per place."""
    spans: list[tuple[int, int]] = []
    for a, b in sorted(locations):
        if spans and a <= spans[-1][1]:
            continue
        spans.append((a, b))
    return spans


def _distance(a: str, b: str) -> int:
    import edlib

    a, b = _small_alphabet(a, b)
    return int(edlib.align(a, b, mode="NW", task="distance")["editDistance"])


def _small_alphabet(
    query: str, target: str, target_symbols: frozenset[str] | None = None
) -> tuple[str, str]:
    """edlib handles at most 256 distinct symbols: fold the rarest into one."""
    symbols = set(query) | (target_symbols if target_symbols is not None else set(target))
    if len(symbols) <= 250:
        return query, target
    counts = Counter(target)
    keep = {c for c, _ in counts.most_common(240)} | set(query)
    rare = {c: "\x7f" for c in symbols - keep}
    table = str.maketrans(rare)
    return query.translate(table), target.translate(table)


class PageLabels:
    """The printed label of the page an offset falls on, for many offsets."""

    def __init__(self, pages: Sequence[tuple[int, str]]):
        self.offsets = [p[0] for p in pages]
        self.labels = [p[1] for p in pages]

    def at(self, offset: int) -> str | None:
        if not self.offsets:
            return None
        i = bisect.bisect_right(self.offsets, offset) - 1
        return self.labels[max(i, 0)]


def page_of(offset: int, pages: Sequence[tuple[int, str]]) -> str | None:
    """The printed label of the page an offset falls on (for one offset)."""
    return PageLabels(pages).at(offset)


def diff_text(changes: list[WordChange]) -> str:
    """A word diff in wdiff's notation: [-yours-]{+the source's+}."""
    parts = []
    for c in changes:
        if c.kind == "equal":
            parts.append(" ".join(c.yours))
            continue
        if c.yours:
            parts.append("[-" + " ".join(c.yours) + "-]")
        if c.source:
            parts.append("{+" + " ".join(c.source) + "+}")
    return " ".join(parts)
