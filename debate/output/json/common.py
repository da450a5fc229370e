"""The pieces every --json document is made of: numbers, nodes, votes, events,
sources, people and tree nodes, and the encoder that writes them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from debate.core.text import json_escaped, readable
from debate.core.tree import TreeItem, walk
from debate.models import (
    Event,
    Node,
    Participant,
    Source,
    Team,
    Vote,
)

if TYPE_CHECKING:
    from debate.app.weighing import WeightedTrees
    from debate.core.perspective import Perspective


Document = dict[str, Any]


def number(x: float | None) -> float | None:
    """The one rounding rule: six decimals, and 0.0 rather than -0.0."""
    if x is None:
        return None
    return round(x, 6) + 0.0


# Python's C encoder recurses: with the recursion limit raised it handles some
# thousands of levels safely on an 8 MB stack (it crashes near 40,000); deeper
# than this, the iterative encoder writes it.
C_ENCODER_DEPTH = 5_000


def dumps(data: Any, indent: int | None = None, *, ascii_only: bool = False) -> str:
    """JSON text; a structure too deep for the C encoder is written iteratively.
    Characters that a terminal or an editor would obey rather than show are escaped;
    with `ascii_only` (for a stream that cannot write Unicode), every one outside ASCII."""
    return json_escaped(_dumps(data, indent), ascii_only=ascii_only)


def _dumps(data: Any, indent: int | None) -> str:
    try:
        return json.dumps(data, ensure_ascii=False, indent=indent)
    except RecursionError:
        pass
    if _depth(data) <= C_ENCODER_DEPTH:
        import sys

        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 3 * C_ENCODER_DEPTH))
        try:
            return json.dumps(data, ensure_ascii=False, indent=indent)
        finally:
            sys.setrecursionlimit(limit)
    return "".join(_iterative_chunks(data))


def _depth(data: Any) -> int:
    """How deeply containers nest in a document (iteratively)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list | tuple):
            deepest = max(deepest, level)
            stack.extend((value, level + 1) for value in item if isinstance(value, dict | list))
    return deepest


def _iterative_chunks(data: Any) -> Iterable[str]:
    """Compact JSON without recursion, for trees thousands of levels deep."""
    stack: list[Any] = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, _Raw):
            yield item.text
        elif isinstance(item, dict):
            yield "{"
            parts: list[Any] = []
            for i, (key, value) in enumerate(item.items()):
                parts.append(
                    _Raw(("," if i else "") + json.dumps(str(key), ensure_ascii=False) + ":")
                )
                parts.append(value)
            parts.append(_Raw("}"))
            stack.extend(reversed(parts))
        elif isinstance(item, list | tuple):
            yield "["
            parts = []
            for i, value in enumerate(item):
                if i:
                    parts.append(_Raw(","))
                parts.append(value)
            parts.append(_Raw("]"))
            stack.extend(reversed(parts))
        else:
            yield json.dumps(item, ensure_ascii=False)


class _Raw:
    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


def node(n: Node) -> Document:
    data: Document = {
        "id": n.id,
        "uuid": n.uuid,
        "kind": n.kind,
        "text": readable(n.text) if n.kind == "quote" else n.text,
        "created_by": n.created_by,
        "created_at": n.created_at,
        "archived": n.archived_at is not None,
    }
    if n.quote:
        q, a = n.quote, n.quote.anchor
        data.update(
            source=q.source_key,
            start=a.start,
            end=a.end,
            exact=n.text,
            typed=q.typed,
            page=a.page,
            locator=q.locator,
            note=q.note,
            status=a.status,
            verbatim=a.verbatim,
            method=a.method,
            similarity=a.similarity,
            edits=a.edits,
            context_before=a.context_before,
            context_after=a.context_after,
            segments=[list(s) for s in a.segments] or None,
        )
    return data


def vote(v: Vote) -> Document:
    return {"participant": v.participant, "kind": v.kind, "value": v.value, "cast_at": v.cast_at}


def event(e: Event) -> Document:
    return {
        "id": e.id,
        "at": e.at,
        "participant": e.participant,
        "action": e.action,
        "node": e.node_id,
        "source": e.source_key,
        "data": e.data,
    }


def source(s: Source) -> Document:
    m = s.metadata
    return {
        "source": s.key,
        "uuid": s.uuid,
        "title": m.title,
        "author": m.author,
        "year": m.year,
        "venue": m.venue,
        "url": m.url,
        "has_text": s.has_text,
        "text_sha256": s.text_sha256,
        "original_sha256": s.original_sha256,
        "format": s.format,
        "extractor": s.extractor,
        "pages": len(s.pages),
        "created_at": s.created_at,
    }


def participant(p: Participant) -> Document:
    return {
        "participant": p.name,
        "role": p.role,
        "created_at": p.created_at,
        "merged_into": p.merged_into,
        "nodes": p.nodes,
        "vote_count": p.votes,
    }


def team(t: Team) -> Document:
    return {"team": t.name, "members": list(t.members)}


def perspective(p: Perspective) -> Document:
    return {"perspective": p.name, "members": list(p.members) or None}


def tree_node(t: TreeItem) -> Document:
    n = t.node
    weight, contribution = t.weight, t.contribution
    data: Document = {
        "id": n.id,
        "kind": n.kind,
        "text": readable(n.text) if n.kind == "quote" else n.text,
        "stance": t.stance,
        "base": round(t.base, 6) + 0.0,
        "strength": round(t.strength, 6) + 0.0,
        "weight": None if weight is None else round(weight, 6) + 0.0,
        "contribution": None if contribution is None else round(contribution, 6) + 0.0,
        "vote_counts": {"accept": n.accept.votes, "impact": n.impact.votes},
    }
    if n.kind == "quote":
        data.update(
            source=n.source_key,
            start=n.start,
            end=n.end,
            exact=n.text,
            locator=n.locator,
            page=n.page,
            status=n.status,
        )
    if t.ref:
        data["ref"] = n.id
    elif t.hidden_children:
        data["hidden_children"] = t.hidden_children
    return data


def root_fields(w: WeightedTrees, root: int) -> Document:
    return {
        "semantics": w.weighing.semantics,
        "strength_by_semantics": {k: number(v) for k, v in w.strength_by_semantics[root].items()},
        "perspective": w.weighing.perspective.name,
        "min_votes": w.weighing.min_votes,
        "unvoted": w.unvoted[root],
    }


def tree(item: TreeItem, extra: Document | None = None) -> Document:
    """One tree as nested documents, built without recursion; `extra` fields go on
    the root, before its children."""
    built: dict[int, Document] = {}
    for t, _, _ in reversed(list(walk(item))):
        data = tree_node(t)
        if t is item and extra:
            data.update(extra)
        if not t.ref:
            data["children"] = [built.pop(id(c)) for c in t.children]
        built[id(t)] = data
    return built[id(item)]


# What json.dumps(ensure_ascii=False) escapes strings with; floats print as repr,
# as json.dumps prints them.
_string = json.encoder.encode_basestring


def _optional(value: str | int | None) -> str:
    if value is None:
        return "null"
    return _string(value) if isinstance(value, str) else str(value)


def tree_node_json(t: TreeItem) -> str:
    """`tree_node(t)` as JSON text without its closing brace, written directly:
    several times faster than encoding the dictionary, which is what a large
    `tree --json` spends its time on. A test holds the two equal."""
    n = t.node
    quote = n.kind == "quote"
    weight = "null" if t.weight is None else repr(round(t.weight, 6) + 0.0)
    contribution = "null" if t.contribution is None else repr(round(t.contribution, 6) + 0.0)
    text = (
        f'{{"id": {n.id}, "kind": "{n.kind}", '
        f'"text": {_string(readable(n.text) if quote else n.text)}, '
        f'"stance": {"null" if t.stance is None else _string(t.stance)}, '
        f'"base": {round(t.base, 6) + 0.0!r}, "strength": {round(t.strength, 6) + 0.0!r}, '
        f'"weight": {weight}, "contribution": {contribution}, '
        f'"vote_counts": {{"accept": {n.accept.votes}, "impact": {n.impact.votes}}}'
    )
    if quote:
        text += (
            f', "source": {_optional(n.source_key)}, "start": {_optional(n.start)}, '
            f'"end": {_optional(n.end)}, "exact": {_string(n.text)}, '
            f'"locator": {_optional(n.locator)}, "page": {_optional(n.page)}, '
            f'"status": {_optional(n.status)}'
        )
    if t.ref:
        text += f', "ref": {n.id}'
    elif t.hidden_children:
        text += f', "hidden_children": {t.hidden_children}'
    return text
