"""debate's own lossless JSON document: round trips byte for byte, merges by UUID,
conflicts, the schema, and bad documents refused whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from debate.core.files import document
from tests.conftest import Runner
from tests.test_anchoring import PAGED


def a_debate(run: Runner) -> None:
    """Claims, a shared claim, a source with its text, a verified quote, votes by two
    people, a team, an edit and an archived claim: every kind of row."""
    Path("harbour.txt").write_text(PAGED, encoding="utf-8")
    run("claim", "add", "Harbours make towns rich")
    run("claim", "add", "--pro", "1", "Trade follows the harbour")
    run("claim", "add", "--con", "1", "Dredging costs eat the fees")
    run("claim", "add", "--pro", "2", "Ships bring «goods» & people")
    run("link", "4", "--con", "3")
    run("claim", "edit", "3", "Dredging costs eat the harbour fees")
    run("claim", "add", "--con", "2", "An archived thought")
    run("claim", "archive", "5")
    run("source", "add", "harbour.txt", "--key", "harbour", "--author", "Doe, Jane")
    run("quote", "2", "--source", "harbour", "the new harbour would bring trade")
    run("vote", "2", "--accept", "2", "--impact", "3")
    run("vote", "3", "--accept", "-1", "--as", "ana")
    run("vote", "3", "--accept", "1", "--as", "ana")  # a changed vote: history keeps both
    run("team", "add", "harbourists", "tester", "ana")


def exported(run: Runner, *args: str) -> str:
    return str(run("export", "1", "--format", "json", *args).stdout)


def test_a_round_trip_through_an_empty_store_gives_the_same_bytes(
    run: Runner, tmp_path: Path
) -> None:
    a_debate(run)
    first = exported(run)
    data = json.loads(first)
    Draft7Validator(json.loads(document.SCHEMA.read_text())).validate(data)
    assert data["format"] == "debate" and data["version"] == 1
    assert {n["kind"] for n in data["nodes"]} == {"claim", "quote"}
    assert [p["name"] for p in data["participants"]] == ["tester", "ana"]
    assert data["teams"][0]["name"] == "harbourists"
    assert data["sources"][0]["text"] and data["sources"][0]["text_sha256"]
    assert any(e["action"] == "claim edited" for e in data["events"])
    Path("one.json").write_text(first, encoding="utf-8")
    other = tmp_path / "other.db"
    report = run.json("import", "one.json", "--db", str(other))
    assert report["theses"] == [1] and report["conflicts"] == []
    assert report["imported"] == {
        "claims": 5,
        "links": 6,  # 1→2, 1→3, 2→4, 3→4 (shared), 2→5 (archived), 2→the quote
        "quotes": 1,
        "sources": 1,
        "citations": 0,
        "votes": 3,
        "participants": 2,
    }
    assert exported(run, "--db", str(other)) == first
    # What the copy can do: verify the quote, find it, weigh the tree the same.
    run("check", "--db", str(other))  # exits 1 if a quote is not verified
    assert run.json("tree", "1", "--db", str(other)) == run.json("tree", "1")
    assert run.json("search", "harbour trade", "--db", str(other))["quotes"]


def test_without_texts_the_sources_come_unread(run: Runner, tmp_path: Path) -> None:
    a_debate(run)
    data = json.loads(exported(run, "--no-text"))
    assert [s["text"] for s in data["sources"]] == [None]
    Path("one.json").write_text(json.dumps(data), encoding="utf-8")
    other = tmp_path / "other.db"
    run("import", "one.json", "--db", str(other))
    assert run.json("source", "list", "--db", str(other))[0]["has_text"] is False


def test_importing_twice_changes_nothing(run: Runner) -> None:
    a_debate(run)
    Path("one.json").write_text(exported(run), encoding="utf-8")
    before = run.dump()
    report = run.json("import", "one.json")
    assert set(report["imported"].values()) == {0}
    assert report["already"]["claims"] == 5 and report["conflicts"] == []
    assert run.dump() == before


def test_two_copies_combine_without_duplicates(run: Runner, tmp_path: Path) -> None:
    a_debate(run)
    Path("start.json").write_text(exported(run), encoding="utf-8")
    copy = tmp_path / "copy.db"
    run("import", "start.json", "--db", str(copy))
    run("claim", "add", "--pro", "1", "Added in the copy", "--db", str(copy), "--as", "bo")
    run("vote", "4", "--impact", "2", "--db", str(copy), "--as", "bo")
    run("claim", "add", "--con", "1", "Added here meanwhile")
    Path("copy.json").write_text(exported(run, "--db", str(copy)), encoding="utf-8")
    report = run.json("import", "copy.json")
    assert report["imported"]["claims"] == 1 and report["imported"]["votes"] == 1
    assert report["imported"]["participants"] == 1  # bo
    assert report["conflicts"] == []
    texts = [c["text"] for c in run.json("tree", "1", "--sort", "time")["children"]]
    assert texts.count("Added in the copy") == 1 and texts.count("Added here meanwhile") == 1
    assert run.json("list")[0]["claims"] == 5  # 3 live before, and one from each side


def edited(data: dict[str, Any], at: str) -> dict[str, Any]:
    """The document as if claim #3 had been edited in the copy at `at`."""
    node = next(n for n in data["nodes"] if n["text"].startswith("Dredging"))
    node["text"] = "Dredging costs more than the harbour earns"
    participant = data["participants"][0]["uuid"]
    data["events"].append(
        {
            "uuid": "00000000-0000-4000-8000-000000000001",
            "at": at,
            "action": "claim edited",
            "participant": participant,
            "node": node["uuid"],
            "source": None,
            "data": {"old": "Dredging costs eat the harbour fees", "new": node["text"]},
        }
    )
    return data


@pytest.mark.parametrize(
    ("at", "kept", "text"),
    [
        ("2999-01-01T00:00:00+00:00", "file", "Dredging costs more than the harbour earns"),
        ("2000-01-01T00:00:00+00:00", "store", "Dredging costs eat the harbour fees"),
    ],
)
def test_a_row_both_changed_keeps_the_later_change(
    run: Runner, at: str, kept: str, text: str
) -> None:
    a_debate(run)
    data = edited(json.loads(exported(run)), at)
    Path("copy.json").write_text(json.dumps(data), encoding="utf-8")
    report = run.json("import", "copy.json")
    assert report["conflicts"] == [{"kind": "node", "uuid": data["nodes"][2]["uuid"], "kept": kept}]
    assert run.json("show", "3")["text"] == text
    # The other change stays in the history.
    assert [e["action"] for e in run.json("show", "3")["history"]].count("claim edited") == 2
    # Again: once the file's change is in, nothing differs; the store's later change
    # still differs from the file, and still wins.
    again = run("import", "copy.json").stderr
    if kept == "file":
        assert again == "Imported copy.json (json) as thesis #1.\n"
    else:
        assert again.endswith(
            "1 row changed on both sides: the later change kept (1 node from the store); the "
            "other stays in the history.\n"
        )


def bad(data: dict[str, Any], change: str) -> str:
    if change == "version":
        data["version"] = 2
    elif change == "missing key":
        del data["nodes"][1]["text"]
    elif change == "wrong type":
        data["votes"][0]["value"] = "high"
    elif change == "bad stance":
        data["links"][0]["stance"] = "maybe"
    elif change == "cycle":
        first = data["links"][0]
        data["links"].append(
            {
                **first,
                "uuid": "00000000-0000-4000-8000-00000000000c",
                "parent": first["child"],
                "child": first["parent"],
            }
        )
    elif change == "unknown node":
        data["links"][0]["child"] = "00000000-0000-4000-8000-0000000000ff"
    elif change == "control":
        data["nodes"][0]["text"] = "bell \x07"
    return json.dumps(data)


ERRORS = {
    "version": "Error: $.version: 2 is not a version this debate reads (1)",
    "missing key": "Error: $.nodes[1]: must contain ['text'] properties",
    "wrong type": "Error: $.votes[0].value: must be integer",
    "bad stance": "Error: $.links[0].stance: must be one of ['pro', 'con']",
    "cycle": "Error: $.links: with the store's links they would make a cycle: #",
    "unknown node": "Error: $.links[0].child: no node 00000000-0000-4000-8000-0000000000ff "
    "in the document",
    "control": "Error: $.nodes[0].text: holds the control character U+0007",
}


@pytest.mark.parametrize("change", sorted(ERRORS))
def test_a_bad_document_is_refused_whole(run: Runner, change: str) -> None:
    a_debate(run)
    data = json.loads(exported(run))
    Path("bad.json").write_text(bad(data, change), encoding="utf-8")
    before = run.dump()
    result = run("import", "bad.json", "--db", run.address, code=1)
    assert result.stderr.startswith(ERRORS[change]), result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert run.dump() == before


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            '{"format": "debate", "version": 1,\n  "nodes": [}',
            "Error: line 2, column 13: not valid JSON",
        ),
        ("[" * 100_000 + "]" * 100_000, "Error: the JSON is nested too deeply"),
        ('{"format": "kialo"}', 'Error: $.format: expected "debate"'),
        (
            '{"format": "debate", "version": ' + "9" * 5_000 + "}",
            "Error: a number of 5,000 digits: no field takes more than 20\n",
        ),
    ],
)
def test_broken_json_names_the_line(run: Runner, text: str, error: str) -> None:
    Path("bad.json").write_text(text, encoding="utf-8")
    result = run("import", "bad.json", "--format", "json", code=1)
    assert result.stderr.startswith(error), result.stderr
    assert not run.store_exists()


# Any printable text, as a claim is kept (stripped, not empty).
claim_texts = (
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(claim_texts, st.booleans()), min_size=1, max_size=8))
def test_json_round_trip_on_random_trees(run: Runner, tmp_path: Path, claims: list[Any]) -> None:
    from debate.store import Store

    source, target = tmp_path / "a.db", tmp_path / "b.db"
    for path in (source, target, tmp_path / "doc.json"):
        path.unlink(missing_ok=True)
    with Store.open(source) as store, store.transaction():
        me = store.participant_id("tester")
        ids = [store.add_node("claim", "Thesis", me)]
        for i, (text, pro) in enumerate(claims):
            ids.append(store.add_node("claim", text, me))
            store.add_link(ids[i // 2], ids[-1], "pro" if pro else "con", me)
    first = exported(run, "--db", str(source))
    Draft7Validator(json.loads(document.SCHEMA.read_text())).validate(json.loads(first))
    (tmp_path / "doc.json").write_text(first, encoding="utf-8")
    run("import", str(tmp_path / "doc.json"), "--db", str(target))
    assert exported(run, "--db", str(target)) == first
