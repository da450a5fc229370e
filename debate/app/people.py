"""Use cases for the people in a debate: list, rename, merge.

People become participants when they first add or vote (`--as NAME`). A typo
in `--as` makes a new one; `merge` folds it into the right one, keeping every
event as it was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from debate.core import validate
from debate.errors import Conflict, NotFound
from debate.models import Participant
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
