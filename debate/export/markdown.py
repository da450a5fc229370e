"""A debate tree as a Markdown document. Pure: no I/O.

User text never reaches the output raw: inline markup characters are
backslash-escaped and line breaks folded, so a claim such as
"# [x](y) *bold*" stays text and cannot break the document.
"""

from __future__ import annotations

import re

from debate.anchoring import readable
from debate.models import Quote, Source
from debate.views import TreeItem

_INLINE = re.compile(r"([\\`*_\[\]<>#|~&!])")
# Characters that open a block only at the start of a line: list markers, "=".
_BLOCK_START = re.compile(r"^(\d*)([-+=.)])")
_URL = re.compile(r"https?://[^\s<>]+")

STANCE_LABEL = {
    ("claim", "pro"): "Pro",
    ("claim", "con"): "Con",
    ("quote", "pro"): "Evidence for",
    ("quote", "con"): "Evidence against",
}


def escape(text: str) -> str:
    """One line of Markdown that renders as exactly this text."""
    one_line = " ".join(text.split())
    escaped = _INLINE.sub(r"\\\1", one_line)
    return _BLOCK_START.sub(r"\1\\\2", escaped)


def locator_of(locator: str | None, page: str | None) -> str | None:
    """The person's own locator, else the page the quote was found on."""
    return locator or (f"p. {page}" if page else None)


def citation(source: Source | None, key: str | None, locator: str | None) -> str:
    who = source.citation() if source else (key or "unknown source")
    return f"{who}, {locator}" if locator else who


def _scores(item: TreeItem) -> str:
    n = item.node.accept.count
    parts = [f"τ {item.base:.2f} ({n} vote{'' if n == 1 else 's'})", f"σ {item.strength:.2f}"]
    if item.weight is not None:
        parts.append(f"w {item.weight:.2f}")
    return " · ".join(parts)


def _item_lines(item: TreeItem, sources: dict[str, Source], indent: int) -> list[str]:
    pad = " " * indent
    node = item.node
    label = STANCE_LABEL[(node.kind, item.stance or "pro")]
    if node.kind == "quote":
        source = sources.get(node.source_key or "")
        cite = escape(citation(source, node.source_key, locator_of(node.locator, node.page)))
        flag = "" if node.status in Quote.STORED_OK else f" ({node.status})"
        lines = [
            f"{pad}- **{label}** #{node.id}: {cite}{escape(flag)} · {_scores(item)}",
            "",
            f"{pad}  > {escape(readable(node.text))}",
            "",
        ]
    else:
        lines = [f"{pad}- **{label}** #{node.id}: {escape(node.text)} · {_scores(item)}"]
    for child in item.children:
        lines.extend(_item_lines(child, sources, indent + 2))
    return lines


def _cited_keys(item: TreeItem) -> set[str]:
    keys = {item.node.source_key} if item.node.source_key else set()
    for child in item.children:
        keys |= _cited_keys(child)
    return keys


def reference(source: Source) -> str:
    """An author–date bibliography entry: Author. Year. “Title.” *Venue*. <url> [key]."""
    parts = [escape(source.author or source.key)]
    if source.year:
        parts.append(str(source.year))
    if source.title:
        parts.append(f"“{escape(source.title)}.”")
    if source.venue:
        parts.append(f"*{escape(source.venue)}*")
    text = " ".join(p if p.endswith((".", ".”")) else p + "." for p in parts)
    if source.url:
        url = source.url if _URL.fullmatch(source.url) else None
        text += f" <{url}>" if url else f" {escape(source.url)}"
    return f"- {text} \\[{escape(source.key)}\\]"


def _bibliography_order(source: Source) -> tuple[str, int, str]:
    return ((source.author or source.key).casefold(), source.year or 0, source.key)


def render(root: TreeItem, sources: dict[str, Source]) -> str:
    lines = [
        f"# {escape(root.node.text)}",
        "",
        f"Thesis #{root.node.id} · {_scores(root)}",
        "",
    ]
    if root.children:
        lines += ["## Arguments", ""]
        for child in root.children:
            lines.extend(_item_lines(child, sources, 0))
        lines.append("")
    cited = sorted(
        (sources[key] for key in _cited_keys(root) if key in sources), key=_bibliography_order
    )
    if cited:
        lines += ["## Bibliography", ""]
        lines += [reference(source) for source in cited]
        lines.append("")
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
