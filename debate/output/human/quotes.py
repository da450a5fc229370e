"""Views of quotes: what a quote matched, check and the evidence log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from debate.core.anchoring import word_diff
from debate.core.files.citation import citation, locator_of
from debate.core.text import readable
from debate.output.human.common import indented, shown, stderr, stdout, user
from debate.output.human.labels import STANCE_STYLE, short
from debate.output.messages import count, message, where

if TYPE_CHECKING:
    from debate.app.checking import CheckRow
    from debate.app.quotes import EvidenceRow, QuoteOutcome
    from debate.core.anchoring import Match


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
            line.append_text(user(short(readable(m.exact), 40)))
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
        indented(stdout(), table, 0)
    message(f"{len(rows) - len(bad)} of {len(rows)} quotes verified.", "" if bad else "green")


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
        head.append_text(user(short(r.claim_text, 50)))
        out.print(head)
        indented(out, user("“" + readable(r.node.text) + "”", "italic"))
        where = citation(r.source, q.source_key, locator_of(q.locator, q.anchor.page))
        if q.anchor.start is not None:
            where += f"  [{q.anchor.start}:{q.anchor.end}]"
        status = shown(f"{where}  ", "dim")
        status.append(q.anchor.status, style="green" if q.anchor.stored_ok else "yellow")
        indented(out, status)
