"""Human output. The only module that knows rich.

All user text goes into `rich.text.Text` objects, never into markup strings,
so a claim like "[bold]" prints as written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from debate.anchoring import readable, word_diff
from debate.app import Details, VoteChange
from debate.export.markdown import citation, locator_of
from debate.models import Event, Node, Quote, Source, ThesisSummary, Vote
from debate.views import ROBUSTNESS_GAP, TreeItem

if TYPE_CHECKING:
    from debate.analysis import Difference, Verdict
    from debate.anchoring import Match
    from debate.evidence import (
        CheckRow,
        EvidenceRow,
        QuoteOutcome,
        SearchHits,
        SourceAdded,
        SourceUpdated,
    )
    from debate.opinion import Groups
    from debate.weighing import Comparison, Explained, TeamChange

STANCE_STYLE = {"pro": "green", "con": "red", None: "bold"}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def stdout() -> Console:
    return Console(highlight=False, soft_wrap=False)


def stderr() -> Console:
    return Console(stderr=True, highlight=False)


def message(text: str, style: str = "") -> None:
    """A message for humans, on stderr."""
    stderr().print(Text(text, style=style))


class _AsciiOnly:
    """Renders its content as if the terminal could show only ASCII."""

    def __init__(self, renderable: RenderableType):
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        options = options.copy()
        options.encoding = "ascii"
        yield from console.render(self.renderable, options)


# -- the weighted tree ------------------------------------------------------


def _scores(item: TreeItem, ascii_only: bool) -> Text:
    tau, sigma = ("base", "strength") if ascii_only else ("τ", "σ")
    parts = [f"{tau} {item.base:.2f} ({item.node.accept.count})", f"{sigma} {item.strength:.2f}"]
    if item.weight is not None:
        parts.append(f"w {item.weight:.2f}")
    return Text("  " + " ".join(parts), style="dim")


def _label(item: TreeItem, sources: dict[str, Source], ascii_only: bool) -> Text:
    node = item.node
    style = STANCE_STYLE[item.stance]
    label = Text()
    if item.stance:
        mark = {"pro": "+", "con": "-"}[item.stance] if ascii_only else item.stance.upper()
        label.append(f"{mark} ", style=f"bold {style}")
    label.append(f"#{node.id} ", style="cyan")
    if node.kind == "quote":
        open_q, close_q = ('"', '"') if ascii_only else ("“", "”")
        label.append(f"{open_q}{readable(node.text)}{close_q}", style=f"italic {style}")
        cite = citation(
            sources.get(node.source_key or ""), node.source_key, locator_of(node.locator, node.page)
        )
        label.append(f" {'--' if ascii_only else '—'} {cite}", style="dim")
        if node.status not in Quote.STORED_OK:
            label.append(f" [{node.status}]", style="yellow")
    else:
        label.append(node.text, style=style if item.stance else "bold")
    label.append_text(_scores(item, ascii_only))
    if item.hidden_children:
        label.append(f"  (+{item.hidden_children} below)", style="dim")
    return label


def _branch(tree: Tree, item: TreeItem, sources: dict[str, Source], ascii_only: bool) -> None:
    for child in item.children:
        _branch(tree.add(_label(child, sources, ascii_only)), child, sources, ascii_only)


SEMANTICS_LABEL = {"dfquad": "DF-QuAD", "qe": "QE", "euler": "Euler", "mlp": "MLP"}


def _robustness(strengths: dict[str, float], ascii_only: bool) -> Text:
    """The root's σ under DF-QuAD and QE side by side, flagged when they disagree."""
    sigma = "strength" if ascii_only else "σ"
    parts = [f"{SEMANTICS_LABEL[name]} {strengths[name]:.2f}" for name in ("dfquad", "qe")]
    line = Text(f"{sigma} under " + ", ".join(parts), style="dim")
    gap = abs(strengths["dfquad"] - strengths["qe"])
    if gap > ROBUSTNESS_GAP:
        line.append(
            f"  DF-QuAD and QE differ by {gap:.2f}: the verdict depends on the semantics",
            style="bold yellow",
        )
    return line


def tree(
    items: list[TreeItem],
    sources: dict[str, Source],
    *,
    ascii_only: bool = False,
    by_semantics: dict[int, dict[str, float]] | None = None,
) -> None:
    console = stdout()
    if not items:
        message("No theses yet: add one with `debate claim add TEXT`.")
        return
    for i, item in enumerate(items):
        if i:
            console.print()
        root = Tree(_label(item, sources, ascii_only), guide_style="dim")
        _branch(root, item, sources, ascii_only)
        console.print(_AsciiOnly(root) if ascii_only else root)
        if by_semantics and item.node.id in by_semantics:
            console.print(_robustness(by_semantics[item.node.id], ascii_only))


# -- single records -------------------------------------------------------


def _kv(rows: Iterable[tuple[str, RenderableType]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for key, value in rows:
        table.add_row(key, value)
    return table


def _node_line(node: Node, stance: str | None = None) -> Text:
    line = Text()
    if stance:
        line.append(f"{stance} ", style=STANCE_STYLE[stance])
    line.append(f"#{node.id} ", style="cyan")
    line.append(readable(node.text) if node.kind == "quote" else node.text)
    if node.archived_at:
        line.append(" (archived)", style="yellow")
    return line


def _lines(lines: Iterable[Text]) -> Text:
    return Text("\n").join(list(lines)) or Text("none", style="dim")


def _event_text(event: Event) -> Text:
    data = {k: v for k, v in event.data.items() if v is not None and k != "text"}
    details = ", ".join(f"{k}={v}" for k, v in sorted(data.items()))
    line = Text(f"{event.at}  ", style="dim")
    line.append(event.participant, style="bold")
    line.append(f"  {event.action}")
    if details:
        line.append(f"  {details}", style="dim")
    return line


def details(d: Details, sources: dict[str, Source]) -> None:
    node = d.node
    kind = "thesis" if d.thesis else node.kind
    rows: list[tuple[str, RenderableType]] = [
        ("id", Text(f"#{node.id}  {node.uuid}")),
        ("kind", Text(kind + ("  (archived)" if node.archived_at else ""))),
        ("text", Text(readable(node.text) if node.kind == "quote" else node.text)),
    ]
    if node.quote:
        q = node.quote
        source = sources.get(q.source_key)
        where = citation(source, q.source_key, locator_of(q.locator, q.page))
        if q.start is not None:
            where += f"  [{q.start}:{q.end}]"
        rows.append(("source", Text(where)))
        how = f", {q.method}" if q.method else ""
        if q.method == "fuzzy":
            how += f" ({q.edits} edits, {q.similarity:.0%} similar)"
        rows.append(("status", Text(q.status + how)))
        if q.start is not None and (q.context_before or q.context_after):
            context = Text("…" + readable(q.context_before or "") + " ", style="dim")
            context.append(readable(node.text), style="bold")
            context.append(" " + readable(q.context_after or "") + "…", style="dim")
            rows.append(("context", context))
        if q.typed != readable(node.text):
            rows.append(("typed", Text(q.typed)))
        if q.note:
            rows.append(("note", Text(q.note)))
    stances = ", ".join(f"{link.stance} of #{link.parent}" for link, _ in d.parents)
    if d.thesis:
        stances = stances or "none (thesis)"
    rows.append(("stance", Text(stances)))
    if d.base is not None and d.strength is not None:
        accept = sum(1 for v in d.votes if v.kind == "accept")
        rows.append(("scores", Text(f"τ {d.base:.2f} ({accept} votes)  σ {d.strength:.2f}")))
    rows.append(("by", Text(f"{node.created_by}  {node.created_at}")))
    claims = [(link, n) for link, n in d.children if n.kind == "claim"]
    evidence = [(link, n) for link, n in d.children if n.kind == "quote"]
    rows.append(("parents", _lines(_node_line(n) for _, n in d.parents)))
    rows.append(("children", _lines(_node_line(n, link.stance) for link, n in claims)))
    rows.append(("evidence", _lines(_node_line(n, link.stance) for link, n in evidence)))
    rows.append(("votes", _lines(_vote_line(v) for v in d.votes)))
    rows.append(("history", _lines(_event_text(e) for e in d.history)))
    stdout().print(_kv(rows))


def _vote_line(vote: Vote) -> Text:
    value = f"{vote.value:+d}" if vote.kind == "accept" else str(vote.value)
    return Text(f"{vote.participant}: {vote.kind} {value}  ({vote.cast_at})")


def votes(node_id: int, rows: list[Vote]) -> None:
    if not rows:
        message(f"No votes on #{node_id} yet.")
        return
    table = Table("participant", "kind", "value", "cast at", box=None)
    for v in rows:
        value = f"{v.value:+d}" if v.kind == "accept" else str(v.value)
        table.add_row(Text(v.participant), v.kind, value, v.cast_at)
    stdout().print(table)


def theses(rows: list[ThesisSummary]) -> None:
    if not rows:
        message("No theses yet: add one with `debate claim add TEXT`.")
        return
    table = Table("id", "thesis", "claims", "quotes", "votes", "participants", box=None)
    for t in rows:
        table.add_row(
            f"#{t.id}",
            Text(t.text),
            str(t.claims),
            str(t.quotes),
            str(t.votes),
            str(t.participants),
        )
    stdout().print(table)


def sources(rows: list[Source]) -> None:
    if not rows:
        message("No sources yet: add one with `debate source add FILE --key KEY`.")
        return
    table = Table("key", "author", "year", "title", "text", box=None)
    for s in rows:
        table.add_row(
            Text(s.key),
            Text(s.author or ""),
            str(s.year or ""),
            Text(s.title or ""),
            "yes" if s.has_text else "no",
        )
    stdout().print(table)


def source(s: Source) -> None:
    fields: list[tuple[str, Any]] = [
        ("key", s.key),
        ("author", s.author),
        ("year", s.year),
        ("title", s.title),
        ("venue", s.venue),
        ("url", s.url),
        ("text", f"sha256 {s.text_sha256}" if s.has_text else "not attached"),
        ("file", f"{s.format}, sha256 {s.original_sha256}" if s.original_sha256 else None),
        ("extractor", s.extractor),
        ("pages", f"{len(s.pages)} ({s.pages[0][1]}–{s.pages[-1][1]})" if s.pages else None),
        ("uuid", s.uuid),
        ("added", s.created_at),
    ]
    stdout().print(_kv((k, Text(str(v))) for k, v in fields if v is not None))


def claim_added(node: Node, parent: int | None, stance: str | None) -> None:
    where = f" ({stance} of #{parent})" if parent is not None else " (thesis)"
    message(f"Added claim #{node.id}{where}.", "green")


def _diff(match: Match) -> Text:
    """Yours against the source's, word by word: [-yours-]{+source+}."""
    line = Text()
    for change in word_diff(match.typed, match.source_words):
        if line:
            line.append(" ")
        if change.kind == "equal":
            line.append(" ".join(change.yours))
            continue
        if change.yours:
            line.append("[-" + " ".join(change.yours) + "-]", style="red")
        if change.source:
            if change.yours:
                line.append(" ")
            line.append("{+" + " ".join(change.source) + "+}", style="green")
    return line


def _where(outcome: QuoteOutcome, match: Match) -> str:
    page = outcome.page(match)
    return f"{outcome.key} [{match.start}:{match.end}]" + (f", p. {page}" if page else "")


def quote_outcome(outcome: QuoteOutcome) -> None:
    """What `debate quote` found: stored, or why not, with a word diff."""
    result = outcome.result
    match = result.match
    err = stderr()
    if outcome.node is not None and match is not None:
        verb = "supporting" if outcome.stance == "pro" else "opposing"
        how = {
            "exact": "exact",
            "skeleton": "same letters and digits",
            "fuzzy": f"{match.edits} edit{'s' if match.edits != 1 else ''}, "
            f"{match.similarity:.0%} similar",
            "elided": f"{len(match.segments)} segments",
        }[match.method]
        if outcome.status == "confirmed":
            how += ", confirmed by you"
        message(
            f"Added quote #{outcome.node.id} {verb} #{outcome.claim}: "
            f"{_where(outcome, match)} ({how}).",
            "green",
        )
        if not match.verbatim:
            err.print(Text("Yours against the source: ").append_text(_diff(match)))
        if len(result.occurrences) > 1:
            message(
                f"Anchored to occurrence {outcome.occurrence} of {len(result.occurrences)}.",
                "yellow",
            )
        return
    if outcome.status == "needs-confirmation" and match is not None:
        message(f"Closest match: {_where(outcome, match)}, {match.similarity:.0%} similar.")
        err.print(Text("Yours against the source: ").append_text(_diff(match)))
        for problem in match.problems:
            message(f"  {problem}", "yellow")
        message("If it is the passage you mean, run the command again with --confirm.")
    elif outcome.status == "ambiguous":
        message(f"The passage occurs {len(result.occurrences)} times:")
        for i, m in enumerate(result.occurrences, 1):
            before, after = outcome.contexts[i - 1] if outcome.contexts else ("", "")
            line = Text(f"  {i}. {_where(outcome, m)}  ")
            line.append("…" + readable(before)[-30:] + " ", style="dim")
            line.append(_short(readable(m.exact), 40))
            line.append(" " + readable(after)[:30] + "…", style="dim")
            err.print(line)
    elif result.closest is not None:
        m = result.closest
        message(f"The closest passage, {m.similarity:.0%} similar, is at {_where(outcome, m)}:")
        err.print(Text("  ").append_text(_diff(m)))
    else:
        message(f"No passage of {outcome.key} is similar to it.")


def source_added(result: SourceAdded) -> None:
    s = result.source
    if result.created:
        message(f"Added source {s.key}.", "green")
    elif result.text_attached:
        message(
            f"Attached the text of {s.key}: {_count(result.verified, 'quote')} verified.", "green"
        )
        if result.not_found:
            ids = ", ".join(f"#{i}" for i in result.not_found)
            message(
                f"{_count(len(result.not_found), 'quote')} not found in the text: {ids}", "yellow"
            )
    else:
        message(f"Source {s.key} already has this text; metadata updated.", "green")


def votes_cast(node_id: int, changes: list[VoteChange]) -> None:
    for c in changes:
        if c.previous is None:
            message(f"Recorded your {c.kind} vote {c.value} on #{node_id}.", "green")
        elif c.previous == c.value:
            message(f"Your {c.kind} vote on #{node_id} is already {c.value}.")
        else:
            message(
                f"Changed your {c.kind} vote on #{node_id} from {c.previous} to {c.value}.", "green"
            )


# -- questioning the weights -------------------------------------------------


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _signed(x: float) -> str:
    """+0.012; a tiny effect in scientific notation rather than a misleading ±0.000."""
    return f"{x:+.3f}" if x == 0 or abs(x) >= 0.0005 else f"{x:+.1e}"


def _perspective_note(name: str) -> None:
    if name != "all":
        message(f"Perspective: {name} (only their votes count).")


def explanation(e: Explained) -> None:
    x = e.explanation
    node = x.node
    _perspective_note(e.perspective.name)
    accept = [v for v in e.votes if v.kind == "accept"]
    impact = [v for v in e.votes if v.kind == "impact"]
    out = stdout()
    head = Text(f"#{node.id} ", style="cyan")
    head.append(readable(node.text) if node.kind == "quote" else node.text, style="bold")
    out.print(head)

    def listed(votes: list[Vote], signed: bool) -> str:
        return ", ".join(
            f"{v.participant} {v.value:+d}" if signed else f"{v.participant} {v.value}"
            for v in votes
        )

    if accept:
        tau = (
            f"Base score τ = {x.base:.3f}: the mean of "
            f"{_count(len(accept), 'acceptance vote')} ({listed(accept, True)}), "
            "each mapped to (v+2)/4, and one neutral 0.5."
        )
    else:
        tau = f"Base score τ = {x.base:.3f}: no acceptance votes, so the neutral 0.5."
    out.print(Text(tau))
    if not x.is_thesis:
        if impact:
            w = (
                f"Weight w = {x.weight:.3f}: the mean of "
                f"{_count(len(impact), 'impact vote')} ({listed(impact, False)}), "
                "each mapped to i/4, and one full weight."
            )
        else:
            w = f"Weight w = {x.weight:.3f}: no impact votes, so full weight."
        out.print(Text(w))
    name = SEMANTICS_LABEL[x.semantics]
    if x.children:
        out.print(
            Text(
                f"Strength σ = {x.strength:.3f} ({name}): "
                f"its children move it by {x.strength - x.base:+.3f} from τ."
            )
        )
        out.print(Text("Contributions (how much σ would change if the child were removed):"))
        table = Table("change", "child", "τ", "w", "σ", box=None, padding=(0, 1))
        for c in x.children:
            label = Text(f"{c.stance} ", style=STANCE_STYLE[c.stance])
            label.append(f"#{c.id} ", style="cyan")
            label.append(_short(readable(c.text) if c.kind == "quote" else c.text))
            table.add_row(
                f"{c.contribution:+.3f}",
                label,
                f"{c.base:.2f}",
                f"{c.weight:.2f}",
                f"{c.strength:.2f}",
            )
        out.print(table)
    else:
        out.print(Text(f"Strength σ = {x.strength:.3f} ({name}): no children, so σ = τ."))
    if x.is_thesis:
        out.print(Text(f"#{node.id} is a thesis."))
        return
    if not x.paths:
        out.print(Text(f"#{node.id} reaches no thesis (its parents are archived)."))
        return
    for p in x.paths:
        chain = Text(f"#{node.id}")
        for step in p.steps:
            chain.append(f" → {step.stance} of #{step.parent} ({step.contribution:+.3f})")
        out.print(Text("Path to thesis #") + Text(f"{p.thesis}: ") + chain)
        side = "for" if p.sides_with_thesis else "against"
        out.print(
            Text(
                f"  It argues {side} the thesis. Without #{node.id}, thesis #{p.thesis} "
                f"would be {p.without:.3f} instead of {p.strength:.3f}: "
                f"#{node.id} moves it by {_signed(p.effect)}."
            )
        )
    if x.more_paths:
        message("More paths exist; the first ones are shown.")


def comparison(c: Comparison, limit: int) -> None:
    a, b = (p.name for p in c.perspectives)
    for p in c.perspectives:
        if p.members and p.name.startswith("team:"):
            message(f"{p.name}: {', '.join(p.members)}")
    message(f"A = {a}, B = {b}; n = acceptance votes counted; gap = σ B − σ A")
    table = Table("gap", "σ A", "σ B", "n A", "n B", "node", box=None, padding=(0, 1))

    def add(d: Difference, bold: bool = False) -> None:
        label = Text(f"#{d.id} ", style="cyan")
        label.append(
            _short(readable(d.text) if d.kind == "quote" else d.text), style="bold" if bold else ""
        )
        table.add_row(
            f"{d.gap:+.2f}",
            f"{d.strength[0]:.2f}",
            f"{d.strength[1]:.2f}",
            str(d.accept_votes[0]),
            str(d.accept_votes[1]),
            label,
        )

    add(c.root, bold=True)
    for d in c.rows[:limit]:
        add(d)
    stdout().print(table)
    if len(c.rows) > limit:
        message(f"{len(c.rows) - limit} more nodes differ less; --limit shows more.")


VERDICT_STYLE = {"accepted": "bold green", "rejected": "bold red", "undecided": "bold yellow"}


def verdict_table(rows: list[Verdict], perspective: str) -> None:
    _perspective_note(perspective)
    first = rows[0]
    out = stdout()
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
    for v in rows:
        table.add_row(
            v.standard.name,
            Text(v.outcome, style=VERDICT_STYLE[v.outcome]),
            Text(v.standard.summary),
        )
    out.print(table)


def opinion_groups(result: Groups, texts: dict[int, str]) -> None:
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
        line.append(_short(readable(texts.get(i, ""))))
        return line

    for n, g in enumerate(result.groups, 1):
        out.print(Text(f"Group {n}: ", style="bold").append(Text(", ".join(g.members))))
        for r in g.representative:
            verb = "accepts" if r.accepts else "rejects"
            line = Text(f"  {verb} ", style="green" if r.accepts else "red")
            line.append_text(claim(r.id))
            line.append(f"  ({r.votes} of {r.voters} who voted", style="dim")
            if len(result.groups) > 1:
                line.append(f"; {r.ratio:.1f}× as likely as the others", style="dim")
            line.append(")", style="dim")
            out.print(line)
    out.print(Text("Consensus (accepted by every group):", style="bold"))
    out.print(_lines(Text("  ").append_text(claim(i)) for i in result.consensus))
    if len(result.groups) > 1:
        out.print(Text("Divisive (one group accepts, another rejects):", style="bold"))
        out.print(_lines(Text("  ").append_text(claim(i)) for i in result.divisive))


def team_list(teams: dict[str, list[str]]) -> None:
    if not teams:
        message("No teams yet: add one with `debate team add NAME MEMBER…`.")
        return
    table = Table("team", "members", box=None)
    for name, members in teams.items():
        table.add_row(Text(name), Text(", ".join(members)))
    stdout().print(table)


def team_changed(change: TeamChange) -> None:
    if not change.members and not change.created:
        message(f"Team {change.team} now has no members.", "green")
        return
    verb = "Created" if change.created else "Updated"
    message(f"{verb} team {change.team}: {', '.join(change.members)}.", "green")


# -- evidence -------------------------------------------------------------------


def source_updated(result: SourceUpdated) -> None:
    if not result.text_changed:
        message(f"Source {result.source.key} already has this text; nothing changed.")
        return
    counts = Counter(r.outcome for r in result.quotes)
    summary = ", ".join(f"{counts[o]} {o}" for o in ("unchanged", "moved", "changed", "orphaned"))
    message(f"Updated the text of {result.source.key}: {summary}.", "green")
    table = Table("quote", "outcome", "was at", "now at", "passage", box=None, padding=(0, 1))
    for r in result.quotes:
        style = {"orphaned": "red", "changed": "yellow"}.get(r.outcome, "")
        passage = Text(_short(readable(r.node.text), 70))
        if r.outcome == "changed":
            passage = Text("now says: ").append(readable(r.node.text))
        table.add_row(
            f"#{r.node.id}",
            Text(r.outcome, style=style),
            f"{r.old[0]}:{r.old[1]}" if r.old else "-",
            f"{r.new[0]}:{r.new[1]}" if r.new and r.outcome != "orphaned" else "-",
            passage,
        )
    stdout().print(table)


def check_report(rows: list[CheckRow]) -> None:
    if not rows:
        message("No quotes to check.")
        return
    bad = [r for r in rows if r.problem]
    table = Table("quote", "source", "status", "problem", box=None, padding=(0, 1))
    for r in bad:
        q = r.node.quote
        table.add_row(
            f"#{r.node.id}",
            Text(q.source_key if q else ""),
            Text(q.status if q else ""),
            Text(r.problem or "", style="yellow"),
        )
    if bad:
        stdout().print(table)
    message(f"{len(rows) - len(bad)} of {len(rows)} quotes verified.", "" if bad else "green")


def search_hits(hits: SearchHits) -> None:
    out = stdout()
    words = [w.lower() for w in re.findall(r"\w+", hits.query)]
    if not hits.passages and not hits.quotes:
        message(f"Nothing matches {hits.query!r}.")
        return
    for h in hits.passages:
        where = f"{h.key}" + (f", p. {h.page}" if h.page else "") + f"  [{h.start}:{h.end}]"
        out.print(Text(where, style="cyan"))
        text = Text("  " + h.text)
        text.highlight_words(words, style="bold", case_sensitive=False)
        out.print(text)
    if hits.quotes:
        out.print(Text("Quotes in the debate:", style="bold"))
        for n in hits.quotes:
            line = Text(f"  #{n.id} ", style="cyan")
            line.append(readable(n.text))
            out.print(line)


def evidence_log(rows: list[EvidenceRow]) -> None:
    if not rows:
        message("No evidence yet: add a quote with `debate quote N --source KEY TEXT`.")
        return
    out = stdout()
    for r in rows:
        q = r.node.quote
        assert q is not None
        head = Text(f"#{r.node.id} ", style="cyan")
        head.append(f"{r.node.created_at}  {r.node.created_by}", style="dim")
        verb = "supports" if r.stance == "pro" else "opposes"
        head.append(f"  {verb} ", style=STANCE_STYLE[r.stance])
        head.append(f"#{r.claim} ", style="cyan")
        head.append(_short(r.claim_text, 50))
        out.print(head)
        out.print(Text("  “" + readable(r.node.text) + "”", style="italic"))
        where = citation(r.source, q.source_key, locator_of(q.locator, q.page))
        if q.start is not None:
            where += f"  [{q.start}:{q.end}]"
        status = Text(f"  {where}  ", style="dim")
        status.append(q.status, style="green" if q.status in Quote.STORED_OK else "yellow")
        out.print(status)
