"""Kept scores: after any sequence of writes, what the store keeps equals what the
whole graph gives when scored from scratch."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debate.app import claims, people, votes
from debate.core.scoring import KEPT, score
from debate.errors import DebateError
from debate.models import Stance
from debate.store import Store
from tests.conftest import Runner


def assert_kept_equal_recomputed(store: Store) -> None:
    graph = store.graph()
    kept = store.kept_scores()
    for name in KEPT:
        scores = score(graph, name)
        for node in graph.nodes:
            k = kept[node]
            assert k.base == pytest.approx(scores.base[node], abs=1e-12)
            assert k.weight == pytest.approx(scores.weight[node], abs=1e-12)
            assert k.strength(name) == pytest.approx(scores.strength[node], abs=1e-12), (
                name,
                node,
            )


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "claim",
                "claim",
                "vote",
                "vote",
                "impact",
                "link",
                "unlink",
                "move",
                "archive",
                "unarchive",
                "withdraw",
                "merge",
            ]
        ),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
    ),
    max_size=40,
)


def apply(store: Store, who: str, op: str, a: int, b: int) -> None:
    """One of OPERATIONS, on nodes picked by a and b; a refused write is skipped."""
    ids = [n for n in range(1, 60) if store.nodes([n])]
    x, y = ids[a % len(ids)], ids[b % len(ids)]
    try:
        if op == "claim":
            stance: Stance | None = ("pro" if b % 2 else "con") if a % 5 else None
            claims.add_claim(store, who, f"c{a}", x if stance else None, stance)
        elif op == "vote":
            votes.vote(store, who, x, accept=(b % 5) - 2, impact=None)
        elif op == "impact":
            votes.vote(store, who, x, accept=None, impact=b % 5)
        elif op == "link":
            claims.link(store, who, x, y, "pro" if a % 2 else "con")
        elif op == "unlink":
            parents = store.parents(x)
            if parents:
                claims.unlink(store, who, x, parents[0][0].parent)
        elif op == "move":
            claims.move(store, who, x, y, "con" if b % 2 else "pro")
        elif op == "archive":
            claims.set_archived(store, who, x, True)
        elif op == "unarchive":
            claims.set_archived(store, who, x, False)
        elif op == "withdraw":
            votes.withdraw(store, who, x)
        elif op == "merge":
            people.merge(store, "ann", "bne", "ben")
    except DebateError:
        pass  # a refused write changes nothing, kept scores included


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(OPERATIONS)
def test_kept_scores_follow_every_write(
    tmp_path: Path, operations: list[tuple[str, int, int]]
) -> None:
    path = tmp_path / f"k{random.random()}.db"
    with Store.open(path) as store:
        claims.add_claim(store, "ann", "Thesis")
        people = ["ann", "ben", "cat", "bne"]
        for op, a, b in operations:
            apply(store, people[a % len(people)], op, a, b)
        assert_kept_equal_recomputed(store)


def test_a_rebuild_gives_the_same_scores(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        t = claims.add_claim(store, "ann", "T").id
        a = claims.add_claim(store, "ann", "A", t, "pro").id
        claims.add_claim(store, "ben", "B", a, "con")
        votes.vote(store, "ben", a, accept=2, impact=3)
        before = store.kept_scores()
        with store.transaction():
            assert store.rebuild_kept_scores() == 3
        assert store.kept_scores() == before
        assert_kept_equal_recomputed(store)


def test_db_repair_rebuilds_what_was_changed_by_hand(run: Runner) -> None:
    run("claim", "add", "T")
    run("support", "1", "A")
    run("vote", "2", "--accept", "2")
    before = run.json("tree", "1")
    run.sql("UPDATE scores SET dfquad = 0.123")
    assert run.json("tree", "1")["strength"] == 0.123  # the kept score is what is shown
    assert run.json("db", "repair") == {"scored": 2}
    assert run.json("tree", "1") == before


@pytest.mark.sqlite_only("the join order is SQLite's planner's; PostgreSQL's plans by statistics")
def test_a_write_looks_up_only_the_votes_and_links_of_the_nodes_it_scores(
    tmp_path: Path,
) -> None:
    """The plan of each query that scores the touched nodes again: the temp table of
    those nodes outside, the votes and links found by index inside, never scanned
    (the other way round, a vote on a 1M-claim store took 1.4 s)."""
    import sqlite3

    from debate.store.kept_scores import listed_nodes_queries

    path = tmp_path / "s.db"
    with Store.open(path) as store:
        thesis = claims.add_claim(store, "ann", "Thesis").id
        for i in range(50):
            pro = claims.add_claim(store, "ann", f"Pro {i}", thesis, "pro").id
            votes.vote(store, "ben", pro, accept=1, impact=2)
    conn = sqlite3.connect(path)
    try:
        conn.execute("CREATE TEMP TABLE touched (id INTEGER PRIMARY KEY)")
        conn.execute("INSERT INTO touched VALUES (2)")
        for sql in listed_nodes_queries(conn, "touched"):
            plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
            assert plan[0].startswith("SCAN a"), plan
            assert not any(step.startswith(("SCAN v", "SCAN l")) for step in plan), plan
    finally:
        conn.close()
