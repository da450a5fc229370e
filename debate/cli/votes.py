"""Commands for votes: vote (one claim, or a thesis's claims in turn) and votes."""

from __future__ import annotations

import click

from debate.cli.invocation import Invocation, reads_store, writes_store
from debate.cli.options import CONTEXT_SETTINGS, NODE_ID, Number, json_option, no_input_option
from debate.cli.output import emit, emit_json, json_output, render
from debate.models import ACCEPT_RANGE, IMPACT_RANGE
from debate.output import messages

ACCEPT = Number(*ACCEPT_RANGE, "an acceptance vote")
IMPACT = Number(*IMPACT_RANGE, "an impact vote")


def _ask_votes(call: Invocation, node_id: int) -> tuple[int, int | None]:
    from debate.app import votes
    from debate.cli import prompts

    accept = prompts.number(
        f"How far do you accept #{node_id}? {ACCEPT_RANGE[0]} (strongly disagree) … "
        f"{ACCEPT_RANGE[1]} (strongly agree):",
        *ACCEPT_RANGE,
    )
    assert accept is not None
    impact = None
    if votes.takes_impact(call.store, node_id):
        impact = prompts.number(
            f"How much does #{node_id} bear on its parent? {IMPACT_RANGE[0]} (irrelevant) … "
            f"{IMPACT_RANGE[1]} (decisive), empty for no impact vote:",
            *IMPACT_RANGE,
            optional=True,
        )
    return accept, impact


def _guided_vote(call: Invocation, thesis: int | None, as_json: bool) -> None:
    from debate.app import votes
    from debate.cli import prompts
    from debate.core.text import readable

    if thesis is None:
        raise click.UsageError("--guided needs the thesis: debate vote --guided THESIS")
    if not call.can_prompt():
        raise click.UsageError(
            "--guided asks on a terminal; without one, vote claim by claim: "
            "debate vote N --accept V [--impact I] (debate tree THESIS lists them)"
        )
    items = votes.unvoted(call.store, call.actor, thesis)
    if not items:
        messages.message(f"You have voted on every claim under #{thesis}.")

    def ask(i: int, item: votes.Unvoted) -> votes.Answer | None:
        node = item.node
        what = "quote" if node.kind == "quote" else "claim"
        about = "the thesis" if item.parent is None else f"a {item.stance} of #{item.parent.id}"
        heading = f"#{node.id}, {what}, {about}:"
        text = readable(node.text) if node.kind == "quote" else node.text
        return prompts.guided_vote(f"[{i}/{len(items)}]", heading, text, item.parent is not None)

    cast = []
    for node_id, changes in votes.vote_in_turn(call.store, call.actor, items, ask):
        cast.append((node_id, changes))
        if not as_json:
            messages.votes_cast(node_id, changes)
    if as_json:
        emit_json([json_output.vote_changes(n, call.actor, c) for n, c in cast])


@click.command("vote", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="N", type=NODE_ID, required=False)
@click.option(
    "--accept",
    type=ACCEPT,
    metavar="V",
    help=f"How far you accept N: {ACCEPT_RANGE[0]} (strongly disagree) … {ACCEPT_RANGE[1]}.",
)
@click.option("--agree", is_flag=True, help="Same as --accept 1.")
@click.option("--disagree", is_flag=True, help="Same as --accept -1.")
@click.option(
    "--impact",
    type=IMPACT,
    metavar="I",
    help=f"How much N bears on its parent: {IMPACT_RANGE[0]} (irrelevant) … {IMPACT_RANGE[1]} "
    "(decisive).",
)
@click.option("--withdraw", is_flag=True, help="Take back your votes on N.")
@click.option(
    "--guided",
    is_flag=True,
    help="N is a thesis: be asked about every claim under it you have not voted on.",
)
@json_option
@no_input_option
@writes_store
def vote(
    call: Invocation,
    node_id: int | None,
    accept: int | None,
    agree: bool,
    disagree: bool,
    impact: int | None,
    withdraw: bool,
    guided: bool,
    as_json: bool,
) -> None:
    """Vote on claim or quote N. Voting again replaces your vote; --withdraw takes it back;
    --guided walks you through a thesis's claims you have not voted on."""
    from debate.app import votes

    if guided:
        if withdraw or agree or disagree or accept is not None or impact is not None:
            raise click.UsageError("--guided asks for each vote; give it with THESIS only")
        _guided_vote(call, node_id, as_json)
        return

    if sum([accept is not None, agree, disagree]) > 1:
        raise click.UsageError("give only one of --accept, --agree and --disagree")
    if withdraw and (accept is not None or agree or disagree or impact is not None):
        raise click.UsageError("--withdraw takes back your votes; give it alone")
    if node_id is None:
        if not call.can_prompt():
            raise call.missing("argument 'N'")
        from debate.cli import prompts

        node_id = prompts.pick_node(
            call, "Which claim or quote do you vote on?", ("claim", "quote")
        )
    if withdraw:
        changes = votes.withdraw(call.store, call.actor, node_id)
        emit(
            as_json,
            lambda: json_output.vote_changes(node_id, call.actor, changes),
            lambda: messages.votes_withdrawn(node_id, changes),
        )
        return
    if agree:
        accept = 1
    if disagree:
        accept = -1
    if accept is None and impact is None:
        if not call.can_prompt():
            raise call.missing("option '--accept V', '--agree', '--disagree' or '--impact I'")
        accept, impact = _ask_votes(call, node_id)
    changes = votes.vote(call.store, call.actor, node_id, accept=accept, impact=impact)
    emit(
        as_json,
        lambda: json_output.vote_changes(node_id, call.actor, changes),
        lambda: messages.votes_cast(node_id, changes),
    )


@click.command("votes", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="N", type=NODE_ID)
@json_option
@reads_store
def votes_command(call: Invocation, node_id: int, as_json: bool) -> None:
    """List the current votes on claim or quote N."""
    from debate.app import votes

    rows = votes.votes(call.store, node_id)
    emit(as_json, lambda: json_output.votes(node_id, rows), lambda: render.votes(node_id, rows))


COMMANDS = [vote, votes_command]
