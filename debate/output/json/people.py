"""--json documents of participant and team."""

from __future__ import annotations

from typing import TYPE_CHECKING

from debate.output.json.common import Document, participant, team

if TYPE_CHECKING:
    from debate.app.people import Merged, Renamed, TeamChange


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
