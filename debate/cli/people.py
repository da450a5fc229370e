"""Commands for the people in a debate: participant list, rename, merge, and the
teams (named groups of participants, for --perspective team:NAME)."""

from __future__ import annotations

import click

from debate.cli.invocation import Invocation, reads_store, writes_store
from debate.cli.options import CONTEXT_SETTINGS, json_option
from debate.cli.output import emit, json_output, render
from debate.output import messages


@click.group(context_settings=CONTEXT_SETTINGS)
def participant() -> None:
    """The people who add and vote: list them, rename one, merge a typo into the right one."""


@participant.command("list", context_settings=CONTEXT_SETTINGS)
@json_option
@reads_store
def participant_list(call: Invocation, as_json: bool) -> None:
    """List the participants with what they added and how many votes they hold."""
    from debate.app import people

    rows = people.participants(call.store)
    emit(
        as_json,
        lambda: [json_output.participant(p) for p in rows],
        lambda: render.participants(rows),
    )


@participant.command("rename", context_settings=CONTEXT_SETTINGS)
@click.argument("old")
@click.argument("new")
@json_option
@writes_store
def participant_rename(call: Invocation, old: str, new: str, as_json: bool) -> None:
    """Rename participant OLD to NEW (the history keeps the old name in its events)."""
    from debate.app import people

    result = people.rename(call.store, call.actor, old, new)
    emit(as_json, lambda: json_output.renamed(result), lambda: messages.renamed(result))


@participant.command("merge", context_settings=CONTEXT_SETTINGS)
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="INTO")
@json_option
@writes_store
def participant_merge(call: Invocation, source: str, target: str, as_json: bool) -> None:
    """Merge participant FROM (say, a typo in --as) into INTO: votes, claims, quotes and
    teams move over; where both voted on one node the later vote stays; the history
    keeps who did what. FROM then stands for INTO in --as."""
    from debate.app import people

    result = people.merge(call.store, call.actor, source, target)
    emit(as_json, lambda: json_output.merged(result), lambda: messages.merged(result))


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
    from debate.app import people

    change = people.team_add(call.store, call.actor, name, list(members))
    emit(as_json, lambda: json_output.team_change(change), lambda: messages.team_changed(change))


@team.command("remove", context_settings=CONTEXT_SETTINGS)
@click.argument("name")
@click.argument("members", nargs=-1)
@json_option
@writes_store
def team_remove(call: Invocation, name: str, members: tuple[str, ...], as_json: bool) -> None:
    """Remove MEMBERS from team NAME, or delete the team when no member is named."""
    from debate.app import people

    change = people.team_remove(call.store, call.actor, name, list(members))
    emit(as_json, lambda: json_output.team_change(change), lambda: messages.team_changed(change))


@team.command("list", context_settings=CONTEXT_SETTINGS)
@json_option
@reads_store
def team_list(call: Invocation, as_json: bool) -> None:
    """List the teams and their members."""
    from debate.app import people

    teams = people.teams(call.store)
    emit(as_json, lambda: [json_output.team(t) for t in teams], lambda: render.team_list(teams))


COMMANDS = [participant, team]
