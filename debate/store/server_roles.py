"""The store's SQL for who may do what on a server: the logins granted a role, the
participant each acts as, and the grants themselves.

The rules live in the server (PostgreSQL migration 0002: roles, grants, row-level
security and a trigger); this module only asks the server to grant and revoke,
through the migration's functions, and reads back what it holds. A SQLite file
has no roles: one file is one trust domain.
"""

from __future__ import annotations

from debate.errors import NotAllowed
from debate.models import Access, LoginGrant, Role
from debate.store.base import StoreBase
from debate.store.guards import now, writes

ONLY_ON_A_SERVER = (
    "roles apply only on a PostgreSQL store: a SQLite file is one trust domain, "
    "where --as says who acts"
)


class ServerRoles(StoreBase):
    def on_a_server(self) -> Access:
        """What the login may do; refused on SQLite, which has no roles."""
        if self.access is None:
            raise NotAllowed(ONLY_ON_A_SERVER)
        return self.access

    def login_exists(self, login: str) -> bool:
        """A PostgreSQL role of that name that may log in."""
        self.on_a_server()
        row = self._one("SELECT rolcanlogin FROM pg_roles WHERE rolname = ?", [login])
        return bool(row and row[0])

    def may_create_roles(self) -> bool:
        """The login may make roles (CREATEROLE, or a superuser)."""
        self.on_a_server()
        row = self._one(
            "SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user"
        )
        return bool(row and row[0])

    @writes
    def grant_role(self, login: str, role: Role, participant: int) -> None:
        """Give the login this role (in place of any other) and the participant it acts as."""
        granted_by = self.on_a_server().login
        self._run("SELECT debate_grant(?, ?)", [login, role])
        self._run(
            "INSERT INTO logins (login, participant_id, granted_by, granted_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (login) DO UPDATE SET "
            "participant_id = excluded.participant_id, granted_by = excluded.granted_by, "
            "granted_at = excluded.granted_at",
            [login, participant, granted_by, now()],
        )

    @writes
    def revoke_role(self, login: str) -> None:
        self.on_a_server()
        self._run("SELECT debate_revoke(?)", [login])
        self._run("DELETE FROM logins WHERE login = ?", [login])

    def logins(self) -> list[LoginGrant]:
        """Every login granted a role here, by login."""
        self.on_a_server()
        rows = self._all(
            """
            SELECT l.login, debate_role_of(l.login), p.name, l.granted_by, l.granted_at
            FROM logins l JOIN participants granted ON granted.id = l.participant_id
            -- a participant merged into another acts as that one
            JOIN participants p ON p.id = COALESCE(granted.merged_into, granted.id)
            ORDER BY l.login
            """
        )
        return [LoginGrant(r[0], r[1], r[2], r[3], r[4]) for r in rows]
