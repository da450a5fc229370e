"""Whose votes count: a perspective is everyone's votes, one participant's or one
team's. Pure: `app.weighing` resolves a name into one."""

from __future__ import annotations

from typing import NamedTuple

from debate.models import Vote

ALL = "all"
TEAM_PREFIX = "team:"


class Perspective(NamedTuple):
    """Everyone's votes ("all"), one participant's, or one team's."""

    name: str
    voters: tuple[int, ...] | None  # None: everyone
    members: tuple[str, ...] = ()

    @property
    def everyone(self) -> bool:
        return self.voters is None

    def counts(self, vote: Vote) -> bool:
        return self.voters is None or vote.participant in self.members

    def description(self) -> str:
        """Whose votes these are, in words, for documents and legends."""
        if self.everyone:
            return "everyone's votes"
        if self.name.startswith(TEAM_PREFIX):
            return f"the votes of team {self.name[len(TEAM_PREFIX) :]} ({', '.join(self.members)})"
        return f"{self.name}'s votes only"
