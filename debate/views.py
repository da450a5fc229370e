"""The weighted tree: what `tree`, `export` and `--json` show. Pure: no I/O.

A claim linked under several parents appears under each of them; its
strength is computed once over the DAG.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from debate import scoring
from debate.errors import InvalidInput
from debate.graph import children_map
from debate.models import Graph, GraphNode, Link

SortKey = Literal["contribution", "strength", "time"]
SORT_KEYS: tuple[SortKey, ...] = ("contribution", "strength", "time")


@dataclass(frozen=True)
class TreeItem:
    node: GraphNode
    stance: str | None
    base: float
    strength: float
    weight: float | None  # None for a thesis
    contribution: float | None  # σ(parent) − σ(parent without this child)
    children: tuple[TreeItem, ...]
    hidden_children: int = 0  # cut off by --depth

    def to_json(self) -> dict[str, Any]:
        node = self.node
        data: dict[str, Any] = {
            "id": node.id,
            "kind": node.kind,
            "text": node.text,
            "stance": self.stance,
            "base": round(self.base, 6),
            "strength": round(self.strength, 6),
            "weight": None if self.weight is None else round(self.weight, 6),
            "contribution": None if self.contribution is None else round(self.contribution, 6),
            "votes": {"accept": node.accept.count, "impact": node.impact.count},
        }
        if node.kind == "quote":
            data.update(
                source=node.source_key,
                start=node.start,
                end=node.end,
                locator=node.locator,
                status=node.status,
            )
        data["children"] = [child.to_json() for child in self.children]
        return data


@dataclass(frozen=True)
class Scores:
    base: dict[int, float]
    weight: dict[int, float]
    strength: dict[int, float]


def _check_semantics(semantics: str) -> None:
    if semantics not in scoring.SEMANTICS_NAMES:
        names = ", ".join(scoring.SEMANTICS_NAMES)
        raise InvalidInput(f"unknown semantics {semantics!r}; choose from {names}")


def _inputs(graph: Graph) -> tuple[dict[int, float], dict[int, float]]:
    """Base scores and weights from the votes; the same under every semantics."""
    base = {i: scoring.base_score(n.accept) for i, n in graph.nodes.items()}
    weight = {i: scoring.weight(n.impact) for i, n in graph.nodes.items()}
    return base, weight


def score(graph: Graph, semantics: str = "dfquad") -> Scores:
    _check_semantics(semantics)
    base, weight = _inputs(graph)
    return Scores(base, weight, scoring.strengths(base, weight, graph.links, semantics))


# A thesis whose strength differs by more than this between DF-QuAD and QE
# depends on the choice of semantics: the seminar should look at it.
ROBUSTNESS_GAP = 0.2


def strengths_by_semantics(graph: Graph, roots: list[int]) -> dict[int, dict[str, float]]:
    """Each root's σ under every semantics: a robustness check."""
    base, weight = _inputs(graph)
    by_name = {
        name: scoring.strengths(base, weight, graph.links, name) for name in scoring.SEMANTICS_NAMES
    }
    return {root: {name: by_name[name][root] for name in by_name} for root in roots}


def build(
    graph: Graph,
    roots: list[int],
    *,
    sort: SortKey = "contribution",
    depth: int | None = None,
    semantics: str = "dfquad",
) -> list[TreeItem]:
    """The weighted trees under the given roots (theses by default)."""
    if sort not in SORT_KEYS:
        raise InvalidInput(f"unknown sort {sort!r}; choose from {', '.join(SORT_KEYS)}")
    if depth is not None and depth < 0:
        raise InvalidInput("depth must be 0 or more")
    scores = score(graph, semantics)
    children = children_map(graph.links)
    link_order = {(link.parent, link.child): i for i, link in enumerate(graph.links)}

    def item(link: Link | None, node_id: int, level: int, contribution: float | None) -> TreeItem:
        links = children.get(node_id, [])
        kids: tuple[TreeItem, ...] = ()
        if depth is None or level < depth:
            effective = [
                (k.stance, scores.weight[k.child] * scores.strength[k.child]) for k in links
            ]
            deltas = scoring.contributions(scores.base[node_id], effective, semantics)
            built = [item(k, k.child, level + 1, d) for k, d in zip(links, deltas, strict=True)]
            kids = tuple(sorted(built, key=_sorter(sort, node_id, link_order)))
        return TreeItem(
            node=graph.nodes[node_id],
            stance=None if link is None else link.stance,
            base=scores.base[node_id],
            strength=scores.strength[node_id],
            weight=None if link is None else scores.weight[node_id],
            contribution=contribution,
            children=kids,
            hidden_children=len(links) - len(kids),
        )

    return [item(None, root, 0, None) for root in roots]


def _sorter(sort: SortKey, parent: int, link_order: dict[tuple[int, int], int]) -> Any:
    def by_time(t: TreeItem) -> tuple[float, ...]:
        return (link_order[(parent, t.node.id)],)

    if sort == "time":
        return by_time
    if sort == "strength":
        return lambda t: (-t.strength, *by_time(t))
    return lambda t: (-abs(t.contribution or 0.0), *by_time(t))
