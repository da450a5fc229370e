"""Every `--json` document, built in one place so that the same thing has the same
key everywhere:

- `id` is a claim's or quote's number; `thesis` is a thesis's number, `is_thesis`
  whether a node is one;
- `votes` is always a list of votes (`participant`, `kind`, `value`, `cast_at`),
  `vote_counts` the counts by kind;
- `semantics` is the name of the semantics used, `strength_by_semantics` a σ
  under each;
- `participant`, `team`, `perspective` and `source` are the name (or key) of one;
- a quote's `text` is its readable text, `exact` the source's raw span.

Scores are rounded to six decimals, and never read -0.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from debate.core.text import readable
from debate.core.tree import TreeItem, walk
from debate.models import (
    Event,
    Node,
    Participant,
    PassageHit,
    Source,
    StoreInfo,
    Team,
    ThesisSummary,
    Vote,
    VoteChange,
)

if TYPE_CHECKING:
    from debate.app.admin import CopyReport
    from debate.app.checking import CheckRow
    from debate.app.claims import Details, Moved, Unlinked
    from debate.app.demo import DemoLoaded
    from debate.app.files import ImportReport
    from debate.app.people import Merged, Renamed, TeamChange
    from debate.app.quotes import EvidenceRow, QuoteEdited, QuoteOutcome
    from debate.app.roles import Granted, Revoked
    from debate.app.sessions import Result, SessionView, Transcript
    from debate.app.sources import SearchHits, SourceAdded, SourceUpdated
    from debate.app.weighing import Comparison, Explained, OpinionGroups, Verdicts, WeightedTrees
    from debate.core.anchoring import Match
    from debate.core.perspective import Perspective
    from debate.core.seminar.catalogue import DebateFormat
    from debate.models import Ballot, LoginGrant

Document = dict[str, Any]


def number(x: float | None) -> float | None:
    """The one rounding rule: six decimals, and 0.0 rather than -0.0."""
    if x is None:
        return None
    return round(x, 6) + 0.0


# Python's C encoder recurses: with the recursion limit raised it handles some
# thousands of levels safely on an 8 MB stack (it crashes near 40,000); deeper
# than this, the iterative encoder writes it.
C_ENCODER_DEPTH = 5_000


def dumps(data: Any, indent: int | None = None) -> str:
    """JSON text; a structure too deep for the C encoder is written iteratively."""
    try:
        return json.dumps(data, ensure_ascii=False, indent=indent)
    except RecursionError:
        pass
    if _depth(data) <= C_ENCODER_DEPTH:
        import sys

        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 3 * C_ENCODER_DEPTH))
        try:
            return json.dumps(data, ensure_ascii=False, indent=indent)
        finally:
            sys.setrecursionlimit(limit)
    return "".join(_iterative_chunks(data))


def _depth(data: Any) -> int:
    """How deeply containers nest in a document (iteratively)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list | tuple):
            deepest = max(deepest, level)
            stack.extend((value, level + 1) for value in item if isinstance(value, dict | list))
    return deepest


def _iterative_chunks(data: Any) -> Iterable[str]:
    """Compact JSON without recursion, for trees thousands of levels deep."""
    stack: list[Any] = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, _Raw):
            yield item.text
        elif isinstance(item, dict):
            yield "{"
            parts: list[Any] = []
            for i, (key, value) in enumerate(item.items()):
                parts.append(
                    _Raw(("," if i else "") + json.dumps(str(key), ensure_ascii=False) + ":")
                )
                parts.append(value)
            parts.append(_Raw("}"))
            stack.extend(reversed(parts))
        elif isinstance(item, list | tuple):
            yield "["
            parts = []
            for i, value in enumerate(item):
                if i:
                    parts.append(_Raw(","))
                parts.append(value)
            parts.append(_Raw("]"))
            stack.extend(reversed(parts))
        else:
            yield json.dumps(item, ensure_ascii=False)


class _Raw:
    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


# -- records --------------------------------------------------------------------------


def node(n: Node) -> Document:
    data: Document = {
        "id": n.id,
        "uuid": n.uuid,
        "kind": n.kind,
        "text": readable(n.text) if n.kind == "quote" else n.text,
        "created_by": n.created_by,
        "created_at": n.created_at,
        "archived": n.archived_at is not None,
    }
    if n.quote:
        q, a = n.quote, n.quote.anchor
        data.update(
            source=q.source_key,
            start=a.start,
            end=a.end,
            exact=n.text,
            typed=q.typed,
            page=a.page,
            locator=q.locator,
            note=q.note,
            status=a.status,
            verbatim=a.verbatim,
            method=a.method,
            similarity=a.similarity,
            edits=a.edits,
            context_before=a.context_before,
            context_after=a.context_after,
            segments=[list(s) for s in a.segments] or None,
        )
    return data


def vote(v: Vote) -> Document:
    return {"participant": v.participant, "kind": v.kind, "value": v.value, "cast_at": v.cast_at}


def vote_changes(node_id: int, participant: str, changes: list[VoteChange]) -> Document:
    return {
        "id": node_id,
        "participant": participant,
        "changes": [{"kind": c.kind, "value": c.value, "previous": c.previous} for c in changes],
    }


def votes(node_id: int, rows: list[Vote]) -> Document:
    return {"id": node_id, "votes": [vote(v) for v in rows]}


def event(e: Event) -> Document:
    return {
        "id": e.id,
        "at": e.at,
        "participant": e.participant,
        "action": e.action,
        "node": e.node_id,
        "source": e.source_key,
        "data": e.data,
    }


def source(s: Source) -> Document:
    m = s.metadata
    return {
        "source": s.key,
        "uuid": s.uuid,
        "title": m.title,
        "author": m.author,
        "year": m.year,
        "venue": m.venue,
        "url": m.url,
        "has_text": s.has_text,
        "text_sha256": s.text_sha256,
        "original_sha256": s.original_sha256,
        "format": s.format,
        "extractor": s.extractor,
        "pages": len(s.pages),
        "created_at": s.created_at,
    }


def source_with_text(s: Source, text: str | None) -> Document:
    return {**source(s), **({"text": text} if text is not None else {})}


def store_path(path: str, exists: bool | None) -> Document:
    return {"store": path, "exists": exists}


def repaired(scored: int) -> Document:
    return {"scored": scored}


def participant(p: Participant) -> Document:
    return {
        "participant": p.name,
        "role": p.role,
        "created_at": p.created_at,
        "merged_into": p.merged_into,
        "nodes": p.nodes,
        "vote_count": p.votes,
    }


def team(t: Team) -> Document:
    return {"team": t.name, "members": list(t.members)}


def perspective(p: Perspective) -> Document:
    return {"perspective": p.name, "members": list(p.members) or None}


# -- claims ---------------------------------------------------------------------------


def linked(n: Node, parent: int, stance: str | None) -> Document:
    return {**node(n), "parent": parent, "stance": stance}


def unlinked(u: Unlinked) -> Document:
    return {**node(u.node), "parent": u.parent, "is_thesis": u.now_thesis}


def moved(m: Moved) -> Document:
    return {
        **node(m.node),
        "from": None if m.old is None else {"parent": m.old.parent, "stance": m.old.stance},
        "parent": m.new.parent,
        "stance": m.new.stance,
    }


def details(d: Details) -> Document:
    return {
        **node(d.node),
        "is_thesis": d.is_thesis,
        "live": d.live,
        "base": number(d.base),
        "strength": number(d.strength),
        "parents": [{"id": link.parent, "stance": link.stance} for link, _ in d.parents],
        "children": [
            {
                "id": link.child,
                "kind": n.kind,
                "stance": link.stance,
                "text": readable(n.text) if n.kind == "quote" else n.text,
                "archived": n.archived_at is not None,
            }
            for link, n in d.children
        ],
        "votes": [vote(v) for v in d.votes],
        "vote_counts": {
            kind: sum(1 for v in d.votes if v.kind == kind) for kind in ("accept", "impact")
        },
        "history": [event(e) for e in d.history],
        "said_in": (
            None
            if d.said_in is None
            else {
                "session": d.said_in.session,
                "speech": d.said_in.speech,
                "name": d.said_in.name,
                "speaker": d.said_in.speaker,
            }
        ),
        "citations": [{"label": label, "source": s.key} for label, s in d.citations],
    }


def theses(rows: list[ThesisSummary]) -> list[Document]:
    return [
        {
            "thesis": t.id,
            "text": t.text,
            "claims": t.claims,
            "quotes": t.quotes,
            "vote_count": t.votes,
            "participants": t.participants,
        }
        for t in rows
    ]


# -- trees ----------------------------------------------------------------------------


def _tree_node(t: TreeItem) -> Document:
    n = t.node
    weight, contribution = t.weight, t.contribution
    data: Document = {
        "id": n.id,
        "kind": n.kind,
        "text": readable(n.text) if n.kind == "quote" else n.text,
        "stance": t.stance,
        "base": round(t.base, 6) + 0.0,
        "strength": round(t.strength, 6) + 0.0,
        "weight": None if weight is None else round(weight, 6) + 0.0,
        "contribution": None if contribution is None else round(contribution, 6) + 0.0,
        "vote_counts": {"accept": n.accept.votes, "impact": n.impact.votes},
    }
    if n.kind == "quote":
        data.update(
            source=n.source_key,
            start=n.start,
            end=n.end,
            exact=n.text,
            locator=n.locator,
            page=n.page,
            status=n.status,
        )
    if t.ref:
        data["ref"] = n.id
    elif t.hidden_children:
        data["hidden_children"] = t.hidden_children
    return data


def _root_fields(w: WeightedTrees, root: int) -> Document:
    return {
        "semantics": w.weighing.semantics,
        "strength_by_semantics": {k: number(v) for k, v in w.strength_by_semantics[root].items()},
        "perspective": w.weighing.perspective.name,
        "min_votes": w.weighing.min_votes,
        "unvoted": w.unvoted[root],
    }


def tree(item: TreeItem, extra: Document | None = None) -> Document:
    """One tree as nested documents, built without recursion; `extra` fields go on
    the root, before its children."""
    built: dict[int, Document] = {}
    for t, _, _ in reversed(list(walk(item))):
        data = _tree_node(t)
        if t is item and extra:
            data.update(extra)
        if not t.ref:
            data["children"] = [built.pop(id(c)) for c in t.children]
        built[id(t)] = data
    return built[id(item)]


def weighted_trees(w: WeightedTrees, one: bool) -> Document | list[Document]:
    docs = [tree(item, _root_fields(w, item.node.id)) for item in w.items]
    return docs[0] if one else docs


def write_weighted_trees(w: WeightedTrees, one: bool, write: Callable[[str], object]) -> None:
    """The same document as `weighted_trees`, as compact JSON written node by node:
    memory stays proportional to the depth, not to the size of the tree."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    chunk: list[str] = []  # written some hundreds of nodes at a time: fewer calls
    put = chunk.append
    if not one:
        put("[")
    for r, item in enumerate(w.items):
        if r:
            put(", ")
        # A stack of items to open, and of text to close what they opened.
        stack: list[TreeItem | str] = [item]
        while stack:
            top = stack.pop()
            if isinstance(top, str):
                put(top)
                continue
            if len(chunk) >= 2048:
                write("".join(chunk))
                chunk.clear()
            text = _tree_node_json(top)
            if top is item:
                text += ", " + encode(_root_fields(w, item.node.id))[1:-1]
            if top.ref:
                put(text + "}")
                continue
            put(text + ', "children": [')
            stack.append("]}")
            kids = top.children
            for i in range(len(kids) - 1, -1, -1):
                stack.append(kids[i])
                if i:
                    stack.append(", ")
    put("]\n" if not one else "\n")
    write("".join(chunk))


# What json.dumps(ensure_ascii=False) escapes strings with; floats print as repr,
# as json.dumps prints them.
_string = json.encoder.encode_basestring


def _optional(value: str | int | None) -> str:
    if value is None:
        return "null"
    return _string(value) if isinstance(value, str) else str(value)


def _tree_node_json(t: TreeItem) -> str:
    """`_tree_node(t)` as JSON text without its closing brace, written directly:
    several times faster than encoding the dictionary, which is what a large
    `tree --json` spends its time on. A test holds the two equal."""
    n = t.node
    quote = n.kind == "quote"
    weight = "null" if t.weight is None else repr(round(t.weight, 6) + 0.0)
    contribution = "null" if t.contribution is None else repr(round(t.contribution, 6) + 0.0)
    text = (
        f'{{"id": {n.id}, "kind": "{n.kind}", '
        f'"text": {_string(readable(n.text) if quote else n.text)}, '
        f'"stance": {"null" if t.stance is None else _string(t.stance)}, '
        f'"base": {round(t.base, 6) + 0.0!r}, "strength": {round(t.strength, 6) + 0.0!r}, '
        f'"weight": {weight}, "contribution": {contribution}, '
        f'"vote_counts": {{"accept": {n.accept.votes}, "impact": {n.impact.votes}}}'
    )
    if quote:
        text += (
            f', "source": {_optional(n.source_key)}, "start": {_optional(n.start)}, '
            f'"end": {_optional(n.end)}, "exact": {_string(n.text)}, '
            f'"locator": {_optional(n.locator)}, "page": {_optional(n.page)}, '
            f'"status": {_optional(n.status)}'
        )
    if t.ref:
        text += f', "ref": {n.id}'
    elif t.hidden_children:
        text += f', "hidden_children": {t.hidden_children}'
    return text


def exported(node_id: int, fmt: str, path: str | None, text: str) -> Document:
    return {
        "id": node_id,
        "format": fmt,
        "path": path,
        "bytes": len(text.encode("utf-8")),
        **({} if path else {"content": text}),
    }


# -- questioning ------------------------------------------------------------------------


def explanation(e: Explained) -> Document:
    x = e.explanation
    return {
        "id": x.node.id,
        "kind": x.node.kind,
        "text": readable(x.node.text) if x.node.kind == "quote" else x.node.text,
        "semantics": x.semantics,
        "perspective": e.weighing.perspective.name,
        "min_votes": e.weighing.min_votes,
        "is_thesis": x.is_thesis,
        "base": number(x.base),
        "weight": None if x.is_thesis else number(x.weight),
        "strength": number(x.strength),
        "votes": [vote(v) for v in e.votes],
        "contributions": [
            {
                "id": c.id,
                "stance": c.stance,
                "contribution": number(c.contribution),
                "base": number(c.base),
                "weight": number(c.weight),
                "strength": number(c.strength),
            }
            for c in x.children
        ],
        "paths": [
            {
                "thesis": p.thesis,
                "steps": [
                    {
                        "id": s.child,
                        "parent": s.parent,
                        "stance": s.stance,
                        "contribution": number(s.contribution),
                    }
                    for s in p.steps
                ],
                "for_thesis": p.sides_with_thesis,
                "thesis_strength": number(p.strength),
                "thesis_without": number(p.without),
                "effect": number(p.effect),
            }
            for p in x.paths
        ],
        "more_paths": x.more_paths,
    }


def comparison(c: Comparison, limit: int) -> Document:
    def row(d: Any) -> Document:
        return {
            "id": d.id,
            "kind": d.kind,
            "text": readable(d.text) if d.kind == "quote" else d.text,
            "base": [number(x) for x in d.base],
            "strength": [number(x) for x in d.strength],
            "gap": number(d.gap),
            "accept_votes": list(d.accept_votes),
        }

    return {
        "perspectives": [perspective(p) for p in c.perspectives],
        "semantics": c.semantics,
        "root": row(c.root),
        "nodes": [row(d) for d in c.rows[:limit]],
        "more": max(0, len(c.rows) - limit),
    }


def verdicts(v: Verdicts) -> Document:
    def strongest(s: Any) -> Document | None:
        if s is None:
            return None
        return {"id": s.id, "strength": number(s.strength), "effective": number(s.effective)}

    first = v.rows[0]
    data: Document = {
        "thesis": first.thesis,
        "semantics": v.weighing.semantics,
        "perspective": v.weighing.perspective.name,
        "min_votes": v.weighing.min_votes,
        "unvoted": v.unvoted,
        "strength": number(first.strength),
        "strongest_con": strongest(first.strongest_con),
        "strongest_pro": strongest(first.strongest_pro),
        "verdicts": [
            {
                "standard": r.standard.name,
                "verdict": r.outcome,
                "min_strength": r.standard.min_strength,
                "min_margin": r.standard.min_margin,
                "max_con": r.standard.max_opposition,
            }
            for r in v.rows
        ],
    }
    if len(v.rows) == 1:
        data.update(standard=first.standard.name, verdict=first.outcome)
    return data


def opinion_groups(o: OpinionGroups) -> Document:
    result = o.groups
    return {
        "thesis": o.thesis,
        "seed": result.seed,
        "silhouette": result.silhouette,
        "claims": result.claims,
        "left_out": list(result.left_out),
        "groups": [
            {
                "members": list(g.members),
                "representative": [r.id for r in g.representative],
                "stances": [
                    {
                        "id": r.id,
                        "accepts": r.accepts,
                        "share": r.share,
                        "vote_count": r.votes,
                        "voters": r.voters,
                        "ratio": r.ratio,
                    }
                    for r in g.representative
                ],
                "mean_vote": {str(c): m for c, m in g.mean_vote.items()},
            }
            for g in result.groups
        ],
        "consensus": list(result.consensus),
        "divisive": list(result.divisive),
    }


def team_change(c: TeamChange) -> Document:
    return {
        **team(c.team),
        "created": c.created,
        "added": list(c.added),
        "removed": list(c.removed),
        "deleted": c.deleted,
    }


def renamed(r: Renamed) -> Document:
    return {"participant": r.new, "previous": r.old}


def merged(m: Merged) -> Document:
    return {**participant(m.participant), "merged": m.source}


# -- evidence ---------------------------------------------------------------------------


def source_added(r: SourceAdded) -> Document:
    return {
        **source(r.source),
        "created": r.created,
        "text_attached": r.text_attached,
        "verified": r.verified,
        "not_found": r.not_found,
    }


def source_updated(r: SourceUpdated) -> Document:
    return {
        **source(r.source),
        "text_changed": r.text_changed,
        "quotes": [
            {
                "id": q.node.id,
                "outcome": q.outcome,
                "old": list(q.old) if q.old else None,
                "new": list(q.new) if q.new else None,
                "was": readable(q.was),
                "text": readable(q.node.text),
                "status": q.node.quote.anchor.status if q.node.quote else None,
            }
            for q in r.quotes
        ],
    }


def _match(outcome: QuoteOutcome, match: Match) -> Document:
    from debate.core.anchoring import diff_text, word_diff

    return {
        "start": match.start,
        "end": match.end,
        "text": readable(match.exact),
        "exact": match.exact,
        "page": outcome.pages.at(match.start),
        "method": match.method,
        "verbatim": match.verbatim,
        "similarity": match.similarity,
        "edits": match.edits,
        "problems": list(match.problems),
        "diff": None if match.verbatim else diff_text(word_diff(match.typed, match.source_words)),
    }


def quote_outcome(outcome: QuoteOutcome) -> Document:
    result = outcome.result
    data: Document = {
        "status": outcome.status,
        "stored": outcome.node is not None,
        "typed": outcome.typed,
        "source": outcome.key,
        "claim": outcome.claim,
        "stance": outcome.stance,
        "start": None,
        "end": None,
        "exact": None,
        "verbatim": None,
        "similarity": None,
        "edits": None,
        "page": None,
    }
    if result.match is not None:
        data.update(_match(outcome, result.match))
    if outcome.node is not None:
        data = {**node(outcome.node), **data}
    if result.total > 1:
        data["occurrences"] = [_match(outcome, m) for m in result.occurrences]
        data["occurrence_count"] = result.total
        data["occurrence"] = outcome.occurrence
    if result.closest is not None:
        data["closest"] = _match(outcome, result.closest)
    return data


def quote_edited(e: QuoteEdited) -> Document:
    return {**node(e.node), "changed": list(e.changed)}


def check(rows: list[CheckRow]) -> Document:
    problems = [r for r in rows if r.problem]
    return {
        "checked": len(rows),
        "verified": len(rows) - len(problems),
        "problems": [
            {"id": r.id, "source": r.source, "status": r.status, "problem": r.problem}
            for r in problems
        ],
    }


def _passage(h: PassageHit) -> Document:
    return {"source": h.source_key, "page": h.page, "start": h.start, "end": h.end, "text": h.text}


def search(hits: SearchHits) -> Document:
    return {
        "query": hits.query,
        "passages": [_passage(h) for h in hits.passages],
        "quotes": [node(n) for n in hits.quotes],
    }


def evidence_row(r: EvidenceRow) -> Document:
    return {
        **node(r.node),
        "citation": r.source.citation(),
        "claim": r.claim,
        "stance": r.stance,
        "claim_text": r.claim_text,
    }


def demo(store: str, loaded: DemoLoaded, tree_item: TreeItem) -> Document:
    return {
        "store": store,
        "created": loaded.created,
        "thesis": loaded.thesis,
        "verified": sum(a.verified for a in loaded.attached),
        "tree": tree(tree_item),
    }


# -- seminar sessions ------------------------------------------------------------------


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


def import_report(report: ImportReport) -> Document:
    return {
        "path": report.path,
        "format": report.format,
        "title": report.title,
        "dry_run": report.dry_run,
        "theses": list(report.theses),
        "imported": dict(report.imported),
        "left_out": [
            {"kind": left.kind, "count": left.count, "reason": left.reason}
            for left in report.left_out
        ],
        "already": None if report.already is None else dict(report.already),
        "conflicts": [{"kind": c.kind, "uuid": c.uuid, "kept": c.kept} for c in report.conflicts],
    }


def copied(report: CopyReport) -> Document:
    return {
        "from": report.source,
        "to": report.target,
        "created": report.created,
        "rows": dict(report.rows),
        # What the copy holds; the store and who is connected to it are said above.
        **{
            k: v
            for k, v in store_info(report.info).items()
            if k not in ("store", "login", "role", "participant")
        },
    }


def login_grant(g: LoginGrant) -> Document:
    return {
        "login": g.login,
        "role": g.role,
        "participant": g.participant,
        "granted_by": g.granted_by,
        "granted_at": g.granted_at,
    }


def granted(r: Granted) -> Document:
    return {**login_grant(r.grant), "previous_role": r.previous}


def revoked(r: Revoked) -> Document:
    return {"login": r.login, "role": None, "previous_role": r.role}


def store_info(info: StoreInfo) -> Document:
    return {
        "engine": info.engine,
        "server_version": info.server_version,
        "schema_version": info.schema_version,
        "migration": info.migration,
        "store": info.path,
        "claims": info.claims,
        "quotes": info.quotes,
        "sources": info.sources,
        "votes": info.votes,
        "participants": info.participants,
        # On a server: who is connected, and what they may do (None on SQLite).
        "login": info.access.login if info.access else None,
        "role": info.access.standing if info.access else None,
        "participant": info.access.participant if info.access else None,
    }
