"""Use cases for who may do what in a store on a PostgreSQL server: grant a login a
role, revoke it, list the logins.

The server enforces the roles (see migrations/postgresql/0002_roles.sql); these
checks come first only to say plainly what is wrong. On SQLite there are no
roles: one file is one trust domain, where --as says who acts.
"""

from __future__ import annotations

from typing import NamedTuple

from debate.core import validate
from debate.errors import NotAllowed, NotFound
from debate.models import Access, LoginGrant, Role
from debate.store import Store


class Granted(NamedTuple):
    grant: LoginGrant
    previous: Role | None  # the role it had before; None: none


class Revoked(NamedTuple):
    login: str
    role: Role | None  # the role it had


def _moderator(store: Store, what: str) -> Access:
    """The acting login, which must be trusted to change roles."""
    access = store.on_a_server()
    if not access.trusted:
        raise NotAllowed(
            f"only a moderator may {what} (the login {access.login!r} is "
            f"{access.role or 'without a role'} here)"
        )
    return access


def _current(store: Store, login: str) -> LoginGrant | None:
    return next((g for g in store.logins() if g.login == login), None)


def grant(
    store: Store, actor: str, login: str, role: Role, participant: str | None = None
) -> Granted:
    """Give `login` the role, acting as `participant` (by default, a participant named
    like the login, made if new). A login granted again changes role."""
    login = validate.name(login, "the login")
    name = validate.name(participant, "the participant") if participant else login
    with store.transaction():
        access = _moderator(store, "grant roles")
        if not access.roles_made and not store.may_create_roles():
            raise NotAllowed(
                "the first grant in a store makes its four roles, which needs CREATEROLE: "
                f'a database administrator runs it, or gives it: ALTER ROLE "{access.login}" '
                "CREATEROLE"
            )
        if not store.login_exists(login):
            raise NotFound(
                f"there is no PostgreSQL login {login!r}; a database administrator "
                f"makes one: CREATE ROLE \"{login}\" LOGIN PASSWORD '…'"
            )
        before = _current(store, login)
        who = store.participant_id(name)
        store.grant_role(login, role, who)
        store.log(store.participant_id(actor), "role granted", login=login, role=role)
        after = _current(store, login)
    assert after is not None
    return Granted(after, before.role if before else None)


def revoke(store: Store, actor: str, login: str) -> Revoked:
    """Take away the login's role: it can no longer use the store."""
    with store.transaction():
        _moderator(store, "revoke roles")
        before = _current(store, login)
        if before is None:
            known = ", ".join(g.login for g in store.logins()) or "none yet"
            raise NotFound(f"the login {login!r} has no role here (logins with one: {known})")
        store.revoke_role(login)
        store.log(store.participant_id(actor), "role revoked", login=login, role=before.role)
    return Revoked(login, before.role)


def logins(store: Store) -> list[LoginGrant]:
    return store.logins()
