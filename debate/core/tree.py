"""The weighted tree: what `tree`, `export` and `--json` show. Pure: no I/O.

The debate is a graph: a claim may stand under several parents. Each tree
expands a shared claim once, where it first appears in display order; where
it recurs, the tree holds a back-reference (`ref`) with no children, so a
tree's size is linear in the number of links. Every walk here is iterative:
a chain thousands of claims deep is as good as a shallow one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from debate.core.graph import children_map
from debate.errors import InvalidInput
from debate.models import Graph, GraphNode, Link, Stance

if TYPE_CHECKING:  # the scores come in; scoring itself is not needed here
    from debate.core.scoring import Scores

SortKey = Literal["contribution", "strength", "time"]
SORT_KEYS: tuple[SortKey, ...] = ("contribution", "strength", "time")


class TreeItem(NamedTuple):
    node: GraphNode
    stance: Stance | None  # None for the root
    base: float
    strength: float
    weight: float | None  # None for the root
    contribution: float | None  # σ(parent) − σ(parent without this child)
    children: tuple[TreeItem, ...] = ()
    hidden_children: int = 0  # cut off by --depth
    ref: bool = False  # the node is expanded elsewhere in this tree


def build(
    graph: Graph,
    roots: list[int],
    scores: Scores,
    *,
    sort: SortKey = "contribution",
    depth: int | None = None,
) -> list[TreeItem]:
    """The weighted trees under the given roots."""
    if sort not in SORT_KEYS:
        raise InvalidInput(f"unknown sort {sort!r}; choose from {', '.join(SORT_KEYS)}")
    if depth is not None and depth < 0:
        raise InvalidInput("depth must be 0 or more")
    children = children_map(graph.links)  # each node's links in the order they were made
    return [_one_tree(graph, root, scores, children, sort, depth) for root in roots]


def _one_tree(
    graph: Graph,
    root: int,
    scores: Scores,
    children: dict[int, list[Link]],
    sort: SortKey,
    depth: int | None,
) -> TreeItem:
    # Pass 1, pre-order: decide what is expanded and what is a back-reference.
    # Each entry: [parent entry, link, node, contribution, is a reference, hidden children].
    entries: list[list[Any]] = []
    expanded: set[int] = set()
    strength = scores.strength
    stack: list[tuple[int, Link | None, int, float | None, int]] = [(-1, None, root, None, 0)]
    while stack:
        parent, link, node_id, contribution, level = stack.pop()
        index = len(entries)
        entry = [parent, link, node_id, contribution, False, 0]
        entries.append(entry)
        if node_id in expanded:
            entry[4] = True
            continue
        expanded.add(node_id)
        links = children.get(node_id)
        if not links:
            continue
        if depth is not None and level >= depth:
            entry[5] = len(links)
            continue
        deltas = scores.contributions(node_id, links)
        order = list(range(len(links)))  # by time: the order the links were made
        if sort == "contribution":
            order.sort(key=lambda i: -abs(deltas[i]))
        elif sort == "strength":
            order.sort(key=lambda i: -strength[links[i].child])
        for i in reversed(order):
            stack.append((index, links[i], links[i].child, deltas[i], level + 1))
    # Pass 2, children before parents: freeze the items.
    nodes, base, weight = graph.nodes, scores.base, scores.weight
    built: list[list[TreeItem]] = [[] for _ in entries]
    for index in range(len(entries) - 1, -1, -1):
        parent, link, node_id, contribution, ref, hidden = entries[index]
        kids = built[index]
        kids.reverse()
        item = TreeItem(
            nodes[node_id],
            None if link is None else link.stance,
            base[node_id],
            strength[node_id],
            None if link is None else weight[node_id],
            contribution,
            tuple(kids),
            hidden,
            ref,
        )
        if parent < 0:
            return item
        built[parent].append(item)
    raise AssertionError("a tree always has its root")


def walk(item: TreeItem, max_depth: int | None = None) -> Iterator[tuple[TreeItem, int, bool]]:
    """Every item in display order (down to `max_depth`), with its depth and whether
    it is its parent's last child."""
    stack: list[tuple[TreeItem, int, bool]] = [(item, 0, True)]
    while stack:
        current, level, last = stack.pop()
        yield current, level, last
        if max_depth is not None and level >= max_depth:
            continue
        kids = current.children
        for i in range(len(kids) - 1, -1, -1):
            stack.append((kids[i], level + 1, i == len(kids) - 1))


def size(item: TreeItem) -> int:
    return sum(1 for _ in walk(item))


# A tree as plain rows (pre-order, each with its depth), to keep it as it stood:
# the transcript shows the tree at the end of a session, whatever changed since.


def to_rows(item: TreeItem) -> list[list[Any]]:
    rows = []
    for t, level, _ in walk(item):
        n = t.node
        node = [*n[:3], list(n.accept), list(n.impact), *n[5:]]
        rows.append(
            [level, t.stance, t.base, t.strength, t.weight, t.contribution, t.hidden_children,
             t.ref, *node]
        )  # fmt: skip
    return rows


def from_rows(rows: list[list[Any]]) -> TreeItem:
    """The tree `to_rows` wrote."""
    from debate.models import VoteTally

    # Children before parents: each row's children are the rows one level deeper
    # that follow it, up to the next row at its level or above.
    built: list[list[TreeItem]] = [[]]  # children collected per open level
    items: list[TreeItem] = []
    for row in reversed(rows):
        level = row[0]
        fields = row[8:]
        node = GraphNode._make(
            [*fields[:3], VoteTally(*fields[3]), VoteTally(*fields[4]), *fields[5:]]
        )
        while len(built) <= level + 1:
            built.append([])
        kids = built[level + 1]
        item = TreeItem(node, row[1], row[2], row[3], row[4], row[5], tuple(reversed(kids)),
                        row[6], row[7])  # fmt: skip
        built[level + 1] = []
        built[level].append(item)
        items.append(item)
    [root] = built[0]
    return root
