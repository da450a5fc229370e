"""A seminar session's transcript as Markdown, to hand out unchanged. Pure: no I/O.

The same session gives the same bytes: every time is shown in the offset the
session started in, and nothing depends on the clock of the machine. User text
goes through `markdown.escape`, as in the tree export.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from debate.core.files import markdown
from debate.core.files.citation import citation, locator_of
from debate.core.files.markdown import escape
from debate.core.seminar.catalogue import DECISION_TEXT, clock
from debate.core.seminar.decisions import points_text
from debate.core.text import readable
from debate.models import SessionEvent

if TYPE_CHECKING:
    from debate.app.sessions import SessionView, Transcript
    from debate.core.tree import TreeItem

SPARKS = "▁▂▃▄▅▆▇█"
VOTE_KIND = {"accept": "acceptance", "impact": "impact"}  # as the transcript says it


def _zone(v: SessionView) -> timezone:
    offset = datetime.fromisoformat(v.origin.text).utcoffset() if v.origin else None
    return timezone(offset or timedelta(0))


def _time(at: float | None, zone: timezone) -> str:
    return "" if at is None else datetime.fromtimestamp(at, zone).strftime("%H:%M:%S")


def sparkline(values: list[float]) -> str:
    """σ from 0 to 1 as block characters, one per value."""
    return "".join(SPARKS[min(7, max(0, round(x * 7)))] for x in values)


def _signed(value: object) -> str:
    return f"{value:+d}" if isinstance(value, int) and value else str(value)


def _node_ref(t: Transcript, node_id: object) -> str:
    if not isinstance(node_id, int):
        return "?"
    node = t.nodes.get(node_id)
    if node is None:
        return f"#{node_id}"
    text = readable(node.text) if node.kind == "quote" else node.text
    short = text if len(text) <= 60 else text[:59].rstrip() + "…"
    return f"#{node_id} ({escape(short)})"


def _event_lines(t: Transcript, events: list[SessionEvent]) -> list[str]:
    claims: list[str] = []
    quotes: list[str] = []
    votes: list[str] = []
    other: list[str] = []
    for e in events:
        d = e.data
        who = escape(e.participant)
        if e.action == "claim added":
            answers = (
                f"{d.get('stance')} of {_node_ref(t, d.get('parent'))}"
                if d.get("parent")
                else "a new thesis"
            )
            claims.append(f"- **#{e.node}** {escape(str(d.get('text', '')))} · {answers} · {who}")
        elif e.action == "quote added":
            node = t.nodes.get(e.node or 0)
            cite = ""
            if node is not None and node.quote is not None:
                q = node.quote
                source = t.sources.get(q.source_key)
                cite = citation(source, q.source_key, locator_of(q.locator, q.anchor.page))
            text = readable(node.text) if node else str(d.get("typed", ""))
            quotes.append(
                f"- **#{e.node}** “{escape(text)}” ({escape(cite)}) · evidence "
                f"{'for' if d.get('stance') == 'pro' else 'against'} "
                f"{_node_ref(t, d.get('claim'))} · {who}"
            )
        elif e.action in ("vote cast", "vote changed"):
            kind = str(d.get("kind"))
            value = d.get("value")
            said = f"acceptance {_signed(value)}" if kind == "accept" else f"impact {value}"
            line = f"- {who} on {_node_ref(t, e.node)}: "
            # One line per person and node: acceptance and impact together.
            if votes and votes[-1].startswith(line):
                votes[-1] += f", {said}"
            else:
                votes.append(line + said)
        elif e.action == "vote withdrawn":
            kind = VOTE_KIND.get(str(d.get("kind")), str(d.get("kind")))
            votes.append(f"- {who} on {_node_ref(t, e.node)}: withdrew their {kind} vote")
        elif e.action == "linked":
            other.append(
                f"- {who} put {_node_ref(t, e.node)} under {_node_ref(t, d.get('parent'))} "
                f"as a {d.get('stance')}"
            )
        else:
            other.append(f"- {who}: {escape(e.action)} {_node_ref(t, e.node)}")
    lines: list[str] = []
    for title, part in (
        ("Claims made", claims),
        ("Quotes cited", quotes),
        ("Votes cast", votes),
        ("Other changes to the tree", other),
    ):
        if part:
            lines += [f"{title}:", "", *part, ""]
    return lines or ["Nothing was added to the tree in this speech.", ""]


def _speech(t: Transcript, index: int, zone: timezone) -> list[str]:
    v = t.view
    fmt, line = v.format, v.timeline
    rule, c = fmt.speeches[index], line.speeches[index]
    speaker = escape(v.speaker(index) or "?")
    asked = v.respondent(index)
    who = f"{speaker} asks {escape(asked)}" if asked else speaker
    lines = [f"### {index + 1}. {escape(rule.name)} ({escape(rule.short)})", ""]
    lines.append(f"{who} · {escape(rule.role)} · {escape(rule.side)}")
    lines.append("")
    if c.started_at is None:
        return [*lines, "Not given.", ""]
    over = line.overtime(fmt, index)
    timing = f"{_time(c.started_at, zone)}–{_time(c.ended_at, zone)} · {clock(c.used)} of "
    timing += f"{clock(rule.length)}" + (f" · **{clock(over)} over**" if over else "")
    lines += [timing, ""]
    if c.pois:
        lines += ["Points of information:", ""]
        for p in c.pois:
            answer = {True: "accepted", False: "declined", None: "offered"}[p.accepted]
            lines.append(f"- {escape(p.by)} at {clock(p.at)}, {answer}")
        lines.append("")
    lines += _event_lines(t, [e for e in t.events if e.speech == index])
    return lines


def _people(v: SessionView, final: TreeItem | None) -> list[str]:
    fmt = v.format
    thesis = f"#{v.record.thesis}"
    if final is not None and final.node.text != v.record.motion:
        thesis += f" {escape(final.node.text)}"
    lines = [
        f"- **Motion:** {escape(v.record.motion)}",
        f"- **Thesis:** {thesis}",
        f"- **Format:** {escape(fmt.title)} (`{escape(fmt.name)}`): {DECISION_TEXT[fmt.decision]}",
    ]
    zone = _zone(v)
    line = v.timeline
    if line.started_at is not None:
        day = datetime.fromtimestamp(line.started_at, zone).strftime("%Y-%m-%d")
        end = f"–{_time(line.ended_at, zone)}" if line.ended_at is not None else ""
        offset = datetime.fromtimestamp(line.started_at, zone).strftime("%z")
        offset = f"{offset[:3]}:{offset[3:]}"
        lines.append(f"- **Date:** {day}, {_time(line.started_at, zone)}{end} (UTC{offset})")
    for role, label in (("chair", "Chair"), ("judge", "Judges")):
        names = v.with_role(role)
        if names:
            lines.append(f"- **{label}:** {', '.join(escape(n) for n in names)}")
    lines.append("- **Sides:**")
    for side in fmt.sides:
        speakers = [p for p in v.people if p.role == "speaker" and p.side == side]
        named = ", ".join(f"{escape(p.participant)} ({p.speaker})" for p in speakers)
        motion = " (for the motion)" if side in fmt.for_sides else ""
        lines.append(f"  - **{escape(side)}**{motion}: {named}")
    if fmt.prep_kind == "before" and fmt.prep:
        used = line.prep_used.get("", 0.0)
        lines.append(f"- **Preparation:** {clock(fmt.prep)} before the debate; {clock(used)} taken")
    elif fmt.prep_kind == "bank":
        banks = ", ".join(
            f"{escape(side)} {clock(line.prep_used.get(side, 0.0))}" for side in fmt.sides
        )
        lines.append(f"- **Preparation:** {clock(fmt.prep)} per side; taken: {banks}")
    if v.record.draw_seed is not None:
        lines.append(f"- Speakers drawn at random (seed {v.record.draw_seed}).")
    return lines


def _polls(t: Transcript) -> list[str]:
    r = t.result
    s = r.swing
    if not sum(s.pre.values()) and not sum(s.post.values()):
        return ["No poll was taken.", ""]
    lines = ["| answer | before | after | swing |", "|---|---:|---:|---:|"]
    for answer in ("for", "against", "undecided"):
        lines.append(
            f"| {answer} | {s.pre[answer]} ({s.pre_share[answer]:.0f}%) | "
            f"{s.post[answer]} ({s.post_share[answer]:.0f}%) | {points_text(s.swing[answer])} |"
        )
    lines.append("")
    if r.moved:
        moves = "; ".join(f"{a} → {b}: {n}" for (a, b), n in r.moved.items())
        lines += [f"Of those who answered both polls by name: {moves}.", ""]
    return lines


def _ballots(t: Transcript) -> list[str]:
    lines = []
    for b in t.result.ballots:
        decided = escape(b.winner) if b.winner else " > ".join(escape(x) for x in b.ranking)
        text = f"- **{escape(b.judge)}:** {decided}"
        if b.points:
            text += " · points: " + ", ".join(f"{escape(n)} {p}" for n, p in b.points)
        if b.reason:
            text += f" · reason: {escape(b.reason)}"
        lines.append(text)
    return [*lines, ""] if lines else ["No ballots.", ""]


def _strengths(t: Transcript) -> list[str]:
    fmt = t.view.format
    rows = []
    for s in t.steps:
        if s.thesis_strength is None:
            continue
        if s.step == "start":
            label = "before the first speech"
        elif s.speech is not None:
            label = f"after {s.speech + 1}. {escape(fmt.speeches[s.speech].short)}"
        else:
            continue
        rows.append((label, s.thesis_strength))
    if not rows:
        return []
    spark = sparkline([x for _, x in rows])
    lines = ["## The thesis's strength, speech by speech", ""]
    lines += [f"σ (DF-QuAD) from the first speech to the last: {spark}", ""]
    lines += ["| moment | σ |", "|---|---:|", *(f"| {a} | {x:.2f} |" for a, x in rows), ""]
    return lines


def render(t: Transcript) -> str:
    v = t.view
    zone = _zone(v)
    lines = [f"# Transcript: {escape(v.record.motion)}", "", f"Session {v.id}.", ""]
    lines += [*_people(v, t.final_tree), ""]
    lines += ["## Speeches", ""]
    for i in range(len(v.format.speeches)):
        lines += _speech(t, i, zone)
    lines += ["## Polls", "", *_polls(t)]
    if v.format.decision != "swing" or t.result.ballots:
        lines += ["## Ballots", "", *_ballots(t)]
    lines += [
        "## Decision",
        "",
        escape(t.result.decision_text()[:1].upper() + t.result.decision_text()[1:]) + ".",
        "",
    ]
    lines += _strengths(t)
    cited: set[str] = set()
    if t.final_tree is not None:
        lines += ["## The tree when the session ended", ""]
        tree_md = markdown.render(t.final_tree, t.sources, heading=3, bibliography=False)
        lines += [tree_md, ""]
        cited |= markdown.cited_keys(t.final_tree)
    cited |= {n.quote.source_key for n in t.nodes.values() if n.quote is not None}
    references = sorted(
        (t.sources[k] for k in cited if k in t.sources), key=markdown.bibliography_order
    )
    if references:
        lines += ["## References", "", *(markdown.reference(s) for s in references), ""]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
