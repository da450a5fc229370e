"""Argdown, out and in. Pure: reading goes through the JSON that Argdown's own
parser makes (`argdown json`, run by `debate.app.files`); no Argdown parser here.

Out: a statement for every claim and quote, as a tree of `+` (pro) and `-`
(con) relations under the thesis; a claim that stands under several parents is
defined once and referred to by its title elsewhere; votes, strengths and
anchors go in each statement's data block. User text is backslash-escaped
wherever Argdown gives a character a meaning, so it comes back as written.

In, from the parser's JSON (docs/import-export.md has the table):
- each statement (equivalence class) and each argument is a claim;
- support is pro; attack, undercut and contradiction are con;
- an argument's premises support it, and it supports its main conclusion;
- a relation that would close a cycle is left out, and reported.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from debate.core.files.imported import (
    ImportedClaim,
    ImportedDebate,
    ImportedLink,
    LeftOut,
    as_tree,
    check,
)
from debate.core.text import json_escaped, readable, visible
from debate.core.tree import TreeItem, walk
from debate.errors import BadFile
from debate.models import Stance

# Characters Argdown reads as syntax somewhere in a statement's text (tried with
# the real parser; `//` starts a comment, `{` a data block, `@` a mention).
_SPECIAL = frozenset("\\[]<>#*_/:.{}@")
_RELATION = {
    "support": "pro",
    "attack": "con",
    "undercut": "con",
    "contradiction": "con",
    "contradictory": "con",  # what the parser calls `><`
}


def escape(text: str) -> str:
    """One line of Argdown text that its parser reads back as `text`."""
    line = visible(" ".join(text.split()))
    return "".join("\\" + c if c in _SPECIAL else c for c in line)


def _data(fields: Mapping[str, Any]) -> str:
    """A data block: JSON is YAML, and braces inside strings are written as escapes
    so that the block ends where Argdown looks for its end."""
    text = json_escaped(json.dumps(dict(fields), ensure_ascii=False))
    inner = text[1:-1].replace("{", "\\u007b").replace("}", "\\u007d")
    return "{" + inner + "}"


def title(item: TreeItem) -> str:
    n = item.node
    return f"{'Quote' if n.kind == 'quote' else 'Claim'} {n.id}"


def write(item: TreeItem, citations: Mapping[int, str], *, semantics: str, whose: str) -> str:
    """The tree under the item. `citations`: each quote's citation, as the Markdown
    export gives it."""
    out = [
        f"// Exported by debate: the tree under #{item.node.id}, weighted under {semantics} "
        f"with {whose}.",
        "",
    ]
    for t, level, _ in walk(item):
        n = t.node
        indent = "  " * level
        relation = "" if t.stance is None else ("+ " if t.stance == "pro" else "- ")
        head = f"{indent}{relation}[{title(t)}]"
        if t.ref:
            out.append(head)
            continue
        fields: dict[str, Any] = {
            "id": n.id,
            "kind": n.kind,
            "base": round(t.base, 6) + 0.0,
            "strength": round(t.strength, 6) + 0.0,
            "accept_votes": n.accept.votes,
            "impact_votes": n.impact.votes,
        }
        if t.weight is not None:
            fields["weight"] = round(t.weight, 6) + 0.0
        if n.kind == "quote":
            text = f"“{readable(n.text)}” ({citations.get(n.id, n.source_key or '')})"
            fields.update(source=n.source_key, start=n.start, end=n.end, status=n.status)
            if n.locator or n.page:
                fields["locator"] = n.locator or f"p. {n.page}"
        else:
            text = n.text
        out.append(f"{head}: {escape(text)} {_data(fields)}")
    out.append("")
    return "\n".join(out)


# -- in ---------------------------------------------------------------------------------


def _without_tags(member: dict[str, Any]) -> str:
    """A formulation's text less the `#tags` the parser found in it (an escaped `\\#`
    is not a tag, and stays)."""
    text = str(member.get("text") or "")
    cuts = sorted(
        (r["start"], r["stop"])
        for r in member.get("ranges") or []
        if r.get("type") == "tag" and isinstance(r.get("start"), int)
    )
    for start, stop in reversed(cuts):
        text = text[:start] + text[stop + 1 :]
    return " ".join(text.split())


def _text(members: list[dict[str, Any]], fallback: str) -> tuple[str, int, int]:
    """The first formulation with a text, its line, and how many more it has."""
    texts = [(m, _without_tags(m)) for m in members if _without_tags(m)]
    if not texts:
        line = members[0].get("startLine", 0) if members else 0
        return fallback, line, 0
    first, text = texts[0]
    return text, first.get("startLine", 0), len(texts) - 1


def from_json(data: Any) -> ImportedDebate:
    if not isinstance(data, dict) or not isinstance(data.get("statements"), dict):
        raise BadFile("the Argdown parser gave no statements")
    claims: dict[str, ImportedClaim] = {}
    others = data_blocks = 0
    for name, ec in data["statements"].items():
        text, line, more = _text(ec.get("members") or [], str(name))
        claims["s:" + name] = ImportedClaim("s:" + name, text, f"line {line}")
        others += more
        data_blocks += 1 if ec.get("data") else 0
    arguments = data.get("arguments") or {}
    links: list[ImportedLink] = []
    for name, argument in arguments.items():
        described = [m for m in argument.get("members") or [] if m.get("role") != "pcs"]
        text, line, more = _text(described, str(name))
        claims["a:" + name] = ImportedClaim(
            "a:" + name, text, f"line {argument.get('startLine', line)}"
        )
        others += more
        for member in argument.get("pcs") or []:
            key = "s:" + str(member.get("title"))
            if key not in claims:
                continue
            if member.get("role") == "main-conclusion":
                links.append(
                    ImportedLink(key, "a:" + name, "pro", f"line {member.get('startLine', 0)}")
                )
            else:
                links.append(
                    ImportedLink("a:" + name, key, "pro", f"line {member.get('startLine', 0)}")
                )
    # An undercut aims at an argument's inference: here, at the argument.
    kinds = {"equivalence-class": "s:", "argument": "a:", "inference": "a:"}
    for relation in data.get("relations") or []:
        stance: Stance | None = _RELATION.get(relation.get("relationType"))  # type: ignore[assignment]
        source = kinds.get(relation.get("fromType"), "s:") + str(relation.get("from"))
        target = kinds.get(relation.get("toType"), "s:") + str(relation.get("to"))
        if stance is None or source not in claims or target not in claims or source == target:
            continue
        links.append(ImportedLink(target, source, stance, claims[source].where))
    unique, closing, theses = as_tree(links, list(claims))
    left_out = []
    if closing:
        cycles = "; ".join(" → ".join(k[2:] for k in cycle) for cycle in closing[:3])
        left_out.append(LeftOut("relation", len(closing), f"it would close a cycle: {cycles}"))
    if others:
        left_out.append(
            LeftOut("formulation", others, "a statement's other formulations (the first is kept)")
        )
    if data_blocks:
        left_out.append(LeftOut("data block", data_blocks, "statement data is not imported"))
    tags = len(data.get("tags") or {})
    if tags:
        left_out.append(LeftOut("tag", tags, "tags are taken out of the texts"))
    debate = ImportedDebate(
        "argdown", None, theses, tuple(claims.values()), tuple(unique), (), (), tuple(left_out)
    )
    check(debate)
    return debate
