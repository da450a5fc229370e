"""What a new user reached for in the first hour: archiving that hides everywhere,
unlink, move, quote edit, vote --withdraw, participants, duplicates, --min-votes."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Runner


def harbour(run: Runner, source_file: Path) -> None:
    run("claim", "add", "Harbours make towns rich")  # 1
    run("support", "1", "Trade follows ports")  # 2
    run("rebut", "1", "Costs double")  # 3
    run("source", "add", str(source_file), "--key", "harbour")
    run("quote", "2", "--source", "harbour", "the new harbour would bring trade")  # 4
    run("quote", "3", "--source", "harbour", "Nobody expected the costs to double.")  # 5


def test_archived_means_archived_everywhere(run: Runner, source_file: Path) -> None:
    harbour(run, source_file)
    run("claim", "archive", "1")
    assert run.json("tree") == []
    assert run.json("list") == []
    assert run.json("evidence") == []
    assert run.json("search", "harbour")["quotes"] == []
    assert run.json("check") == {"checked": 0, "verified": 0, "problems": []}
    before = run.dump()
    for args, message in [
        (["vote", "2", "--agree"], "Error: #2 hangs only under archived claims\n"),
        (["support", "2", "More"], "Error: #2 hangs only under archived claims\n"),
        (
            ["vote", "1", "--agree"],
            "Error: #1 is archived (`debate claim unarchive 1` brings it back)\n",
        ),
        (
            ["quote", "2", "--source", "harbour", "the new harbour would bring trade"],
            "Error: #2 hangs only under archived claims\n",
        ),
        (["tree", "2"], "Error: #2 hangs only under archived claims\n"),
        (["explain", "4"], "Error: #4 hangs only under archived claims\n"),
    ]:
        assert run(*args, code=1).stderr == message
    assert run.dump() == before
    # `show` and the history still have it.
    shown = run.json("show", "2")
    assert (shown["live"], shown["base"]) == (False, None)
    run("claim", "unarchive", "1")
    assert [t["thesis"] for t in run.json("list")] == [1]
    assert len(run.json("evidence")) == 2
    actions = [e["action"] for e in run.json("show", "1")["history"]]
    assert actions == ["claim added", "claim archived", "claim unarchived"]
    assert run("claim", "unarchive", "1", code=1).stderr == "Error: #1 is not archived\n"


def test_unlink_and_move(run: Runner, source_file: Path) -> None:
    harbour(run, source_file)
    run("link", "3", "--con", "2")
    assert run.json("unlink", "3", "--from", "2")["is_thesis"] is False
    assert run("unlink", "3", "--from", "2", code=1).stderr == "Error: #3 is not under #2\n"
    # A claim with no parent left is a thesis.
    assert (
        run("unlink", "3", "--from", "1").stderr == "Took #3 from under #1. #3 is now a thesis.\n"
    )
    assert sorted(t["thesis"] for t in run.json("list")) == [1, 3]
    # A quote must stand under a claim.
    assert run("unlink", "5", "--from", "3", code=1).stderr.startswith(
        "Error: #3 is the only claim quote #5 stands under; archive the quote instead"
    )
    # move: under another parent, or the same parent with the other stance
    moved = run.json("move", "3", "--con", "2")
    assert (moved["from"], moved["parent"], moved["stance"]) == (None, 2, "con")
    assert run("move", "3", "--pro", "2").stderr == "#3 was a con of #2; it is now a pro of #2.\n"
    assert run("move", "3", "--pro", "2", code=1).stderr == "Error: #3 is already a pro of #2\n"
    assert run("move", "2", "--pro", "3", code=1).stderr == (
        "Error: linking #2 under #3 would make a cycle: #3 → #2 → #3\n"
    )
    run("link", "3", "--con", "1")
    assert run("move", "3", "--pro", "4", code=1).stderr == (
        "Error: #4 is a quote, not a claim; the parent must be a claim\n"
    )
    assert run("move", "3", "--con", "1", code=1).stderr == "Error: #3 is already a con of #1\n"
    run("claim", "add", "Other thesis")  # 6
    assert run("move", "3", "--pro", "6", code=1).stderr == (
        "Error: #3 stands under #2 and #1: say which one with --from\n"
    )
    run("move", "3", "--pro", "6", "--from", "1")
    assert [p["id"] for p in run.json("show", "3")["parents"]] == [2, 6]


def test_quote_edit(run: Runner, source_file: Path) -> None:
    harbour(run, source_file)
    edited = run.json("quote", "edit", "4", "--note", "the key passage", "--page", "p. 3")
    assert (edited["note"], edited["locator"], edited["changed"]) == (
        "the key passage",
        "p. 3",
        ["locator", "note"],
    )
    assert run.json("quote", "edit", "4", "--note", "")["note"] is None
    retyped = run.json(
        "quote", "edit", "4", "--text", "the new harbour would bring trade to the town"
    )
    assert retyped["text"] == "the new harbour would bring trade to the town"
    assert retyped["changed"] == ["typed", "anchor"]
    before = run.dump()
    result = run("quote", "edit", "4", "--text", "the harbour brought no trade", code=1)
    assert result.stderr.endswith("Error: quote not found in harbour\n")
    assert run.dump() == before
    assert run("quote", "edit", "4", code=2).stderr == (
        "Error: give --note, --page, --text or --reanchor\n"
    )
    assert run("quote", "edit", "1", "--note", "x", code=1).stderr == (
        "Error: #1 is a claim, not a quote; see `debate claim edit`\n"
    )


def test_a_passage_cannot_be_attached_twice_to_one_claim(run: Runner, source_file: Path) -> None:
    harbour(run, source_file)
    before = run.dump()
    result = run("quote", "2", "--source", "harbour", "the new harbour would bring trade", code=1)
    assert result.stderr.endswith("Error: claim #2 already has this passage of harbour: quote #4\n")
    assert run.dump() == before
    # The same passage under another claim is fine.
    run("quote", "3", "--source", "harbour", "the new harbour would bring trade")


def test_votes_can_be_withdrawn(run: Runner, source_file: Path) -> None:
    harbour(run, source_file)
    run("vote", "2", "--accept", "2", "--impact", "3")
    withdrawn = run.json("vote", "2", "--withdraw")
    assert withdrawn["changes"] == [
        {"kind": "accept", "value": None, "previous": 2},
        {"kind": "impact", "value": None, "previous": 3},
    ]
    assert run.json("votes", "2")["votes"] == []
    assert run("vote", "2", "--withdraw").stderr == "You have no votes on #2; nothing withdrawn.\n"
    history = [e["action"] for e in run.json("show", "2")["history"]]
    assert history.count("vote withdrawn") == 2
    assert run("vote", "2", "--withdraw", "--agree", code=2).stderr == (
        "Error: --withdraw takes back your votes; give it alone\n"
    )


def test_participants_rename_and_merge(run: Runner, source_file: Path) -> None:
    harbour(run, source_file)
    run("vote", "2", "--accept", "2", "--as", "alice")
    run("vote", "3", "--accept", "-1", "--as", "alcie")  # a typo makes a new voter
    run("vote", "2", "--accept", "-2", "--as", "alcie")  # later than alice's vote on #2
    run("support", "2", "Ships", "--as", "alcie")
    names = [p["participant"] for p in run.json("participant", "list")]
    assert names == ["alcie", "alice", "tester"]
    merged = run.json("participant", "merge", "alcie", "alice")
    assert (merged["participant"], merged["vote_count"], merged["merged"]) == ("alice", 2, "alcie")
    votes = {v["participant"]: v["value"] for v in run.json("votes", "2")["votes"]}
    assert votes == {"alice": -2}  # the later vote stays
    assert run.json("show", "6")["created_by"] == "alice"
    # The history keeps who did what; --as alcie now stands for alice.
    assert [e["participant"] for e in run.json("show", "6")["history"]] == ["alcie"]
    run("vote", "3", "--accept", "1", "--as", "alcie")
    assert {v["participant"] for v in run.json("votes", "3")["votes"]} == {"alice"}
    listed = {p["participant"]: p["merged_into"] for p in run.json("participant", "list")}
    assert listed == {"alcie": "alice", "alice": None, "tester": None}
    assert run("participant", "rename", "alice", "tester", code=1).stderr.startswith(
        "Error: there is already a participant named 'tester'; to make them one:"
    )
    assert run.json("participant", "rename", "alice", "Alice B.") == {
        "participant": "Alice B.",
        "previous": "alice",
    }
    assert run.json("votes", "2")["votes"][0]["participant"] == "Alice B."


def test_unvoted_arguments_and_min_votes(run: Runner) -> None:
    run("claim", "add", "T")
    run("rebut", "1", "Strong con")
    run("vote", "2", "--accept", "2", "--impact", "4", "--as", "ann")
    run("vote", "2", "--accept", "2", "--as", "bob")
    assert run.json("verdict", "1", "--standard", "preponderance")["verdict"] == "rejected"
    for i in range(5):
        run("support", "1", f"Pro {i}")  # nobody votes on these
    flipped = run.json("verdict", "1", "--standard", "preponderance")
    assert (flipped["verdict"], flipped["unvoted"]) == ("undecided", 5)
    assert "It rests on 5 arguments nobody has voted on" in run("verdict", "1").stdout
    assert "It rests on 5 arguments nobody has voted on" in run("tree").stdout
    kept = run.json("verdict", "1", "--standard", "preponderance", "--min-votes", "1")
    assert (kept["verdict"], kept["unvoted"], kept["min_votes"]) == ("rejected", 0, 1)
    tree = run.json("tree", "1", "--min-votes", "2")
    assert [c["id"] for c in tree["children"]] == [2]
    assert run.json("explain", "1", "--min-votes", "1")["contributions"][0]["id"] == 2
    assert (
        "Arguments with fewer than 2 votes are left out."
        in run("export", "1", "--min-votes", "2").stdout
    )


def test_an_export_says_whose_votes_it_shows(run: Runner) -> None:
    run("claim", "add", "T")
    run("support", "1", "Pro")
    run("vote", "2", "--accept", "2", "--as", "alice")
    doc = run("export", "1", "--perspective", "alice").stdout
    assert "Scores from alice's votes only, strengths by DF-QuAD." in doc
    run("team", "add", "ab", "alice")
    assert "the votes of team ab (alice)" in run("export", "1", "--perspective", "team:ab").stdout
    out = run("tree", "--perspective", "alice")
    assert out.stdout.startswith("Perspective: alice's votes only.\n")
    # A sub-claim exported is a claim, not a thesis.
    assert "\nClaim #2 · τ" in run("export", "2").stdout
