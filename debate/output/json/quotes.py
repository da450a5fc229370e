"""--json documents of quote add/edit, evidence and check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from debate.core.text import readable
from debate.output.json.common import Document, node

if TYPE_CHECKING:
    from debate.app.checking import CheckRow
    from debate.app.quotes import EvidenceRow, QuoteEdited, QuoteOutcome
    from debate.core.anchoring import Match


def _match(outcome: QuoteOutcome, match: Match) -> Document:
    from debate.core.anchoring import diff_text, word_diff

    return {
        "start": match.start,
        "end": match.end,
        "text": readable(match.exact),
        "exact": match.exact,
        "page": outcome.pages.at(match.start),
        "method": match.method,
        "verbatim": match.verbatim,
        "similarity": match.similarity,
        "edits": match.edits,
        "problems": list(match.problems),
        "diff": None if match.verbatim else diff_text(word_diff(match.typed, match.source_words)),
    }


def quote_outcome(outcome: QuoteOutcome) -> Document:
    result = outcome.result
    data: Document = {
        "status": outcome.status,
        "stored": outcome.node is not None,
        "typed": outcome.typed,
        "source": outcome.key,
        "claim": outcome.claim,
        "stance": outcome.stance,
        "start": None,
        "end": None,
        "exact": None,
        "verbatim": None,
        "similarity": None,
        "edits": None,
        "page": None,
    }
    if result.match is not None:
        data.update(_match(outcome, result.match))
    if outcome.node is not None:
        data = {**node(outcome.node), **data}
    if result.total > 1:
        data["occurrences"] = [_match(outcome, m) for m in result.occurrences]
        data["occurrence_count"] = result.total
        data["occurrence"] = outcome.occurrence
    if result.closest is not None:
        data["closest"] = _match(outcome, result.closest)
    return data


def quote_edited(e: QuoteEdited) -> Document:
    return {**node(e.node), "changed": list(e.changed)}


def check(rows: list[CheckRow]) -> Document:
    problems = [r for r in rows if r.problem]
    return {
        "checked": len(rows),
        "verified": len(rows) - len(problems),
        "problems": [
            {"id": r.id, "source": r.source, "status": r.status, "problem": r.problem}
            for r in problems
        ],
    }


def evidence_row(r: EvidenceRow) -> Document:
    return {
        **node(r.node),
        "citation": r.source.citation(),
        "claim": r.claim,
        "stance": r.stance,
        "claim_text": r.claim_text,
    }
