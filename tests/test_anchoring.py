from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from debate.anchoring import Anchorer, is_verbatim, readable
from tests.conftest import SHARED_TEXTS, SOURCE_TEXT


def anchor(quote: str) -> tuple[int, int, str, bool]:
    [a] = Anchorer(SOURCE_TEXT).find(quote)
    assert SOURCE_TEXT[a.start : a.end] == a.exact
    return a.start, a.end, a.exact, a.verbatim


def test_line_end_hyphenation_is_set_aside() -> None:
    *_, exact, verbatim = anchor("the new harbour would bring trade")
    assert exact == "the new har-\nbour would bring trade"
    assert verbatim


def test_a_compound_broken_at_a_line_end_matches_with_its_hyphen() -> None:
    *_, exact, verbatim = anchor("the Anglo-French consortium")
    assert exact == "the Anglo-\nFrench consortium"
    assert verbatim


def test_curly_and_straight_quotes_and_line_breaks_fold_together() -> None:
    *_, exact, verbatim = anchor('The mayor\'s office called it "a once-in-a-century chance"')
    assert exact == "The mayor’s office\ncalled it “a once-in-a-century chance”"
    assert verbatim


def test_runs_of_white_space_fold() -> None:
    *_, exact, _ = anchor("  Nobody   expected\n the costs\tto double. ")
    assert exact == "Nobody expected the costs to double."


def test_a_dropped_in_word_hyphen_matches_but_is_not_verbatim() -> None:
    *_, verbatim = anchor("a onceinacentury chance")
    assert not verbatim


@pytest.mark.parametrize(
    "quote",
    [
        "the new harbour would bring tourists",  # words changed
        "had paid its 12 per cent share",  # negation dropped
        "had not paid its 13 per cent share",  # number changed
        "Nobody expected the costs to triple.",
        "trade would bring the new harbour",  # same words, other order
    ],
)
def test_what_the_source_does_not_say_is_not_found(quote: str) -> None:
    assert Anchorer(SOURCE_TEXT).find(quote) == []


def test_every_occurrence_is_found_in_order() -> None:
    text = "Alpha beta.\nAlpha\nbeta.\n"
    anchors = Anchorer(text).find("alpha beta".capitalize())
    assert [(a.start, a.end) for a in anchors] == [(0, 10), (12, 22)]


def test_verbatim_allows_a_line_end_hyphen_either_way() -> None:
    assert is_verbatim("respective", "respec-\ntive")
    assert is_verbatim("Sino-Russian", "Sino-\nRussian")
    assert not is_verbatim("SinoRussian", "Sino-Russian")


def test_readable_undoes_layout_for_display() -> None:
    assert (
        readable("the new har-\nbour and the Anglo-\nFrench  deal")
        == "the new harbour and the Anglo-French deal"
    )


words = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz’“”'", min_size=1, max_size=9).filter(
        lambda w: any(c.isalpha() for c in w)
    ),
    min_size=8,
    max_size=60,
)


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
    anchors = Anchorer(flowed).find(typed)
    own = (spans[i][0], spans[j - 1][1])
    assert own in [(a.start, a.end) for a in anchors]


@pytest.mark.skipif(not SHARED_TEXTS.is_dir(), reason="../shared/texts is absent")
def test_a_hyphenated_sentence_of_the_journal_article_anchors() -> None:
    text = (SHARED_TEXTS / "paikin-2021-thick-and-thin.txt").read_text(encoding="utf-8")
    [a] = Anchorer(text).find(
        "Yet despite the genuine normative convergence that has developed between Russia and China"
    )
    assert "Rus-\nsia" in a.exact
    assert a.verbatim
