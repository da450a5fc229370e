"""--json documents of demo and the db commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from debate.models import (
    StoreInfo,
)
from debate.output.json.common import Document, tree

if TYPE_CHECKING:
    from debate.app.admin import CopyReport
    from debate.app.demo import DemoLoaded
    from debate.app.roles import Granted, Revoked
    from debate.models import LoginGrant


def store_path(path: str, exists: bool | None) -> Document:
    return {"store": path, "exists": exists}


def repaired(scored: int) -> Document:
    return {"scored": scored}


def demo(store: str, loaded: DemoLoaded) -> Document:
    return {
        "store": store,
        "created": loaded.created,
        "thesis": loaded.thesis,
        "verified": sum(a.verified for a in loaded.attached),
        "tree": tree(loaded.tree.items[0]),
    }


def copied(report: CopyReport) -> Document:
    return {
        "from": report.source,
        "to": report.target,
        "created": report.created,
        "rows": dict(report.rows),
        # What the copy holds; the store and who is connected to it are said above.
        **{
            k: v
            for k, v in store_info(report.info).items()
            if k not in ("store", "login", "role", "participant")
        },
    }


def login_grant(g: LoginGrant) -> Document:
    return {
        "login": g.login,
        "role": g.role,
        "participant": g.participant,
        "granted_by": g.granted_by,
        "granted_at": g.granted_at,
    }


def granted(r: Granted) -> Document:
    return {**login_grant(r.grant), "previous_role": r.previous}


def revoked(r: Revoked) -> Document:
    return {"login": r.login, "role": None, "previous_role": r.role}


def store_info(info: StoreInfo) -> Document:
    return {
        "engine": info.engine,
        "server_version": info.server_version,
        "schema_version": info.schema_version,
        "migration": info.migration,
        "store": info.path,
        "claims": info.claims,
        "quotes": info.quotes,
        "sources": info.sources,
        "votes": info.votes,
        "participants": info.participants,
        # On a server: who is connected, and what they may do (None on SQLite).
        "login": info.access.login if info.access else None,
        "role": info.access.standing if info.access else None,
        "participant": info.access.participant if info.access else None,
    }
