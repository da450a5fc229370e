"""The anchoring pipeline on fixture texts written for these tests."""

from __future__ import annotations

import bisect

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debate.core.anchoring import (
    Anchorer,
    Result,
    diff_text,
    normalize,
    normalize_quote,
    page_starts,
    running_lines,
    split_elisions,
    word_diff,
    word_problems,
)
from debate.core.text import readable
from tests.conftest import SHARED_TEXTS, SOURCE_TEXT

# Three pages, separated by form feeds as PDF extraction leaves them, each with a
# running header and a page-number footer; ligatures, dashes, a soft hyphen, a
# no-break space, footnote markers, line-end hyphenation and a repeated sentence.
PAGED = (
    "Journal of Harbour Studies 12 (2024)\n"
    "Most members of the council agreed that the new har-\n"
    "bour would bring trade to the town. The mayor’s office\n"
    "called it “a once-in-a-century chance”, while critics\n"
    "argued that the Anglo-\n"
    "French consortium had not paid its 12 per cent share.\n"
    "The ﬁnal ﬁgures — published in March — showed a deﬁcit.¹ Officials said the\n"
    "har\u00adbour\u00a0fees were “ﬁne”. Nobody expected the costs to double.2 The\n"
    "committee will meet again in the\n"
    "— 1 —\n"
    "\f"
    "Journal of Harbour Studies 12 (2024)\n"
    "spring to decide on the fees. Nobody expected the costs to double. Ships\n"
    "came all the same, and the harbour master reported that the inter-\n"
    "— 2 —\n"
    "\f"
    "Journal of Harbour Studies 12 (2024)\n"
    "national traffic had grown by 40 per cent in a single year.\n"
    "— 3 —\n"
)
OTHER_TEXT = "The railway did not reach the valley until 1911, and the mill closed soon after."


@pytest.fixture(scope="module")
def paged() -> Anchorer:
    return Anchorer.for_text(PAGED)


def found(anchorer: Anchorer, quote: str, occurrence: int | None = None) -> Result:
    result = anchorer.anchor(quote, occurrence)
    match = result.match
    if match is not None:
        # Offsets are code points into the stored text; the start and end hold the passage.
        assert PAGED[match.start : match.end].startswith(match.exact.split()[0])
    return result


def test_line_end_hyphenation_is_undone(paged: Anchorer) -> None:
    r = found(paged, "the new harbour would bring trade to the town")
    assert (r.status, r.match and r.match.verbatim) == ("verified", True)
    assert r.match and r.match.exact == "the new har-\nbour would bring trade to the town"


def test_a_real_compound_broken_at_a_line_end_keeps_its_hyphen(paged: Anchorer) -> None:
    assert "Anglo-French" in normalize(PAGED).text
    r = found(paged, "the Anglo-French consortium had not paid its 12 per cent share")
    assert (r.status, r.match and r.match.method) == ("verified", "exact")
    r = found(paged, "the AngloFrench consortium had not paid its 12 per cent share")
    assert (r.status, r.match and r.match.method) == ("verified-with-differences", "skeleton")
    assert r.match and not r.match.verbatim


def test_ligatures_curly_quotes_and_dashes_fold(paged: Anchorer) -> None:
    r = found(paged, "The final figures - published in March -- showed a deficit.")
    assert (r.status, r.match and r.match.method) == ("verified", "exact")
    assert r.match and r.match.exact == "The ﬁnal ﬁgures — published in March — showed a deﬁcit."
    r = found(paged, 'The mayor\'s office called it "a once-in-a-century chance"')
    assert r.status == "verified"


def test_soft_hyphens_and_no_break_spaces_vanish(paged: Anchorer) -> None:
    r = found(paged, 'Officials said the harbour fees were "fine".')
    assert r.status == "verified"
    assert r.match and "har\u00adbour\u00a0fees" in r.match.exact


def test_footnote_markers_are_ignored(paged: Anchorer) -> None:
    assert found(paged, "showed a deficit. Officials said").status == "verified"
    # Typed with the marker, as copied from a PDF viewer, it still matches.
    assert found(paged, "showed a deficit.1 Officials said").status == "verified"
    r = found(paged, "the costs to double. The committee will meet")
    assert r.status == "verified"


def test_running_headers_and_footers_at_a_page_break_are_left_out(paged: Anchorer) -> None:
    spans = running_lines(PAGED, page_starts(PAGED))
    cut = [PAGED[a:b] for a, b in spans]
    assert cut.count("Journal of Harbour Studies 12 (2024)") == 3
    assert {"— 1 —", "— 2 —", "— 3 —"} <= set(cut)
    r = found(paged, "The committee will meet again in the spring to decide on the fees.")
    assert r.status == "verified"
    assert r.match and r.match.exact == (
        "The\ncommittee will meet again in the\nspring to decide on the fees."
    )
    assert PAGED[r.match.start : r.match.end].count("Journal of Harbour Studies") == 1
    # A word hyphenated across a page break, header and footer between its halves.
    r = found(paged, "the international traffic had grown by 40 per cent")
    assert r.status == "verified" and r.match
    assert readable(r.match.exact) == "the international traffic had grown by 40 per cent"


def test_typos_are_accepted_with_a_word_diff(paged: Anchorer) -> None:
    r = found(paged, "Most members of the counsil agreed that the new harbor would bring trade")
    assert r.status == "verified-with-differences"
    m = r.match
    assert m is not None and (m.method, m.edits, m.verbatim) == ("fuzzy", 2, False)
    assert m.exact == "Most members of the council agreed that the new har-\nbour would bring trade"
    assert diff_text(word_diff(m.typed, m.source_words)) == (
        "Most members of the [-counsil-] {+council+} agreed that the new [-harbor-] {+harbour+} "
        "would bring trade"
    )


@pytest.mark.parametrize(
    ("quote", "problem"),
    [
        ("argued that the Anglo-French consortium had paid its 12 per cent share", "negation"),
        ("the Anglo-French consortium had not paid its 13 per cent share", "numbers differ"),
        ("the Anglo-French consortium had never paid its 12 per cent share", "negation"),
    ],
)
def test_a_changed_negation_or_number_needs_confirmation(
    paged: Anchorer, quote: str, problem: str
) -> None:
    r = found(paged, quote)
    assert r.status == "needs-confirmation" and not r.storable
    assert r.match and any(problem in p for p in r.match.problems)


def test_elided_quotes_anchor_segment_by_segment(paged: Anchorer) -> None:
    assert split_elisions("a … b [...] c (…) d...e") == ["a", "b", "c", "d", "e"]
    r = found(paged, "Most members of the council agreed … would bring trade to the town")
    m = r.match
    assert r.status == "verified" and m is not None and m.method == "elided"
    assert m.exact == "Most members of the council agreed […] would bring trade to the town"
    assert len(m.segments) == 2 and m.segments[0][1] < m.segments[1][0]
    # In the wrong order, the segments do not anchor.
    assert found(
        paged, "would bring trade to the town [...] Most members of the council"
    ).status == ("not-found")


def test_a_repeated_passage_is_ambiguous_until_an_occurrence_is_picked(paged: Anchorer) -> None:
    r = found(paged, "Nobody expected the costs to double.")
    assert r.status == "ambiguous" and len(r.occurrences) == 2
    second = found(paged, "Nobody expected the costs to double.", occurrence=2)
    assert second.status == "verified" and second.match == r.occurrences[1]
    assert found(paged, "Nobody expected the costs to double.", occurrence=3).status == "ambiguous"


@pytest.mark.parametrize(
    "quote",
    [
        OTHER_TEXT,  # a sentence of another text
        "trade to the town would bring the new harbour, most members of the council agreed",
        "The harbour board promised that fees would fall once the new ships arrived.",
    ],
)
def test_what_the_source_does_not_say_is_refused(paged: Anchorer, quote: str) -> None:
    r = found(paged, quote)
    assert r.status == "not-found" and r.match is None


def test_not_found_shows_the_closest_passage_when_similar(paged: Anchorer) -> None:
    r = found(
        paged, "critics argued that the Franco-British consortium had failed to pay its share"
    )
    assert r.status == "not-found"
    assert r.closest is not None and 0.6 <= r.closest.similarity < 0.75
    assert "consortium" in r.closest.exact


def test_a_number_stuck_to_a_word_is_not_taken_for_a_footnote() -> None:
    anchorer = Anchorer("Most offices still ran Windows10 in that year.")
    assert anchorer.anchor("ran Windows10 in that year").status == "verified"
    r = anchorer.anchor("ran Windows11 in that year")
    assert r.status == "needs-confirmation" and r.match
    assert r.match.problems == ("numbers differ: windows11 is not in the source's passage",)


def test_word_checks() -> None:
    assert word_problems("the costs will double", "the costs wil double") == []
    assert word_problems("costs double", "costs did not double") == [
        "a word is added or removed",
        "a negation differs",
    ]
    assert word_problems("it isn't 12", "it is 12") == ["a negation differs"]


def test_short_quotes_must_match_exactly(paged: Anchorer) -> None:
    assert found(paged, "the counsil agreed").status == "not-found"
    assert found(paged, "council agreed").status == "verified"


def test_a_quote_does_not_match_inside_a_word() -> None:
    anchorer = Anchorer("The partisans departed.")
    assert anchorer.anchor("art").status == "not-found"


def test_readable_undoes_layout_for_display() -> None:
    assert (
        readable("the new har-\nbour and the Anglo-\nFrench  deal")
        == "the new harbour and the Anglo-French deal"
    )


def test_normalizing_a_quote_is_idempotent() -> None:
    for q in ("  “Fine” — ﬁne…", "har\u00adbour", "a.12 b"):
        once = normalize_quote(q)
        assert normalize_quote(once) == once


words = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz’“”'", min_size=1, max_size=9).filter(
        lambda w: any(c.isalpha() for c in w)
    ),
    min_size=8,
    max_size=60,
)


@settings(deadline=None)
@given(words, st.data())
def test_any_passage_reflowed_and_straightened_anchors_to_its_span(
    ws: list[str], data: st.DataObject
) -> None:
    i = data.draw(st.integers(0, len(ws) - 1))
    j = data.draw(st.integers(i + 1, len(ws)))
    # Re-flow the source: random line breaks, some of them hyphenating a word.
    flowed, spans = "", []
    for w in ws:
        cut = data.draw(st.integers(0, len(w)))
        if (
            0 < cut < len(w)
            and w[cut - 1].isalpha()
            and w[cut].isalpha()
            and data.draw(st.booleans())
        ):
            w = w[:cut] + "-\n" + w[cut:]
        spans.append((len(flowed), len(flowed) + len(w)))
        flowed += w + data.draw(st.sampled_from([" ", "\n", "  ", " \n "]))
    passage = " ".join(ws[i:j])
    typed = passage.replace("’", "'").replace("“", '"').replace("”", '"')
    result = Anchorer(flowed).anchor(typed)
    own = (spans[i][0], spans[j - 1][1])
    places = [(m.start, m.end) for m in result.occurrences]
    assert result.status in ("verified", "ambiguous") and own in places


def test_SOURCE_TEXT_fixture_anchors() -> None:
    r = Anchorer.for_text(SOURCE_TEXT).anchor("the Anglo-French consortium")
    assert r.status == "verified" and r.match and r.match.exact == "the Anglo-\nFrench consortium"


@pytest.mark.skipif(not SHARED_TEXTS.is_dir(), reason="../shared/texts is absent")
def test_the_shared_texts_anchor_typed_and_elided_quotes() -> None:
    text = (SHARED_TEXTS / "paikin-2021-thick-and-thin.txt").read_text(encoding="utf-8")
    anchorer = Anchorer.for_text(text)
    r = anchorer.anchor(
        "Yet despite the genuine normative convergence that has developed between Russia and China"
    )
    assert r.status == "verified" and r.match and "Rus-\nsia" in r.match.exact
    # Retyped with typos and straight quotes, it is still found, with its differences.
    r = anchorer.anchor(
        "Yet despite the genuine normativ convergence that has developped between Russia and China"
    )
    assert r.status == "verified-with-differences" and r.match and r.match.edits == 2
    blog = (SHARED_TEXTS / "hammersley-2023-no-limits.txt").read_text(encoding="utf-8")
    # A sentence of the blog is not in the article.
    sentence = "While China is undoubtedly doubling down on its strategic partnership with Russia"
    assert sentence in blog
    assert anchorer.anchor(sentence).status == "not-found"


@given(
    st.lists(
        st.sampled_from(
            [
                "word",
                " ",
                "  ",
                "\n",
                "har-\nbour",
                "Sino-\nRussian",
                "ﬁne",
                "“q”",
                "—",
                "12",
                "x3",
                "end.4 ",
                "\u00ad",
                "\f",
                "Header line\n",
                "é",
                "ß",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_the_offset_map_is_monotone_and_searchable(text: str) -> None:
    from debate.core.anchoring import Anchorer

    anchorer = Anchorer.for_text(text)
    norm = anchorer.norm
    starts = [norm.map.start_of(i) for i in range(len(norm.text))]
    assert starts == sorted(starts)
    for i in range(len(norm.text)):
        a, b = norm.span(i, i + 1)
        assert 0 <= a < b <= len(text)
    for offset in range(len(text) + 2):
        assert norm.map.first_at_or_after(offset) == bisect.bisect_left(starts, offset)
