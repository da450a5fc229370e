"""--json documents of format, session, poll, ballot and transcript."""

from __future__ import annotations

from typing import TYPE_CHECKING

from debate.output.json.common import Document, number, tree

if TYPE_CHECKING:
    from debate.app.room import Room
    from debate.app.sessions import Result, SessionView, Transcript
    from debate.core.seminar.catalogue import DebateFormat
    from debate.models import Ballot


def debate_format(fmt: DebateFormat) -> Document:
    from debate.core.seminar import catalogue

    return catalogue.to_document(fmt)


def session(v: SessionView) -> Document:
    """`session show --json` (and every session command's): times in seconds."""
    fmt, line = v.format, v.timeline
    speeches = []
    for i, rule in enumerate(fmt.speeches):
        c = line.speeches[i]
        speeches.append(
            {
                "index": i,
                "name": rule.name,
                "short": rule.short,
                "side": rule.side,
                "role": rule.role,
                "speaker": v.speaker(i),
                "respondent": v.respondent(i),
                "allowed": rule.length,
                "used": number(c.used),
                "overtime": number(line.overtime(fmt, i)),
                "started_at": c.started_at,
                "ended_at": c.ended_at,
                "pois": [{"by": p.by, "accepted": p.accepted, "at": number(p.at)} for p in c.pois],
            }
        )
    return {
        "id": v.id,
        "thesis": v.record.thesis,
        "motion": v.record.motion,
        "format": fmt.name,
        "state": line.state,
        "current": line.current,
        "upcoming": line.upcoming,
        "as_of": v.as_of,
        "started_at": line.started_at,
        "ended_at": line.ended_at,
        "sides": {
            side: [p.participant for p in v.people if p.role == "speaker" and p.side == side]
            for side in fmt.sides
        },
        "chair": next(iter(v.with_role("chair")), None),
        "judges": v.with_role("judge"),
        "audience": v.with_role("audience"),
        "draw_seed": v.record.draw_seed,
        "prep": {
            "kind": fmt.prep_kind,
            "allowed": fmt.prep,
            "used": {side or "all": number(used) for side, used in line.prep_used.items()},
            "running": (None if line.prep_running is None else (line.prep_running or "all")),
        },
        "speeches": speeches,
    }


def session_list(views: list[SessionView]) -> list[Document]:
    return [
        {
            "id": v.id,
            "thesis": v.record.thesis,
            "motion": v.record.motion,
            "format": v.format.name,
            "state": v.timeline.state,
            "current": v.timeline.current,
            "created_at": v.record.created_at,
        }
        for v in views
    ]


def room_links(session_id: int, base: str, opened: Room) -> Document:
    return {
        "session": session_id,
        "join": f"{base}/?code={opened.code}",
        "links": [
            {
                "role": k.role,
                "participant": k.participant,
                "url": f"{base}/{k.role}/{k.token}",
            }
            for k in opened.links
        ],
    }


def ballot(b: Ballot) -> Document:
    return {
        "judge": b.judge,
        "winner": b.winner,
        "ranking": list(b.ranking) or None,
        "points": dict(b.points),
        "reason": b.reason,
        "cast_at": b.cast_at,
    }


def session_result(r: Result) -> Document:
    s = r.swing
    doc: Document = {
        "id": r.view.id,
        "format": r.view.format.name,
        "decision": r.view.format.decision,
        "polls": {"pre": s.pre, "post": s.post},
        "shares": {
            "pre": {k: number(x) for k, x in s.pre_share.items()},
            "post": {k: number(x) for k, x in s.post_share.items()},
        },
        "swing": {k: number(x) for k, x in s.swing.items()},
        "moved": [{"from": a, "to": b, "count": n} for (a, b), n in r.moved.items()],
        "ballots": [ballot(b) for b in r.ballots],
        "winner": r.winner,
        "decided_by": r.decided_by or None,
    }
    if r.majority is not None:
        doc["majority"] = {
            "votes": r.majority.votes,
            "split": r.majority.split,
            "minority": list(r.majority.minority),
        }
    if r.view.format.decision == "ranking":
        k = r.ranking
        doc["ranking"] = list(k.order) if k else None
        doc["team_points"] = k.team_points if k else None
        doc["average_rank"] = {t: number(x) for t, x in k.average_rank.items()} if k else None
        doc["speaker_points"] = k.speaker_points if k else None
    return doc


def transcript(t: Transcript) -> Document:
    """The transcript's content for scripts: the session, what each speech added,
    the polls, ballots and decision, σ speech by speech, and the final tree."""
    doc = session(t.view)
    by_speech: dict[int, list[Document]] = {}
    for e in t.events:
        by_speech.setdefault(e.speech, []).append(
            {
                "at": e.at,
                "participant": e.participant,
                "action": e.action,
                "node": e.node,
                "data": e.data,
            }
        )
    for speech in doc["speeches"]:
        speech["events"] = by_speech.get(speech["index"], [])
    fmt = t.view.format
    return {
        **doc,
        "result": session_result(t.result),
        "decision": t.result.decision_text(),
        "strengths": [
            {
                "step": s.step,
                "after": None if s.step == "start" or s.speech is None else s.speech,
                "at": s.at_text,
                "strength": number(s.thesis_strength),
                "speech": None if s.speech is None else fmt.speeches[s.speech].short,
            }
            for s in t.steps
            if s.thesis_strength is not None
        ],
        "tree": None if t.final_tree is None else tree(t.final_tree),
    }
