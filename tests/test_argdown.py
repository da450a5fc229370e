"""Argdown out and in, checked by Argdown's own parser (the CLI, @argdown/cli@1.7.5).

The tests that need the CLI skip, saying so, when `argdown` is not on PATH;
`.ci/run` installs it where Node.js is."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debate.core.files import argdown
from tests.conftest import Runner
from tests.test_interchange import FIXTURES, shape

ARGDOWN = shutil.which("argdown")
needs_argdown = pytest.mark.skipif(
    ARGDOWN is None,
    reason="the Argdown CLI is not on PATH (npm install -g @argdown/cli@1.7.5)",
)


def parsed(text: str, folder: Path) -> dict[str, Any]:
    """What the real Argdown parser makes of the text."""
    assert ARGDOWN is not None
    path = folder / "parsed.argdown"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [ARGDOWN, "json", str(path), "--stdout", "--silent"],
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def test_escape_marks_every_character_argdown_reads_as_syntax() -> None:
    assert argdown.escape("a [b] <c> #d *e* _f_ g/h i:j k. {l} @m \\n // o") == (
        "a \\[b\\] \\<c\\> \\#d \\*e\\* \\_f\\_ g\\/h i\\:j k\\. \\{l\\} \\@m \\\\n \\/\\/ o"
    )


@needs_argdown
def test_the_export_parses_with_as_many_statements_and_relations_as_the_tree(
    run: Runner, tmp_path: Path
) -> None:
    run("import", str(FIXTURES / "current.txt"))
    run("claim", "add", "--con", "2", "A [bracketed] <angled> #tag *star* _under_ a/b: c. // d")
    tree = run.json("tree", "1", "--sort", "time")
    text = run("export", "1", "--format", "argdown", "--sort", "time").stdout
    data = parsed(text, tmp_path)
    rows = shape(tree)
    assert len(data["statements"]) == sum(1 for row in rows if not row[3])
    assert len(data["relations"]) == len(rows) - 1
    texts = {ec["members"][0]["text"].strip() for ec in data["statements"].values()}
    assert "A [bracketed] <angled> #tag *star* _under_ a/b: c. // d" in texts
    statement = data["statements"]["Claim 1"]
    assert statement["data"]["strength"] == tree["strength"]


@needs_argdown
def test_importing_the_export_gives_the_same_tree(run: Runner, tmp_path: Path) -> None:
    run("demo", "--db", run.address)
    Path("demo.argdown").write_text(
        run("export", "1", "--format", "argdown", "--sort", "time").stdout, encoding="utf-8"
    )
    report = run.json("import", "demo.argdown", "--db", str(tmp_path / "copy.db"))
    assert report["format"] == "argdown" and report["theses"] == [1]
    assert report["left_out"] == [
        {"kind": "data block", "count": 43, "reason": "statement data is not imported"}
    ]
    mine = run.json("tree", "1", "--sort", "time")
    before = shape(mine)
    after = shape(run.json("tree", "1", "--sort", "time", "--db", str(tmp_path / "copy.db")))
    assert [(lv, s, ref) for lv, s, _, ref in after] == [(lv, s, ref) for lv, s, _, ref in before]
    # Claims come back as written; a quote comes back as a claim quoting it.
    for kind, (_, _, text, _), (_, _, again, _) in zip(kinds(mine), before, after, strict=True):
        assert again == text if kind == "claim" else again.startswith(f"“{text}” (")


def kinds(tree: dict[str, Any]) -> list[str]:
    out = [tree["kind"]]
    for child in tree.get("children", []):
        out.extend(kinds(child))
    return out


MAPPING = """# Harbours

[Own]: Towns should own their harbours. #policy
  + [Fees]: The fees stay in the region.
    <- <Upkeep>
  - [Capital]: Towns lack the capital.
    >< [Lend]: Councils lend capital to towns.
  + [Fees]: The fees remain local.
  + [Lend]

<Upkeep>: Upkeep eats the fees.

(1) Dredging is dear.
(2) Quays crumble.
----
(3) [Costly]: Upkeep costs more than the fees bring.
  -> [Fees]

<Undercut>: The council's figures are old.
  _> <Upkeep>

[Lend]
  + [Own]
"""


@needs_argdown
def test_the_mapping_of_statements_arguments_and_relations(run: Runner) -> None:
    Path("map.argdown").write_text(MAPPING, encoding="utf-8")
    report = run.json("import", "map.argdown")
    # Statements: Own, Fees, Capital, Lend, Costly and the two premises; arguments:
    # Upkeep and Undercut.
    assert report["imported"]["claims"] == 9
    left = {item["kind"]: item for item in report["left_out"]}
    assert left["relation"]["count"] == 1 and "cycle" in left["relation"]["reason"]
    assert left["formulation"]["count"] == 1
    assert left["tag"]["count"] == 1  # and taken out of the text
    tree = run.json("tree", str(report["theses"][0]), "--sort", "time")
    assert edges(tree) == {
        ("Towns should own their harbours.", "The fees stay in the region.", "pro"),  # support
        ("Towns should own their harbours.", "Towns lack the capital.", "con"),  # attack
        ("Towns should own their harbours.", "Councils lend capital to towns.", "pro"),
        ("Councils lend capital to towns.", "Towns lack the capital.", "con"),  # contradiction
        # An argument supports its conclusion, and its premises support it.
        ("The fees stay in the region.", "Upkeep costs more than the fees bring.", "con"),
        ("Upkeep costs more than the fees bring.", "Upkeep eats the fees.", "pro"),
        ("Upkeep eats the fees.", "Dredging is dear.", "pro"),
        ("Upkeep eats the fees.", "Quays crumble.", "pro"),
        ("Upkeep eats the fees.", "The council's figures are old.", "con"),  # undercut
    }  # and Own under Lend is left out: it would close a cycle


def edges(tree: dict[str, Any]) -> set[tuple[str, str, str]]:
    out = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        for child in node.get("children", []):
            out.add((node["text"], child["text"], child["stance"]))
            stack.append(child)
    return out


def test_without_the_cli_the_error_says_how_to_install_it(run: Runner) -> None:
    Path("map.argdown").write_text(MAPPING, encoding="utf-8")
    result = run("import", "map.argdown", "--argdown-cli", "/nowhere/argdown", code=1)
    assert result.stderr == (
        "Error: /nowhere/argdown does not exist: npm install -g @argdown/cli@1.7.5 (it runs "
        "on Node.js 20), or give its path with --argdown-cli\n"
    )
    assert not run.store_exists()


# Any printable text, as claims are stored: one line, stripped, not empty.
texts = (
    st.text(
        st.characters(
            blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Zs"), blacklist_characters="\x85"
        )
        | st.just(" "),
        min_size=1,
        max_size=30,
    )
    .map(lambda t: " ".join(t.split()))
    .filter(bool)
)


# Lines that Argdown (or Kialo, or Markdown) would read as structure or markup.
STRUCTURE = ("[Claim 3]: injected", "<Argument 1>: injected", "+ [Claim 2]", "- <Other>",
             "-> See 1.1.", "Sources:", "1.2. Con:", "# Heading", "// a comment",
             "{data: 1}", "**bold** _it_ [a](http://x.example)", "#tag @user", "")  # fmt: skip


@needs_argdown
@settings(max_examples=3, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(STRUCTURE) | texts, min_size=1, max_size=5)
        .map("\n".join)
        .map(str.strip)
        .filter(bool),
        min_size=30,
        max_size=40,
    )
)
def test_text_that_reads_as_structure_stays_one_claims_text(words: list[str]) -> None:
    """Over several lines, holding relations, headings, data and markup: each text
    comes back as its own claim's, its lines joined."""
    assert through_the_real_parser(words) == [" ".join(w.split()) for w in words]


@needs_argdown
@settings(max_examples=3, deadline=None)
@given(st.lists(texts, min_size=40, max_size=60))
def test_any_printable_text_survives_the_real_parser(words: list[str]) -> None:
    assert through_the_real_parser(words) == words


def through_the_real_parser(words: list[str]) -> list[str]:
    """Each text as a pro of one root, exported, then read by the real parser."""
    import tempfile

    from debate.core.tree import TreeItem
    from debate.models import GraphNode, VoteTally

    kids = tuple(
        TreeItem(GraphNode(i + 2, "claim", w, VoteTally(), VoteTally()), "pro", 0.5, 0.5, 1.0, 0.0)
        for i, w in enumerate(words)
    )
    root = TreeItem(
        GraphNode(1, "claim", "Root", VoteTally(), VoteTally()), None, 0.5, 0.5, None, None, kids
    )
    with tempfile.TemporaryDirectory() as folder:
        data = parsed(argdown.write(root, {}, semantics="dfquad", whose="everyone"), Path(folder))
    return [
        data["statements"][f"Claim {i + 2}"]["members"][0]["text"].strip()
        for i in range(len(words))
    ]
