"""Commands that build the debate and read it back: claim, support, rebut, link,
unlink, move, show, list."""

from __future__ import annotations

from typing import Any

import click

from debate.cli.invocation import Invocation, reads_store, writes_store
from debate.cli.options import CONTEXT_SETTINGS, NODE_ID, json_option, no_input_option
from debate.cli.output import emit, json_output, render
from debate.output import messages


def _ask_parent(call: Invocation, parent: int | None, stance: str | None) -> tuple[int | None, Any]:
    """Fill in the stance and parent on a terminal; refuse to guess otherwise."""
    from debate.cli import prompts

    if stance is None:
        if not call.can_prompt():
            return None, None  # a thesis
        stance = prompts.choose(
            "What is it?",
            [("thesis", "A thesis (a new root proposition)"), ("pro", "A pro"), ("con", "A con")],
        )
        if stance == "thesis":
            return None, None
    if parent is None:
        if not call.can_prompt():
            raise call.missing(f"the parent claim of the {stance}")
        parent = prompts.pick_node(call, f"Which claim is it a {stance} of?", ("claim",))
    return parent, stance


def _ask_text(call: Invocation, text: str | None, what: str, argument: str) -> str:
    if text is not None:
        return text
    if not call.can_prompt():
        raise call.missing(f"argument '{argument}'")
    from debate.cli import prompts

    return prompts.text(what)


def _add(
    call: Invocation, text: str | None, parent: int | None, stance: str | None, as_json: bool
) -> None:
    from debate.app import claims

    if text is None or (stance is not None and parent is None):
        parent, stance = _ask_parent(call, parent, stance)
    text = _ask_text(call, text, "Claim text:", "TEXT")
    node = claims.add_claim(call.store, call.actor, text, parent, stance)  # type: ignore[arg-type]
    emit(
        as_json,
        lambda: json_output.linked(node, parent, stance) if parent else json_output.node(node),
        lambda: messages.claim_added(node, parent, stance),
    )


@click.group(context_settings=CONTEXT_SETTINGS)
def claim() -> None:
    """Add, edit, archive and unarchive claims."""


@claim.command("add", context_settings=CONTEXT_SETTINGS)
@click.argument("text", required=False)
@click.option("--pro", "pro", type=NODE_ID, metavar="N", help="Add it as a pro of claim N.")
@click.option("--con", "con", type=NODE_ID, metavar="N", help="Add it as a con of claim N.")
@json_option
@no_input_option
@writes_store
def claim_add(
    call: Invocation, text: str | None, pro: int | None, con: int | None, as_json: bool
) -> None:
    """Add a claim: a thesis, or with --pro/--con a pro or con under claim N."""
    if pro is not None and con is not None:
        raise click.UsageError("give --pro or --con, not both")
    parent = pro if pro is not None else con
    stance = "pro" if pro is not None else "con" if con is not None else None
    _add(call, text, parent, stance, as_json)


def _shortcut(name: str, stance: str, summary: str) -> click.Command:
    @click.command(name, context_settings=CONTEXT_SETTINGS, help=summary)
    @click.argument("parent", metavar="N", type=NODE_ID, required=False)
    @click.argument("text", required=False)
    @json_option
    @no_input_option
    @writes_store
    def command(call: Invocation, parent: int | None, text: str | None, as_json: bool) -> None:
        if parent is None:
            parent, _ = _ask_parent(call, None, stance)
        _add(call, text, parent, stance, as_json)

    return command


support = _shortcut("support", "pro", "Add TEXT as a pro of claim N (same as claim add --pro N).")
rebut = _shortcut("rebut", "con", "Add TEXT as a con of claim N (same as claim add --con N).")


@claim.command("edit", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="N", type=NODE_ID)
@click.argument("text")
@json_option
@writes_store
def claim_edit(call: Invocation, node_id: int, text: str, as_json: bool) -> None:
    """Replace the text of claim N (the old text stays in its history)."""
    from debate.app import claims

    node = claims.edit_claim(call.store, call.actor, node_id, text)
    emit(
        as_json,
        lambda: json_output.node(node),
        lambda: messages.message(f"Claim #{node.id} now reads: {node.text}", "green"),
    )


def _archiving(name: str, archived: bool, summary: str) -> click.Command:
    @claim.command(name, context_settings=CONTEXT_SETTINGS, help=summary)
    @click.argument("node_id", metavar="N", type=NODE_ID)
    @json_option
    @writes_store
    def command(call: Invocation, node_id: int, as_json: bool) -> None:
        from debate.app import claims

        node = claims.set_archived(call.store, call.actor, node_id, archived)
        emit(
            as_json,
            lambda: json_output.node(node),
            lambda: messages.message(
                f"{'Archived' if archived else 'Unarchived'} #{node.id}.", "green"
            ),
        )

    return command


_archiving(
    "archive",
    True,
    "Archive claim or quote N and what hangs only under it: gone from trees, evidence, "
    "search, check and votes; `show` and the history keep it.",
)
_archiving("unarchive", False, "Bring back archived claim or quote N.")


def _parent_and_stance(pro: int | None, con: int | None) -> tuple[int, str]:
    if (pro is None) == (con is None):
        raise click.UsageError("give exactly one of --pro M or --con M")
    return (pro, "pro") if pro is not None else (con, "con")  # type: ignore[return-value]


@click.command("link", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="N", type=NODE_ID)
@click.option("--pro", "pro", type=NODE_ID, metavar="M", help="Put N under claim M as a pro.")
@click.option("--con", "con", type=NODE_ID, metavar="M", help="Put N under claim M as a con.")
@json_option
@writes_store
def link(call: Invocation, node_id: int, pro: int | None, con: int | None, as_json: bool) -> None:
    """Put existing claim N under claim M as well (a cycle is refused)."""
    from debate.app import claims

    parent, stance = _parent_and_stance(pro, con)
    node = claims.link(call.store, call.actor, node_id, parent, stance)  # type: ignore[arg-type]
    emit(
        as_json,
        lambda: json_output.linked(node, parent, stance),
        lambda: messages.message(f"#{node_id} is now also a {stance} of #{parent}.", "green"),
    )


@click.command("unlink", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="N", type=NODE_ID)
@click.option("--from", "parent", type=NODE_ID, metavar="M", required=True, help="The parent.")
@json_option
@writes_store
def unlink(call: Invocation, node_id: int, parent: int, as_json: bool) -> None:
    """Take claim or quote N from under claim M (a claim with no parent left is a thesis)."""
    from debate.app import claims

    result = claims.unlink(call.store, call.actor, node_id, parent)
    emit(as_json, lambda: json_output.unlinked(result), lambda: messages.unlinked(result))


@click.command("move", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="N", type=NODE_ID)
@click.option("--pro", "pro", type=NODE_ID, metavar="M", help="Make N a pro of claim M.")
@click.option("--con", "con", type=NODE_ID, metavar="M", help="Make N a con of claim M.")
@click.option(
    "--from",
    "from_parent",
    type=NODE_ID,
    metavar="P",
    help="The parent it leaves, when it has several.",
)
@json_option
@writes_store
def move(
    call: Invocation,
    node_id: int,
    pro: int | None,
    con: int | None,
    from_parent: int | None,
    as_json: bool,
) -> None:
    """Move claim or quote N under claim M, or turn it from a pro into a con (M its parent)."""
    from debate.app import claims

    parent, stance = _parent_and_stance(pro, con)
    result = claims.move(call.store, call.actor, node_id, parent, stance, from_parent)  # type: ignore[arg-type]
    emit(as_json, lambda: json_output.moved(result), lambda: messages.moved(result))


@click.command("show", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="N", type=NODE_ID)
@json_option
@reads_store
def show(call: Invocation, node_id: int, as_json: bool) -> None:
    """Show claim or quote N: text, kind, stance, parents, children, evidence, votes, history."""
    from debate.app import claims

    d = claims.show(call.store, node_id)
    emit(
        as_json,
        lambda: json_output.details(d),
        lambda: render.details(d, claims.sources_by_key(call.store)),
    )


@click.command("list", context_settings=CONTEXT_SETTINGS)
@json_option
@reads_store
def list_(call: Invocation, as_json: bool) -> None:
    """List the theses with their numbers of claims, quotes, votes and participants."""
    from debate.app import claims

    rows = claims.theses(call.store)
    emit(as_json, lambda: json_output.theses(rows), lambda: render.theses(rows, call.empty_hint()))


COMMANDS = [claim, support, rebut, link, unlink, move, show, list_]
