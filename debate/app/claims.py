"""Use cases for building the debate (claims and links) and reading it back.

Every write runs in one store transaction and checks everything inside it
before it writes, so a refused command leaves the store as it was.
"""

from __future__ import annotations

from typing import NamedTuple

from debate.app.policy import require_live
from debate.core import validate
from debate.core.graph import children_map, descendants
from debate.errors import Conflict, InvalidInput, NotFound
from debate.models import (
    Event,
    Kind,
    Link,
    Node,
    SaidIn,
    Source,
    Stance,
    ThesisSummary,
    Vote,
)
from debate.store import Store

# -- claims -----------------------------------------------------------------------


def add_claim(
    store: Store,
    actor: str,
    text: str | None,
    parent: int | None = None,
    stance: Stance | None = None,
    *,
    uuid_: str | None = None,
) -> Node:
    """A thesis, or with a parent and a stance, a pro or con under it."""
    text = validate.required_text(text, "claim text")
    if (parent is None) != (stance is None):
        raise InvalidInput("a pro or con needs both a parent claim and a stance")
    with store.transaction():
        if parent is not None:
            require_live(store, parent, "parent")
        who = store.participant_id(actor)
        node_id = store.add_node("claim", text, who, uuid_=uuid_)
        if parent is not None and stance is not None:
            store.add_link(parent, node_id, stance, who)
        # Logged once it is linked: the log finds the speech it was said in through its parents.
        store.log(who, "claim added", node=node_id, text=text, parent=parent, stance=stance)
    return store.node(node_id)


def edit_claim(store: Store, actor: str, node_id: int, text: str | None) -> Node:
    text = validate.required_text(text, "claim text")
    with store.transaction():
        node = require_live(store, node_id, "claim")
        if node.text != text:
            who = store.participant_id(actor)
            store.set_text(node_id, text)
            store.log(who, "claim edited", node=node_id, old=node.text, new=text)
    return store.node(node_id)


def set_archived(store: Store, actor: str, node_id: int, archived: bool) -> Node:
    """Archive a claim or quote (hiding what hangs only under it), or bring it back."""
    with store.transaction():
        node = store.node(node_id)
        if archived and node.archived_at:
            raise Conflict(f"#{node_id} is already archived")
        if not archived and not node.archived_at:
            raise Conflict(f"#{node_id} is not archived")
        who = store.participant_id(actor)
        store.set_archived(node_id, archived)
        if archived:
            store.log(
                who, "claim archived" if node.kind == "claim" else "quote archived", node=node_id
            )
        else:
            store.log(
                who,
                "claim unarchived" if node.kind == "claim" else "quote unarchived",
                node=node_id,
            )
    return store.node(node_id)


# -- links -------------------------------------------------------------------------


def link(store: Store, actor: str, child: int, parent: int, stance: Stance) -> Node:
    """Put an existing claim or quote under another claim as well."""
    with store.transaction():
        require_live(store, parent, "parent")
        node = require_live(store, child)
        who = store.participant_id(actor)
        store.add_link(parent, child, stance, who)  # refuses a duplicate or a cycle
        store.log(who, "linked", node=child, parent=parent, stance=stance)
    return node


class Unlinked(NamedTuple):
    node: Node
    parent: int
    now_thesis: bool  # it was the claim's last parent


def unlink(store: Store, actor: str, child: int, parent: int) -> Unlinked:
    """Take a claim or quote from under one of its parents."""
    with store.transaction():
        node = store.node(child)
        store.node(parent)
        existing = store.link(parent, child)
        if existing is None:
            raise NotFound(f"#{child} is not under #{parent}")
        last = len(store.parents(child)) == 1
        if last and node.kind == "quote":
            raise Conflict(
                f"#{parent} is the only claim quote #{child} stands under; "
                f"archive the quote instead (`debate claim archive {child}`)"
            )
        who = store.participant_id(actor)
        store.remove_link(parent, child)
        store.log(who, "unlinked", node=child, parent=parent, stance=existing.stance)
    return Unlinked(store.node(child), parent, last)


class Moved(NamedTuple):
    node: Node
    old: Link | None  # None: it was a thesis
    new: Link


def move(
    store: Store,
    actor: str,
    node_id: int,
    to: int,
    stance: Stance,
    from_parent: int | None = None,
) -> Moved:
    """Change a claim's parent, its stance, or both."""
    with store.transaction():
        require_live(store, node_id)
        require_live(store, to, "parent")
        parents = [link for link, _ in store.parents(node_id)]
        old: Link | None
        if from_parent is not None:
            old = next((p for p in parents if p.parent == from_parent), None)
            if old is None:
                raise NotFound(f"#{node_id} is not under #{from_parent}")
        elif len(parents) > 1 and not any(p.parent == to for p in parents):
            where = " and ".join(f"#{p.parent}" for p in parents)
            raise InvalidInput(f"#{node_id} stands under {where}: say which one with --from")
        else:
            old = next((p for p in parents if p.parent == to), parents[0] if parents else None)
        who = store.participant_id(actor)
        if old is not None and old.parent == to:
            if old.stance == stance:
                raise Conflict(f"#{node_id} is already a {stance} of #{to}")
            store.set_stance(to, node_id, stance)
        else:
            store.add_link(to, node_id, stance, who)  # refuses a duplicate or a cycle
            if old is not None:
                store.remove_link(old.parent, node_id)
        new = Link(to, node_id, stance)
        store.log(
            who,
            "moved",
            node=node_id,
            old_parent=old.parent if old else None,
            old_stance=old.stance if old else None,
            parent=to,
            stance=stance,
        )
    return Moved(store.node(node_id), old, new)


# -- reading ---------------------------------------------------------------------------


class Details(NamedTuple):
    node: Node
    is_thesis: bool
    live: bool
    base: float | None  # None when not live (not in any tree)
    strength: float | None
    parents: list[tuple[Link, Node]]
    children: list[tuple[Link, Node]]
    votes: list[Vote]
    history: list[Event]
    said_in: SaidIn | None = None  # the seminar speech it was added in
    citations: tuple[tuple[str, Source], ...] = ()  # (marker, source): footnotes, links


def show(store: Store, node_id: int) -> Details:
    node = store.node(node_id)
    kept = store.kept_scores([node_id]).get(node_id) if store.is_live(node_id) else None
    parents = store.parents(node_id)
    return Details(
        node=node,
        is_thesis=node.kind == "claim" and not parents,
        live=kept is not None,
        base=kept.base if kept else None,
        strength=kept.dfquad if kept else None,
        parents=parents,
        children=store.children(node_id),
        votes=store.votes(node_id),
        history=store.history(node_id),
        said_in=store.said_in(node_id),
        citations=tuple(store.citations([node_id]).get(node_id, ())),
    )


def theses(store: Store) -> list[ThesisSummary]:
    graph = store.graph()
    children = children_map(graph.links)
    people = store.node_participants()
    summaries = []
    for thesis in graph.theses:
        below = descendants(thesis, children)
        nodes = [graph.nodes[i] for i in below]
        summaries.append(
            ThesisSummary(
                id=thesis,
                text=graph.nodes[thesis].text,
                claims=sum(1 for n in nodes if n.kind == "claim") - 1,
                quotes=sum(1 for n in nodes if n.kind == "quote"),
                votes=sum(n.vote_count for n in nodes),
                participants=len(set().union(*(people.get(i, set()) for i in below))),
            )
        )
    return summaries


def live_nodes(store: Store, kinds: tuple[Kind, ...]) -> list[tuple[int, Kind, str]]:
    """The live claims (and quotes, if asked) to pick from: (id, kind, text)."""
    return store.live_nodes(kinds)


def sources_by_key(store: Store) -> dict[str, Source]:
    """Every source by its key, to cite the quotes `show` lists."""
    return {s.key: s for s in store.sources()}
