"""The pure parts of seminar sessions: the clock replayed from steps, the decision
rules, and a tree kept as rows."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from debate.core.seminar import decisions
from debate.core.seminar.catalogue import BUILT_IN
from debate.core.seminar.clock import Step, check_step, replay
from debate.core.tree import TreeItem, from_rows, to_rows
from debate.errors import DebateError
from debate.models import Ballot, GraphNode, VoteTally

LD = BUILT_IN["ld"]
KINDS = ["start", "next", "pause", "resume", "end", "prep start", "prep stop", "poi"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(KINDS), st.integers(0, 400), st.sampled_from(["aff", "neg"])),
        max_size=40,
    )
)
def test_time_is_never_counted_twice(moves: list[tuple[str, int, str]]) -> None:
    """Whatever steps are tried (the refused ones are dropped, as the store does),
    the speeches' times and the prep used add up to at most the time elapsed, and
    each speech's time to at most its own span."""
    at = 1_000_000.0
    steps: list[Step] = []
    for kind, gap, side in moves:
        at += gap
        whose = side if kind.startswith("prep") else None
        step = Step(kind, at, None, whose, "x", None, None)  # type: ignore[arg-type]
        try:
            check_step(LD, steps, step)
        except DebateError:
            continue
        steps.append(step)
    now = at + 50
    line = replay(LD, steps, now)
    if line.started_at is None:
        assert all(c.used == 0 for c in line.speeches)
        return
    counted = sum(c.used for c in line.speeches) + sum(line.prep_used.values())
    assert counted <= now - min(s.at for s in steps) + 1e-6
    for c in line.speeches:
        assert c.used >= 0
        if c.started_at is not None:
            end = c.ended_at if c.ended_at is not None else now
            assert c.used <= end - c.started_at + 1e-6
    assert (line.current is None) or line.state in ("running", "paused")


def test_pauses_are_left_out_and_prep_ends_the_speech() -> None:
    t = 0.0
    steps = [
        Step("start", t),
        Step("pause", t + 60),
        Step("resume", t + 90),
        Step("next", t + 400),  # AC: 370 s
        Step("prep start", t + 500, side="neg"),  # CX: 100 s, then neg's prep
        Step("prep stop", t + 560, side="neg"),
        Step("next", t + 600),
    ]
    line = replay(LD, steps, t + 700)
    assert [c.used for c in line.speeches[:3]] == [370.0, 100.0, 100.0]
    assert line.prep_used == {"neg": 60.0} and line.current == 2
    assert line.overtime(LD, 0) == 10.0 and line.prep_left(LD, "neg") == 180.0


def test_the_iq2_swing_worked_by_hand() -> None:
    s = decisions.swing(
        {"for": 30, "against": 50, "undecided": 20}, {"for": 45, "against": 50, "undecided": 5}
    )
    assert s.swing == {"for": 15.0, "against": 0.0, "undecided": -15.0}
    assert s.winner == "for"
    assert decisions.swing({"for": 1}, {}).winner is None  # no poll after: no decision


def _ballot(judge: str, winner: str | None = None, ranking: tuple[str, ...] = (),
            points: tuple[tuple[str, int], ...] = ()) -> Ballot:  # fmt: skip
    return Ballot(judge, winner, ranking, points, None, True, "")


@given(st.lists(st.sampled_from(["aff", "neg"]), min_size=1, max_size=9))
def test_a_majority_is_more_than_the_rest(winners: list[str]) -> None:
    m = decisions.majority([_ballot(f"j{i}", w) for i, w in enumerate(winners)], ("aff", "neg"))
    aff, neg = winners.count("aff"), winners.count("neg")
    assert m.winner == ("aff" if aff > neg else "neg" if neg > aff else None)
    assert len(m.minority) == (min(aff, neg) if m.winner else 0)


TEAMS = ("OG", "OO", "CG", "CO")


@given(st.lists(st.permutations(TEAMS), min_size=1, max_size=7))
def test_a_ranking_orders_every_team_by_average_rank(rankings: list[list[str]]) -> None:
    r = decisions.ranking([_ballot(f"j{i}", None, tuple(k)) for i, k in enumerate(rankings)],
                          TEAMS, {})  # fmt: skip
    assert r is not None and sorted(r.order) == sorted(TEAMS)
    ranks = [r.average_rank[t] for t in r.order]
    assert ranks == sorted(ranks)
    assert sorted(r.team_points.values()) == [0, 1, 2, 3]


def test_speaker_points_break_a_tie_in_average_rank() -> None:
    ballots = [
        _ballot("j1", None, ("OG", "OO", "CG", "CO"), (("ana", 70), ("cy", 80))),
        _ballot("j2", None, ("OO", "OG", "CG", "CO")),
    ]
    r = decisions.ranking(ballots, TEAMS, {"ana": "OG", "cy": "OO"})
    assert r is not None and r.order[:2] == ("OO", "OG")  # both average 1.5; OO has more points


def _node(i: int) -> GraphNode:
    return GraphNode(i, "claim", f"claim {i}", VoteTally(i, i), VoteTally(), None, None, None,
                     None, None, None)  # fmt: skip


trees = st.recursive(
    st.builds(lambda i: TreeItem(_node(i), "pro", 0.5, 0.5, 0.5, 0.0), st.integers(1, 99)),
    lambda kids: st.builds(
        lambda i, stance, c: TreeItem(_node(i), stance, 0.25, 0.75, 1.0, 0.1, tuple(c)),
        st.integers(1, 99),
        st.sampled_from(["pro", "con"]),
        st.lists(kids, max_size=4),
    ),
    max_leaves=30,
)


@given(trees)
def test_a_tree_kept_as_rows_comes_back_the_same(item: TreeItem) -> None:
    assert from_rows(json.loads(json.dumps(to_rows(item)))) == item
