"""The rules every use case shares, each in one place: who acts, what may be built
on, how slow work done outside the write lock is retried, and the status a quote
is stored under. Not a use case of its own: the use cases (and the adapters, for
who acts) import it, and it imports none of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, TypeVar

from debate.errors import Archived, Conflict, InvalidInput, NotAllowed
from debate.models import Access, Node, QuoteStatus
from debate.store import Store

if TYPE_CHECKING:
    from debate.core.anchoring import Result

Role = Literal["claim", "parent", "node"]
T = TypeVar("T")
RETRIES = 3  # times a command anchors again when the source changed under it


def require_live(store: Store, node_id: int, role: Role = "node") -> Node:
    """The node, if it is live: not archived, and a thesis or under a live claim.

    `role` "claim" or "parent" also requires a claim (quotes have no children).
    """
    node = store.node(node_id)
    if role != "node" and node.kind != "claim":
        what = "" if role == "claim" else "; the parent must be a claim"
        raise InvalidInput(f"#{node_id} is a quote, not a claim{what}")
    if node.archived_at:
        raise Archived(
            f"#{node_id} is archived (`debate claim unarchive {node_id}` brings it back)"
        )
    if not store.is_live(node_id):
        raise Archived(f"#{node_id} hangs only under archived claims")
    return node


def acting(store: Store, name: str, *, given: bool, typed: bool, writes: bool) -> str:
    """Who acts. On a server, a login with a role acts as its participant. Else the
    name given (--as or $DEBATE_USER), else, while a speech is under way and
    something is added, the speaker, else `name` (the login's), or on a server the
    database login's.

    `given`: a name was given; `typed`: it was typed for this command, rather than
    taken from the environment ($DEBATE_USER is a default for files; on a server
    only a typed name claims to be someone)."""
    access = store.access
    if access is not None and access.participant is not None:
        return acting_participant(access, name if typed else None)
    if given:
        return name
    speaker = store.running_speaker() if writes else None
    return speaker or (access.login if access is not None else name)


def acting_participant(access: Access, given: str | None) -> str:
    """On a server, a login acts as its own participant: only the trusted (moderators)
    may name another; the server would refuse it anyway."""
    assert access.participant is not None
    if given is None or given == access.participant:
        return access.participant
    if not access.trusted:
        raise NotAllowed(
            f"the login {access.login!r} acts as participant {access.participant!r} in "
            f"this store; only a moderator may act as someone else (--as {given!r})"
        )
    return given


def retrying(what: str, attempt: Callable[[], T | None]) -> T:
    """Run an optimistic step until it finds the store as it prepared for: the slow
    work is done outside the write lock, and `attempt` returns None when the store
    moved meanwhile."""
    for _ in range(RETRIES):
        done = attempt()
        if done is not None:
            return done
    raise Conflict(f"{what} kept changing while this command ran; try again")


def stored_status(result: Result, confirm: bool = False) -> QuoteStatus:
    """The status a quote is stored under, given how it was anchored: a quote that
    was not found, or needs a confirmation not given, is not stored."""
    if result.status == "verified":
        return "verified"
    if result.status == "verified-with-differences":
        return "verified-with-differences"
    if result.status == "needs-confirmation" and confirm:
        return "confirmed"
    raise ValueError(f"a {result.status} result is not stored")
