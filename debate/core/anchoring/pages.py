"""Pages of a source text: where they start, their running headers and footers, and
the label of the page an offset is on. Pure."""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Sequence

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
