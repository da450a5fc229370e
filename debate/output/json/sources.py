"""--json documents of source add/update/show and search."""

from __future__ import annotations

from typing import TYPE_CHECKING

from debate.core.text import readable
from debate.models import (
    PassageHit,
    Source,
)
from debate.output.json.common import Document, node, source

if TYPE_CHECKING:
    from debate.app.sources import SearchHits, SourceAdded, SourceUpdated


def source_with_text(s: Source, text: str | None) -> Document:
    return {**source(s), **({"text": text} if text is not None else {})}


def source_added(r: SourceAdded) -> Document:
    return {
        **source(r.source),
        "created": r.created,
        "text_attached": r.text_attached,
        "verified": r.verified,
        "not_found": r.not_found,
    }


def source_updated(r: SourceUpdated) -> Document:
    return {
        **source(r.source),
        "text_changed": r.text_changed,
        "quotes": [
            {
                "id": q.node.id,
                "outcome": q.outcome,
                "old": list(q.old) if q.old else None,
                "new": list(q.new) if q.new else None,
                "was": readable(q.was),
                "text": readable(q.node.text),
                "status": q.node.quote.anchor.status if q.node.quote else None,
            }
            for q in r.quotes
        ],
    }


def _passage(h: PassageHit) -> Document:
    return {"source": h.source_key, "page": h.page, "start": h.start, "end": h.end, "text": h.text}


def search(hits: SearchHits) -> Document:
    return {
        "query": hits.query,
        "passages": [_passage(h) for h in hits.passages],
        "quotes": [node(n) for n in hits.quotes],
    }
