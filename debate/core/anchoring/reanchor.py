"""Re-anchoring a quote after its source's text changed: unchanged, moved, changed
or orphaned. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from debate.core.anchoring.match import Anchorer
from debate.core.anchoring.pages import PageLabels
from debate.models import Anchor, Quote, QuoteStatus

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
