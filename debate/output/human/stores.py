"""Views of whole stores: db info, db logins and the demo."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from debate.models import (
    LoginGrant,
    StoreInfo,
)
from debate.output.human.common import indented, shown, stdout, user
from debate.output.human.tree import weighted_trees
from debate.output.messages import message, source_added

if TYPE_CHECKING:
    from debate.app.demo import DemoLoaded


def logins(rows: list[LoginGrant]) -> None:
    if not rows:
        message(
            "No login has a role yet: a moderator gives one with "
            "`debate db grant LOGIN --role ROLE`."
        )
        return
    table = Table("login", "role", "participant", "granted by", "since", box=None)
    for g in rows:
        table.add_row(
            user(g.login), g.role or "", user(g.participant), user(g.granted_by), g.granted_at
        )
    indented(stdout(), table, 0)


def store_info(info: StoreInfo) -> None:
    rows = [
        (
            "engine",
            f"{'SQLite' if info.engine == 'sqlite' else 'PostgreSQL'} {info.server_version}",
        ),
        ("schema", f"version {info.schema_version} ({info.migration or 'none'})"),
        ("store", info.path),
        ("claims", f"{info.claims:,}"),
        ("quotes", f"{info.quotes:,}"),
        ("sources", f"{info.sources:,}"),
        ("votes", f"{info.votes:,}"),
        ("participants", f"{info.participants:,}"),
    ]
    if info.access:
        a = info.access
        acting = f", acting as {a.participant}" if a.participant else ""
        rows.append(("login", f"{a.login} ({a.standing or 'no role'}{acting})"))
    table = Table(box=None, show_header=False)
    for name, value in rows:
        table.add_row(name, shown(value))
    indented(stdout(), table, 0)


def demo_loaded(store: str, loaded: DemoLoaded, *, plain: bool) -> None:
    done = "Loaded the demo debate into" if loaded.created else "The demo debate is already in"
    message(f"{done} {store}")
    for attached in loaded.attached:
        source_added(attached)
    weighted_trees(loaded.tree, plain=plain)
    n = loaded.thesis
    message(
        f"To work on it: export DEBATE_DB={store}   then: debate show {n}, debate export {n}, "
        "debate transcript 1 (its seminar debate)"
    )
