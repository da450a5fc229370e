"""Use cases: what each command does, in terms of the store and the pure modules.

Every write runs in one store transaction, and every check happens before
anything is written, so a refused command leaves the store as it was.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from debate import graph as graphs
from debate import views, weighing
from debate.anchoring import Anchor, Anchorer
from debate.errors import Conflict, InvalidInput, NotFound, QuoteNotFound
from debate.models import (
    ACCEPT_RANGE,
    IMPACT_RANGE,
    Event,
    Link,
    Node,
    Source,
    Stance,
    ThesisSummary,
    Vote,
    VoteKind,
)
from debate.store import Store

SOURCE_SUFFIXES = (".txt", ".md")
MAX_SOURCE_BYTES = 20 * 1024 * 1024
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")


def clean_text(text: str | None, what: str = "text") -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(f"{what} is empty")
    return text


def _live_claim(store: Store, node_id: int, role: str = "claim") -> Node:
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
            _live_claim(store, parent, "parent")
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
        node = _live_claim(store, node_id)
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
        _live_claim(store, parent, "parent")
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


# -- sources and quotes ---------------------------------------------------


@dataclass(frozen=True)
class SourceAdded:
    source: Source
    created: bool
    text_attached: bool
    verified: int  # existing quotes found in the newly attached text
    not_found: list[int]  # existing quotes that the text does not contain


def read_source_file(path: Path) -> str:
    if not path.is_file():
        raise NotFound(f"no such file: {path}")
    if path.suffix.lower() not in SOURCE_SUFFIXES:
        raise InvalidInput(
            f"cannot read {path.name}: debate reads {' and '.join(SOURCE_SUFFIXES)} files"
        )
    if path.stat().st_size > MAX_SOURCE_BYTES:
        raise InvalidInput(f"{path} is over {MAX_SOURCE_BYTES // (1024 * 1024)} MB")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        raise InvalidInput(f"{path} is not UTF-8 text (byte {e.start})") from e
    # Offsets count code points of this text: no BOM, Unix line ends.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if not text.strip():
        raise InvalidInput(f"{path} is empty")
    return text


def check_key(key: str) -> str:
    if not _KEY.fullmatch(key or ""):
        raise InvalidInput(
            f"invalid source key {key!r}: use letters, digits and _ . : - (no spaces)"
        )
    return key


def add_source(
    store: Store,
    actor: str,
    path: Path,
    key: str,
    metadata: dict[str, str | int | None],
) -> SourceAdded:
    check_key(key)
    text = read_source_file(path)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    given = {k: v for k, v in metadata.items() if v is not None}
    with store.write():
        who = store.participant(actor)
        existing = store.find_source(key)
        if existing is None:
            source_id = store.add_source(
                key,
                {**given, "filename": path.name, "text": text, "text_sha256": digest},
                who,
            )
            store.log(who, "source added", source=source_id, key=key, sha256=digest)
            return SourceAdded(store.source(key), True, True, 0, [])
        if existing.has_text and existing.text_sha256 != digest:
            raise Conflict(f"source {key} already has a different text")
        if existing.has_text:
            store.update_source(existing.id, given)
            if given:
                store.log(who, "source edited", source=existing.id, fields=given)
            return SourceAdded(store.source(key), False, False, 0, [])
        attached = {"filename": path.name, "text": text, "text_sha256": digest}
        store.update_source(existing.id, {**given, **attached})
        verified, missing = _verify_quotes(store, existing.id, text)
        store.log(
            who,
            "source text attached",
            source=existing.id,
            sha256=digest,
            fields=given,
            verified=verified,
            not_found=missing,
        )
        return SourceAdded(store.source(key), False, True, verified, missing)


def _verify_quotes(store: Store, source_id: int, text: str) -> tuple[int, list[int]]:
    """Anchor every quote of a source in its text; returns (verified, ids not found)."""
    anchorer = Anchorer(text)
    verified, missing = 0, []
    for node_id, typed in store.quotes_of_source(source_id):
        anchors = anchorer.find(typed)
        if anchors:
            a = anchors[0]
            store.set_anchor(
                node_id,
                status="verified",
                start=a.start,
                end=a.end,
                verbatim=a.verbatim,
                exact=a.exact,
            )
            verified += 1
        else:
            store.set_anchor(
                node_id, status="not-found", start=None, end=None, verbatim=None, exact=None
            )
            missing.append(node_id)
    return verified, missing


def insert_quote(
    store: Store,
    who: int,
    claim: int,
    source_id: int,
    stance: Stance,
    *,
    typed: str,
    anchor: Anchor | None,
    locator: str | None,
    note: str | None,
    uuid_: str | None = None,
) -> int:
    """Write a quote (inside a transaction); without an anchor it is unverified."""
    node_id = store.add_node("quote", anchor.exact if anchor else typed, who, uuid_=uuid_)
    store.add_quote(
        node_id,
        source_id,
        typed=typed,
        start=anchor.start if anchor else None,
        end=anchor.end if anchor else None,
        locator=locator,
        note=note,
        status="verified" if anchor else "unverified",
        verbatim=anchor.verbatim if anchor else None,
    )
    store.add_link(claim, node_id, stance, who)
    store.log(
        who,
        "quote added",
        node=node_id,
        source=source_id,
        claim=claim,
        stance=stance,
        start=anchor.start if anchor else None,
        end=anchor.end if anchor else None,
        typed=typed,
    )
    return node_id


@dataclass(frozen=True)
class QuoteAdded:
    node: Node
    claim: int
    stance: Stance
    anchor: Anchor
    occurrences: int


def add_quote(
    store: Store,
    actor: str,
    claim: int,
    key: str,
    text: str,
    *,
    opposes: bool = False,
    locator: str | None = None,
    note: str | None = None,
) -> QuoteAdded:
    typed = clean_text(text, "quote")
    stance: Stance = "con" if opposes else "pro"
    with store.write():
        _live_claim(store, claim)
        source = store.source(key)
        source_text = store.source_text(source.id)
        if source_text is None:
            raise InvalidInput(
                f"source {key} has no text yet: attach it with `debate source add FILE --key {key}`"
            )
        anchors = Anchorer(source_text).find(typed)
        if not anchors:
            raise QuoteNotFound(f"quote not found in {key}")
        anchor = anchors[0]
        node_id = insert_quote(
            store,
            store.participant(actor),
            claim,
            source.id,
            stance,
            typed=typed,
            anchor=anchor,
            locator=locator,
            note=note,
        )
    return QuoteAdded(store.node(node_id), claim, stance, anchor, len(anchors))


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
