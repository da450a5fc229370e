"""Views of votes."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from debate.models import (
    Vote,
)
from debate.output.human.common import indented, stdout, user
from debate.output.messages import message


def vote_value(vote: Vote) -> str:
    return f"{vote.value:+d}" if vote.kind == "accept" else str(vote.value)


def vote_line(vote: Vote) -> Text:
    line = user(vote.participant)
    line.append(f": {vote.kind} {vote_value(vote)}  ({vote.cast_at})")
    return line


def votes(node_id: int, rows: list[Vote]) -> None:
    if not rows:
        message(f"No votes on #{node_id} yet.")
        return
    table = Table("participant", "kind", "value", "cast at", box=None)
    for v in rows:
        table.add_row(user(v.participant), v.kind, vote_value(v), v.cast_at)
    indented(stdout(), table, 0)
