from __future__ import annotations

from pathlib import Path

import pytest

from debate.app.demo import seed
from debate.core.anchoring import Anchorer
from tests.conftest import SHARED_TEXTS, Runner


def test_the_seed_is_a_real_debate() -> None:
    data = seed()
    claims, quotes = data["claims"], data["quotes"]
    assert len(claims) >= 12 and len(quotes) >= 15
    parent = {c["ref"]: c["parent"] for c in claims}

    def depth(ref: str) -> int:
        return 0 if parent[ref] is None else 1 + depth(parent[ref])

    assert max(depth(c["ref"]) for c in claims) >= 4  # thesis → pro → con → rebuttal → reply
    assert {q["source"] for q in quotes} == {s["key"] for s in data["sources"]}
    for s in data["sources"]:
        assert {"author", "year", "title", "venue"} <= s.keys() and "text" not in s
    for q in quotes:
        assert q["locator"] and len(q["text"]) < 400
    assert len({v["by"] for v in data["votes"]}) >= 3


def test_demo_loads_once_and_prints_the_tree(run: Runner) -> None:
    first = run("demo", "--db", run.address)
    assert "#1 The Sino-Russian partnership is thick" in first.stdout
    assert first.stderr.startswith(f"Loaded the demo debate into {run.where}\n")
    before = run.dump()
    again = run.json("demo", "--db", run.address)
    assert again["created"] is False
    assert run.dump() == before
    [summary] = run.json("list")
    assert summary["claims"] >= 11 and summary["quotes"] >= 15 and summary["participants"] >= 4
    # Participants' votes make the weights differ.
    weights = {c["weight"] for c in again["tree"]["children"]}
    assert len(weights) > 3


def test_demo_uses_a_store_of_its_own_without_db(run: Runner, tmp_path: Path) -> None:
    """Not the working store, even when $DEBATE_DB names one."""
    demo = tmp_path / "config" / "debate" / "demo.db"
    assert run.json("demo")["store"] == str(demo)
    assert not run.store_exists()
    # Right after it, `debate tree` on the working store says where the demo is.
    result = run("tree", code=1)
    assert result.stderr == (
        f"Error: no store at {run.where} (check --db and $DEBATE_DB; "
        "a writing command such as `debate claim add` makes one)\n"
    )
    run("claim", "add", "Mine")
    run("claim", "archive", "1")
    assert run("tree").stderr == (
        "No theses yet: add one with `debate claim add TEXT`. "
        f"The demo is in {demo}: debate tree --db {demo}\n"
    )


def test_tree_on_the_default_store_points_to_the_demo(
    run: Runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DEBATE_DB")
    demo = tmp_path / "config" / "debate" / "demo.db"
    run("demo")
    assert run("db", "path").stdout == f"{tmp_path / 'config' / 'debate' / 'debate.db'}\n"
    result = run("tree", code=1)
    assert result.stderr == (
        f"Error: no store at {tmp_path / 'config' / 'debate' / 'debate.db'}; "
        f"the demo is in {demo}: debate tree --db {demo}\n"
    )
    assert "The Sino-Russian partnership is thick" in run("tree", "--db", str(demo)).stdout


def test_demo_texts_with_the_wrong_names_are_refused(run: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "paikin.txt").write_text("not the file it wants", encoding="utf-8")
    result = run("demo", "--texts", str(folder), code=1)
    assert result.stderr == (
        f"Error: {folder} lacks the demo's source texts: "
        "hammersley-2023-no-limits.txt, paikin-2021-thick-and-thin.txt\n"
    )
    assert not (tmp_path / "config" / "debate" / "demo.db").exists()


@pytest.mark.skipif(not SHARED_TEXTS.is_dir(), reason="../shared/texts is absent")
def test_every_seed_quote_is_verbatim_in_its_source() -> None:
    data = seed()
    files = {s["key"]: SHARED_TEXTS / s["file"] for s in data["sources"]}
    anchorers = {k: Anchorer.for_text(p.read_text(encoding="utf-8")) for k, p in files.items()}
    for q in data["quotes"]:
        result = anchorers[q["source"]].anchor(q["text"])
        assert result.status == "verified", q["text"]
        assert result.match is not None and result.match.verbatim, q["text"]


@pytest.mark.skipif(not SHARED_TEXTS.is_dir(), reason="../shared/texts is absent")
def test_attaching_the_shared_texts_verifies_every_demo_quote(run: Runner) -> None:
    run("demo", "--db", run.address)
    out = run(
        "source", "add", str(SHARED_TEXTS / "paikin-2021-thick-and-thin.txt"), "--key", "paikin2021"
    )
    assert out.stderr == "Attached the text of paikin2021: 17 quotes verified.\n"
    result = run.json("demo", "--texts", str(SHARED_TEXTS), "--db", run.address)
    assert result["verified"] == 9  # the other source, attached by demo --texts
    tree = run.json("tree", "1")

    def quotes(node: dict) -> list[dict]:
        own = [node] if node["kind"] == "quote" else []
        return own + [q for c in node["children"] for q in quotes(c)]

    assert {q["status"] for q in quotes(tree)} == {"verified"}


def test_a_killed_demo_leaves_no_partial_store(tmp_path: Path) -> None:
    """kill -9 at any moment: the store is absent, or whole (empty or with the whole demo)."""
    import os
    import random
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    rng = random.Random(5)
    whole = None
    for attempt in range(12):
        path = tmp_path / f"demo{attempt}.db"
        proc = subprocess.Popen(
            [sys.executable, "-m", "debate", "demo", "--db", str(path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "DEBATE_USER": "k"},
        )
        time.sleep(rng.uniform(0.05, 0.8))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".new")]
        for name in leftovers:  # a creation that was killed leaves only its temporary file
            (tmp_path / name).unlink()
        if not path.exists():
            continue
        assert path.stat().st_size > 0
        conn = sqlite3.connect(path)
        counts = tuple(
            conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("nodes", "links", "votes", "quotes", "events")
        )
        orphans = conn.execute(
            "SELECT COUNT(*) FROM quotes q WHERE NOT EXISTS "
            "(SELECT 1 FROM links l WHERE l.child_id = q.node_id)"
        ).fetchone()[0]
        conn.close()
        assert orphans == 0
        if counts[0]:
            whole = whole or counts
            assert counts == whole  # all of the demo, never part of it
        else:
            assert counts == (0, 0, 0, 0, 0)


def test_the_demo_holds_a_finished_oxford_debate(run: Runner) -> None:
    run("demo", "--db", run.address)
    [session] = run.json("session", "list")
    assert (session["format"], session["state"]) == ("oxford", "ended")
    result = run.json("session", "result", "1")
    assert result["polls"]["pre"] == {"for": 9, "against": 11, "undecided": 10}
    assert result["winner"] == "for"
    data = run.json("transcript", "1")
    said = [
        e["node"] for s in data["speeches"] for e in s["events"] if e["action"] == "claim added"
    ]
    assert len(said) == len(seed()["claims"]) - 1  # every claim but the thesis, in a speech
    assert len(data["strengths"]) == 9 and len({s["strength"] for s in data["strengths"]}) > 3
    text = run("transcript", "1").stdout
    assert text.startswith("# Transcript: This house believes that the Sino-Russian partnership")
    assert "For wins on the swing (+16.7 pt)." in text
