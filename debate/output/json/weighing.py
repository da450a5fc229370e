"""--json documents of tree, export, explain, compare, verdict and groups."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from debate.core.text import json_escaped, readable
from debate.core.tree import TreeItem
from debate.output.json.common import (
    Document,
    number,
    perspective,
    root_fields,
    tree,
    tree_node_json,
    vote,
)

if TYPE_CHECKING:
    from debate.app.weighing import Comparison, Explained, OpinionGroups, Verdicts, WeightedTrees


def weighted_trees(w: WeightedTrees, one: bool) -> Document | list[Document]:
    docs = [tree(item, root_fields(w, item.node.id)) for item in w.items]
    return docs[0] if one else docs


def write_weighted_trees(
    w: WeightedTrees, one: bool, to: Callable[[str], object], *, ascii_only: bool = False
) -> None:
    """The same document as `weighted_trees`, as compact JSON written node by node:
    memory stays proportional to the depth, not to the size of the tree. As `dumps`
    writes it: invisible characters escaped (every one outside ASCII, with
    `ascii_only`)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode

    def write(text: str) -> None:
        to(json_escaped(text, ascii_only=ascii_only))

    chunk: list[str] = []  # written some hundreds of nodes at a time: fewer calls
    put = chunk.append
    if not one:
        put("[")
    for r, item in enumerate(w.items):
        if r:
            put(", ")
        # A stack of items to open, and of text to close what they opened.
        stack: list[TreeItem | str] = [item]
        while stack:
            top = stack.pop()
            if isinstance(top, str):
                put(top)
                continue
            if len(chunk) >= 2048:
                write("".join(chunk))
                chunk.clear()
            text = tree_node_json(top)
            if top is item:
                text += ", " + encode(root_fields(w, item.node.id))[1:-1]
            if top.ref:
                put(text + "}")
                continue
            put(text + ', "children": [')
            stack.append("]}")
            kids = top.children
            for i in range(len(kids) - 1, -1, -1):
                stack.append(kids[i])
                if i:
                    stack.append(", ")
    put("]\n" if not one else "\n")
    write("".join(chunk))


def exported(node_id: int, fmt: str, path: str | None, text: str) -> Document:
    return {
        "id": node_id,
        "format": fmt,
        "path": path,
        "bytes": len(text.encode("utf-8")),
        **({} if path else {"content": text}),
    }


def explanation(e: Explained) -> Document:
    x = e.explanation
    return {
        "id": x.node.id,
        "kind": x.node.kind,
        "text": readable(x.node.text) if x.node.kind == "quote" else x.node.text,
        "semantics": x.semantics,
        "perspective": e.weighing.perspective.name,
        "min_votes": e.weighing.min_votes,
        "is_thesis": x.is_thesis,
        "base": number(x.base),
        "weight": None if x.is_thesis else number(x.weight),
        "strength": number(x.strength),
        "votes": [vote(v) for v in e.votes],
        "contributions": [
            {
                "id": c.id,
                "stance": c.stance,
                "contribution": number(c.contribution),
                "base": number(c.base),
                "weight": number(c.weight),
                "strength": number(c.strength),
            }
            for c in x.children
        ],
        "paths": [
            {
                "thesis": p.thesis,
                "steps": [
                    {
                        "id": s.child,
                        "parent": s.parent,
                        "stance": s.stance,
                        "contribution": number(s.contribution),
                    }
                    for s in p.steps
                ],
                "for_thesis": p.sides_with_thesis,
                "thesis_strength": number(p.strength),
                "thesis_without": number(p.without),
                "effect": number(p.effect),
            }
            for p in x.paths
        ],
        "more_paths": x.more_paths,
    }


def comparison(c: Comparison, limit: int) -> Document:
    def row(d: Any) -> Document:
        return {
            "id": d.id,
            "kind": d.kind,
            "text": readable(d.text) if d.kind == "quote" else d.text,
            "base": [number(x) for x in d.base],
            "strength": [number(x) for x in d.strength],
            "gap": number(d.gap),
            "accept_votes": list(d.accept_votes),
        }

    return {
        "perspectives": [perspective(p) for p in c.perspectives],
        "semantics": c.semantics,
        "root": row(c.root),
        "nodes": [row(d) for d in c.rows[:limit]],
        "more": max(0, len(c.rows) - limit),
    }


def verdicts(v: Verdicts) -> Document:
    def strongest(s: Any) -> Document | None:
        if s is None:
            return None
        return {"id": s.id, "strength": number(s.strength), "effective": number(s.effective)}

    first = v.rows[0]
    data: Document = {
        "thesis": first.thesis,
        "semantics": v.weighing.semantics,
        "perspective": v.weighing.perspective.name,
        "min_votes": v.weighing.min_votes,
        "unvoted": v.unvoted,
        "strength": number(first.strength),
        "strongest_con": strongest(first.strongest_con),
        "strongest_pro": strongest(first.strongest_pro),
        "verdicts": [
            {
                "standard": r.standard.name,
                "verdict": r.outcome,
                "min_strength": r.standard.min_strength,
                "min_margin": r.standard.min_margin,
                "max_con": r.standard.max_opposition,
            }
            for r in v.rows
        ],
    }
    if len(v.rows) == 1:
        data.update(standard=first.standard.name, verdict=first.outcome)
    return data


def opinion_groups(o: OpinionGroups) -> Document:
    result = o.groups
    return {
        "thesis": o.thesis,
        "seed": result.seed,
        "silhouette": result.silhouette,
        "claims": result.claims,
        "left_out": list(result.left_out),
        "groups": [
            {
                "members": list(g.members),
                "representative": [r.id for r in g.representative],
                "stances": [
                    {
                        "id": r.id,
                        "accepts": r.accepts,
                        "share": r.share,
                        "vote_count": r.votes,
                        "voters": r.voters,
                        "ratio": r.ratio,
                    }
                    for r in g.representative
                ],
                "mean_vote": {str(c): m for c, m in g.mean_vote.items()},
            }
            for g in result.groups
        ],
        "consensus": list(result.consensus),
        "divisive": list(result.divisive),
    }
