"""Graphs, not only trees: shared claims expanded once, back-references, deep chains."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from debate.store import Store
from tests.conftest import Runner


def stacked_diamonds(path: Path | str, levels: int = 27) -> int:
    """A thesis, then `levels` pairs of claims, each claim supporting both of the pair
    above: 2·levels + 1 claims and about 4·levels links, but 2^levels paths."""
    with Store.open(path) as store, store.transaction():
        me = store.participant_id("tester")
        thesis = store.add_node("claim", "Thesis", me)
        above = [thesis]
        for level in range(levels):
            pair = [store.add_node("claim", f"Level {level} {side}", me) for side in "ab"]
            for parent in above:
                for child in pair:
                    store.add_link(parent, child, "pro", me)
            above = pair
    return thesis


def chain(path: Path | str, length: int) -> list[int]:
    """A thesis and a chain of `length` claims, each under the one before."""
    with Store.open(path) as store, store.transaction():
        me = store.participant_id("tester")
        ids = [store.add_node("claim", "Thesis", me)]
        for i in range(length):
            ids.append(store.add_node("claim", f"Claim {i}", me))
            store.add_link(ids[-2], ids[-1], "con" if i % 2 else "pro", me)
    return ids


def _walk(node: dict[str, Any]) -> list[dict[str, Any]]:
    out, stack = [], [node]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(reversed(current.get("children", [])))
    return out


def test_stacked_diamonds_expand_each_claim_once(run: Runner) -> None:
    thesis = stacked_diamonds(run.address)
    tree = run.json("tree", str(thesis))
    items = _walk(tree)
    expanded = [i for i in items if "ref" not in i]
    refs = [i for i in items if "ref" in i]
    # 55 claims, each expanded once; every other arrival is a back-reference.
    assert len(expanded) == 55 and len({i["id"] for i in expanded}) == 55
    assert len(refs) == 2 * 26  # each level below the first has two extra arrivals
    assert all("children" not in r and r["ref"] == r["id"] for r in refs)
    human = run("tree", str(thesis)).stdout
    assert human.count("↩ see #") == len(refs)
    markdown = run("export", str(thesis)).stdout
    assert markdown.count("↩ see #") == len(refs)
    shown = run.json("show", "3")
    assert [p["id"] for p in shown["parents"]] == [1]
    explained = run.json("explain", "55")
    assert len(explained["paths"]) == 20 and explained["more_paths"] is True


def test_a_claim_shared_by_two_parents_is_a_reference_the_second_time(run: Runner) -> None:
    run("claim", "add", "T")
    run("support", "1", "A")
    run("rebut", "1", "B")
    run("support", "2", "Shared")
    run("support", "4", "Below the shared one")
    run("link", "4", "--con", "3")
    tree = run.json("tree", "1", "--sort", "time")
    a, b = tree["children"]
    assert a["children"][0]["id"] == 4 and a["children"][0]["children"][0]["id"] == 5
    [ref] = b["children"]
    assert ref == {
        "id": 4,
        "kind": "claim",
        "text": "Shared",
        "stance": "con",
        "base": 0.5,
        "strength": 0.75,
        "weight": 1.0,
        "contribution": -0.375,
        "vote_counts": {"accept": 0, "impact": 0},
        "ref": 4,
    }
    out = run("tree", "1", "--sort", "time").stdout
    assert "└── CON ↩ see #4 Shared\n" in out


def test_a_chain_five_thousand_deep_works_everywhere(run: Runner) -> None:
    ids = chain(run.address, 5000)
    deepest = ids[-1]
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(20_000)  # Python's own JSON reader recurses; debate's writer does not
    try:
        tree = json.loads(run("tree", "1", "--json").stdout)
    finally:
        sys.setrecursionlimit(limit)
    depth, node = 0, tree
    while node["children"]:
        node = node["children"][0]
        depth += 1
    assert depth == 5000 and node["id"] == deepest
    human = run("tree", "1").stdout.splitlines()
    assert len(human) >= 5001
    assert max(len(line) for line in human) <= 100  # indentation stops at half the width
    assert any("[5000] CON #5001 Claim 4999" in line for line in human[-6:])
    markdown = run("export", "1").stdout
    assert f"#{deepest}: Claim 4999" in markdown
    assert len(markdown) < 2_000_000  # linear: deep branches continue in sections
    assert markdown.count("## Continued under #") == 5000 // 8 - 1
    explained = run.json("explain", str(deepest))
    [path] = explained["paths"]
    assert len(path["steps"]) == 5000 and path["thesis"] == 1
    assert run.json("show", str(ids[2500]))["parents"] == [{"id": ids[2499], "stance": "con"}]
    assert run.json("verdict", "1")["thesis"] == 1
    assert run.json("list")[0]["claims"] == 5000


def test_streamed_json_is_the_same_document(run: Runner) -> None:
    """`tree --json` to a pipe is written node by node; it is the same document."""
    import io

    from debate.app import weighing
    from debate.output import json as json_output

    stacked_diamonds(run.address, levels=5)
    with Store.open(run.address) as store:
        result = weighing.weighted_trees(store)
    for one in (False, True):
        result_one = result if not one else result._replace(items=result.items[:1])
        out = io.StringIO()
        json_output.write_weighted_trees(result_one, one, out.write)
        assert json.loads(out.getvalue()) == json_output.weighted_trees(result_one, one)
    assert json.loads(run("tree", "--json").stdout) == json_output.weighted_trees(result, False)


def test_streamed_json_of_quotes_and_cut_trees(run: Runner) -> None:
    """The demo holds quotes (source, offsets, locators, pages, non-ASCII text);
    --depth cuts children off: the streamed text is still the built document."""
    import io

    from debate.app import weighing
    from debate.output import json as json_output

    run("demo", "--db", run.address)
    with Store.open(run.address) as store:
        for depth in (None, 1):
            result = weighing.weighted_trees(store, 1, depth=depth)
            out = io.StringIO()
            json_output.write_weighted_trees(result, True, out.write)
            assert json.loads(out.getvalue()) == json_output.weighted_trees(result, True)
    assert '"kind": "quote"' in out.getvalue() and '"hidden_children": ' in out.getvalue()
