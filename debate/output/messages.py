"""One-line messages for people, on stderr, as plain text.

They need no rich (issue 12: a vote should cost what its write costs, not the
import of a rendering library), but they do need care: any user text in them
is shown with its control characters made visible, never obeyed.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from debate.core.text import visible

if TYPE_CHECKING:
    from debate.app.admin import CopyReport
    from debate.app.claims import Moved, Unlinked
    from debate.app.people import Merged, Renamed, TeamChange
    from debate.app.quotes import QuoteEdited, QuoteOutcome
    from debate.app.roles import Granted, Revoked
    from debate.app.room import Room
    from debate.app.sessions import Result, SessionView, Stepped
    from debate.app.sources import SourceAdded
    from debate.core.anchoring import Match
    from debate.models import Node, VoteChange


def count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def message(text: str, style: str = "") -> None:
    """A message for humans, on stderr, on one line; user text in it is shown, not
    obeyed. `style` says what kind it is (green: done, yellow: take note); plain
    text carries no colour."""
    sys.stderr.write(visible(text) + "\n")


def claim_added(node: Node, parent: int | None, stance: str | None) -> None:
    where = f" ({stance} of #{parent})" if parent is not None else " (thesis)"
    message(f"Added claim #{node.id}{where}.", "green")


def unlinked(u: Unlinked) -> None:
    now = f" #{u.node.id} is now a thesis." if u.now_thesis else ""
    message(f"Took #{u.node.id} from under #{u.parent}.{now}", "green")


def moved(m: Moved) -> None:
    before = f"a {m.old.stance} of #{m.old.parent}" if m.old else "a thesis"
    message(f"#{m.node.id} was {before}; it is now a {m.new.stance} of #{m.new.parent}.", "green")


def where(outcome: QuoteOutcome, match: Match) -> str:
    page = outcome.pages.at(match.start)
    return f"{outcome.key} [{match.start}:{match.end}]" + (f", p. {page}" if page else "")


def quote_edited(e: QuoteEdited) -> None:
    if not e.changed:
        message(f"Quote #{e.node.id} already reads so; nothing changed.")
        return
    message(f"Updated quote #{e.node.id}: {', '.join(e.changed)}.", "green")
    if e.outcome is not None and e.outcome.result.match is not None:
        match = e.outcome.result.match
        message(f"It stands at {where(e.outcome, match)}.")


def source_added(result: SourceAdded) -> None:
    s = result.source
    if result.created:
        message(f"Added source {s.key}.", "green")
    elif result.text_attached:
        message(
            f"Attached the text of {s.key}: {count(result.verified, 'quote')} verified.", "green"
        )
        if result.not_found:
            ids = ", ".join(f"#{i}" for i in result.not_found)
            message(
                f"{count(len(result.not_found), 'quote')} not found in the text: {ids}", "yellow"
            )
    else:
        message(f"Source {s.key} already has this text; metadata updated.", "green")


def votes_cast(node_id: int, changes: list[VoteChange]) -> None:
    for c in changes:
        if c.value is None:
            message(f"Withdrew your {c.kind} vote {c.previous} on #{node_id}.", "green")
        elif c.previous is None:
            message(f"Recorded your {c.kind} vote {c.value} on #{node_id}.", "green")
        elif c.previous == c.value:
            message(f"Your {c.kind} vote on #{node_id} is already {c.value}.")
        else:
            message(
                f"Changed your {c.kind} vote on #{node_id} from {c.previous} to {c.value}.", "green"
            )


def votes_withdrawn(node_id: int, changes: list[VoteChange]) -> None:
    if not changes:
        message(f"You have no votes on #{node_id}; nothing withdrawn.")
    votes_cast(node_id, changes)


def renamed(r: Renamed) -> None:
    message(f"Renamed participant {r.old} to {r.new}.", "green")


def granted(r: Granted) -> None:
    g = r.grant
    was = f" (was {r.previous})" if r.previous and r.previous != g.role else ""
    message(
        f"Granted login {g.login} the role {g.role}{was}; it acts as participant {g.participant}.",
        "green",
    )


def revoked(r: Revoked) -> None:
    message(
        f"Revoked the role {r.role} from login {r.login}: it can no longer use the store.", "green"
    )


def merged(m: Merged) -> None:
    p = m.participant
    message(
        f"Merged {m.source} into {m.target}: {m.target} now has {count(p.votes, 'vote')} "
        f"and {p.nodes} claims and quotes. The history keeps who did what.",
        "green",
    )


def team_changed(change: TeamChange) -> None:
    name = change.team.name
    if change.deleted:
        message(f"Deleted team {name}.", "green")
    elif not change.team.members:
        message(f"Team {name} now has no members.", "green")
    else:
        verb = "Created" if change.created else "Updated"
        message(f"{verb} team {name}: {', '.join(change.team.members)}.", "green")


def session_stepped(s: Stepped) -> None:
    from debate.core.seminar.catalogue import clock

    v, line = s.view, s.view.timeline
    fmt = v.format
    parts = []
    if s.ended is not None:
        rule, used = fmt.speeches[s.ended], line.speeches[s.ended].used
        over = line.overtime(fmt, s.ended)
        extra = f" ({clock(over)} over)" if over else ""
        parts.append(
            f"speech {s.ended + 1} ({rule.short}, {v.speaker(s.ended)}) took "
            f"{clock(used)} of {clock(rule.length)}{extra}"
        )
    if s.began is not None:
        rule = fmt.speeches[s.began]
        began = line.speeches[s.began].started_at
        clock_time = _clock_time(began, v) if began is not None else ""
        parts.append(f"speech {s.began + 1} ({rule.short}, {v.speaker(s.began)}) began{clock_time}")
    if s.kind == "pause":
        parts.append("paused")
    elif s.kind == "resume":
        parts.append("resumed")
    elif s.kind == "poi":
        index = line.current if line.current is not None else 0
        poi = line.speeches[index].pois[-1]
        taken = {True: "accepted", False: "declined", None: "offered"}[poi.accepted]
        parts.append(f"point of information from {poi.by} at {clock(poi.at)}, {taken}")
    elif s.kind in ("prep start", "prep stop"):
        whose = line.prep_running if s.kind == "prep start" else None
        if s.kind == "prep start":
            left = line.prep_left(fmt, whose or "")
            parts.append(f"{whose or 'the'} prep time runs ({clock(left)} left)")
        else:
            parts.append("prep time stopped")
    if s.kind == "end":
        parts.append("the session has ended")
    message(f"Session {v.id}: " + "; ".join(parts) + ".", "green")


def _clock_time(at: float, v: SessionView) -> str:
    """at 19:07:05, in the offset the session started in."""
    from datetime import datetime, timedelta, timezone

    origin = v.origin
    offset = datetime.fromisoformat(origin.text).utcoffset() if origin else None
    zone = timezone(offset or timedelta(0))
    return f" at {datetime.fromtimestamp(at, zone).strftime('%H:%M:%S')}"


def polled(r: Result, phase: str, who: str | None) -> None:
    counts = r.swing.pre if phase == "pre" else r.swing.post
    by = f"{who}'s answer" if who else "the counts"
    tally = ", ".join(f"{k} {n}" for k, n in counts.items())
    message(f"Recorded {by} for the {phase} poll of session {r.view.id}: {tally}.", "green")


def copied(report: CopyReport) -> None:
    info = report.info
    if report.created:
        message(f"Created a new store at {report.target}.")
    message(
        f"Copied {count(info.claims, 'claim')}, {count(info.quotes, 'quote')}, "
        f"{count(info.sources, 'source')}, {count(info.votes, 'vote')} and "
        f"{count(info.participants, 'participant')} from {report.source} to {report.target}."
    )


def room_links(base: str, opened: Room) -> None:
    """Where the room's pages are: the projector's, and the private links (the
    chair's is for the chair's eyes only: it steps the clock)."""
    message(f"The room code (on the projector too): {opened.code}")
    message(f"The projector: {base}/screen")
    links = opened.links
    for link in links:
        if link.role == "chair":
            message(
                f"The chair's link ({link.participant}; keep it to yourself): "
                f"{base}/chair/{link.token}"
            )
    for link in links:
        if link.role == "judge":
            message(f"Judge {link.participant}'s link: {base}/judge/{link.token}")
