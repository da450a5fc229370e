"""Perspectives, teams, explain, compare, verdict and opinion groups, through the CLI."""

from __future__ import annotations

from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

from tests.conftest import Runner


def build(run: Runner) -> None:
    """#1 thesis; #2 pro (alice accepts +2, impact 4); #3 con; #4 pro of #3.

    By hand, DF-QuAD: τ2 = (1 + .5)/2 = .75, w2 = (1 + 1)/2 = 1; #3 = .5 + .5·.5 = .75;
    #1: support .75 = attack .75, so σ1 = τ1 = .5.
    """
    run("claim", "add", "Harbours make towns rich")
    run("support", "1", "Trade follows ports")
    run("claim", "add", "--con", "1", "Costs double")
    run("support", "3", "The budget shows it")
    run("vote", "2", "--accept", "2", "--impact", "4", "--as", "alice")


def test_explain_is_exact_on_a_tree(run: Runner) -> None:
    build(run)
    e = run.json("explain", "1")
    assert (e["id"], e["base"], e["strength"], e["is_thesis"]) == (1, 0.5, 0.5, True)
    # Without #2: attack .75 alone → .5 − .5·.75 = .125; without #3: .5 + .5·.75 = .875.
    assert e["contributions"] == [
        {
            "id": 2,
            "stance": "pro",
            "contribution": 0.375,
            "base": 0.75,
            "weight": 1.0,
            "strength": 0.75,
        },
        {
            "id": 3,
            "stance": "con",
            "contribution": -0.375,
            "base": 0.5,
            "weight": 1.0,
            "strength": 0.75,
        },
    ]
    e = run.json("explain", "4")
    assert (e["base"], e["strength"], e["weight"], e["contributions"]) == (0.5, 0.5, 1.0, [])
    [path] = e["paths"]
    # #4 lifts #3 from .5 to .75; #3 then lowers #1 by .375; without #4, #1 is
    # .5 + .5·(.75 − .5) = .625, so #4 moves the thesis by −.125: it argues against it.
    assert path["steps"] == [
        {"id": 4, "parent": 3, "stance": "pro", "contribution": 0.25},
        {"id": 3, "parent": 1, "stance": "con", "contribution": -0.375},
    ]
    assert (path["thesis"], path["thesis_without"], path["effect"]) == (1, 0.625, -0.125)
    assert path["for_thesis"] is False
    assert [v["participant"] for v in run.json("explain", "2")["votes"]] == ["alice", "alice"]


def test_explain_under_quadratic_energy(run: Runner) -> None:
    build(run)
    # QE at #3: E = .5, h(.5) = .25/1.25 = .2, σ = .5 + .5·.2 = .6.
    e = run.json("explain", "3", "--semantics", "qe")
    assert e["strength"] == 0.6
    assert e["contributions"] == [
        {"id": 4, "stance": "pro", "contribution": 0.1, "base": 0.5, "weight": 1.0, "strength": 0.5}
    ]


def test_explain_prints_plain_words(run: Runner) -> None:
    build(run)
    out = run("explain", "4").stdout
    assert "Base score τ = 0.500: no acceptance votes, so the neutral 0.5." in out
    assert "Path to thesis #1: #4 → pro of #3 (+0.250) → con of #1 (-0.375)" in out
    assert "It argues against the thesis. Without #4, thesis #1 would be 0.625" in out
    out = run("explain", "2").stdout
    assert "mean of 1 acceptance vote (alice +2)" in out


def _child(tree: dict[str, Any], node: int) -> dict[str, Any]:
    [child] = [c for c in tree["children"] if c["id"] == node]
    return child


def test_perspectives_count_only_their_votes(run: Runner) -> None:
    build(run)
    run("vote", "2", "--accept", "-2", "--as", "bob")
    run("vote", "3", "--accept", "2", "--as", "carol")
    everyone = run.json("tree", "1")
    alice = run.json("tree", "1", "--perspective", "alice")
    bob = run.json("tree", "1", "--perspective", "bob")
    pro = {t["perspective"]: _child(t, 2) for t in (everyone, alice, bob)}
    assert {k: v["base"] for k, v in pro.items()} == {"all": 0.5, "alice": 0.75, "bob": 0.25}
    run("team", "add", "ab", "alice", "bob")
    team = run.json("tree", "1", "--perspective", "team:ab")
    assert _child(team, 2)["base"] == 0.5
    assert _child(team, 3)["vote_counts"]["accept"] == 0
    assert run.json("team", "list") == [{"team": "ab", "members": ["alice", "bob"]}]


def test_team_errors_change_nothing(run: Runner) -> None:
    build(run)
    before = run.dump()
    for args, message in [
        (["team", "add", "x", "alice", "nobody"], "Error: no participant named 'nobody'"),
        (["team", "add", "a:b", "alice"], "Error: 'a:b' cannot be a team name"),
        (["team", "add", "all", "alice"], "Error: 'all' cannot be a team name"),
        (["team", "remove", "x"], "Error: no team named 'x'"),
        (["tree", "--perspective", "team:x"], "Error: no team named 'x' (teams: none yet"),
        (["tree", "--perspective", "zed"], "Error: no participant named 'zed'"),
    ]:
        result = run(*args, code=1)
        assert result.stderr.startswith(message), result.stderr
        assert result.stderr.count("\n") == 1
    assert run.dump() == before


def test_team_remove(run: Runner) -> None:
    build(run)
    run("vote", "2", "--accept", "1", "--as", "bob")
    run("team", "add", "ab", "alice", "bob")
    assert run.json("team", "remove", "ab", "bob")["members"] == ["alice"]
    assert run.json("team", "remove", "ab")["deleted"] is True
    assert run.json("team", "list") == []


def test_compare_shows_the_largest_gaps_first(run: Runner) -> None:
    build(run)
    run("vote", "2", "--accept", "-2", "--as", "bob")
    data = run.json("compare", "1", "--perspective", "alice", "--perspective", "bob")
    assert [p["perspective"] for p in data["perspectives"]] == ["alice", "bob"]
    first = data["nodes"][0]
    # #2: alice τ .75 vs bob τ .25; σ = τ (no children).
    assert (first["id"], first["strength"], first["gap"]) == (2, [0.75, 0.25], -0.5)
    # The thesis: alice .5 (support .75 = attack .75); bob: support .25 < attack .75 → .25.
    assert data["root"]["strength"] == [0.5, 0.25]
    gaps = [abs(n["gap"]) for n in data["nodes"]]
    assert gaps == sorted(gaps, reverse=True)
    result = run(
        "compare", "1", "--perspective", "a", "--perspective", "b", "--perspective", "c", code=1
    )
    assert result.stderr.startswith("Error: give two perspectives")


def test_verdicts_follow_the_proof_standards(run: Runner) -> None:
    run("claim", "add", "Harbours make towns rich")
    run("support", "1", "Trade follows ports")
    run("vote", "2", "--accept", "2", "--impact", "4", "--as", "alice")
    # σ1 = .5 + .5·.75 = .875; no con; the negation (.125) is opposed by .75.
    data = run.json("verdict", "1")
    assert data["strength"] == 0.875 and data["strongest_con"] is None
    assert {v["standard"]: v["verdict"] for v in data["verdicts"]} == {
        "scintilla": "accepted",
        "preponderance": "accepted",
        "clear-and-convincing": "accepted",
        "beyond-reasonable-doubt": "undecided",  # σ is not above .9
    }
    # A strong con: #3 with τ .75 → σ1 = .875 − .875·.75... attack .75 vs support .75 → .5.
    run("claim", "add", "--con", "1", "Costs double")
    run("vote", "3", "--accept", "2", "--as", "alice")
    data = run.json("verdict", "1", "--standard", "preponderance")
    assert (data["standard"], data["verdict"], data["strength"]) == (
        "preponderance",
        "undecided",
        0.5,
    )
    # Bob rejects the thesis and its pro: the negation carries it.
    run("vote", "1", "--accept", "-2", "--as", "bob")
    run("vote", "2", "--accept", "-2", "--as", "bob")
    data = run.json("verdict", "1", "--standard", "scintilla", "--perspective", "bob")
    assert data["verdict"] == "rejected"


def _camps(run: Runner) -> None:
    """Six people in two camps over claims 2–5; everyone accepts #6."""
    run("claim", "add", "Harbours make towns rich")
    for text in ("Trade follows ports", "Jobs come", "Costs double", "Fish leave", "Tourists"):
        run("support", "1", text)
    for person in ("ann", "ben", "cat"):
        for claim, v in (("2", 2), ("3", 1), ("4", -2), ("5", -1), ("6", 2)):
            run("vote", claim, "--accept", str(v), "--as", person)
    for person in ("dan", "eve", "fay"):
        for claim, v in (("2", -2), ("3", -1), ("4", 2), ("5", 1), ("6", 1)):
            run("vote", claim, "--accept", str(v), "--as", person)


def test_groups_find_the_two_camps(run: Runner) -> None:
    _camps(run)
    data = run.json("groups", "1")
    assert [g["members"] for g in data["groups"]] == [["ann", "ben", "cat"], ["dan", "eve", "fay"]]
    assert data["consensus"] == [6]
    assert data["divisive"] == [2, 4, 3, 5]  # widest split first
    # Equally representative (3 of 3 inside, 0 of 3 outside), so by id: 2 and 3 accepted.
    stances = data["groups"][0]["stances"]
    assert [(r["id"], r["accepts"], r["vote_count"], r["voters"]) for r in stances] == [
        (2, True, 3, 3),
        (3, True, 3, 3),
        (4, False, 3, 3),
    ]
    assert data["groups"][0]["representative"] == [2, 3, 4]
    assert data["silhouette"] > 0.9
    assert run.json("groups", "1") == data  # deterministic
    assert len(run.json("groups", "1", "--k", "1")["groups"]) == 1
    out = run("groups", "1").stdout
    assert "Group 1: ann, ben, cat" in out and "Consensus (accepted by every group):" in out


def test_groups_refuse_to_cluster_noise(run: Runner) -> None:
    run("claim", "add", "Harbours make towns rich")
    run("support", "1", "Trade follows ports")
    for person in ("ann", "ben"):
        run("vote", "1", "--accept", "1", "--as", person)
        run("vote", "2", "--accept", "1", "--as", person)
    result = run("groups", "1", code=1)
    assert result.stderr == (
        "Error: no participant voted on 3 or more of these claims; opinion groups need at "
        "least 3, or they would be clustering noise\n"
    )


@pytest.mark.parametrize("command", ["explain", "verdict", "groups", "compare"])
def test_unknown_node(run: Runner, command: str) -> None:
    run("claim", "add", "T")
    args = [command, "9"] + (["--perspective", "all"] if command == "compare" else [])
    assert run(*args, code=1).stderr == "Error: no claim or quote #9\n"


def test_weighing_outputs_snapshot(run: Runner, snapshot: SnapshotAssertion) -> None:
    _camps(run)
    run("team", "add", "left", "ann", "ben", "cat")
    run("rebut", "4", "Costs [bold]are[/bold] shared")  # user text is never markup
    out = {
        "explain": run("explain", "4").stdout,
        "compare": run("compare", "1", "--perspective", "team:left", "--perspective", "dan").stdout,
        "verdict": run("verdict", "1").stdout,
        "groups": run("groups", "1").stdout,
        "teams": run("team", "list").stdout,
    }
    assert "[bold]are[/bold]" in out["explain"]
    assert out == snapshot
