"""The weighted tree as a Graphviz graph. Pure.

Stance is colour (pro green, con red), strength the pen width of the node and
its edge, and quotes are notes. A claim that stands under several parents is
one node with several edges in, as the graph is; Graphviz lays it out.
"""

from __future__ import annotations

import textwrap

from debate.core.text import readable, visible
from debate.core.tree import TreeItem, walk

PRO, CON = "#1a7f37", "#cf222e"
WRAP = 40  # characters a label line holds
MAX_LABEL = 400  # characters of a text shown in a node; the rest is elided


def _escaped(text: str) -> str:
    """Quotes and backslashes escaped (a backslash is an escape in DOT, `\\n` a line
    break), so user text is shown as written."""
    return visible(text).replace("\\", "\\\\").replace('"', '\\"')


def quoted(text: str) -> str:
    """A DOT string."""
    return f'"{_escaped(text)}"'


def _label(item: TreeItem) -> str:
    n = item.node
    text = readable(n.text) if n.kind == "quote" else " ".join(n.text.split())
    if len(text) > MAX_LABEL:
        text = text[: MAX_LABEL - 1] + "…"
    if n.kind == "quote":
        text = f"“{text}”"
    lines = textwrap.wrap(text, WRAP, break_long_words=True, break_on_hyphens=False) or [""]
    head = f"#{n.id}  σ {item.strength:.2f}"
    if n.kind == "quote" and n.source_key:
        head += f"  [{n.source_key}]"
    return '"' + "\\n".join(_escaped(part) for part in [head, *lines]) + '"'  # `\\n`: a line break


def _pen(strength: float) -> str:
    return f"{1 + 3 * max(0.0, min(1.0, strength)):.2f}"


def write(item: TreeItem, *, semantics: str = "dfquad") -> str:
    out = [
        "digraph debate {",
        "  rankdir=BT;",  # the thesis on top, its supports and attacks below
        f"  label={quoted(f'Weighted under {semantics}; pen width is strength σ')};",
        '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica"];',
        '  edge [arrowhead=normal, fontname="Helvetica"];',
    ]
    edges: list[str] = []
    stack: list[int] = []  # the path of node ids from the root
    for t, level, _ in walk(item):
        del stack[level:]
        n = t.node
        if not t.ref:
            shape = ', shape=note, fillcolor="#fff8c5"' if n.kind == "quote" else ""
            colour = "#57606a" if t.stance is None else (PRO if t.stance == "pro" else CON)
            out.append(
                f"  n{n.id} [label={_label(t)}, color={quoted(colour)}, "
                f"penwidth={_pen(t.strength)}{shape}];"
            )
        if stack:
            colour = PRO if t.stance == "pro" else CON
            style = ", style=dashed" if n.kind == "quote" else ""
            edges.append(
                f"  n{n.id} -> n{stack[-1]} [color={quoted(colour)}, "
                f"penwidth={_pen(t.strength * (t.weight or 0))}, label={quoted(t.stance or '')}"
                f"{style}];"
            )
        stack.append(n.id)
    out.extend(edges)
    out.append("}")
    return "\n".join(out) + "\n"
