"""Importing Kialo exports (both dialects) and exporting Kialo and Graphviz.

The fixtures are synthetic: real Kialo exports may not be committed (Kialo's
terms allow private use only)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from debate.core.files import kialo
from debate.core.tree import TreeItem
from debate.models import GraphNode, Stance, VoteTally
from tests.conftest import Runner

FIXTURES = Path(__file__).parent / "fixtures" / "kialo"


def shape(tree: dict[str, Any], level: int = 0) -> list[tuple[int, str | None, str, bool]]:
    """A tree as (depth, stance, text, is a back-reference) rows, in order."""
    rows = [(level, tree["stance"], tree["text"], "ref" in tree)]
    for child in tree.get("children", []):
        rows.extend(shape(child, level + 1))
    return rows


CURRENT_SHAPE = [
    (0, None, "Towns should own their harbours.", False),
    (
        1,
        "pro",
        "A town-owned harbour keeps the fees in the region.[1]\nThe money stays where the "
        "ships dock.",
        False,
    ),
    (2, "con", "Fees are small next to the cost of upkeep.[2]", False),
    (2, "pro", "Regional councils can lend it, as they do for roads [1].", False),
    (1, "con", "Towns lack the capital for dredging and quays.", False),
    (2, "con", "Regional councils can lend it, as they do for roads [1].", True),
]


def test_the_current_dialect_imports_with_its_footnotes(run: Runner) -> None:
    report = run.json("import", str(FIXTURES / "current.txt"))
    assert report == {
        "path": str(FIXTURES / "current.txt"),
        "format": "kialo",
        "title": "Should towns own their harbours?",
        "dry_run": False,
        "theses": [1],
        "imported": {
            "claims": 5,
            "links": 5,
            "quotes": 0,
            "sources": 2,
            "citations": 3,
            "votes": 0,
            "participants": 0,
        },
        "left_out": [],
        "already": None,  # a JSON document's merge counts what was there
        "conflicts": [],
    }
    assert shape(run.json("tree", "1", "--sort", "time")) == CURRENT_SHAPE
    sources = run.json("source", "list")
    assert sorted(s["title"] for s in sources) == [
        "Harbour Council (2019). Regional Ports Review. https://example.org/ports-review",
        "T. Mole, *Costs of Quays*, p. 12.",
    ]
    review = "Harbour Council (2019). Regional Ports Review. https://example.org/ports-review"
    assert run.json("show", "5")["citations"] == [
        {"label": "1", "source": kialo.source_key(review)}
    ]
    assert (
        f"cites     [1] {kialo.source_key(review)}: Harbour Council (2019)"
        in run("show", "5").stdout
    )
    assert [e["action"] for e in run.json("show", "1")["history"]] == [
        "claim added",
        "debate imported",
    ]


def test_the_older_dialect_imports_to_the_same_tree(run: Runner) -> None:
    report = run.json("import", str(FIXTURES / "older.txt"))
    assert report["imported"]["sources"] == 1 and report["imported"]["citations"] == 1
    rows = shape(run.json("tree", "1", "--sort", "time"))
    assert [(level, stance, ref) for level, stance, _, ref in rows] == [
        (level, stance, ref) for level, stance, _, ref in CURRENT_SHAPE
    ]
    # Kialo escapes the parentheses of a link's target; the text reads as written.
    assert "(https://example.org/review(2019))" in rows[1][2]
    [source] = run.json("source", "list")
    assert source["url"] == "https://example.org/review(2019)"


def test_a_dry_run_reports_and_writes_nothing(run: Runner) -> None:
    result = run("import", str(FIXTURES / "current.txt"), "--dry-run")
    assert (
        result.stderr == "Checked current.txt (kialo): it can be imported; nothing was written.\n"
    )
    assert result.stdout == (
        " kind          in the file\n"
        " claims        5\n"
        " links         5\n"
        " quotes        0\n"
        " sources       2\n"
        " citations     3\n"
        " votes         0\n"
        " participants  0\n"
    )
    assert not run.store_exists()


def test_export_then_import_gives_the_same_tree_and_the_same_bytes(run: Runner) -> None:
    run("import", str(FIXTURES / "current.txt"))
    first = run("export", "1", "--format", "kialo", "--sort", "time").stdout
    assert first.startswith("Discussion Name:\nShould towns own their harbours?\n\n1. Thesis:\n")
    Path("again.txt").write_text(first, encoding="utf-8")
    [thesis] = run.json("import", "again.txt")["theses"]
    assert shape(run.json("tree", str(thesis), "--sort", "time")) == CURRENT_SHAPE
    assert run("export", str(thesis), "--format", "kialo", "--sort", "time").stdout == first
    # The same footnotes are the same sources: nothing new the second time.
    assert len(run.json("source", "list")) == 2


def test_quotes_go_out_as_claims_quoting_their_source(run: Runner) -> None:
    run("demo", "--db", run.address)
    text = run("export", "1", "--format", "kialo", "--sort", "time").stdout
    assert "“Many experts now characterize their strategic partnership" in text
    assert re.search(r"^\[\d+\] Paikin \(2021\)", text, re.M)
    Path("demo.txt").write_text(text, encoding="utf-8")
    [thesis] = run.json("import", "demo.txt")["theses"]
    before = [(lv, s, ref) for lv, s, _, ref in shape(run.json("tree", "1", "--sort", "time"))]
    again = run.json("tree", str(thesis), "--sort", "time")
    after = [(lv, s, ref) for lv, s, _, ref in shape(again)]
    assert after == before


BAD_FILES = {
    "gap": (
        "Discussion Name:\nT\n\n1. Thesis:\nA\n\n  1.1. Pro:\n  B\n\n  1.3. Con:\n  C\n",
        "Error: line 10: claim 1.3 skips 1.2 (a gap in the numbering)",
    ),
    "duplicate": (
        "Discussion Name:\nT\n\n1. Thesis:\nA\n\n  1.1. Pro:\n  B\n\n  1.1. Con:\n  C\n",
        "Error: line 10: claim 1.1 is stated twice (first on line 7)",
    ),
    "see nowhere": (
        "Discussion Name:\nT\n\n1. Thesis:\nA\n\n  1.1. Pro:\n  -> See 1.7.\n",
        "Error: line 7: there is no claim 1.7",
    ),
    "cycle": (
        "Discussion Name:\nT\n\n1. Thesis:\nA\n\n  1.1. Pro:\n  B\n\n"
        "    1.1.1. Con:\n    -> See 1.1.\n",
        "Error: line 10: linking 1.1 under 1.1 would make a cycle: 1.1 → 1.1",
    ),
    "orphan": (
        "Discussion Name:\nT\n\n1. Thesis:\nA\n\n    1.1.1. Con:\n    B\n",
        "Error: line 7: claim 1.1.1 comes before claim 1.1",
    ),
    "under a reference": (
        "Discussion Name:\nT\n\n1. Thesis:\nA\n\n  1.1. Pro:\n  B\n\n  1.2. Con:\n  -> See 1.1.\n"
        "\n    1.2.1. Pro:\n    C\n",
        "Error: line 13: claim 1.2.1 stands under a '-> See' reference",
    ),
    "no stance": (
        "Discussion Title: T\n\n1. A\n1.1. B\n",
        "Error: line 4: claim 1.1 needs 'Pro:' or 'Con:'",
    ),
    "not kialo": (
        "# A Markdown file\n",
        "Error: cannot tell the format of bad.txt; give it with --format "
        "(json, kialo, argdown, aif)",
    ),
    "empty claim": (
        "Discussion Name:\nT\n\n1. Thesis:\nA\n\n  1.1. Pro:\n\n  1.2. Con:\n  C\n",
        "Error: line 7: claim 1.1 has no text",
    ),
    "control": (
        "Discussion Name:\nT\n\n1. Thesis:\nA \x1b[31m\n",
        "Error: line 5: the control character ESC (U+001B)",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_names_the_line_and_imports_nothing(run: Runner, name: str) -> None:
    run("claim", "add", "Already here")
    before = run.dump()
    text, error = BAD_FILES[name]
    Path("bad.txt").write_text(text, encoding="utf-8")
    result = run("import", "bad.txt", code=1)
    assert result.stderr == error + "\n"
    assert result.stdout == ""
    assert run.dump() == before


def test_invalid_utf8_and_oversized_files_are_refused(
    run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path("bad.txt").write_bytes(b"Discussion Name:\nT\n\n1. Thesis:\n\xff\xfe\n")
    result = run("import", "bad.txt", code=1)
    assert result.stderr == "Error: line 5: not valid UTF-8 (byte 32 of the file)\n"

    from debate.app import files

    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    Path("big.txt").write_text("Discussion Name:\n" + "x" * 200, encoding="utf-8")
    result = run("import", "big.txt", code=1)
    assert result.stderr == "Error: big.txt is over 100 bytes, the most that can be imported\n"
    assert not run.store_exists()


def test_a_chain_thousands_deep_imports(run: Runner) -> None:
    lines = ["Discussion Name:", "Deep", "", "1. Thesis:", "Root", ""]
    number = "1"
    for i in range(3000):
        number += ".1"
        lines += [f"{number}. {'Pro' if i % 2 else 'Con'}:", f"Claim {i}", ""]
    Path("deep.txt").write_text("\n".join(lines), encoding="utf-8")
    report = run.json("import", "deep.txt")
    assert report["imported"]["claims"] == 3001
    assert run.json("show", "3001")["parents"] == [{"id": 3000, "stance": "pro"}]


# -- round trips on random trees (pure) -------------------------------------------------

# One line of printable text, as a claim is stored (stripped, never empty), that
# is not a Kialo reference by itself.
texts = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\x85"),
    min_size=1,
    max_size=30,
).map(str.strip)


STANCES: tuple[Stance, ...] = ("pro", "con")


@st.composite
def trees(draw: st.DrawFn) -> TreeItem:
    count = draw(st.integers(1, 25))
    parents = [None] + [draw(st.integers(0, i - 1)) for i in range(1, count)]
    words = [draw(texts) for _ in range(count)]
    for w in words:
        assume(w and not re.match(r"^->\s*See\s", w) and w != "Sources:")
    stances = [draw(st.sampled_from(STANCES)) for _ in range(count)]
    items: dict[int, TreeItem] = {}
    for i in range(count - 1, -1, -1):  # children (higher numbers) before their parents
        node = GraphNode(i + 1, "claim", words[i], VoteTally(), VoteTally())
        kids = tuple(items[j] for j in range(count) if parents[j] == i)
        items[i] = TreeItem(
            node, None if i == 0 else stances[i], 0.5, 0.5, None if i == 0 else 1.0, 0.0, kids
        )
    return items[0]


def rows(item: TreeItem, level: int = 0) -> list[tuple[int, str | None, str]]:
    out: list[tuple[int, str | None, str]] = [(level, item.stance, item.node.text)]
    for child in item.children:
        out.extend(rows(child, level + 1))
    return out


@settings(suppress_health_check=[HealthCheck.filter_too_much], max_examples=200)
@given(trees(), texts)
def test_kialo_round_trip_on_random_trees(tree: TreeItem, title: str) -> None:
    written = kialo.write(tree, title or "T", {}, {})
    debate = kialo.parse(written)
    assert debate.title == " ".join((title or "T").split())
    by_key = {c.key: c.text for c in debate.claims}
    parent = {link.child: link for link in debate.links}
    got = []
    for claim in debate.claims:
        key, level = claim.key, claim.key.count(".")
        got.append((level, parent[key].stance if key in parent else None, by_key[key]))
    assert got == rows(tree)


# -- Graphviz ---------------------------------------------------------------------------


def test_dot_export_escapes_user_text_and_renders_with_graphviz(run: Runner) -> None:
    run("claim", "add", 'A "quoted" thesis \\n with a backslash; } ] // # <b>')
    run("claim", "add", "--pro", "1", "A pro")
    run("claim", "add", "--con", "1", "A con")
    run("link", "3", "--pro", "2")
    dot = run("export", "1", "--format", "dot").stdout
    assert '\\"quoted\\" thesis \\\\n with a backslash' in dot
    assert dot.count(" -> ") == 3
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not on PATH (Debian: apt-get install graphviz)")
    svg = subprocess.run(
        ["dot", "-Tsvg"], input=dot, capture_output=True, text=True, check=True
    ).stdout
    assert svg.count('class="node"') == 3 and svg.count('class="edge"') == 3
    assert "A &quot;quoted&quot; thesis \\n with a backslash" in svg


# Texts that hold what Kialo would read as structure, on lines of their own.
STRUCTURE = (
    "1.2. Con:",
    "1. Thesis:",
    "  1.1.1. Pro: injected",
    "Sources:",
    "-> See 1.1.",
    "[1] A source",
    "**bold** [a link](http://x.example)",
    "",
    "Fees stay local.",
)
hostile_texts = (
    st.lists(st.sampled_from(STRUCTURE) | texts, min_size=1, max_size=6)
    .map("\n".join)
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=300)
@given(st.lists(hostile_texts, min_size=1, max_size=8))
@example(["Fees stay local.\n\n1.2. Con:\nINJECTED: harbours ruin towns"])
@example(["Sources:"])
@example(["-> See 1.1."])
def test_kialo_export_never_injects_structure(words: list[str]) -> None:
    """However a claim's text runs, it comes back as one claim in its place, with its
    words (a text that is itself a reference, quoted)."""
    kids = tuple(
        TreeItem(GraphNode(i + 2, "claim", w, VoteTally(), VoteTally()), "pro", 0.5, 0.5, 1.0, 0.0)
        for i, w in enumerate(words)
    )
    root = TreeItem(GraphNode(1, "claim", "Root", VoteTally(), VoteTally()), None, 0.5, 0.5,
                    None, None, kids)  # fmt: skip
    debate = kialo.parse(kialo.write(root, "T", {}, {}))
    assert [c.key for c in debate.claims] == ["1", *(f"1.{i + 1}" for i in range(len(words)))]
    assert not debate.links[len(words) :] and not debate.sources
    for claim, text in zip(debate.claims[1:], words, strict=True):
        one_line = " ".join(text.split())
        if re.match(r"^->[ \t]*See[ \t]+\d+(\.\d+)*\.?$", one_line):
            assert claim.text == f"“{one_line}”"
        else:
            assert " ".join(claim.text.split()) == one_line


def test_a_link_into_another_kialo_discussion_is_its_claim_citing_that_discussion(
    run: Runner, tmp_path: Path
) -> None:
    path = tmp_path / "linked.txt"
    path.write_text(
        "Discussion Name:\nHarbours\n\n1. Thesis:\nHarbours make towns rich.\n\n"
        "  1.1. Pro:\n  -> See discussion #1234: Ports bring trade\n",
        encoding="utf-8",
    )
    report = run.json("import", str(path))
    assert report["left_out"] == [
        {
            "kind": "link to another discussion",
            "count": 1,
            "reason": "imported as a claim with the text it links to, citing that discussion",
        }
    ]
    shown = run.json("show", "2")
    assert shown["text"] == "Ports bring trade"
    assert [c["label"] for c in shown["citations"]] == ["Kialo discussion #1234"]
