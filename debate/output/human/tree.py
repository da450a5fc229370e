"""The weighted tree as people read it, laid out here rather than by rich's Tree:
the scores of a line are one unbreakable unit, wrapped lines hang under their
label, and very deep branches stop indenting at half the width, so output stays
linear in the size of the tree. No rich: `tree` (the command people run most)
prints without loading it; the terminal's width and colour follow rich's rules
(`debate.output.terminal`)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from debate.core.files.citation import citation, locator_of
from debate.core.scoring import ROBUSTNESS_GAP
from debate.core.text import ascii_only, readable, visible
from debate.core.tree import TreeItem, walk
from debate.models import STORED_OK, Source
from debate.output import terminal
from debate.output.human.labels import (
    ASCII_LEGEND,
    LEGEND,
    SEMANTICS_LABEL,
    STANCE_STYLE,
    node_text,
    short,
)
from debate.output.messages import count, message

if TYPE_CHECKING:
    from debate.app.weighing import WeightedTrees


_GUIDES = {"branch": "├── ", "last": "└── ", "pipe": "│   ", "space": "    "}


_ASCII_GUIDES = {"branch": "|-- ", "last": "`-- ", "pipe": "|   ", "space": "    "}


Token = tuple[str, str]  # (text, style)


def _label_tokens(item: TreeItem, sources: dict[str, Source], plain: bool) -> list[Token]:
    node = item.node
    style = STANCE_STYLE[item.stance]
    tokens: list[Token] = []
    if item.stance:
        mark = {"pro": "+", "con": "-"}[item.stance] if plain else item.stance.upper()
        tokens.append((mark, f"bold {style}"))
    if item.ref:
        tokens.append(("<-" if plain else "↩", "dim"))
        tokens.append(("see", "dim"))
        tokens.append((f"#{node.id}", "cyan"))
        return tokens + [(w, "dim") for w in short(visible(node_text(node)), 40).split()]
    tokens.append((f"#{node.id}", "cyan"))
    if node.kind == "quote":
        words = visible(readable(node.text)).split() or [""]
        open_q, close_q = ('"', '"') if plain else ("“", "”")
        words[0], words[-1] = open_q + words[0], words[-1] + close_q
        tokens += [(w, f"italic {style}") for w in words]
        cite = citation(
            sources.get(node.source_key or ""), node.source_key, locator_of(node.locator, node.page)
        )
        tokens.append(("--" if plain else "—", "dim"))
        tokens += [(w, "dim") for w in visible(cite).split()]
        if node.status not in STORED_OK:
            tokens.append((f"[{node.status}]", "yellow"))
    else:
        tokens += [(w, style if item.stance else "bold") for w in visible(node.text).split()]
    return tokens


def _scores(item: TreeItem, plain: bool) -> str:
    tau, sigma = ("base", "strength") if plain else ("τ", "σ")
    parts = [f"{tau} {item.base:.2f} ({item.node.accept.votes})", f"{sigma} {item.strength:.2f}"]
    if item.weight is not None:
        parts.append(f"w {item.weight:.2f}")
    if item.hidden_children:
        parts.append(f"(+{item.hidden_children} below)")
    return " ".join(parts)


# Characters one cell wide, as rich counts them: its own fast ranges, and the
# punctuation and arrows a tree shows (tests/test_render.py holds them to rich).
ONE_CELL = frozenset(
    chr(c)
    for start, end in (
        (0x20, 0x7E),
        (0xA0, 0xAC),
        (0xAE, 0x2FF),
        (0x370, 0x482),
        (0x2010, 0x2027),
        (0x2030, 0x205E),
        (0x2190, 0x22FF),
        (0x2500, 0x25FC),
    )
    for c in range(start, end + 1)
)


def _cells(text: str) -> int:
    if text.isascii() or ONE_CELL.issuperset(text):
        return len(text)
    from rich.cells import cell_len  # wide and combining characters, as rich counts them

    return cell_len(text)


def _fit(text: str, width: int) -> tuple[str, str]:
    """The longest head of text that fits in `width` cells (at least one character)."""
    used = 0
    for i, c in enumerate(text):
        used += _cells(c)
        if used > width:
            return text[: max(i, 1)], text[max(i, 1) :]
    return text, ""


def _lay_out(tokens: list[Token], tail: str, width: int) -> list[list[Token]]:
    """Words into lines of at most `width` cells; `tail` (the scores) stays whole."""
    lines: list[list[Token]] = [[]]
    used = 0
    items = [(text, style, False) for text, style in tokens]
    if tail:
        items.append((tail, "dim", True))
    for text, style, is_tail in items:
        size = _cells(text)
        gap = (2 if is_tail else 1) if used else 0
        if used and used + gap + size > width:
            lines.append([])
            used, gap = 0, 0
        while size > width and not is_tail:  # a word longer than a line
            head, text = _fit(text, width)
            lines[-1].append((head, style))
            lines.append([])
            size = _cells(text)
        lines[-1].append((" " * gap + text, style))
        used += gap + size
    return lines


def tree_lines(
    item: TreeItem, sources: dict[str, Source], width: int, plain: bool = False
) -> list[list[Token]]:
    """The tree as lines of styled pieces, guides and all."""
    guides = _ASCII_GUIDES if plain else _GUIDES
    max_level = max(1, (width // 2) // 4)  # deeper levels stop indenting here
    out: list[list[Token]] = []
    open_levels: list[bool] = []  # for each ancestor level: more siblings follow
    for t, level, last in walk(item):
        del open_levels[max(level - 1, 0) :]
        if level == 0:
            head, hang = "", ""
        else:
            shown = min(level, max_level)
            above = "".join(
                guides["pipe"] if more else guides["space"] for more in open_levels[: shown - 1]
            )
            marker = f"[{level}] " if level > max_level else ""
            head = above + (guides["last"] if last else guides["branch"]) + marker
            hang = above + (guides["space"] if last else guides["pipe"]) + " " * len(marker)
            open_levels.append(not last)
        tokens = _label_tokens(t, sources, plain)
        tail = "" if t.ref else _scores(t, plain)
        if plain:
            tokens = [(ascii_only(text), style) for text, style in tokens]
        room = max(20, width - _cells(head))
        for i, line in enumerate(_lay_out(tokens, tail, room)):
            out.append([(head if i == 0 else hang, "dim"), *line])
    return out


# The terminal's own codes for the few styles the tree uses: writing them
# directly is a hundred times faster than rich measuring every line.
_SGR = {
    "bold": "1",
    "dim": "2",
    "italic": "3",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "cyan": "36",
}


def _styled(line: list[Token], color: bool) -> str:
    if not color:
        return "".join(text for text, _ in line)
    out = []
    for text, style in line:
        codes = ";".join(_SGR[name] for name in style.split() if name in _SGR)
        out.append(f"\x1b[{codes}m{text}\x1b[0m" if codes and text else text)
    return "".join(out)


def _robustness(strengths: dict[str, float], plain: bool) -> str:
    """The root's σ under DF-QuAD and QE side by side, flagged when they disagree."""
    sigma = "strength" if plain else "σ"
    parts = [f"{SEMANTICS_LABEL[name]} {strengths[name]:.2f}" for name in ("dfquad", "qe")]
    line = f"{sigma} under " + ", ".join(parts)
    gap = abs(strengths["dfquad"] - strengths["qe"])
    if gap > ROBUSTNESS_GAP:
        line += f"; DF-QuAD and QE differ by {gap:.2f}: the verdict depends on the semantics"
    return line


def unvoted_line(unvoted: int, min_votes: int) -> str | None:
    if not unvoted:
        return None
    hint = "" if min_votes else "; --min-votes 1 leaves them out"
    return f"It rests on {count(unvoted, 'argument')} nobody has voted on{hint}."


def weighted_trees(w: WeightedTrees, *, plain: bool = False, empty_hint: str = "") -> None:
    out = sys.stdout
    if not w.items:
        message("No theses yet: add one with `debate claim add TEXT`." + empty_hint)
        return
    width = terminal.width(out)
    color = terminal.colour(out)
    lines: list[list[Token]] = []
    perspective = w.weighing.perspective
    heading = []
    if not perspective.everyone:
        heading.append(f"Perspective: {perspective.description()}.")
    if w.weighing.min_votes:
        heading.append(
            f"Leaving out arguments with fewer than {count(w.weighing.min_votes, 'vote')}."
        )

    def prose(text: str) -> list[list[Token]]:
        text = ascii_only(visible(text)) if plain else visible(text)
        return _lay_out([(word, "dim") for word in text.split()], "", width)

    for note in heading:
        lines += prose(note)
    for i, item in enumerate(w.items):
        if i:
            lines.append([])
        lines += tree_lines(item, w.sources, width, plain)
        notes = [_robustness(w.strength_by_semantics[item.node.id], plain)]
        notes.append(unvoted_line(w.unvoted[item.node.id], w.weighing.min_votes) or "")
        for note in notes:
            lines += prose(note) if note else []
    lines += prose(ASCII_LEGEND if plain else LEGEND)
    write = out.write
    for pieces in lines:
        write(_styled(pieces, color) + "\n")
