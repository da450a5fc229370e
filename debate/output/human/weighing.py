"""The weighted tree, laid out here rather than by rich's Tree, and the views that
question it: explain, compare, verdict and groups."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from debate.core.files.citation import citation, locator_of
from debate.core.scoring import ROBUSTNESS_GAP
from debate.core.text import ascii_only, readable, visible
from debate.core.tree import TreeItem, walk
from debate.models import (
    STORED_OK,
    Source,
    Vote,
)
from debate.output.human.claims import node_lines
from debate.output.human.common import (
    ASCII_LEGEND,
    LEGEND,
    SEMANTICS_LABEL,
    STANCE_STYLE,
    effect,
    indented,
    node_text,
    perspective_line,
    short,
    shown,
    signed,
    stdout,
    user,
)
from debate.output.human.voting import vote_value
from debate.output.messages import count, message

if TYPE_CHECKING:
    from debate.app.weighing import Comparison, Explained, OpinionGroups, Verdicts, WeightedTrees
    from debate.core.questioning import Difference


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


def _cells(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


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


def _unvoted_line(unvoted: int, min_votes: int) -> str | None:
    if not unvoted:
        return None
    hint = "" if min_votes else "; --min-votes 1 leaves them out"
    return f"It rests on {count(unvoted, 'argument')} nobody has voted on{hint}."


def weighted_trees(w: WeightedTrees, *, plain: bool = False, empty_hint: str = "") -> None:
    console = stdout()
    if not w.items:
        message("No theses yet: add one with `debate claim add TEXT`." + empty_hint)
        return
    width = console.width
    color = console.is_terminal and not console.no_color and console.color_system is not None
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
        notes.append(_unvoted_line(w.unvoted[item.node.id], w.weighing.min_votes) or "")
        for note in notes:
            lines += prose(note) if note else []
    lines += prose(ASCII_LEGEND if plain else LEGEND)
    write = console.file.write
    for pieces in lines:
        write(_styled(pieces, color) + "\n")


def explanation(e: Explained) -> None:
    x = e.explanation
    node = x.node
    out = stdout()
    perspective_line(out, e.weighing.perspective.description(), e.weighing.perspective.everyone)
    accept = [v for v in e.votes if v.kind == "accept"]
    impact = [v for v in e.votes if v.kind == "impact"]
    head = Text(f"#{node.id} ", style="cyan")
    head.append_text(user(node_text(node), "bold"))
    out.print(head)

    def listed(votes: list[Vote]) -> str:
        return ", ".join(f"{v.participant} {vote_value(v)}" for v in votes)

    if accept:
        tau = (
            f"Base score τ = {x.base:.3f}: the mean of "
            f"{count(len(accept), 'acceptance vote')} ({listed(accept)}), "
            "each mapped to (v+2)/4, and one neutral 0.5."
        )
    else:
        tau = f"Base score τ = {x.base:.3f}: no acceptance votes, so the neutral 0.5."
    out.print(user(tau))
    if not x.is_thesis:
        if impact:
            w = (
                f"Weight w = {x.weight:.3f}: the mean of "
                f"{count(len(impact), 'impact vote')} ({listed(impact)}), "
                "each mapped to i/4, and one full weight."
            )
        else:
            w = f"Weight w = {x.weight:.3f}: no impact votes, so full weight."
        out.print(user(w))
    name = SEMANTICS_LABEL[x.semantics]
    if x.children:
        out.print(
            Text(
                f"Strength σ = {x.strength:.3f} ({name}): "
                f"its children move it by {signed(x.strength - x.base)} from τ."
            )
        )
        out.print(Text("Contributions (how much σ would change if the child were removed):"))
        table = Table("change", "child", "τ", "w", "σ", box=None, padding=(0, 1))
        table.columns[0].no_wrap = True
        for c in x.children:
            label = Text(f"{c.stance} ", style=STANCE_STYLE[c.stance])
            label.append(f"#{c.id} ", style="cyan")
            label.append_text(user(short(readable(c.text) if c.kind == "quote" else c.text)))
            table.add_row(
                signed(c.contribution),
                label,
                f"{c.base:.2f}",
                f"{c.weight:.2f}",
                f"{c.strength:.2f}",
            )
        indented(out, table)
    else:
        out.print(Text(f"Strength σ = {x.strength:.3f} ({name}): no children, so σ = τ."))
    if x.is_thesis:
        out.print(Text(f"#{node.id} is a thesis."))
        return
    if not x.paths:
        out.print(Text(f"#{node.id} reaches no thesis (its parents are archived)."))
        return
    for p in x.paths:
        chain = Text(f"Path to thesis #{p.thesis}: #{node.id}")
        for step in p.steps:
            chain.append(f" → {step.stance} of #{step.parent} ({signed(step.contribution)})")
        out.print(chain)
        side = "for" if p.sides_with_thesis else "against"
        indented(
            out,
            Text(
                f"It argues {side} the thesis. Without #{node.id}, thesis #{p.thesis} "
                f"would be {p.without:.3f} instead of {p.strength:.3f}: "
                f"#{node.id} moves it by {effect(p.effect)}."
            ),
        )
    if x.more_paths:
        out.print(Text("More paths exist; the first ones are shown.", style="dim"))


def comparison(c: Comparison, limit: int) -> None:
    out = stdout()
    a, b = c.perspectives
    legend = f"A = {a.name}, B = {b.name}; n = acceptance votes counted; gap = σ B − σ A"
    out.print(user(legend, "dim"))
    for p in c.perspectives:
        if p.members and p.name.startswith("team:"):
            out.print(shown(f"{p.name}: {', '.join(p.members)}", "dim"))
    table = Table("gap", "σ A", "σ B", "n A", "n B", "node", box=None, padding=(0, 1))
    for column in table.columns[:5]:
        column.no_wrap = True

    def add(d: Difference, bold: bool = False) -> None:
        label = Text(f"#{d.id} ", style="cyan")
        label.append_text(
            user(short(readable(d.text) if d.kind == "quote" else d.text), "bold" if bold else "")
        )
        table.add_row(
            signed(d.gap, 2),
            f"{d.strength[0]:.2f}",
            f"{d.strength[1]:.2f}",
            str(d.accept_votes[0]),
            str(d.accept_votes[1]),
            label,
        )

    add(c.root, bold=True)
    for d in c.rows[:limit]:
        add(d)
    indented(out, table, 0)
    if len(c.rows) > limit:
        message(f"{len(c.rows) - limit} more nodes differ less; --limit shows more.")


VERDICT_STYLE = {"accepted": "bold green", "rejected": "bold red", "undecided": "bold yellow"}


def verdict_table(v: Verdicts) -> None:
    out = stdout()
    perspective_line(out, v.weighing.perspective.description(), v.weighing.perspective.everyone)
    first = v.rows[0]
    out.print(Text(f"#{first.thesis} σ = {first.strength:.3f}"))
    for label, s in (
        ("strongest con", first.strongest_con),
        ("strongest pro", first.strongest_pro),
    ):
        if s is None:
            out.print(Text(f"{label}: none"))
        else:
            out.print(Text(f"{label}: #{s.id}, σ {s.strength:.3f}, w·σ {s.effective:.3f}"))
    table = Table("standard", "verdict", "accepted when", box=None, padding=(0, 1))
    table.columns[0].no_wrap = True
    table.columns[1].no_wrap = True
    for r in v.rows:
        table.add_row(
            r.standard.name,
            Text(r.outcome, style=VERDICT_STYLE[r.outcome]),
            Text(r.standard.summary),
        )
    indented(out, table, 0)
    note = _unvoted_line(v.unvoted, v.weighing.min_votes)
    if note:
        out.print(Text(note, style="dim"))


def opinion_groups(o: OpinionGroups) -> None:
    result = o.groups
    out = stdout()
    if result.left_out:
        message(f"Left out (fewer than 3 votes here): {', '.join(result.left_out)}")
    how = (
        "one group: no k shows structure"
        if len(result.groups) == 1
        else f"{len(result.groups)} groups"
    )
    if result.silhouette is not None:
        how += f", silhouette {result.silhouette:.2f}"
    out.print(Text(f"{how}; {result.claims} claims, seed {result.seed}", style="dim"))

    def claim(i: int) -> Text:
        line = Text(f"#{i} ", style="cyan")
        line.append_text(user(short(readable(o.texts.get(i, "")))))
        return line

    for n, g in enumerate(result.groups, 1):
        out.print(Text(f"Group {n}: ", style="bold").append_text(user(", ".join(g.members))))
        for r in g.representative:
            verb = "accepts" if r.accepts else "rejects"
            line = Text(f"{verb} ", style="green" if r.accepts else "red")
            line.append_text(claim(r.id))
            line.append(f"  ({r.votes} of {r.voters} who voted", style="dim")
            if len(result.groups) > 1:
                line.append(f"; {r.ratio:.1f}× as likely as the others", style="dim")
            line.append(")", style="dim")
            indented(out, line)
    out.print(Text("Consensus (accepted by every group):", style="bold"))
    indented(out, node_lines(claim(i) for i in result.consensus))
    if len(result.groups) > 1:
        out.print(Text("Divisive (one group accepts, another rejects):", style="bold"))
        indented(out, node_lines(claim(i) for i in result.divisive))
