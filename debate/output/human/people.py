"""Views of participants and teams."""

from __future__ import annotations

from rich.table import Table

from debate.models import (
    Participant,
    Team,
)
from debate.output.human.common import indented, shown, stdout, user
from debate.output.messages import message


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
    indented(stdout(), table, 0)


def team_list(teams: list[Team]) -> None:
    if not teams:
        message("No teams yet: add one with `debate team add NAME MEMBER…`.")
        return
    table = Table("team", "members", box=None)
    for t in teams:
        table.add_row(user(t.name), user(", ".join(t.members)))
    indented(stdout(), table, 0)
