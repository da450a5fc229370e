"""The `db` commands: where the store is, what it holds, repairing and copying it,
and who may do what in a store on a PostgreSQL server."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from debate.cli.invocation import (
    Invocation,
    reads_store,
    resolve_db_path,
    writes_store,
)
from debate.cli.options import CONTEXT_SETTINGS, db_option, json_option
from debate.cli.output import emit, json_output, render
from debate.output import messages

if TYPE_CHECKING:
    from debate.models import Role


@click.group(context_settings=CONTEXT_SETTINGS)
def db() -> None:
    """The store: where it is, what it holds, repairing and copying it."""


@db.command("path", context_settings=CONTEXT_SETTINGS)
@db_option
@json_option
def db_path(db_path: str | None, as_json: bool) -> None:
    """Print the store that commands use: its path, or its URL without the password."""
    path = resolve_db_path(db_path)
    if isinstance(path, str):
        from debate.store.address import shown

        where, exists = shown(path), None  # a server is not asked, only named
    else:
        where, exists = str(path), path.exists()
    emit(as_json, lambda: json_output.store_path(where, exists), lambda: click.echo(where))


@db.command("info", context_settings=CONTEXT_SETTINGS)
@json_option
@reads_store
def db_info(call: Invocation, as_json: bool) -> None:
    """The store's engine and its version, the schema's version, and how many
    claims, quotes, sources, votes and participants it holds."""
    from debate.app import admin

    info = admin.info(call.store)
    emit(as_json, lambda: json_output.store_info(info), lambda: render.store_info(info))


@db.command("repair", context_settings=CONTEXT_SETTINGS)
@json_option
@writes_store
def db_repair(call: Invocation, as_json: bool) -> None:
    """Score every claim and quote again from scratch: the τ, w and σ the store keeps
    for everyone's votes (they are kept up to date on every write; this is for a
    store someone changed by hand)."""
    from debate.app import admin

    scored = admin.repair(call.store)
    emit(
        as_json,
        lambda: json_output.repaired(scored),
        lambda: messages.message(f"Scored {messages.count(scored, 'claim and quote')} again."),
    )


@db.command("copy", context_settings=CONTEXT_SETTINGS)
@click.argument("source", metavar="SRC")
@click.argument("target", metavar="DST")
@json_option
def db_copy(source: str, target: str, as_json: bool) -> None:
    """Copy a whole store into a new one: a file or a postgresql:// URL each, so
    SQLite → PostgreSQL when a group outgrows its file, and back to take a debate
    home. Every row goes across, ids and history included, in one transaction: the
    copy is whole or not made. DST must be new or empty."""
    from debate.app import admin

    report = admin.copy_store(resolve_db_path(source), resolve_db_path(target))
    emit(as_json, lambda: json_output.copied(report), lambda: messages.copied(report))


# models.ROLES, written out: importing models would slow every `db` command's start.
ROLE_CHOICE = click.Choice(["moderator", "debater", "judge", "audience"])


@db.command("grant", context_settings=CONTEXT_SETTINGS)
@click.argument("login")
@click.option(
    "--role",
    type=ROLE_CHOICE,
    required=True,
    help="moderator: everything; debater: adds claims, quotes and links, changes only "
    "their own; judge: votes, polls and ballots; audience: votes and polls. Each votes "
    "only as themselves.",
)
@click.option(
    "--participant",
    metavar="NAME",
    help="The participant the login acts as. Default: one named like the login.",
)
@json_option
@writes_store
def db_grant(
    call: Invocation, login: str, role: Role, participant: str | None, as_json: bool
) -> None:
    """Give PostgreSQL login LOGIN a role in this store, in place of any it had; the
    server then enforces it, psql included (PostgreSQL only; a moderator runs it, and
    the first grant in a store needs CREATEROLE)."""
    from debate.app import roles

    result = roles.grant(call.store, call.actor, login, role, participant)
    emit(as_json, lambda: json_output.granted(result), lambda: messages.granted(result))


@db.command("revoke", context_settings=CONTEXT_SETTINGS)
@click.argument("login")
@json_option
@writes_store
def db_revoke(call: Invocation, login: str, as_json: bool) -> None:
    """Take away LOGIN's role in this store: it can no longer use it (PostgreSQL only;
    a moderator runs it). What it did stays, under its participant."""
    from debate.app import roles

    result = roles.revoke(call.store, call.actor, login)
    emit(as_json, lambda: json_output.revoked(result), lambda: messages.revoked(result))


@db.command("logins", context_settings=CONTEXT_SETTINGS)
@json_option
@reads_store
def db_logins(call: Invocation, as_json: bool) -> None:
    """List the logins with a role in this store, and the participant each acts as
    (PostgreSQL only)."""
    from debate.app import roles

    rows = roles.logins(call.store)
    emit(as_json, lambda: [json_output.login_grant(g) for g in rows], lambda: render.logins(rows))


COMMANDS = [db]
