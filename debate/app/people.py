"""Use cases for the people in a debate: list, rename, merge, and teams (add,
remove, list: the groups behind `--perspective team:NAME`).

People become participants when they first add or vote (`--as NAME`). A typo
in `--as` makes a new one; `merge` folds it into the right one, keeping every
event as it was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from debate.core import validate
from debate.core.perspective import ALL
from debate.errors import Conflict, InvalidInput, NotFound
from debate.models import Participant, Team
from debate.store import Store


def participants(store: Store) -> list[Participant]:
    return store.participants()


def _existing(store: Store, name: str) -> int:
    who = store.find_participant(name)
    if who is None:
        known = ", ".join(store.participant_names().values()) or "none yet"
        raise NotFound(f"no participant named {name!r} (participants: {known})")
    return who


@dataclass(frozen=True)
class Renamed:
    old: str
    new: str


def rename(store: Store, actor: str, old: str, new: str) -> Renamed:
    new = validate.name(new, "the new name")
    with store.transaction():
        who = _existing(store, old)
        if store.participant_names().get(who) != old:
            raise Conflict(f"{old!r} was merged into another participant; rename that one")
        if store.find_participant(new) is not None:
            raise Conflict(
                f"there is already a participant named {new!r}; "
                f"to make them one: debate participant merge {old!r} {new!r}"
            )
        me = store.participant_id(actor)
        store.rename_participant(who, new)
        store.log(me, "participant renamed", old=old, new=new)
    return Renamed(old, new)


@dataclass(frozen=True)
class Merged:
    source: str
    target: str
    participant: Participant  # the target afterwards


def merge(store: Store, actor: str, source: str, target: str) -> Merged:
    """Fold participant `source` into `target`: votes, claims, quotes, teams.

    Where both voted on the same node, the more recent vote stays.
    """
    with store.transaction():
        a, b = _existing(store, source), _existing(store, target)
        if a == b:
            raise Conflict(f"{source!r} and {target!r} are already one participant")
        me = store.participant_id(actor)
        store.merge_participant(a, b)
        store.log(me, "participant merged", merged=source, into=target)
    after = next(p for p in store.participants() if p.id == b)
    return Merged(source, target, after)


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
