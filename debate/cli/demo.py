"""Commands about stores: demo (the seed debate, in a store of its own), and db path,
info, repair and copy."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from debate.cli.invocation import (
    Invocation,
    demo_db_path,
    reads_store,
    resolve_actor,
    resolve_db_path,
    writes_store,
)
from debate.cli.options import CONTEXT_SETTINGS, db_option, json_option
from debate.cli.output import emit, emit_json, json_output, render
from debate.output import messages

if TYPE_CHECKING:
    from debate.models import Role


@click.command("demo", context_settings=CONTEXT_SETTINGS)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    help="Load it into this store. Default: demo.db in the user's app directory.",
)
@click.option("--as", "actor", envvar="DEBATE_USER", metavar="NAME", help="Who attaches texts.")
@click.option(
    "--texts",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Folder with the demo's source texts: attach them and verify every quote.",
)
@click.option("--ascii", "ascii_only", is_flag=True, help="Plain ASCII tree.")
@json_option
def demo(
    db_path: str | None, actor: str | None, texts: Path | None, ascii_only: bool, as_json: bool
) -> None:
    """Load the seed debate "The Sino-Russian partnership is thick" and print its tree.

    It goes into a demo store of its own (not your working store), unless --db
    names one. Loading it twice adds nothing the second time.
    """
    from debate.app import demo as demo_seed
    from debate.app import weighing
    from debate.output import human as render
    from debate.store import Store

    if texts is not None:
        demo_seed.text_files(texts)  # refuse a wrong folder before any store is made
    path = resolve_db_path(db_path) if db_path else demo_db_path()
    if not db_path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    with Store.open(path) as store:
        path = store.where
        loaded = demo_seed.load(store, resolve_actor(actor), texts)
        result = weighing.weighted_trees(store, loaded.thesis)
        if as_json:
            emit_json(json_output.demo(str(path), loaded, result.items[0]))
            return
        done = "Loaded the demo debate into" if loaded.created else "The demo debate is already in"
        messages.message(f"{done} {path}")
        for attached in loaded.attached:
            messages.source_added(attached)
        render.weighted_trees(result, plain=ascii_only)
        n = loaded.thesis
        messages.message(
            f"To work on it: export DEBATE_DB={path}   then: debate show {n}, debate export {n}, "
            "debate transcript 1 (its seminar debate)"
        )


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
    info = call.store.info()
    emit(as_json, lambda: json_output.store_info(info), lambda: render.store_info(info))


@db.command("repair", context_settings=CONTEXT_SETTINGS)
@json_option
@writes_store
def db_repair(call: Invocation, as_json: bool) -> None:
    """Score every claim and quote again from scratch: the τ, w and σ the store keeps
    for everyone's votes (they are kept up to date on every write; this is for a
    store someone changed by hand)."""
    with call.store.transaction():
        scored = call.store.rebuild_kept_scores()
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
    if as_json:
        emit_json(json_output.copied(report))
        return
    info = report.info
    if report.created:
        messages.message(f"Created a new store at {report.target}.")
    messages.message(
        f"Copied {messages.count(info.claims, 'claim')}, {messages.count(info.quotes, 'quote')}, "
        f"{messages.count(info.sources, 'source')}, {messages.count(info.votes, 'vote')} and "
        f"{messages.count(info.participants, 'participant')} from {report.source} "
        f"to {report.target}."
    )


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


COMMANDS = [demo, db]
