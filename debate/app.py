"""Use cases: what each command does, in terms of the store and the pure modules.

Every write runs in one store transaction, and every check happens before
anything is written, so a refused command leaves the store as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from debate import graph as graphs
from debate import views, weighing
from debate.errors import Conflict, InvalidInput
from debate.models import (
    ACCEPT_RANGE,
    IMPACT_RANGE,
    Event,
    Link,
    Node,
    Stance,
    ThesisSummary,
    Vote,
    VoteKind,
)
from debate.store import Store


def clean_text(text: str | None, what: str = "text") -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(f"{what} is empty")
    return text


def live_claim(store: Store, node_id: int, role: str = "claim") -> Node:
    node = store.node(node_id)
    if node.kind != "claim":
        what = "" if role == "claim" else f"; the {role} must be a claim"
        raise InvalidInput(f"#{node_id} is a quote, not a claim{what}")
    if node.archived_at:
        raise Conflict(f"claim #{node_id} is archived")
    return node


# -- claims ---------------------------------------------------------------


def add_claim(
    store: Store, actor: str, text: str, parent: int | None = None, stance: Stance | None = None
) -> Node:
    text = clean_text(text, "claim text")
    with store.write():
        if parent is not None:
            live_claim(store, parent, "parent")
        node_id = insert_claim(store, store.participant(actor), text, parent, stance)
    return store.node(node_id)


def insert_claim(
    store: Store,
    who: int,
    text: str,
    parent: int | None,
    stance: Stance | None,
    *,
    uuid_: str | None = None,
) -> int:
    """Write a checked claim (inside a transaction)."""
    node_id = store.add_node("claim", text, who, uuid_=uuid_)
    store.log(who, "claim added", node=node_id, text=text, parent=parent, stance=stance)
    if parent is not None and stance is not None:
        store.add_link(parent, node_id, stance, who)
    return node_id


def edit_claim(store: Store, actor: str, node_id: int, text: str) -> Node:
    text = clean_text(text, "claim text")
    with store.write():
        node = live_claim(store, node_id)
        if node.text != text:
            who = store.participant(actor)
            store.set_text(node_id, text)
            store.log(who, "claim edited", node=node_id, old=node.text, new=text)
    return store.node(node_id)


def archive(store: Store, actor: str, node_id: int) -> Node:
    with store.write():
        node = store.node(node_id)
        if node.archived_at:
            raise Conflict(f"#{node_id} is already archived")
        who = store.participant(actor)
        store.archive(node_id)
        store.log(who, f"{node.kind} archived", node=node_id)
    return store.node(node_id)


def link(store: Store, actor: str, child: int, parent: int, stance: Stance) -> Node:
    with store.write():
        live_claim(store, parent, "parent")
        node = store.node(child)
        if node.archived_at:
            raise Conflict(f"#{child} is archived")
        if child == parent:
            raise Conflict(f"#{child} cannot be linked under itself")
        if store.link_exists(parent, child):
            raise Conflict(f"#{child} is already under #{parent}")
        path = graphs.find_path(store.all_links(), child, parent)
        if path is not None:
            cycle = " → ".join(f"#{n}" for n in [parent, *path])
            raise Conflict(f"linking #{child} under #{parent} would make a cycle: {cycle}")
        who = store.participant(actor)
        store.add_link(parent, child, stance, who)
        store.log(who, "linked", node=child, parent=parent, stance=stance)
    return node


# -- quotes -----------------------------------------------------------------


def insert_quote(
    store: Store,
    who: int,
    claim: int,
    source_id: int,
    stance: Stance,
    *,
    typed: str,
    exact: str | None,
    anchor: dict[str, Any],
    locator: str | None,
    note: str | None,
    uuid_: str | None = None,
) -> int:
    """Write a quote (inside a transaction). Its text is the source's own (`exact`)
    when it is anchored, else what was typed; `anchor` holds its status and place."""
    node_id = store.add_node("quote", exact or typed, who, uuid_=uuid_)
    store.add_quote(node_id, source_id, typed=typed, locator=locator, note=note, anchor=anchor)
    store.add_link(claim, node_id, stance, who)
    store.log(
        who,
        "quote added",
        node=node_id,
        source=source_id,
        claim=claim,
        stance=stance,
        start=anchor.get("start"),
        end=anchor.get("end"),
        status=anchor["status"],
        method=anchor.get("method"),
        typed=typed,
    )
    return node_id


# -- votes ----------------------------------------------------------------


@dataclass(frozen=True)
class VoteChange:
    kind: str
    value: int
    previous: int | None


def _check_range(kind: str, value: int, bounds: tuple[int, int]) -> None:
    low, high = bounds
    if not low <= value <= high:
        raise InvalidInput(f"{kind} vote must be between {low} and {high}, got {value}")


def vote(
    store: Store, actor: str, node_id: int, *, accept: int | None, impact: int | None
) -> list[VoteChange]:
    if accept is None and impact is None:
        raise InvalidInput("give --accept V (−2…2) and/or --impact I (0…4)")
    if accept is not None:
        _check_range("accept", accept, ACCEPT_RANGE)
    if impact is not None:
        _check_range("impact", impact, IMPACT_RANGE)
    changes = []
    with store.write():
        node = store.node(node_id)
        if node.archived_at:
            raise Conflict(f"#{node_id} is archived")
        if impact is not None and not store.parents(node_id):
            raise InvalidInput(
                f"#{node_id} is a thesis: impact votes are for pro/con claims and quotes"
            )
        who = store.participant(actor)
        for kind, value in (("accept", accept), ("impact", impact)):
            if value is not None:
                changes.append(record_vote(store, who, node_id, kind, value))  # type: ignore[arg-type]
    return changes


def record_vote(store: Store, who: int, node_id: int, kind: VoteKind, value: int) -> VoteChange:
    """Write a checked vote (inside a transaction), logging what it replaced."""
    previous = store.cast_vote(node_id, who, kind, value)
    if previous is None:
        store.log(who, "vote cast", node=node_id, kind=kind, value=value)
    elif previous != value:
        store.log(who, "vote changed", node=node_id, kind=kind, value=value, previous=previous)
    return VoteChange(kind, value, previous)


def votes(store: Store, node_id: int) -> list[Vote]:
    store.node(node_id)
    return store.votes(node_id)


# -- reading --------------------------------------------------------------


@dataclass(frozen=True)
class Details:
    node: Node
    thesis: bool
    base: float | None  # None when archived (not in the live tree)
    strength: float | None
    parents: list[tuple[Link, Node]]
    children: list[tuple[Link, Node]]
    votes: list[Vote]
    history: list[Event]


def show(store: Store, node_id: int) -> Details:
    node = store.node(node_id)
    graph = store.graph()
    scores = views.score(graph) if node_id in graph.nodes else None
    parents = store.parents(node_id)
    return Details(
        node=node,
        thesis=node.kind == "claim" and not parents,
        base=scores.base[node_id] if scores else None,
        strength=scores.strength[node_id] if scores else None,
        parents=parents,
        children=store.children(node_id),
        votes=store.votes(node_id),
        history=store.history(node_id),
    )


def theses(store: Store) -> list[ThesisSummary]:
    graph = store.graph()
    children = graphs.children_map(graph.links)
    people = store.node_participants()
    summaries = []
    for thesis in graph.theses:
        below = graphs.descendants(thesis, children)
        nodes = [graph.nodes[i] for i in below]
        summaries.append(
            ThesisSummary(
                id=thesis,
                text=graph.nodes[thesis].text,
                claims=sum(1 for n in nodes if n.kind == "claim") - 1,
                quotes=sum(1 for n in nodes if n.kind == "quote"),
                votes=sum(n.accept.count + n.impact.count for n in nodes),
                participants=len(set().union(*(people.get(i, set()) for i in below))),
            )
        )
    return summaries


def tree(
    store: Store,
    root: int | None = None,
    *,
    sort: views.SortKey = "contribution",
    depth: int | None = None,
    semantics: str = "dfquad",
    perspective: str | None = None,
) -> tuple[list[views.TreeItem], dict[int, dict[str, float]]]:
    """The weighted trees, and each root's strength under every semantics."""
    graph = weighing.perspective(store, perspective).graph(store)
    if root is None:
        roots = graph.theses
    else:
        node = store.node(root)
        if node.archived_at:
            raise Conflict(f"#{root} is archived")
        roots = [root]
    items = views.build(graph, roots, sort=sort, depth=depth, semantics=semantics)
    return items, views.strengths_by_semantics(graph, roots)


def export_markdown(
    store: Store,
    root: int,
    *,
    sort: views.SortKey = "contribution",
    perspective: str | None = None,
) -> str:
    from debate.export import markdown

    graph = weighing.perspective(store, perspective).graph(store)
    if root not in graph.nodes:
        store.node(root)  # NotFound for an unknown id
        raise Conflict(f"#{root} is archived")
    [item] = views.build(graph, [root], sort=sort)
    return markdown.render(item, graph.sources)
