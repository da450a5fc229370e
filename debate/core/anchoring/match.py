"""Finding a quote in a source: exact, by skeleton, fuzzy (edlib) and by elided
segments, with the result of each try. Pure."""

from __future__ import annotations

import bisect
import dataclasses
import re
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, NamedTuple

from debate.core.anchoring.normalize import (
    _WORD,
    NORMALIZATION_VERSION,
    Normalized,
    OffsetMap,
    normalize,
    normalize_quote,
)
from debate.core.anchoring.pages import PageLabels, page_starts, running_lines
from debate.core.anchoring.words import _numbers, word_problems
from debate.models import Anchor, Method, QuoteStatus

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
