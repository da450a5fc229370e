"""Base scores, weights and gradual strengths. Pure: no I/O.

Children count with their effective strength w·σ. The semantics:

- DF-QuAD: Rago, Toni, Aurisicchio and Baroni, "Discontinuity-Free Decision
  Support with Quantitative Argumentation Debates" (KR 2016). The default.
- QE, quadratic energy: Potyka, "Continuous Dynamical Systems for Weighted
  Bipolar Argumentation" (KR 2018).
- Euler-based: Amgoud and Ben-Naim, "Weighted Bipolar Argumentation Graphs:
  Axioms and Semantics" (IJCAI 2018).
- MLP-based: Potyka, "Interpreting Neural Networks as Quantitative
  Argumentation Frameworks" (AAAI 2021).

On an acyclic graph each is computed leaves first, in one pass.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

from debate.core.graph import bottom_up
from debate.errors import InvalidInput
from debate.models import KEPT, Graph, KeptScore, Link, VoteTally


def base_score(accept: VoteTally) -> float:
    """τ = (Σ (v+2)/4 + 0.5) / (n + 1): the mean of the votes and one neutral 0.5."""
    return ((accept.total + 2 * accept.votes) / 4 + 0.5) / (accept.votes + 1)


def weight(impact: VoteTally) -> float:
    """w = (Σ i/4 + 1) / (m + 1): the mean of the impact votes and one full weight."""
    return (impact.total / 4 + 1) / (impact.votes + 1)


def aggregate(effective: Iterable[float]) -> float:
    """DF-QuAD's probabilistic sum: 1 − Π(1 − x)."""
    product = 1.0
    for x in effective:
        product *= 1.0 - x
    return 1.0 - product


def combine(base: float, attack: float, support: float) -> float:
    """DF-QuAD's combination of a base score with aggregated attack and support."""
    if attack >= support:
        return base - base * (attack - support)
    return base + (1.0 - base) * (support - attack)


# The children of a node, as (stance, effective strength w·σ).
Kids = Sequence[tuple[str, float]]


def dfquad(base: float, kids: Kids) -> float:
    attack = aggregate(x for stance, x in kids if stance == "con")
    support = aggregate(x for stance, x in kids if stance == "pro")
    return combine(base, attack, support)


def energy(kids: Kids) -> float:
    """E = Σ w·σ over the supporters − Σ w·σ over the attackers."""
    return sum(_signed(stance, x) for stance, x in kids)


def _signed(stance: str, x: float) -> float:
    return x if stance == "pro" else -x


def _h(z: float) -> float:
    return z * z / (1.0 + z * z) if z > 0 else 0.0


def quadratic_energy(base: float, e: float) -> float:
    return base - base * _h(-e) + (1.0 - base) * _h(e)


def euler(base: float, e: float) -> float:
    if base == 0.0:
        return 0.0
    if e > 0:  # written with e^-E so that a large support cannot overflow
        return 1.0 - (1.0 - base * base) * math.exp(-e) / (math.exp(-e) + base)
    return 1.0 - (1.0 - base * base) / (1.0 + base * math.exp(e))


def mlp(base: float, e: float) -> float:
    if base in (0.0, 1.0):
        return base  # logit(τ) is infinite: no finite energy moves it
    z = math.log(base / (1.0 - base)) + e
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    return math.exp(z) / (1.0 + math.exp(z))


# Energy-based semantics: σ is a function of τ and the energy E alone.
ENERGY_SEMANTICS: dict[str, Callable[[float, float], float]] = {
    "qe": quadratic_energy,
    "euler": euler,
    "mlp": mlp,
}
SEMANTICS_NAMES = ("dfquad", *ENERGY_SEMANTICS)


def node_strength(base: float, kids: Kids, semantics: str = "dfquad") -> float:
    if not kids:
        return base
    if semantics == "dfquad":
        return dfquad(base, kids)
    return ENERGY_SEMANTICS[semantics](base, energy(kids))


def strengths(
    base: Mapping[int, float],
    weights: Mapping[int, float],
    links: Sequence[Link],
    semantics: str = "dfquad",
) -> dict[int, float]:
    """σ of every node, computed leaves first in one pass over the DAG."""
    return _Pass(base, weights, links).strengths(semantics)


class _Pass:
    """A graph prepared for σ: the leaves-first order and each node's children as
    (is a supporter, child, its weight), made once for any number of semantics."""

    def __init__(
        self, base: Mapping[int, float], weights: Mapping[int, float], links: Sequence[Link]
    ):
        children: dict[int, list[Link]] = {}
        for link in links:
            children.setdefault(link.parent, []).append(link)
        self.base = base
        # Nodes without a base score are known already (a partial pass seeds them).
        self.order = [n for n in bottom_up(base, children) if n in base]
        self.kids = {
            node: [(k.stance == "pro", k.child, weights[k.child]) for k in kids]
            for node, kids in children.items()
        }

    def strengths(
        self, semantics: str, known: Mapping[int, float] | None = None
    ) -> dict[int, float]:
        """σ of every node with a base score; `known` gives the σ of children
        outside the pass."""
        if semantics not in SEMANTICS_NAMES:
            raise ValueError(f"unknown semantics {semantics!r}")
        energy_fn = ENERGY_SEMANTICS.get(semantics)
        base, kids_of = self.base, self.kids
        sigma: dict[int, float] = dict(known) if known else {}
        for node in self.order:
            b = base[node]
            kids = kids_of.get(node)
            if not kids:
                sigma[node] = b
            elif energy_fn is None:  # DF-QuAD: probabilistic sums of attack and support
                keep_pro = keep_con = 1.0
                for pro, child, w in kids:
                    if pro:
                        keep_pro *= 1.0 - w * sigma[child]
                    else:
                        keep_con *= 1.0 - w * sigma[child]
                sigma[node] = combine(b, 1.0 - keep_con, 1.0 - keep_pro)
            else:
                e = 0.0
                for pro, child, w in kids:
                    e += w * sigma[child] if pro else -w * sigma[child]
                sigma[node] = energy_fn(b, e)
        return sigma


def _products_without_each(values: Sequence[float]) -> list[float]:
    """For each i, Π over j ≠ i of (1 − values[j]), without dividing by zero."""
    n = len(values)
    prefix = [1.0] * (n + 1)
    for i, v in enumerate(values):
        prefix[i + 1] = prefix[i] * (1.0 - v)
    suffix = 1.0
    out = [0.0] * n
    for i in range(n - 1, -1, -1):
        out[i] = prefix[i] * suffix
        suffix *= 1.0 - values[i]
    return out


def contributions(base: float, kids: Kids, semantics: str = "dfquad") -> list[float]:
    """For each (stance, w·σ) child: σ(parent) minus σ(parent without that child)."""
    if not kids:
        return []
    if semantics != "dfquad":
        f = ENERGY_SEMANTICS[semantics]
        e = energy(kids)
        return [f(base, e) - f(base, e - _signed(stance, x)) for stance, x in kids]
    pros = [x for stance, x in kids if stance == "pro"]
    cons = [x for stance, x in kids if stance == "con"]
    attack = aggregate(cons)
    support = aggregate(pros)
    whole = combine(base, attack, support)
    pro_without = iter(_products_without_each(pros))
    con_without = iter(_products_without_each(cons))
    out = []
    for stance, _ in kids:
        if stance == "pro":
            without = combine(base, attack, 1.0 - next(pro_without))
        else:
            without = combine(base, 1.0 - next(con_without), support)
        out.append(whole - without)
    return out


# -- scores of a whole graph ------------------------------------------------------


class Scores(NamedTuple):
    semantics: str
    base: dict[int, float]
    weight: dict[int, float]
    strength: dict[int, float]

    @classmethod
    def from_kept(cls, kept: Mapping[int, KeptScore], semantics: str) -> Scores:
        """The scores the store keeps (everyone's votes), under one semantics."""
        return cls(
            semantics,
            {i: k.base for i, k in kept.items()},
            {i: k.weight for i, k in kept.items()},
            {i: k.strength(semantics) for i, k in kept.items()},
        )

    def effective(self, node_id: int) -> float:
        """w·σ: what a child brings to bear on its parent."""
        return self.weight[node_id] * self.strength[node_id]

    def contributions(self, node_id: int, links: Sequence[Link]) -> list[float]:
        """For each child link of the node: σ(node) − σ(node without that child)."""
        weight, strength = self.weight, self.strength  # inlined `effective`: a hot loop
        kids = [(link.stance, weight[link.child] * strength[link.child]) for link in links]
        return contributions(self.base[node_id], kids, self.semantics)


def check_semantics(semantics: str) -> None:
    if semantics not in SEMANTICS_NAMES:
        names = ", ".join(SEMANTICS_NAMES)
        raise InvalidInput(f"unknown semantics {semantics!r}; choose from {names}")


def inputs(graph: Graph) -> tuple[dict[int, float], dict[int, float]]:
    """Base scores and weights from the votes; the same under every semantics."""
    base = {i: base_score(n.accept) for i, n in graph.nodes.items()}
    weights = {i: weight(n.impact) for i, n in graph.nodes.items()}
    return base, weights


def score(graph: Graph, semantics: str = "dfquad") -> Scores:
    check_semantics(semantics)
    base, weights = inputs(graph)
    return Scores(semantics, base, weights, strengths(base, weights, graph.links, semantics))


def score_with_robustness(
    graph: Graph, semantics: str, roots: Sequence[int]
) -> tuple[Scores, dict[int, dict[str, float]]]:
    """The scores under one semantics, and each root's σ under every semantics.

    The graph is prepared once; each other semantics' σ is kept for the roots
    only, so memory holds one table of σ at a time beside the one shown.
    """
    check_semantics(semantics)
    base, weights = inputs(graph)
    prepared = _Pass(base, weights, graph.links)
    chosen = prepared.strengths(semantics)
    roots_under: dict[int, dict[str, float]] = {root: {} for root in roots}
    for name in SEMANTICS_NAMES:
        sigma = chosen if name == semantics else prepared.strengths(name)
        for root in roots:
            roots_under[root][name] = sigma[root]
        del sigma
    return Scores(semantics, base, weights, chosen), roots_under


# A thesis whose strength differs by more than this between DF-QuAD and QE
# depends on the choice of semantics: the seminar should look at it.
ROBUSTNESS_GAP = 0.2


# -- scores kept in the store ---------------------------------------------------------


def rescore(
    nodes: Sequence[int],
    tallies: Mapping[tuple[int, str], VoteTally],
    links: Sequence[Link],
    known: Mapping[int, KeptScore],
) -> dict[int, KeptScore]:
    """New scores for `nodes` (a node and its ancestors after a change), from their
    votes, their children's links and the kept scores of children outside them."""
    empty = VoteTally()
    base = {i: base_score(tallies.get((i, "accept"), empty)) for i in nodes}
    weights = {i: weight(tallies.get((i, "impact"), empty)) for i in nodes}
    weights.update({i: k.weight for i, k in known.items()})
    prepared = _Pass(base, weights, links)
    by_name = {
        name: prepared.strengths(name, {i: k.strength(name) for i, k in known.items()})
        for name in KEPT
    }
    return {i: KeptScore(base[i], weights[i], *(by_name[name][i] for name in KEPT)) for i in nodes}
