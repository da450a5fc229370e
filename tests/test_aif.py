"""AIF out and in: AIFdb's JSON, the xAIF wrapper, integer ids and nulls; our export
loaded by arguebuf (the ReCAP group's library), in a Python of its own since it
pins an lxml older than the one debate needs (`.ci/run` makes `.ci/arguebuf`)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Runner
from tests.test_interchange import shape

ROOT = Path(__file__).resolve().parents[1]
ARGUEBUF = Path(os.environ.get("ARGUEBUF_PYTHON", ROOT / ".ci" / "arguebuf" / "bin" / "python"))


def test_the_export_is_aifdb_json(run: Runner) -> None:
    run("demo", "--db", run.address)
    data = json.loads(run("export", "1", "--format", "aif").stdout)
    assert list(data) == ["nodes", "edges", "locutions", "participants"]
    types = Counter(n["type"] for n in data["nodes"])
    tree = shape(run.json("tree", "1"))
    assert types["I"] == sum(1 for row in tree if not row[3])  # every claim and quote once
    assert types["RA"] + types["CA"] == len(tree) - 1  # every link
    assert types["L"] == types["YA"] == len(data["locutions"]) == 26  # the quotes
    assert all(isinstance(n["nodeID"], str) for n in data["nodes"])
    assert all(
        re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", n["timestamp"]) for n in data["nodes"]
    )
    assert {p["surname"] for p in data["participants"]} == {"Paikin, Zachary", "Hammersley, James"}


def test_a_tree_without_quotes_still_has_locutions_and_participants(run: Runner) -> None:
    run("claim", "add", "Thesis")
    data = json.loads(run("export", "1", "--format", "aif").stdout)
    assert data["locutions"] == [] and data["participants"] == []


@pytest.mark.skipif(
    not ARGUEBUF.exists(),
    reason=f"arguebuf's Python is not at {ARGUEBUF} (.ci/run makes it; or set ARGUEBUF_PYTHON)",
)
def test_arguebuf_loads_the_export_with_the_same_nodes_and_edges(run: Runner) -> None:
    run("demo", "--db", run.address)
    Path("demo.json").write_text(run("export", "1", "--format", "aif").stdout, encoding="utf-8")
    data = json.loads(Path("demo.json").read_text(encoding="utf-8"))
    argument = {n["nodeID"] for n in data["nodes"] if n["type"] in ("I", "RA", "CA")}
    edges = [e for e in data["edges"] if e["fromID"] in argument and e["toID"] in argument]
    loaded = subprocess.run(
        [
            str(ARGUEBUF),
            "-c",
            "import arguebuf, sys; g = arguebuf.load.file(sys.argv[1]); "
            "print(len(g.atom_nodes), len(g.scheme_nodes), len(g.edges))",
            "demo.json",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    atoms = sum(1 for n in data["nodes"] if n["type"] == "I")
    assert [int(x) for x in loaded] == [atoms, len(argument) - atoms, len(edges)]


def test_importing_the_export_gives_the_same_tree(run: Runner, tmp_path: Path) -> None:
    run("demo", "--db", run.address)
    Path("demo.json").write_text(
        run("export", "1", "--format", "aif", "--sort", "time").stdout, encoding="utf-8"
    )
    copy = str(tmp_path / "copy.db")
    report = run.json("import", "demo.json", "--db", copy)
    assert report["format"] == "aif" and report["theses"] == [1]
    assert {(x["kind"], x["count"]) for x in report["left_out"]} == {
        ("L-node", 26),
        ("YA-node", 26),
        ("edge", 52),
    }
    before = shape(run.json("tree", "1", "--sort", "time"))
    after = shape(run.json("tree", "1", "--sort", "time", "--db", copy))
    assert after == before  # quotes come back as claims that say what the quote says


AIFDB: dict[str, Any] = {
    "nodes": [
        {"nodeID": 1, "text": "Towns should own their harbours", "type": "I", "timestamp": None},
        {
            "nodeID": 2,
            "text": "The fees stay local",
            "type": "I",
            "timestamp": "2020-01-01 10:00:00",
        },
        {"nodeID": 3, "text": "Default Inference", "type": "RA", "timestamp": None},
        {"nodeID": 4, "text": "Upkeep eats the fees", "type": "I"},
        {"nodeID": 5, "text": "Default Conflict", "type": "CA", "scheme": None},
        {"nodeID": 6, "text": "The fees remain in the region", "type": "I"},
        {"nodeID": 7, "text": "Default Rephrase", "type": "MA"},
        {"nodeID": 8, "text": "Ann: the fees stay local", "type": "L"},
        {"nodeID": 9, "text": "Default Transition", "type": "TA"},
        {"nodeID": 10, "text": None, "type": "I"},
        {"nodeID": 11, "text": "Default Inference", "type": "RA"},
    ],
    "edges": [
        {"edgeID": 1, "fromID": 2, "toID": 3, "formEdgeID": None},
        {"edgeID": 2, "fromID": 3, "toID": 1, "formEdgeID": None},
        {"edgeID": 3, "fromID": 4, "toID": 5},
        {"edgeID": 4, "fromID": 5, "toID": 2},
        {"edgeID": 5, "fromID": 6, "toID": 7},
        {"edgeID": 6, "fromID": 7, "toID": 2},
        {"edgeID": 7, "fromID": 8, "toID": 9},
        {"edgeID": 8, "fromID": 1, "toID": 11},  # the thesis under its own support: a cycle
        {"edgeID": 9, "fromID": 11, "toID": 2},
    ],
    "locutions": [{"nodeID": 8, "personID": 1, "timestamp": None, "start": None, "end": None}],
}


@pytest.mark.parametrize("wrapped", [False, True])
def test_aifdb_json_and_xaif_with_integer_ids_and_nulls(run: Runner, wrapped: bool) -> None:
    data = {"AIF": AIFDB, "text": "Ann said the fees stay local."} if wrapped else AIFDB
    Path("corpus.json").write_text(json.dumps(data), encoding="utf-8")
    report = run.json("import", "corpus.json")
    assert report["format"] == "aif" and report["imported"]["claims"] == 4
    assert [(x["kind"], x["count"]) for x in report["left_out"]] == [
        ("L-node", 1),
        ("TA-node", 1),
        ("I-node", 1),  # no text
        ("edge", 1),  # L → TA
        ("edge", 1),  # the one that would close the cycle
    ]
    reasons = " ".join(x["reason"] for x in report["left_out"])
    assert "it would close a cycle: 1 → 2 → 1" in reasons
    tree = shape(run.json("tree", str(report["theses"][0]), "--sort", "time"))
    assert [(lv, stance, text) for lv, stance, text, _ in tree] == [
        (0, None, "Towns should own their harbours"),
        (1, "pro", "The fees stay local"),
        (2, "con", "Upkeep eats the fees"),
        (2, "pro", "The fees remain in the region"),  # a rephrase supports
    ]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"edges": []}, "Error: $.nodes: an AIF graph has a list of nodes"),
        (
            {
                "nodes": [
                    {"nodeID": 1, "type": "I", "text": "a"},
                    {"nodeID": "1", "type": "I", "text": "b"},
                ],
                "edges": [],
            },
            "Error: $.nodes[1].nodeID: node 1 is given twice",
        ),
        (
            {
                "nodes": [{"nodeID": 1, "type": "I", "text": "a"}],
                "edges": [{"fromID": 1, "toID": 9}],
            },
            "Error: $.edges[0].toID: there is no node 9",
        ),
        (
            {"nodes": [{"nodeID": [1], "type": "I"}], "edges": []},
            "Error: $.nodes[0].nodeID: an id is a string or a number",
        ),
        (
            {"nodes": [{"nodeID": 1, "text": "a"}], "edges": []},
            "Error: $.nodes[0].type: a node has a type",
        ),
    ],
)
def test_a_bad_aif_file_names_the_path(run: Runner, data: dict[str, Any], error: str) -> None:
    Path("bad.json").write_text(json.dumps(data), encoding="utf-8")
    result = run("import", "bad.json", "--format", "aif", code=1)
    assert result.stderr.startswith(error), result.stderr
    assert not run.store_exists()
