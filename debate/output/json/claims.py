"""--json documents of the claim commands: claim add/edit/archive, link, unlink,
move, show, list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from debate.core.text import readable
from debate.models import (
    Node,
    ThesisSummary,
)
from debate.output.json.common import Document, event, node, number, vote

if TYPE_CHECKING:
    from debate.app.claims import Details, Moved, Unlinked


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
