"""The use case `check`: every quote verified again against its source's text, and
those that no longer match reported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from debate.models import (
    STORED_OK,
    Node,
    QuoteSpan,
    QuoteStatus,
    Source,
)
from debate.store import Store

if TYPE_CHECKING:  # anchoring and extraction load when a command needs them: not for `check`
    from debate.core.anchoring import Anchorer


class CheckRow(NamedTuple):
    id: int  # the quote
    source: str  # its source's key
    status: QuoteStatus  # as stored
    problem: str | None  # None: the quote still stands where it says


def check(store: Store, key: str | None = None) -> list[CheckRow]:
    """Re-verify every live quote against its source's current text.

    A quote anchored in the text the source has now (same hash) is checked by
    its offsets alone, from a few columns; only a quote whose source changed
    since, or whose span no longer holds its text, is read whole and anchored
    again.
    """
    sources = [store.source(key)] if key else store.sources()
    rows = []
    for source in sources:
        text = store.source_text(source.id)
        checker = _Checker(store, source, text)
        for span in store.quote_spans(source.id, source.text_sha256):
            problem = checker.quick(span)
            if problem is _LOOK_CLOSER:
                problem = checker.closer(store.node(span.id))
            rows.append(CheckRow(span.id, source.key, span.status, problem))
    rows.sort(key=lambda r: r.id)
    return rows


_LOOK_CLOSER = "look closer"  # the quick check cannot tell: read the quote whole


_PROBLEMS = {
    "not-found": "not found in the source",
    "orphaned": "orphaned: its passage is gone from the updated source",
    "changed": "changed: the updated source says something else here",
    "ambiguous": "ambiguous: the passage occurs more than once",
}


class _Checker:
    """Checks the quotes of one source; normalizes it only if one needs anchoring."""

    def __init__(self, store: Store, source: Source, text: str | None):
        self.store = store
        self.source = source
        self.text = text
        self._anchorer: Anchorer | None = None

    @property
    def anchorer(self) -> Anchorer:
        from debate.core.anchoring import Anchorer

        if self._anchorer is None:
            assert self.text is not None
            index = self.store.source_index(self.source.id)
            if index is not None and index.fits(self.source.text_sha256):
                self._anchorer = Anchorer.from_index(self.text, index)
            else:
                self._anchorer = Anchorer.for_text(self.text)
        return self._anchorer

    def quick(self, span: QuoteSpan) -> str | None:
        """What the stored offsets say: None when a quote anchored in this very text
        still reads the same there; `_LOOK_CLOSER` when only a closer look can tell."""
        if self.text is None:
            return "unverified: the source has no text attached"
        if span.status not in STORED_OK:
            return _PROBLEMS.get(span.status, span.status)
        if span.start is None or span.end is None:
            return "no position stored"
        if (
            span.anchored_here
            and " […] ".join(self.text[a:b] for a, b in span.spans()) == span.text
        ):
            return None
        return _LOOK_CLOSER

    def closer(self, node: Node) -> str | None:
        """A quote `quick` could not vouch for: anchored in another text, or its span
        no longer reads the same. Its words are looked for as the anchorer reads them."""
        q = node.quote
        assert q is not None
        anchor = q.anchor
        same_text = anchor.text_sha256 is not None and anchor.text_sha256 == self.source.text_sha256
        stored = " […] ".join(self.anchorer.exact_text(a, b) for a, b in anchor.spans)
        if stored != node.text:
            return f"the source no longer says this at [{anchor.start}:{anchor.end}]"
        if same_text or anchor.status == "confirmed":
            return None  # a running header lies inside; or a person vouched for the match
        result = self.anchorer.anchor(q.typed)
        places = {(m.start, m.end) for m in result.occurrences} | (
            {(result.match.start, result.match.end)} if result.match else set()
        )
        if anchor.span not in places or result.status in ("not-found", "needs-confirmation"):
            return "what was typed no longer anchors here"
        return None
