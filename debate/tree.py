"""The weighted tree: what `tree`, `export` and `--json` show. Pure: no I/O.

The debate is a graph: a claim may stand under several parents. Each tree
expands a shared claim once, where it first appears in display order; where
it recurs, the tree holds a back-reference (`ref`) with no children, so a
tree's size is linear in the number of links. Every walk here is iterative:
a chain thousands of claims deep is as good as a shallow one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from debate.errors import InvalidInput
from debate.graph import children_map
from debate.models import Graph, GraphNode, Link, Stance
from debate.scoring import Scores

SortKey = Literal["contribution", "strength", "time"]
SORT_KEYS: tuple[SortKey, ...] = ("contribution", "strength", "time")


@dataclass(frozen=True)
class TreeItem:
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
    children = children_map(graph.links)
    link_order = {(link.parent, link.child): i for i, link in enumerate(graph.links)}
    return [_one_tree(graph, root, scores, children, link_order, sort, depth) for root in roots]


@dataclass
class _Entry:
    parent: int  # index of the parent entry, -1 for the root
    link: Link | None
    node_id: int
    contribution: float | None
    ref: bool = False
    hidden: int = 0


def _one_tree(
    graph: Graph,
    root: int,
    scores: Scores,
    children: dict[int, list[Link]],
    link_order: dict[tuple[int, int], int],
    sort: SortKey,
    depth: int | None,
) -> TreeItem:
    # Pass 1, pre-order: decide what is expanded and what is a back-reference.
    entries: list[_Entry] = []
    expanded: set[int] = set()
    stack: list[tuple[_Entry, int]] = [(_Entry(-1, None, root, None), 0)]
    while stack:
        entry, level = stack.pop()
        index = len(entries)
        entries.append(entry)
        if entry.node_id in expanded:
            entry.ref = True
            continue
        expanded.add(entry.node_id)
        links = children.get(entry.node_id, [])
        if not links:
            continue
        if depth is not None and level >= depth:
            entry.hidden = len(links)
            continue
        deltas = scores.contributions(entry.node_id, links)
        kids = sorted(
            zip(links, deltas, strict=True),
            key=_sorter(sort, scores, link_order),
        )
        for link, delta in reversed(kids):
            stack.append((_Entry(index, link, link.child, delta), level + 1))
    # Pass 2, children before parents: freeze the items.
    built: list[list[TreeItem]] = [[] for _ in entries]
    for index in range(len(entries) - 1, -1, -1):
        entry = entries[index]
        node_id = entry.node_id
        item = TreeItem(
            node=graph.nodes[node_id],
            stance=None if entry.link is None else entry.link.stance,
            base=scores.base[node_id],
            strength=scores.strength[node_id],
            weight=None if entry.link is None else scores.weight[node_id],
            contribution=entry.contribution,
            children=tuple(reversed(built[index])),
            hidden_children=entry.hidden,
            ref=entry.ref,
        )
        if entry.parent < 0:
            return item
        built[entry.parent].append(item)
    raise AssertionError("a tree always has its root")


def _sorter(sort: SortKey, scores: Scores, link_order: dict[tuple[int, int], int]) -> Any:
    def by_time(pair: tuple[Link, float]) -> tuple[float, ...]:
        link = pair[0]
        return (link_order[(link.parent, link.child)],)

    if sort == "time":
        return by_time
    if sort == "strength":
        return lambda pair: (-scores.strength[pair[0].child], *by_time(pair))
    return lambda pair: (-abs(pair[1]), *by_time(pair))


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
