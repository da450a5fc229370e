"""Graph helpers over links (parent → child). Pure."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from debate.models import Graph, Link

K = TypeVar("K", bound=Hashable)


class _Edge(Protocol[K]):  # type: ignore[misc]
    @property
    def child(self) -> K: ...


def children_map(links: Iterable[Link]) -> dict[int, list[Link]]:
    children: dict[int, list[Link]] = {}
    for link in links:
        children.setdefault(link.parent, []).append(link)
    return children


def find_path(links: Iterable[Link], start: int, goal: int) -> list[int] | None:
    """A path start → … → goal following links downwards, or None."""
    children = children_map(links)
    came_from: dict[int, int | None] = {start: None}
    frontier = [start]
    while frontier:
        node = frontier.pop()
        if node == goal:
            path = [node]
            while (previous := came_from[path[-1]]) is not None:
                path.append(previous)
            return path[::-1]
        for link in children.get(node, ()):
            if link.child not in came_from:
                came_from[link.child] = node
                frontier.append(link.child)
    return None


def find_cycle(
    starts: Iterable[K], children: Mapping[K, Sequence[Any]]
) -> tuple[list[K], Any] | None:
    """The first link met (depth first, from each start in turn) that closes a cycle,
    with the cycle as a list of nodes from that link's child back to it; iterative."""
    state: dict[K, int] = {}  # 1 on the current path, 2 done
    for start in starts:
        if start in state:
            continue
        path: list[K] = [start]
        stack: list[tuple[K, int]] = [(start, 0)]
        state[start] = 1
        while stack:
            node, i = stack[-1]
            kids = children.get(node, ())
            if i == len(kids):
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            stack[-1] = (node, i + 1)
            link = kids[i]
            seen = state.get(link.child)
            if seen == 1:
                return [*path[path.index(link.child) :], link.child], link
            if seen is None:
                state[link.child] = 1
                path.append(link.child)
                stack.append((link.child, 0))
    return None


def bottom_up(nodes: Iterable[int], children: dict[int, list[Link]]) -> list[int]:
    """Every node after all of its descendants (a topological order, leaves first)."""
    order: list[int] = []
    state: dict[int, int] = {}  # 1: on the stack, 2: done
    for root in nodes:
        if root in state:
            continue
        stack: list[tuple[int, int]] = [(root, 0)]
        state[root] = 1
        while stack:
            node, i = stack[-1]
            kids = children.get(node, ())
            if i < len(kids):
                stack[-1] = (node, i + 1)
                child = kids[i].child
                seen = state.get(child)
                if seen is None:
                    state[child] = 1
                    stack.append((child, 0))
                elif seen == 1:
                    raise ValueError(f"cycle through #{child}")
            else:
                stack.pop()
                state[node] = 2
                order.append(node)
    return order


def descendants(roots: int | Iterable[int], children: dict[int, list[Link]]) -> set[int]:
    """The roots and everything below them."""
    start = [roots] if isinstance(roots, int) else list(roots)
    seen = set(start)
    frontier = list(start)
    while frontier:
        for link in children.get(frontier.pop(), ()):
            if link.child not in seen:
                seen.add(link.child)
                frontier.append(link.child)
    return seen


def parents_map(links: Iterable[Link]) -> dict[int, list[Link]]:
    parents: dict[int, list[Link]] = {}
    for link in links:
        parents.setdefault(link.child, []).append(link)
    return parents


def with_min_votes(graph: Graph, min_votes: int, keep: Iterable[int] = ()) -> Graph:
    """The graph without the nodes that have fewer than `min_votes` votes (of both
    kinds), and without what hangs only under them; theses and `keep` stay."""
    if min_votes <= 0:
        return graph
    kept = set(graph.theses) | set(keep)
    nodes = {i: n for i, n in graph.nodes.items() if i in kept or n.vote_count >= min_votes}
    links = [link for link in graph.links if link.parent in nodes and link.child in nodes]
    reachable = descendants(kept & nodes.keys(), children_map(links))
    return Graph(
        {i: n for i, n in nodes.items() if i in reachable},
        [link for link in links if link.parent in reachable],
        graph.theses,
        graph.sources,
    )


def unvoted_under(graph: Graph, roots: Iterable[int]) -> dict[int, int]:
    """For each root, how many arguments under it, which its strength rests on, have
    no vote at all."""
    children = children_map(graph.links)
    unvoted = {}
    for root in roots:
        below = descendants(root, children) - {root}
        unvoted[root] = sum(1 for i in below if graph.nodes[i].vote_count == 0)
    return unvoted
