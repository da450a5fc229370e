"""Use cases of the room (`debate serve`): the chair's and judges' private links,
which device holds which name, the key that signs the devices' cookies, the
result shown to the room, and what the phones list of a session.

A device is a random id kept in a signed cookie; it holds at most one of the
session's names, and a name is held by one device until the chair releases it.
What a device may then do is what its participant may do (the session's use
cases check that, as they do for the CLI).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

from debate.core import validate
from debate.core.text import readable
from debate.errors import Conflict, InvalidInput, NotAllowed, NotFound
from debate.models import Kind, RoomLink, RoomSeat, Stance, VoteKind
from debate.store import Store

TOKEN_BYTES = 18  # 144 random bits: a link nobody guesses
LinkRole = Literal["chair", "judge"]


def new_device() -> str:
    """A device's id, or a link's token: random, never guessed."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def cookie_key(store: Store) -> str:
    """The store's key for signing cookies, made on first use (and kept, so that a
    restarted server, or a second one, knows the room's devices)."""
    kept = store.room_key()
    if kept is not None:
        return kept
    with store.transaction():
        return store.keep_room_key(secrets.token_urlsafe(32))


def room_code(store: Store, session_id: int) -> str:
    """The session's short room code: in the join address (its QR code) and on the
    projector, so that only those in the room join (like a game PIN). Made from the
    store's cookie key, so every server over the store gives the same one."""
    import base64
    import hashlib
    import hmac

    store.session(session_id)
    digest = hmac.new(cookie_key(store).encode(), f"room {session_id}".encode(), hashlib.sha256)
    return base64.b32encode(digest.digest()).decode()[:CODE_LENGTH]


def code_is_right(given: str, code: str) -> bool:
    import hmac

    return hmac.compare_digest(given.strip().upper().encode(), code.encode())


CODE_LENGTH = 6  # 30 bits: not guessed by a neighbour, typed in a few seconds


# -- the private links ---------------------------------------------------------------------


def links(store: Store, session_id: int, *, new: bool = False) -> list[RoomLink]:
    """The chair's link and each judge's, made when missing; with `new`, all made
    again, so that every earlier link stops working.

    The chair's link belongs to the session's chair, or to whoever made the session
    when it names none."""
    with store.transaction():
        record = store.session(session_id)
        people = store.session_people(session_id)
        chairs = [p.participant for p in people if p.role == "chair"] or [record.created_by]
        wanted: list[tuple[str, LinkRole]] = [(chairs[0], "chair")]
        wanted += [(p.participant, "judge") for p in people if p.role == "judge"]
        kept = {(k.participant, k.role): k.token for k in store.room_links(session_id)}
        if new or any(w not in kept for w in wanted) or len(kept) != len(wanted):
            tokens = {w: (kept.get(w) if not new else None) or new_device() for w in wanted}
            store.replace_room_links(
                session_id,
                [(store.participant_id(name), role, tokens[name, role]) for name, role in wanted],
            )
        return store.room_links(session_id)


def _lists_its_audience(store: Store, session_id: int) -> bool:
    return any(p.role == "audience" for p in store.session_people(session_id))


@dataclass(frozen=True)
class Room:
    """What the room's addresses need: its code and the private links."""

    code: str
    links: tuple[RoomLink, ...]


def open_room(
    store: Store, session_id: int, *, new_links: bool = False, anonymous: bool = False
) -> Room:
    """What `debate serve` (and `session links`) need: the room code and the private
    links (made, or made anew); refused for a session that is not there, or, with
    `anonymous`, one that lists its audience by name."""
    if anonymous and _lists_its_audience(store, session_id):
        raise InvalidInput(
            f"session {session_id} lists its audience by name: serve it without --anonymous"
        )
    made = tuple(links(store, session_id, new=new_links))
    return Room(room_code(store, session_id), made)


def link(store: Store, session_id: int, token: str, role: LinkRole) -> RoomLink:
    """Whose link this is; refused unless it is a current link of this kind."""
    found = store.room_link(token) if token else None
    if found is None or found.session != session_id or found.role != role:
        raise NotAllowed(f"this is not a {role}'s link of session {session_id} (or no longer)")
    return found


# -- names and devices -----------------------------------------------------------------------


@dataclass(frozen=True)
class Names:
    """The names a device may join under, and those other devices hold."""

    listed: tuple[str, ...]  # the audience and the speakers, when the session lists an audience
    free: bool  # no audience list: any name not kept for a judge or the chair
    taken: frozenset[str]


def names(store: Store, session_id: int) -> Names:
    people = store.session_people(session_id)
    audience = [p.participant for p in people if p.role == "audience"]
    speakers = [p.participant for p in people if p.role == "speaker"]
    taken = frozenset(s.participant for s in store.room_seats(session_id))
    return Names(tuple(audience + speakers) if audience else tuple(speakers), not audience, taken)


def seated(store: Store, session_id: int, device: str) -> str | None:
    """The name the device holds in the session, if any."""
    return store.seated(session_id, device) if device else None


def seats(store: Store, session_id: int) -> list[RoomSeat]:
    store.session(session_id)
    return store.room_seats(session_id)


def join(store: Store, session_id: int, device: str, name: str) -> str:
    """The device holds `name` from now on (and gives up any other it held)."""
    name = validate.name(name, "your name")
    with store.transaction():
        store.session(session_id)
        people = store.session_people(session_id)
        for p in people:
            if p.participant == name and p.role in ("chair", "judge"):
                raise NotAllowed(
                    f"{name!r} {'chairs' if p.role == 'chair' else 'judges'} this session: "
                    "use the private link the chair gave you"
                )
        listed = names(store, session_id)
        if not listed.free and name not in listed.listed:
            raise NotFound(f"{name!r} is not on session {session_id}'s list: pick your name")
        try:
            store.take_seat(session_id, store.participant_id(name), device)
        except Conflict:
            raise Conflict(
                f"{name!r} is taken on another device; the chair can release it"
            ) from None
    return name


ANONYMOUS = "anonymous "  # and a part of the device's id, hashed: a name nobody chose


def join_anonymously(store: Store, session_id: int, device: str) -> str:
    """The device takes part with no name of a person: its polls and votes are one
    per device, under a name made from its id (the same id, the same name)."""
    import hashlib

    name = ANONYMOUS + hashlib.sha256(device.encode()).hexdigest()[:10]
    with store.transaction():
        if _lists_its_audience(store, session_id):
            raise NotAllowed(f"session {session_id} lists its audience by name: give yours")
        store.take_seat(session_id, store.participant_id(name), device)
    return name


@contextmanager
def as_device(store: Store, session_id: int, name: str) -> Iterator[None]:
    """What a device writes in here is written with no more rights than its
    participant has in the session: a judge's as a judge, anyone else's as the
    audience. On a server with roles, the server enforces it (its grants, row-level
    security and checks, as for that member's own login); elsewhere there are no
    roles to keep to, and the use cases' own checks are all there is."""
    if not store.has_roles:
        yield
        return
    who = store.find_participant(name)
    if who is None:
        raise NotFound(f"no participant named {name!r}")
    judges = {p.participant for p in store.session_people(session_id) if p.role == "judge"}
    with store.acting_for(who, "judge" if name in judges else "audience"):
        yield


def release(store: Store, session_id: int, name: str) -> bool:
    """Free a name for another device; whether a device held it."""
    with store.transaction():
        store.session(session_id)
        who = store.find_participant(name)
        if who is None:
            raise NotFound(f"no participant named {name!r}")
        return store.release_seat(session_id, who)


# -- the result, shown ---------------------------------------------------------------------------


def reveal(store: Store, session_id: int) -> None:
    """Show the room the result (the phones and the projector): once the session has
    ended, and for good."""
    with store.transaction():
        if store.session(session_id).state != "ended":
            raise Conflict("the result is shown when the session has ended")
        store.reveal(session_id)


def revealed(store: Store, session_id: int) -> bool:
    return store.revealed_at(session_id) is not None


# -- what the phones list --------------------------------------------------------------------------


@dataclass(frozen=True)
class Said:
    """A claim or quote added in one of the session's speeches, for the room to vote on."""

    node: int
    kind: Kind
    text: str  # as people read it
    speech: int  # from 0
    parent: int | None
    stance: Stance | None
    mine: tuple[tuple[VoteKind, int], ...]  # the device's own votes on it


MAX_SAID = 60  # the newest; a phone lists no more


def said(store: Store, session_id: int, participant: str | None) -> list[Said]:
    """The claims and quotes added in the session's speeches, newest first, with the
    participant's own votes on each."""
    store.session(session_id)
    rows = store.said_in_session(session_id, MAX_SAID)
    nodes = store.nodes([r[0] for r in rows])
    mine = store.own_votes(participant, [r[0] for r in rows]) if participant else {}
    out = []
    for node_id, speech, parent, stance in rows:
        node = nodes.get(node_id)
        if node is None or node.archived_at:
            continue
        text = readable(node.text) if node.kind == "quote" else node.text
        out.append(Said(node_id, node.kind, text, speech, parent, stance, mine.get(node_id, ())))
    return out


def poll_answers_of(store: Store, session_id: int, name: str) -> dict[str, str]:
    """The participant's current answers to the session's polls, by phase."""
    return {
        a.phase: a.answer
        for a in store.poll_answers(session_id)
        if a.is_current and a.participant == name
    }


def check_vote_value(kind: str, value: str) -> tuple[VoteKind, int]:
    """A vote as a form posts it: the kind, and the value as text."""
    if kind not in ("accept", "impact"):
        raise InvalidInput(f"{kind[:20]!r} is not a kind of vote (accept or impact)")
    try:
        number = int(value)
    except ValueError:
        raise InvalidInput(f"{value[:20]!r} is not a vote") from None
    return kind, number  # type: ignore[return-value]
