"""The weighted tree, laid out here rather than by rich's Tree, and the views that
question it: explain, compare, verdict and groups."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from debate.core.text import readable
from debate.models import (
    Vote,
)
from debate.output.human.claims import node_lines
from debate.output.human.common import indented, perspective_line, shown, stdout, user
from debate.output.human.labels import (
    SEMANTICS_LABEL,
    STANCE_STYLE,
    effect,
    node_text,
    short,
    signed,
)
from debate.output.human.tree import unvoted_line
from debate.output.human.voting import vote_value
from debate.output.messages import count, message

if TYPE_CHECKING:
    from debate.app.weighing import Comparison, Explained, OpinionGroups, Verdicts
    from debate.core.questioning import Difference


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
    note = unvoted_line(v.unvoted, v.weighing.min_votes)
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
