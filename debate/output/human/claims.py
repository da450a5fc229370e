"""Views of the claim commands: show and list."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from debate.core.files.citation import citation, locator_of, reference
from debate.core.text import readable
from debate.models import (
    Node,
    Source,
    ThesisSummary,
)
from debate.output.human.common import indented, kv, shown, stdout, user
from debate.output.human.labels import STANCE_STYLE, node_text
from debate.output.human.voting import vote_line
from debate.output.messages import count, message

if TYPE_CHECKING:
    from debate.app.claims import Details


def _node_line(node: Node, stance: str | None = None) -> Text:
    line = Text()
    if stance:
        line.append(f"{stance} ", style=STANCE_STYLE[stance])
    line.append(f"#{node.id} ", style="cyan")
    line.append_text(user(node_text(node)))
    if node.archived_at:
        line.append(" (archived)", style="yellow")
    return line


def node_lines(lines: Iterable[Text]) -> Text:
    return Text("\n").join(list(lines)) or Text("none", style="dim")


def _event_text(event: Any) -> Text:
    data = {k: v for k, v in event.data.items() if v is not None and k != "text"}
    details = ", ".join(f"{k}={v}" for k, v in sorted(data.items()))
    line = Text(f"{event.at}  ", style="dim")
    line.append_text(user(event.participant, "bold"))
    line.append(f"  {event.action}")
    if details:
        line.append_text(shown(f"  {details}", "dim"))
    return line


def details(d: Details, sources: dict[str, Source]) -> None:
    node = d.node
    kind = "thesis" if d.is_thesis else node.kind
    state = (
        "  (archived)" if node.archived_at else ("" if d.live else "  (under archived claims only)")
    )
    rows: list[tuple[str, RenderableType]] = [
        ("id", Text(f"#{node.id}  {node.uuid}")),
        ("kind", Text(kind + state)),
        ("text", user(node_text(node))),
    ]
    if node.quote:
        q, a = node.quote, node.quote.anchor
        where = citation(sources.get(q.source_key), q.source_key, locator_of(q.locator, a.page))
        if a.start is not None:
            where += f"  [{a.start}:{a.end}]"
        rows.append(("source", shown(where)))
        how = f", {a.method}" if a.method else ""
        if a.method == "fuzzy":
            how += f" ({a.edits} edits, {(a.similarity or 0):.0%} similar)"
        rows.append(("status", Text(a.status + how)))
        if a.start is not None and (a.context_before or a.context_after):
            before, after = a.context_before or "", a.context_after or ""
            context = user("…" + readable(before), "dim")
            context.append(" " if before[-1:].isspace() else "")
            context.append_text(user(readable(node.text), "bold"))
            context.append(" " if after[:1].isspace() else "")
            context.append_text(user(readable(after) + "…", "dim"))
            rows.append(("context", context))
        if q.typed != readable(node.text):
            rows.append(("typed", user(q.typed)))
        if q.note:
            rows.append(("note", user(q.note)))
    stances = ", ".join(f"{link.stance} of #{link.parent}" for link, _ in d.parents)
    if d.is_thesis:
        stances = stances or "none (thesis)"
    rows.append(("stance", Text(stances)))
    if d.base is not None and d.strength is not None:
        accept = sum(1 for v in d.votes if v.kind == "accept")
        rows.append(
            ("scores", Text(f"τ {d.base:.2f} ({count(accept, 'vote')})  σ {d.strength:.2f}"))
        )
    rows.append(("by", shown(f"{node.created_by}  {node.created_at}")))
    if d.said_in is not None:
        s = d.said_in
        rows.append(
            (
                "said in",
                shown(
                    f"session {s.session}, speech {s.speech + 1}: {s.name} ({s.short}, "
                    f"{s.speaker or '?'})"
                ),
            )
        )
    if d.citations:
        rows.append(
            (
                "cites",
                node_lines(
                    shown(
                        f"[{label}] {s.key}: {reference(s)}"
                        if label.isdigit()
                        else f"{s.key}: {reference(s)}"
                    )
                    for label, s in d.citations
                ),
            )
        )
    kids = [(link, n) for link, n in d.children if n.kind == "claim"]
    evidence = [(link, n) for link, n in d.children if n.kind == "quote"]
    rows.append(("parents", node_lines(_node_line(n) for _, n in d.parents)))
    rows.append(("children", node_lines(_node_line(n, link.stance) for link, n in kids)))
    rows.append(("evidence", node_lines(_node_line(n, link.stance) for link, n in evidence)))
    rows.append(("votes", node_lines(vote_line(v) for v in d.votes)))
    rows.append(("history", node_lines(_event_text(e) for e in d.history)))
    indented(stdout(), kv(rows), 0)


def theses(rows: list[ThesisSummary], empty_hint: str = "") -> None:
    if not rows:
        message("No theses yet: add one with `debate claim add TEXT`." + empty_hint)
        return
    table = Table("id", "thesis", "claims", "quotes", "votes", "participants", box=None)
    for t in rows:
        table.add_row(
            f"#{t.id}",
            user(t.text),
            str(t.claims),
            str(t.quotes),
            str(t.votes),
            str(t.participants),
        )
    indented(stdout(), table, 0)
