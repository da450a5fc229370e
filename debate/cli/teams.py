"""Commands for teams, the named groups behind `--perspective team:NAME`."""

from __future__ import annotations

import click

from debate.cli.options import (
    CONTEXT_SETTINGS,
    Session,
    emit_json,
    json_option,
    reads_store,
    writes_store,
)
from debate.output import messages


@click.group(context_settings=CONTEXT_SETTINGS)
def team() -> None:
    """Named groups of participants, for `--perspective team:NAME`."""


@team.command("add", context_settings=CONTEXT_SETTINGS)
@click.argument("name")
@click.argument("members", nargs=-1, required=True)
@json_option
@writes_store
def team_add(session: Session, name: str, members: tuple[str, ...], as_json: bool) -> None:
    """Create team NAME if needed and add MEMBERS (participants who have added or voted)."""
    from debate.app import perspectives

    change = perspectives.team_add(session.store, session.actor, name, list(members))
    if as_json:
        from debate.output import json as json_output

        emit_json(json_output.team_change(change))
    else:
        messages.team_changed(change)


@team.command("remove", context_settings=CONTEXT_SETTINGS)
@click.argument("name")
@click.argument("members", nargs=-1)
@json_option
@writes_store
def team_remove(session: Session, name: str, members: tuple[str, ...], as_json: bool) -> None:
    """Remove MEMBERS from team NAME, or delete the team when no member is named."""
    from debate.app import perspectives

    change = perspectives.team_remove(session.store, session.actor, name, list(members))
    if as_json:
        from debate.output import json as json_output

        emit_json(json_output.team_change(change))
    else:
        messages.team_changed(change)


@team.command("list", context_settings=CONTEXT_SETTINGS)
@json_option
@reads_store
def team_list(session: Session, as_json: bool) -> None:
    """List the teams and their members."""
    from debate.app import perspectives

    teams = perspectives.teams(session.store)
    if as_json:
        from debate.output import json as json_output

        emit_json([json_output.team(t) for t in teams])
    else:
        from debate.output import human as render

        render.team_list(teams)


COMMANDS = [team]
