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

One module a step: `normalize` (the normalized copy and its offset maps),
`pages` (page starts, running headers and footers, page labels), `words` (the
checks on changed words, and word diffs), `match` (the `Anchorer`: exact,
skeleton, fuzzy and elided matching) and `reanchor` (after a source changes).
"""

from __future__ import annotations

from debate.core.anchoring.match import (
    CLOSEST_SIMILARITY,
    CONFIRMABLE_SIMILARITY,
    CONTEXT,
    FUZZY_MIN_LENGTH,
    MAX_ELISION_GAP,
    MAX_OCCURRENCES,
    Anchorer,
    Match,
    Result,
    SourceIndex,
    Status,
    max_auto_edits,
    split_elisions,
)
from debate.core.anchoring.normalize import (
    NORMALIZATION_VERSION,
    Normalized,
    OffsetMap,
    PieceMap,
    normalize,
    normalize_quote,
    without,
)
from debate.core.anchoring.pages import PageLabels, page_of, page_starts, running_lines
from debate.core.anchoring.reanchor import OUTCOMES, Outcome, Reanchored, reanchor
from debate.core.anchoring.words import (
    NEGATIONS,
    WordChange,
    diff_text,
    word_diff,
    word_problems,
    words,
)

__all__ = [
    "CLOSEST_SIMILARITY",
    "CONFIRMABLE_SIMILARITY",
    "CONTEXT",
    "FUZZY_MIN_LENGTH",
    "MAX_ELISION_GAP",
    "MAX_OCCURRENCES",
    "NEGATIONS",
    "NORMALIZATION_VERSION",
    "OUTCOMES",
    "Anchorer",
    "Match",
    "Normalized",
    "OffsetMap",
    "Outcome",
    "PageLabels",
    "PieceMap",
    "Reanchored",
    "Result",
    "SourceIndex",
    "Status",
    "WordChange",
    "diff_text",
    "max_auto_edits",
    "normalize",
    "normalize_quote",
    "page_of",
    "page_starts",
    "reanchor",
    "running_lines",
    "split_elisions",
    "without",
    "word_diff",
    "word_problems",
    "words",
]
