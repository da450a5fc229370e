"""Questioning a weighted tree: explanations, perspective comparisons, verdicts. Pure.

Everything here works on a `Graph` (nodes, links, vote tallies) and the
scores computed from it; the store decides whose votes the graph holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from debate.core import scoring
from debate.core.graph import children_map, descendants, parents_map
from debate.core.scoring import Scores, score
from debate.errors import InvalidInput
from debate.models import Graph, GraphNode, Link

# -- explain ------------------------------------------------------------------

# Enough for any real debate; a pathological DAG could have exponentially many.
MAX_PATHS = 20


@dataclass(frozen=True)
class ChildEffect:
    """One child of the explained node and what it does to it."""

    id: int
    kind: str
    text: str
    stance: str
    base: float
    weight: float
    strength: float
    contribution: float  # σ(node) − σ(node without this child)


@dataclass(frozen=True)
class PathStep:
    child: int
    parent: int
    stance: str
    contribution: float  # of the child to this parent


@dataclass(frozen=True)
class ThesisEffect:
    """How the explained node reaches one thesis, and how far it moves it."""

    thesis: int
    steps: tuple[PathStep, ...]  # from the node up to the thesis
    strength: float  # the thesis's σ
    without: float  # the thesis's σ if the node were removed

    @property
    def effect(self) -> float:
        return self.strength - self.without

    @property
    def sides_with_thesis(self) -> bool:
        """True when the path has an even number of cons: the node argues for the thesis."""
        return sum(step.stance == "con" for step in self.steps) % 2 == 0


@dataclass(frozen=True)
class Explanation:
    node: GraphNode
    semantics: str
    base: float
    strength: float
    weight: float
    is_thesis: bool
    children: tuple[ChildEffect, ...]  # largest |contribution| first
    paths: tuple[ThesisEffect, ...]
    more_paths: bool  # paths were cut at MAX_PATHS


def _contribution_of(
    parent: int, child: int, children: dict[int, list[Link]], scores: Scores
) -> float:
    links = children[parent]
    deltas = scores.contributions(parent, links)
    return next(d for k, d in zip(links, deltas, strict=True) if k.child == child)


# A path under construction: its last link, and the rest of it.
_PathTail = tuple[Link, "_PathTail"] | None


def _upward_paths(node: int, parents: dict[int, list[Link]]) -> tuple[list[list[Link]], bool]:
    """Every path of links from the node up to a thesis (depth first), at most MAX_PATHS.

    Paths share their tails, so a path thousands of links long costs no copying.
    """
    paths: list[list[Link]] = []
    stack: list[tuple[int, _PathTail]] = [(node, None)]
    while stack:
        current, tail = stack.pop()
        ups = parents.get(current, [])
        if not ups and tail is not None:
            if len(paths) == MAX_PATHS:
                return paths, True
            path: list[Link] = []
            while tail is not None:
                link, tail = tail
                path.append(link)
            paths.append(path[::-1])
            continue
        for link in reversed(ups):
            stack.append((link.parent, (link, tail)))
    return paths, False


def explain(graph: Graph, node_id: int, semantics: str = "dfquad") -> Explanation:
    if node_id not in graph.nodes:
        raise InvalidInput(f"#{node_id} is archived or hangs only under archived claims")
    scores = score(graph, semantics)
    children = children_map(graph.links)
    parents = parents_map(graph.links)

    kids = children.get(node_id, [])
    deltas = scores.contributions(node_id, kids)
    effects = [
        ChildEffect(
            id=k.child,
            kind=graph.nodes[k.child].kind,
            text=graph.nodes[k.child].text,
            stance=k.stance,
            base=scores.base[k.child],
            weight=scores.weight[k.child],
            strength=scores.strength[k.child],
            contribution=d,
        )
        for k, d in zip(kids, deltas, strict=True)
    ]
    effects.sort(key=lambda e: (-abs(e.contribution), e.id))

    paths, more = _upward_paths(node_id, parents)
    without: dict[int, float] = {}
    if paths:
        # The node removed: every link into it dropped; its subtree then reaches nothing.
        cut = [link for link in graph.links if link.child != node_id]
        without = scoring.strengths(scores.base, scores.weight, cut, semantics)
    thesis_effects = tuple(
        ThesisEffect(
            thesis=path[-1].parent,
            steps=tuple(
                PathStep(
                    link.child,
                    link.parent,
                    link.stance,
                    _contribution_of(link.parent, link.child, children, scores),
                )
                for link in path
            ),
            strength=scores.strength[path[-1].parent],
            without=without[path[-1].parent],
        )
        for path in paths
    )
    return Explanation(
        node=graph.nodes[node_id],
        semantics=semantics,
        base=scores.base[node_id],
        strength=scores.strength[node_id],
        weight=scores.weight[node_id],
        is_thesis=node_id in graph.theses,
        children=tuple(effects),
        paths=thesis_effects,
        more_paths=more,
    )


# -- compare ------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One node under two perspectives."""

    id: int
    kind: str
    text: str
    base: tuple[float, float]
    strength: tuple[float, float]
    accept_votes: tuple[int, int]

    @property
    def gap(self) -> float:
        """σ under the second perspective minus σ under the first."""
        return self.strength[1] - self.strength[0]


def compare(
    graphs: tuple[Graph, Graph], root: int, semantics: str = "dfquad"
) -> tuple[Difference, list[Difference]]:
    """The root and every node under it, largest gap in strength first."""
    first, second = graphs
    if root not in first.nodes:
        raise InvalidInput(f"#{root} is archived or hangs only under archived claims")
    a, b = score(first, semantics), score(second, semantics)

    def row(i: int) -> Difference:
        node = first.nodes[i]
        return Difference(
            id=i,
            kind=node.kind,
            text=node.text,
            base=(a.base[i], b.base[i]),
            strength=(a.strength[i], b.strength[i]),
            accept_votes=(node.accept.votes, second.nodes[i].accept.votes),
        )

    below = descendants(root, children_map(first.links)) - {root}
    rows = sorted((row(i) for i in below), key=lambda d: (-abs(d.gap), d.id))
    return row(root), rows


# -- verdict ------------------------------------------------------------------

Standard = Literal["scintilla", "preponderance", "clear-and-convincing", "beyond-reasonable-doubt"]
Outcome = Literal["accepted", "rejected", "undecided"]


@dataclass(frozen=True)
class ProofStandard:
    """Thresholds in the spirit of Carneades (Gordon, Prakken and Walton 2007).

    A side meets the standard when its strength s exceeds `min_strength`,
    beats the strongest opposing argument's effective strength c by more than
    `min_margin`, and c is at most `max_opposition`.
    """

    name: Standard
    min_strength: float
    min_margin: float
    max_opposition: float
    summary: str

    def met(self, strength: float, opposition: float) -> bool:
        return (
            strength > self.min_strength
            and strength - opposition > self.min_margin
            and opposition <= self.max_opposition
        )


STANDARDS: dict[str, ProofStandard] = {
    s.name: s
    for s in (
        ProofStandard("scintilla", 0.5, -1.0, 1.0, "any net support: σ above the neutral 0.5"),
        ProofStandard("preponderance", 0.5, 0.0, 1.0, "σ above 0.5 and above the strongest con"),
        ProofStandard(
            "clear-and-convincing",
            0.7,
            0.3,
            1.0,
            "σ above 0.7, at least 0.3 above the strongest con",
        ),
        ProofStandard(
            "beyond-reasonable-doubt",
            0.9,
            0.5,
            0.1,
            "σ above 0.9, at least 0.5 above the strongest con, which is at most 0.1",
        ),
    )
}
STANDARD_NAMES: tuple[str, ...] = tuple(STANDARDS)


@dataclass(frozen=True)
class Strongest:
    id: int
    strength: float
    effective: float  # w·σ: what it brings to bear on the thesis


@dataclass(frozen=True)
class Verdict:
    thesis: int
    standard: ProofStandard
    outcome: Outcome
    strength: float
    strongest_con: Strongest | None
    strongest_pro: Strongest | None


def _strongest(links: list[Link], stance: str, scores: Scores) -> Strongest | None:
    best: Strongest | None = None
    for link in links:
        if link.stance != stance:
            continue
        i = link.child
        candidate = Strongest(i, scores.strength[i], scores.weight[i] * scores.strength[i])
        if best is None or candidate.effective > best.effective:
            best = candidate
    return best


def verdicts(
    graph: Graph, thesis: int, standards: list[str], semantics: str = "dfquad"
) -> list[Verdict]:
    """Accepted when the thesis meets the standard, rejected when its negation does.

    The negation has strength 1 − σ and is opposed by the strongest pro.
    """
    if thesis not in graph.nodes:
        raise InvalidInput(f"#{thesis} is archived or hangs only under archived claims")
    unknown = [s for s in standards if s not in STANDARDS]
    if unknown:
        raise InvalidInput(f"unknown standard {unknown[0]!r}; choose from {', '.join(STANDARDS)}")
    scores = score(graph, semantics)
    links = children_map(graph.links).get(thesis, [])
    con = _strongest(links, "con", scores)
    pro = _strongest(links, "pro", scores)
    sigma = scores.strength[thesis]
    out = []
    for name in standards:
        standard = STANDARDS[name]
        outcome: Outcome = "undecided"
        if standard.met(sigma, con.effective if con else 0.0):
            outcome = "accepted"
        elif standard.met(1.0 - sigma, pro.effective if pro else 0.0):
            outcome = "rejected"
        out.append(Verdict(thesis, standard, outcome, sigma, con, pro))
    return out
