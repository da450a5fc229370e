"""Base scores, weights and DF-QuAD strengths. Pure: no I/O.

DF-QuAD is the gradual semantics of Rago, Toni, Aurisicchio and Baroni,
"Discontinuity-Free Decision Support with Quantitative Argumentation
Debates" (KR 2016). Children count with their effective strength w·σ.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from debate.graph import bottom_up
from debate.models import Link, VoteTally


def base_score(accept: VoteTally) -> float:
    """τ = (Σ (v+2)/4 + 0.5) / (n + 1): the mean of the votes and one neutral 0.5."""
    return ((accept.total + 2 * accept.count) / 4 + 0.5) / (accept.count + 1)


def weight(impact: VoteTally) -> float:
    """w = (Σ i/4 + 1) / (m + 1): the mean of the impact votes and one full weight."""
    return (impact.total / 4 + 1) / (impact.count + 1)


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


def strengths(
    base: Mapping[int, float],
    weights: Mapping[int, float],
    links: Sequence[Link],
) -> dict[int, float]:
    """σ of every node, computed leaves first in one pass over the DAG."""
    children: dict[int, list[Link]] = {}
    for link in links:
        children.setdefault(link.parent, []).append(link)
    sigma: dict[int, float] = {}
    for node in bottom_up(base, children):
        kids = children.get(node, [])
        attack = aggregate(weights[k.child] * sigma[k.child] for k in kids if k.stance == "con")
        support = aggregate(weights[k.child] * sigma[k.child] for k in kids if k.stance == "pro")
        sigma[node] = combine(base[node], attack, support) if kids else base[node]
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


def contributions(base: float, kids: Sequence[tuple[str, float]]) -> list[float]:
    """For each (stance, w·σ) child: σ(parent) minus σ(parent without that child)."""
    if not kids:
        return []
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
