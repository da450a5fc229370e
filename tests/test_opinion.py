"""Pure checks of opinion groups and proof standards."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from debate.core import opinion, questioning

VOTE = st.integers(min_value=-2, max_value=2)


@st.composite
def ballots(draw: st.DrawFn) -> list[tuple[str, int, int]]:
    people = draw(st.integers(min_value=3, max_value=9))
    claims = draw(st.integers(min_value=3, max_value=8))
    votes = []
    for p in range(people):
        voted = draw(st.lists(st.integers(0, claims - 1), min_size=3, max_size=claims, unique=True))
        votes += [(f"p{p}", c, draw(VOTE)) for c in voted]
    return votes


@settings(max_examples=60, deadline=None)
@given(ballots(), st.randoms(use_true_random=False))
def test_groups_do_not_depend_on_the_order_of_votes(
    votes: list[tuple[str, int, int]], shuffle: random.Random
) -> None:
    claims = sorted({c for _, c, _ in votes})
    first = opinion.find(votes, claims, seed=3)
    shuffled = list(votes)
    shuffle.shuffle(shuffled)
    assert opinion.find(shuffled, claims, seed=3) == first
    members = [m for g in first.groups for m in g.members]
    assert sorted(members) == sorted({p for p, _, _ in votes})  # everyone exactly once
    assert set(first.consensus).isdisjoint(first.divisive)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=2, max_value=6),
    st.integers(min_value=2, max_value=6),
    st.lists(st.sampled_from([-2, -1, 1, 2]), min_size=3, max_size=8),
)
def test_two_opposite_camps_are_found(left: int, right: int, stances: list[int]) -> None:
    votes = [(f"a{i}", c, v) for i in range(left) for c, v in enumerate(stances)]
    votes += [(f"b{i}", c, -v) for i in range(right) for c, v in enumerate(stances)]
    result = opinion.find(votes, list(range(len(stances))))
    found = sorted(sorted(g.members) for g in result.groups)
    assert found == sorted(
        [sorted(f"a{i}" for i in range(left)), sorted(f"b{i}" for i in range(right))]
    )
    assert set(result.divisive) == set(range(len(stances)))
    assert result.consensus == ()


@given(st.floats(0, 1), st.floats(0, 1))
def test_a_stronger_standard_never_accepts_what_a_weaker_one_does_not(
    strength: float, con: float
) -> None:
    met = [questioning.STANDARDS[name].met(strength, con) for name in questioning.STANDARD_NAMES]
    # Weakest first: once a standard fails, every stronger one fails too.
    assert met == sorted(met, reverse=True)
