"""Human output: the rich views (with `sessions` beside it, the only home of rich).

User text always goes into `rich.text.Text` objects, never into markup
strings, so "[bold]" prints as written; and every piece of it passes through
`debate.core.text.visible` first, so an escape sequence in a claim is shown
(as ␛[2J), never obeyed. Data goes to stdout; messages go to stderr.

The weighted tree is laid out here rather than by rich's Tree: the scores of
a line are one unbreakable unit, wrapped lines hang under their label, and
very deep branches stop indenting at half the width, so output stays linear
in the size of the tree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from debate.core.anchoring import word_diff
from debate.core.files.citation import citation, locator_of, reference
from debate.core.scoring import ROBUSTNESS_GAP
from debate.core.text import ascii_only, readable, visible, visible_lines
from debate.core.tree import TreeItem, walk
from debate.models import (
    STORED_OK,
    LoginGrant,
    Node,
    Participant,
    Source,
    StoreInfo,
    Team,
    ThesisSummary,
    Vote,
)
from debate.output.messages import count, message, source_added, where

if TYPE_CHECKING:
    from debate.app.checking import CheckRow
    from debate.app.claims import Details
    from debate.app.demo import DemoLoaded
    from debate.app.files import ImportReport
    from debate.app.quotes import EvidenceRow, QuoteOutcome
    from debate.app.sources import SearchHits, SourceUpdated
    from debate.app.weighing import Comparison, Explained, OpinionGroups, Verdicts, WeightedTrees
    from debate.core.anchoring import Match
    from debate.core.questioning import Difference

STANCE_STYLE = {"pro": "green", "con": "red", None: "bold"}
SEMANTICS_LABEL = {"dfquad": "DF-QuAD", "qe": "QE", "euler": "Euler", "mlp": "MLP"}
LEGEND = "τ base score (acceptance votes) · σ strength · w weight on the parent"
ASCII_LEGEND = "base: base score (acceptance votes), strength, w: weight on the parent"


def stdout() -> Console:
    return Console(highlight=False, soft_wrap=False)


def stderr() -> Console:
    return Console(stderr=True, highlight=False)


def user(text: str, style: str = "") -> Text:
    """User text on one line, every control character made visible."""
    return Text(visible(" ".join(text.split())), style=style)


def shown(text: str, style: str = "") -> Text:
    """Text of ours that holds user text: controls made visible, spacing kept."""
    return Text(visible(text), style=style)


def user_block(text: str, style: str = "") -> Text:
    """User text that may span lines (a source's text), controls made visible."""
    return Text(visible_lines(text), style=style)


def node_text(node: Node | Any) -> str:
    """What people read of a node: a quote's readable text, a claim's text."""
    return readable(node.text) if node.kind == "quote" else node.text


def signed(x: float, places: int = 3) -> str:
    """+0.012, and 0.000 rather than -0.000."""
    rounded = round(x, places)
    if rounded == 0:
        return f"{0:.{places}f}"
    return f"{rounded:+.{places}f}"


def effect(x: float) -> str:
    """A tiny effect in scientific notation rather than a misleading 0.000."""
    return signed(x) if x == 0 or abs(x) >= 0.0005 else f"{x:+.1e}"


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# -- the weighted tree --------------------------------------------------------------

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
        return tokens + [(w, "dim") for w in _short(visible(node_text(node)), 40).split()]
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


# -- single records -------------------------------------------------------------------


def _kv(rows: Iterable[tuple[str, RenderableType]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, value in rows:
        table.add_row(key, value)
    return table


def _node_line(node: Node, stance: str | None = None) -> Text:
    line = Text()
    if stance:
        line.append(f"{stance} ", style=STANCE_STYLE[stance])
    line.append(f"#{node.id} ", style="cyan")
    line.append_text(user(node_text(node)))
    if node.archived_at:
        line.append(" (archived)", style="yellow")
    return line


def _lines(lines: Iterable[Text]) -> Text:
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
                _lines(
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
    rows.append(("parents", _lines(_node_line(n) for _, n in d.parents)))
    rows.append(("children", _lines(_node_line(n, link.stance) for link, n in kids)))
    rows.append(("evidence", _lines(_node_line(n, link.stance) for link, n in evidence)))
    rows.append(("votes", _lines(_vote_line(v) for v in d.votes)))
    rows.append(("history", _lines(_event_text(e) for e in d.history)))
    _indented(stdout(), _kv(rows), 0)


def _vote_value(vote: Vote) -> str:
    return f"{vote.value:+d}" if vote.kind == "accept" else str(vote.value)


def _vote_line(vote: Vote) -> Text:
    line = user(vote.participant)
    line.append(f": {vote.kind} {_vote_value(vote)}  ({vote.cast_at})")
    return line


def votes(node_id: int, rows: list[Vote]) -> None:
    if not rows:
        message(f"No votes on #{node_id} yet.")
        return
    table = Table("participant", "kind", "value", "cast at", box=None)
    for v in rows:
        table.add_row(user(v.participant), v.kind, _vote_value(v), v.cast_at)
    _indented(stdout(), table, 0)


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
    _indented(stdout(), table, 0)


def sources(rows: list[Source]) -> None:
    if not rows:
        message("No sources yet: add one with `debate source add FILE --key KEY`.")
        return
    table = Table("key", "author", "year", "title", "text", box=None)
    for s in rows:
        m = s.metadata
        table.add_row(
            user(s.key),
            user(m.author or ""),
            str(m.year or ""),
            user(m.title or ""),
            "yes" if s.has_text else "no",
        )
    _indented(stdout(), table, 0)


def source(s: Source) -> None:
    m = s.metadata
    fields: list[tuple[str, Any]] = [
        ("key", s.key),
        ("author", m.author),
        ("year", m.year),
        ("title", m.title),
        ("venue", m.venue),
        ("url", m.url),
        ("text", f"sha256 {s.text_sha256}" if s.has_text else "not attached"),
        ("file", f"{s.format}, sha256 {s.original_sha256}" if s.original_sha256 else None),
        ("extractor", s.extractor),
        ("pages", f"{len(s.pages)} ({s.pages[0][1]}–{s.pages[-1][1]})" if s.pages else None),
        ("uuid", s.uuid),
        ("added", s.created_at),
    ]
    _indented(stdout(), _kv((k, user(str(v))) for k, v in fields if v is not None), 0)


def source_text(text: str) -> None:
    """A source's stored text, verbatim but for control characters, which are shown."""
    stdout().file.write(visible_lines(text))


def _diff(match: Match) -> Text:
    """Yours against the source's, word by word: [-yours-]{+source+}."""
    line = Text()
    for change in word_diff(match.typed, match.source_words):
        if line:
            line.append(" ")
        if change.kind == "equal":
            line.append_text(user(" ".join(change.yours)))
            continue
        if change.yours:
            line.append_text(user("[-" + " ".join(change.yours) + "-]", "red"))
        if change.source:
            if change.yours:
                line.append(" ")
            line.append_text(user("{+" + " ".join(change.source) + "+}", "green"))
    return line


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
            f"{where(outcome, match)} ({how}).",
            "green",
        )
        if not match.verbatim:
            err.print(Text("Yours against the source: ").append_text(_diff(match)))
        if result.total > 1:
            message(f"Anchored to occurrence {outcome.occurrence} of {result.total}.", "yellow")
        return
    if outcome.status == "needs-confirmation" and match is not None:
        message(f"Closest match: {where(outcome, match)}, {match.similarity:.0%} similar.")
        err.print(Text("Yours against the source: ").append_text(_diff(match)))
        for problem in match.problems:
            message(f"  {problem}", "yellow")
        message("If it is the passage you mean, run the command again with --confirm.")
    elif outcome.status == "ambiguous":
        message(f"The passage occurs {count(result.total, 'time')}:")
        for i, m in enumerate(result.occurrences, 1):
            before, after = outcome.contexts[i - 1] if outcome.contexts else ("", "")
            line = Text(f"  {i}. {where(outcome, m)}  ")
            line.append_text(user("…" + readable(before)[-30:] + " ", "dim"))
            line.append_text(user(_short(readable(m.exact), 40)))
            line.append_text(user(" " + readable(after)[:30] + "…", "dim"))
            err.print(line)
        if result.more:
            message(f"  … and {count(result.more, 'more occurrence')}, not listed.")
    elif result.closest is not None:
        m = result.closest
        message(f"The closest passage, {m.similarity:.0%} similar, is at {where(outcome, m)}:")
        err.print(Text("  ").append_text(_diff(m)))
    else:
        message(f"No passage of {outcome.key} is similar to it.")


# -- people and teams -----------------------------------------------------------------


def participants(rows: list[Participant]) -> None:
    if not rows:
        message("No participants yet: people become participants when they first add or vote.")
        return
    table = Table("participant", "role", "claims and quotes", "votes", "since", box=None)
    for p in rows:
        name = user(p.name)
        if p.merged_into:
            name.append_text(shown(f" (merged into {p.merged_into})", "dim"))
        table.add_row(name, user(p.role or ""), str(p.nodes), str(p.votes), p.created_at)
    _indented(stdout(), table, 0)


def logins(rows: list[LoginGrant]) -> None:
    if not rows:
        message(
            "No login has a role yet: a moderator gives one with "
            "`debate db grant LOGIN --role ROLE`."
        )
        return
    table = Table("login", "role", "participant", "granted by", "since", box=None)
    for g in rows:
        table.add_row(
            user(g.login), g.role or "", user(g.participant), user(g.granted_by), g.granted_at
        )
    _indented(stdout(), table, 0)


def team_list(teams: list[Team]) -> None:
    if not teams:
        message("No teams yet: add one with `debate team add NAME MEMBER…`.")
        return
    table = Table("team", "members", box=None)
    for t in teams:
        table.add_row(user(t.name), user(", ".join(t.members)))
    _indented(stdout(), table, 0)


# -- questioning the weights ------------------------------------------------------------


def _indented(out: Console, renderable: Text | Table, by: int = 2) -> None:
    """Print indented (tables too, with `by` 0), still indented where it wraps, and
    without the trailing spaces rich pads lines with."""
    pad = " " * by
    if isinstance(renderable, Table):
        options = out.options.update(width=out.width - by)
        for segments in out.render_lines(renderable, options, pad=False):
            line = Text(pad)
            for segment in segments:
                line.append(segment.text, segment.style or "")
            line.rstrip()
            out.print(line, soft_wrap=True)
        return
    for line in renderable.wrap(out, out.width - by):
        line.rstrip()
        out.print(Text(pad) + line, soft_wrap=True)


def _perspective_line(out: Console, description: str, everyone: bool) -> None:
    if not everyone:
        out.print(Text(visible(f"Perspective: {description}."), style="dim"))


def explanation(e: Explained) -> None:
    x = e.explanation
    node = x.node
    out = stdout()
    _perspective_line(out, e.weighing.perspective.description(), e.weighing.perspective.everyone)
    accept = [v for v in e.votes if v.kind == "accept"]
    impact = [v for v in e.votes if v.kind == "impact"]
    head = Text(f"#{node.id} ", style="cyan")
    head.append_text(user(node_text(node), "bold"))
    out.print(head)

    def listed(votes: list[Vote]) -> str:
        return ", ".join(f"{v.participant} {_vote_value(v)}" for v in votes)

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
            label.append_text(user(_short(readable(c.text) if c.kind == "quote" else c.text)))
            table.add_row(
                signed(c.contribution),
                label,
                f"{c.base:.2f}",
                f"{c.weight:.2f}",
                f"{c.strength:.2f}",
            )
        _indented(out, table)
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
        _indented(
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
            user(_short(readable(d.text) if d.kind == "quote" else d.text), "bold" if bold else "")
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
    _indented(out, table, 0)
    if len(c.rows) > limit:
        message(f"{len(c.rows) - limit} more nodes differ less; --limit shows more.")


VERDICT_STYLE = {"accepted": "bold green", "rejected": "bold red", "undecided": "bold yellow"}


def verdict_table(v: Verdicts) -> None:
    out = stdout()
    _perspective_line(out, v.weighing.perspective.description(), v.weighing.perspective.everyone)
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
    _indented(out, table, 0)
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
        line.append_text(user(_short(readable(o.texts.get(i, "")))))
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
            _indented(out, line)
    out.print(Text("Consensus (accepted by every group):", style="bold"))
    _indented(out, _lines(claim(i) for i in result.consensus))
    if len(result.groups) > 1:
        out.print(Text("Divisive (one group accepts, another rejects):", style="bold"))
        _indented(out, _lines(claim(i) for i in result.divisive))


# -- evidence -----------------------------------------------------------------------------


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
        passage = user(_short(readable(r.node.text), 70))
        if r.outcome == "changed":
            passage = Text("now says: ").append_text(user(readable(r.node.text)))
        table.add_row(
            f"#{r.node.id}",
            Text(r.outcome, style=style),
            f"{r.old[0]}:{r.old[1]}" if r.old else "-",
            f"{r.new[0]}:{r.new[1]}" if r.new and r.outcome != "orphaned" else "-",
            passage,
        )
    _indented(stdout(), table, 0)


def check_report(rows: list[CheckRow]) -> None:
    if not rows:
        message("No quotes to check.")
        return
    bad = [r for r in rows if r.problem]
    table = Table("quote", "source", "status", "problem", box=None, padding=(0, 1))
    for r in bad:
        table.add_row(
            f"#{r.id}", user(r.source), Text(r.status), Text(r.problem or "", style="yellow")
        )
    if bad:
        _indented(stdout(), table, 0)
    message(f"{len(rows) - len(bad)} of {len(rows)} quotes verified.", "" if bad else "green")


def search_hits(hits: SearchHits) -> None:
    out = stdout()
    words = [w.lower() for w in re.findall(r"\w+", hits.query)]
    if not hits.passages and not hits.quotes:
        message(f"Nothing matches {_short(hits.query)!r}.")
        return
    for h in hits.passages:
        where = f"{h.source_key}" + (f", p. {h.page}" if h.page else "") + f"  [{h.start}:{h.end}]"
        out.print(Text(visible(where), style="cyan"))
        text = user(h.text)
        text.highlight_words(words, style="bold", case_sensitive=False)
        _indented(out, text)
    if hits.quotes:
        out.print(Text("Quotes in the debate:", style="bold"))
        for n in hits.quotes:
            line = Text(f"#{n.id} ", style="cyan")
            line.append_text(user(readable(n.text)))
            _indented(out, line)


def evidence_log(rows: list[EvidenceRow]) -> None:
    if not rows:
        message("No evidence yet: add a quote with `debate quote N --source KEY TEXT`.")
        return
    out = stdout()
    for r in rows:
        q = r.node.quote
        assert q is not None
        head = Text(f"#{r.node.id} ", style="cyan")
        head.append_text(shown(f"{r.node.created_at}  {r.node.created_by}", "dim"))
        verb = "supports" if r.stance == "pro" else "opposes"
        head.append(f"  {verb} ", style=STANCE_STYLE[r.stance])
        head.append(f"#{r.claim} ", style="cyan")
        head.append_text(user(_short(r.claim_text, 50)))
        out.print(head)
        _indented(out, user("“" + readable(r.node.text) + "”", "italic"))
        where = citation(r.source, q.source_key, locator_of(q.locator, q.anchor.page))
        if q.anchor.start is not None:
            where += f"  [{q.anchor.start}:{q.anchor.end}]"
        status = shown(f"{where}  ", "dim")
        status.append(q.anchor.status, style="green" if q.anchor.stored_ok else "yellow")
        _indented(out, status)


# -- imports ------------------------------------------------------------------------


def import_report(report: ImportReport) -> None:
    """What a file brought (or would bring, on a dry run), by kind; what it left out."""
    name = report.path.rsplit("/", 1)[-1]  # user text: message() shows it, never obeys it
    if report.dry_run:
        message(f"Checked {name} ({report.format}): it can be imported; nothing was written.")
    else:
        theses = ", ".join(f"#{i}" for i in report.theses)
        message(f"Imported {name} ({report.format}) as thesis {theses}.", "green")
    columns = ["kind", "imported" if not report.dry_run else "in the file"]
    if report.already is not None:
        columns.append("there already")
    table = Table(*columns, box=None)
    for kind, n in report.imported.items():
        there = [] if report.already is None else [f"{report.already.get(kind, 0):,}"]
        table.add_row(kind, f"{n:,}", *there)
    _indented(stdout(), table, 0)
    if report.conflicts:
        kept = Counter((c.kind, c.kept) for c in report.conflicts)
        message(
            f"{count(len(report.conflicts), 'row')} changed on both sides: the later change "
            "kept ("
            + ", ".join(f"{n} {kind} from the {side}" for (kind, side), n in sorted(kept.items()))
            + "); the other stays in the history.",
            "yellow",
        )
    if report.left_out:
        out = Table("left out", "count", "why", box=None)
        for left in report.left_out:
            out.add_row(user(left.kind), f"{left.count:,}", user(left.reason))
        _indented(stdout(), out, 0)


def store_info(info: StoreInfo) -> None:
    rows = [
        (
            "engine",
            f"{'SQLite' if info.engine == 'sqlite' else 'PostgreSQL'} {info.server_version}",
        ),
        ("schema", f"version {info.schema_version} ({info.migration or 'none'})"),
        ("store", info.path),
        ("claims", f"{info.claims:,}"),
        ("quotes", f"{info.quotes:,}"),
        ("sources", f"{info.sources:,}"),
        ("votes", f"{info.votes:,}"),
        ("participants", f"{info.participants:,}"),
    ]
    if info.access:
        a = info.access
        acting = f", acting as {a.participant}" if a.participant else ""
        rows.append(("login", f"{a.login} ({a.standing or 'no role'}{acting})"))
    table = Table(box=None, show_header=False)
    for name, value in rows:
        table.add_row(name, shown(value))
    _indented(stdout(), table, 0)


def demo_loaded(store: str, loaded: DemoLoaded, *, plain: bool) -> None:
    done = "Loaded the demo debate into" if loaded.created else "The demo debate is already in"
    message(f"{done} {store}")
    for attached in loaded.attached:
        source_added(attached)
    weighted_trees(loaded.tree, plain=plain)
    n = loaded.thesis
    message(
        f"To work on it: export DEBATE_DB={store}   then: debate show {n}, debate export {n}, "
        "debate transcript 1 (its seminar debate)"
    )
