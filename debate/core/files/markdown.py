"""A debate tree as a Markdown document. Pure: no I/O.

User text never reaches the output raw: inline markup characters are
backslash-escaped, line breaks folded, control characters made visible, and
whatever a GFM renderer with linkify would turn into a link (a URL, a bare
domain, an e-mail address) has its dot, colon or at sign escaped, so a
claim such as "# [x](y) *bold* www.example.com" stays text.

Lists nest at most `MAX_NESTING` deep; a deeper branch continues in a section
of its own, so the document grows with the number of links, not with their
depth squared. A claim the tree reaches twice is written once; the second
place says where it is.
"""

from __future__ import annotations

import re
from collections import deque

from debate.core.files.citation import citation, locator_of
from debate.core.text import readable, visible
from debate.core.tree import TreeItem, walk
from debate.models import STORED_OK, Source

MAX_NESTING = 8

_INLINE = re.compile(r"([\\`*_\[\]<>#|~&!])")
# Characters that open a block only at the start of a line: list markers, "=".
_BLOCK_START = re.compile(r"^(\d*)([-+=.)])")
# What linkify would take for part of a link: a dot before a letter
# ("example.com"), the colon of "scheme://" and of "mailto:", the first slash of
# "//", and every at sign (linkify takes symbols for a domain too: "0@␛").
_LINKISH = re.compile(r"\.(?=[^\W\d_])|:(?=//)|(?i:(?<=mailto)):|/(?=/)|@")
_URL = re.compile(r"https?://[^\s<>]+")

STANCE_LABEL = {
    ("claim", "pro"): "Pro",
    ("claim", "con"): "Con",
    ("quote", "pro"): "Evidence for",
    ("quote", "con"): "Evidence against",
}
SEMANTICS_LABEL = {
    "dfquad": "DF-QuAD",
    "qe": "quadratic energy",
    "euler": "Euler-based",
    "mlp": "MLP-based",
}


def escape(text: str) -> str:
    """One line of Markdown that renders as exactly this text, and never as a link."""
    one_line = visible(" ".join(text.split()))
    escaped = _INLINE.sub(r"\\\1", one_line)
    escaped = _LINKISH.sub(lambda m: "\\" + m.group(), escaped)
    return _BLOCK_START.sub(r"\1\\\2", escaped)


def _scores(item: TreeItem) -> str:
    n = item.node.accept.votes
    parts = [f"τ {item.base:.2f} ({n} vote{'' if n == 1 else 's'})", f"σ {item.strength:.2f}"]
    if item.weight is not None:
        parts.append(f"w {item.weight:.2f}")
    return " · ".join(parts)


def _item_lines(item: TreeItem, sources: dict[str, Source], pad: str) -> list[str]:
    node = item.node
    label = STANCE_LABEL[(node.kind, item.stance or "pro")]
    if item.ref:
        return [f"{pad}- **{label}** #{node.id} ↩ see #{node.id} above"]
    if node.kind == "quote":
        source = sources.get(node.source_key or "")
        cite = escape(citation(source, node.source_key, locator_of(node.locator, node.page)))
        flag = "" if node.status in STORED_OK else f" ({escape(str(node.status))})"
        return [
            f"{pad}- **{label}** #{node.id}: {cite}{flag} · {_scores(item)}",
            "",
            f"{pad}  > {escape(readable(node.text))}",
            "",
        ]
    return [f"{pad}- **{label}** #{node.id}: {escape(node.text)} · {_scores(item)}"]


def _branch(top: TreeItem, sources: dict[str, Source], later: deque[TreeItem]) -> list[str]:
    """The list under `top`, nested at most MAX_NESTING deep; deeper branches go to `later`."""
    lines: list[str] = []
    for item, level, _ in walk(top, MAX_NESTING):
        if item is top:
            continue
        lines.extend(_item_lines(item, sources, "  " * (level - 1)))
        if level == MAX_NESTING and item.children:
            lines.append(f"{'  ' * level}- … continued under #{item.node.id} below")
            later.append(item)
    return lines


def cited_keys(root: TreeItem) -> set[str]:
    return {item.node.source_key for item, _, _ in walk(root) if item.node.source_key}


def reference(source: Source) -> str:
    """An author–date bibliography entry: Author. Year. “Title.” *Venue*. <url> [key]."""
    m = source.metadata
    parts = [escape(m.author or source.key)]
    if m.year:
        parts.append(str(m.year))
    if m.title:
        parts.append(f"“{escape(m.title)}.”")
    if m.venue:
        parts.append(f"*{escape(m.venue)}*")
    text = " ".join(p if p.endswith((".", ".”")) else p + "." for p in parts)
    if m.url:
        url = m.url if _URL.fullmatch(m.url) else None
        text += f" <{url}>" if url else f" {escape(m.url)}"
    return f"- {text} \\[{escape(source.key)}\\]"


def bibliography_order(source: Source) -> tuple[str, int, str]:
    m = source.metadata
    return ((m.author or source.key).casefold(), m.year or 0, source.key)


def render(
    root: TreeItem,
    sources: dict[str, Source],
    *,
    is_thesis: bool = True,
    whose: str = "everyone's votes",
    semantics: str = "dfquad",
    min_votes: int = 0,
    unvoted: int = 0,
    heading: int = 1,
    bibliography: bool = True,
) -> str:
    """The tree as a document; `heading` is the level of its title, for a tree that
    stands inside another document (which may give the bibliography itself)."""
    what = "Thesis" if is_thesis else "Claim"
    h1, h2 = "#" * heading, "#" * (heading + 1)
    about = [f"Scores from {whose}, strengths by {SEMANTICS_LABEL.get(semantics, semantics)}."]
    if min_votes:
        votes = f"{min_votes} vote{'s' if min_votes != 1 else ''}"
        about.append(f"Arguments with fewer than {votes} are left out.")
    if unvoted:
        about.append(
            f"It rests on {unvoted} argument{'' if unvoted == 1 else 's'} nobody has voted on."
        )
    lines = [
        f"{h1} {escape(root.node.text)}",
        "",
        f"{what} #{root.node.id} · {_scores(root)}",
        "",
        " ".join(about),
        "",
        "τ base score from acceptance votes · σ strength · w weight (impact on the parent)",
        "",
    ]
    later: deque[TreeItem] = deque()
    if root.children:
        lines += [f"{h2} Arguments", "", *_branch(root, sources, later), ""]
    while later:
        item = later.popleft()
        lines += [f"{h2} Continued under #{item.node.id}", "", *_branch(item, sources, later), ""]
    cited = sorted(
        (sources[key] for key in cited_keys(root) if key in sources), key=bibliography_order
    )
    if cited and bibliography:
        lines += [f"{h2} Bibliography", ""]
        lines += [reference(source) for source in cited]
        lines.append("")
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
