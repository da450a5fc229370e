"""Whose votes count: perspectives (everyone, one participant, one team) and teams."""

from __future__ import annotations

from dataclasses import dataclass

from debate.core import validate
from debate.errors import Conflict, InvalidInput, NotFound
from debate.models import Graph, Team, Vote
from debate.store import Store

ALL = "all"
TEAM_PREFIX = "team:"


@dataclass(frozen=True)
class Perspective:
    """Everyone's votes ("all"), one participant's, or one team's."""

    name: str
    voters: tuple[int, ...] | None  # None: everyone
    members: tuple[str, ...] = ()

    @property
    def everyone(self) -> bool:
        return self.voters is None

    def graph(self, store: Store) -> Graph:
        return store.graph(self.voters)

    def counts(self, vote: Vote) -> bool:
        return self.voters is None or vote.participant in self.members

    def description(self) -> str:
        """Whose votes these are, in words, for documents and legends."""
        if self.everyone:
            return "everyone's votes"
        if self.name.startswith(TEAM_PREFIX):
            return f"the votes of team {self.name[len(TEAM_PREFIX) :]} ({', '.join(self.members)})"
        return f"{self.name}'s votes only"


def resolve(store: Store, spec: str | None) -> Perspective:
    spec = (spec or ALL).strip()
    if spec == ALL:
        return Perspective(ALL, None)
    if spec.startswith(TEAM_PREFIX):
        name = spec[len(TEAM_PREFIX) :].strip()
        team = store.team_id(name)
        if team is None:
            known = ", ".join(t.name for t in store.teams()) or "none yet; see `debate team add`"
            raise NotFound(f"no team named {name!r} (teams: {known})")
        ids = store.team_member_ids(team)
        if not ids:
            raise Conflict(f"team {name!r} has no members")
        names = store.participant_names()
        return Perspective(f"{TEAM_PREFIX}{name}", tuple(ids), tuple(sorted(names[i] for i in ids)))
    who = store.find_participant(spec)
    if who is None:
        known = ", ".join(store.participant_names().values()) or "none yet"
        raise NotFound(f"no participant named {spec!r} (participants: {known})")
    name = store.participant_names()[who]
    return Perspective(name, (who,), (name,))


# -- teams ------------------------------------------------------------------------


def _team_name(name: str) -> str:
    name = validate.name(name, "team name")
    if name == ALL or ":" in name:
        raise InvalidInput(f"{name!r} cannot be a team name (no ':' and not 'all')")
    return name


@dataclass(frozen=True)
class TeamChange:
    team: Team  # as it is afterwards (no members: deleted)
    created: bool
    added: tuple[str, ...]  # members who were not in it before
    removed: tuple[str, ...]
    deleted: bool = False


def _team(store: Store, name: str) -> Team:
    return next((t for t in store.teams() if t.name == name), Team(name, ()))


def team_add(store: Store, actor: str, name: str, members: list[str]) -> TeamChange:
    """Create the team if needed and add the members, who must be known participants."""
    name = _team_name(name)
    if not members:
        raise InvalidInput("give at least one member")
    with store.transaction():
        ids = []
        for member in dict.fromkeys(m.strip() for m in members):
            who = store.find_participant(member)
            if who is None:
                known = ", ".join(store.participant_names().values()) or "none yet"
                raise NotFound(
                    f"no participant named {member!r} (participants: {known}); "
                    "people become participants when they first add or vote"
                )
            ids.append((member, who))
        me = store.participant_id(actor)
        team, created = store.ensure_team(name, me)
        added = tuple(m for m, who in ids if store.add_team_member(team, who))
        if created or added:
            store.log(me, "team changed", team=name, created=created, added=list(added))
    return TeamChange(_team(store, name), created, added, ())


def team_remove(store: Store, actor: str, name: str, members: list[str]) -> TeamChange:
    """Remove members, or the whole team when no member is named."""
    with store.transaction():
        team = store.team_id(name)
        if team is None:
            raise NotFound(f"no team named {name!r}")
        me = store.participant_id(actor)
        if not members:
            before = _team(store, name)
            store.delete_team(team)
            store.log(me, "team deleted", team=name)
            return TeamChange(Team(name, ()), False, (), before.members, deleted=True)
        current = _team(store, name).members
        for member in members:
            if member not in current:
                raise NotFound(f"{member!r} is not in team {name!r}")
        for member in members:
            who = store.find_participant(member)
            assert who is not None
            store.remove_team_member(team, who)
        store.log(me, "team changed", team=name, removed=list(members))
    return TeamChange(_team(store, name), False, (), tuple(members))


def teams(store: Store) -> list[Team]:
    return store.teams()
