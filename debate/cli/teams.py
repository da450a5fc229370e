"""Commands for teams, the named groups behind `--perspective team:NAME`."""

from __future__ import annotations

import click

from debate.cli.invocation import Invocation, reads_store, writes_store
from debate.cli.options import CONTEXT_SETTINGS, json_option
from debate.cli.output import emit, json_output, render
from debate.output import messages


@click.group(context_settings=CONTEXT_SETTINGS)
def team() -> None:
    """Named groups of participants, for `--perspective team:NAME`."""


@team.command("add", context_settings=CONTEXT_SETTINGS)
@click.argument("name")
@click.argument("members", nargs=-1, required=True)
@json_option
@writes_store
def team_add(call: Invocation, name: str, members: tuple[str, ...], as_json: bool) -> None:
    """Create team NAME if needed and add MEMBERS (participants who have added or voted)."""
    from debate.app import perspectives

    change = perspectives.team_add(call.store, call.actor, name, list(members))
    emit(as_json, lambda: json_output.team_change(change), lambda: messages.team_changed(change))


@team.command("remove", context_settings=CONTEXT_SETTINGS)
@click.argument("name")
@click.argument("members", nargs=-1)
@json_option
@writes_store
def team_remove(call: Invocation, name: str, members: tuple[str, ...], as_json: bool) -> None:
    """Remove MEMBERS from team NAME, or delete the team when no member is named."""
    from debate.app import perspectives

    change = perspectives.team_remove(call.store, call.actor, name, list(members))
    emit(as_json, lambda: json_output.team_change(change), lambda: messages.team_changed(change))


@team.command("list", context_settings=CONTEXT_SETTINGS)
@json_option
@reads_store
def team_list(call: Invocation, as_json: bool) -> None:
    """List the teams and their members."""
    from debate.app import perspectives

    teams = perspectives.teams(call.store)
    emit(as_json, lambda: [json_output.team(t) for t in teams], lambda: render.team_list(teams))


COMMANDS = [team]
