"""Use cases for votes: cast, withdraw, list, and a thesis's claims voted on in turn.

A vote is checked inside the transaction that writes it, against the ranges
defined once in `debate.models` (ACCEPT_RANGE, IMPACT_RANGE).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from debate.app.policy import require_live
from debate.core.graph import children_map
from debate.errors import InvalidInput
from debate.models import (
    ACCEPT_RANGE,
    IMPACT_RANGE,
    VOTE_RANGES,
    GraphNode,
    Link,
    Stance,
    Vote,
    VoteChange,
    VoteKind,
)
from debate.store import Store


def _check_range(kind: VoteKind, value: int) -> None:
    low, high = VOTE_RANGES[kind]
    if not low <= value <= high:
        raise InvalidInput(f"{kind} vote must be between {low} and {high}, got {value}")


def vote(
    store: Store, actor: str, node_id: int, *, accept: int | None, impact: int | None
) -> list[VoteChange]:
    if accept is None and impact is None:
        (a, b), (c, d) = ACCEPT_RANGE, IMPACT_RANGE
        low = str(a).replace("-", "−")  # a minus sign, as the help writes it
        raise InvalidInput(f"give --accept V ({low}…{b}) and/or --impact I ({c}…{d})")
    wanted: list[tuple[VoteKind, int | None]] = [("accept", accept), ("impact", impact)]
    for kind, value in wanted:
        if value is not None:
            _check_range(kind, value)
    changes = []
    with store.transaction():
        require_live(store, node_id)
        if impact is not None and not store.parents(node_id):
            raise InvalidInput(
                f"#{node_id} is a thesis: impact votes are for pro/con claims and quotes"
            )
        who = store.participant_id(actor)
        for kind, value in wanted:
            if value is not None:
                changes.append(record_vote(store, who, node_id, kind, value))
    return changes


def record_vote(store: Store, who: int, node_id: int, kind: VoteKind, value: int) -> VoteChange:
    """Write a checked vote (inside a transaction), logging what it replaced."""
    previous = store.cast_vote(node_id, who, kind, value)
    if previous is None:
        store.log(who, "vote cast", node=node_id, kind=kind, value=value)
    elif previous != value:
        store.log(who, "vote changed", node=node_id, kind=kind, value=value, previous=previous)
    return VoteChange(kind, value, previous)


def withdraw(store: Store, actor: str, node_id: int) -> list[VoteChange]:
    """Remove the actor's votes on a node; the event log keeps them."""
    with store.transaction():
        store.node(node_id)
        who = store.find_participant(actor)
        if who is None:
            return []
        changes = []
        for kind, value in store.withdraw_votes(node_id, who):
            store.log(who, "vote withdrawn", node=node_id, kind=kind, previous=value)
            changes.append(VoteChange(kind, None, value))
    return changes


def takes_impact(store: Store, node_id: int) -> bool:
    """Whether N has a parent to bear on: a thesis takes no impact vote."""
    return bool(store.parents(node_id))


def votes(store: Store, node_id: int) -> list[Vote]:
    store.node(node_id)
    return store.votes(node_id)


class Unvoted(NamedTuple):
    """A claim or quote someone has not voted on, with what it answers."""

    node: GraphNode
    parent: GraphNode | None
    stance: Stance | None


def unvoted(store: Store, actor: str, thesis: int) -> list[Unvoted]:
    """Every live claim and quote under the thesis (the thesis too) that `actor` has
    no acceptance vote on, parents before children, in the order they were made."""
    require_live(store, thesis, "claim")
    graph = store.graph_below(thesis)
    voted = store.voted_on(actor)
    children = children_map(graph.links)
    out: list[Unvoted] = []
    seen: set[int] = set()
    stack: list[tuple[int, Link | None]] = [(thesis, None)]
    while stack:
        node_id, link = stack.pop()
        if node_id in seen or node_id not in graph.nodes:
            continue
        seen.add(node_id)
        if node_id not in voted:
            parent = graph.nodes.get(link.parent) if link else None
            out.append(Unvoted(graph.nodes[node_id], parent, link.stance if link else None))
        for child in reversed(children.get(node_id, [])):
            stack.append((child.child, child))
    return out


Answer = tuple[int | None, int | None]  # (accept, impact); both None: skip it


def vote_in_turn(
    store: Store, actor: str, items: list[Unvoted], ask: Callable[[int, Unvoted], Answer | None]
) -> Iterator[tuple[int, list[VoteChange]]]:
    """Ask about each item in turn (`ask(i, item)`, i from 1) and cast each answer,
    one transaction a vote, as it is given; None from `ask` stops."""
    for i, item in enumerate(items, 1):
        answer = ask(i, item)
        if answer is None:
            return
        accept, impact = answer
        if accept is None and impact is None:
            continue
        yield item.node.id, vote(store, actor, item.node.id, accept=accept, impact=impact)
