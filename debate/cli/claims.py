"""Commands that build the tree and vote on it: claim, support, rebut, link, vote, votes."""

from __future__ import annotations

from typing import Any

import click

from debate.cli.common import (
    CONTEXT_SETTINGS,
    Session,
    emit_json,
    json_option,
    missing,
    no_input_option,
    node_json,
    with_session,
)


def _ask_parent(session: Session, parent: int | None, stance: str | None) -> tuple[int | None, Any]:
    """Fill in the stance and parent on a terminal; refuse to guess otherwise."""
    from debate import prompts

    if stance is None:
        if not session.can_prompt():
            return None, None  # a thesis
        stance = prompts.choose(
            "What is it?",
            [("thesis", "A thesis (a new root proposition)"), ("pro", "A pro"), ("con", "A con")],
        )
        if stance == "thesis":
            return None, None
    if parent is None:
        if not session.can_prompt():
            raise missing(f"the parent claim of the {stance}", session)
        parent = prompts.claim(
            f"Which claim is it a {stance} of?", session.store.claims_for_picking()
        )
    return parent, stance


def _ask_text(session: Session, text: str | None, what: str, argument: str) -> str:
    if text is not None:
        return text
    if not session.can_prompt():
        raise missing(f"argument '{argument}'", session)
    from debate import prompts

    return prompts.text(what)


def _add(
    session: Session, text: str | None, parent: int | None, stance: str | None, as_json: bool
) -> None:
    from debate import app, render

    if text is None or (stance is not None and parent is None):
        parent, stance = _ask_parent(session, parent, stance)
    text = _ask_text(session, text, "Claim text:", "TEXT")
    node = app.add_claim(session.store, session.actor, text, parent, stance)  # type: ignore[arg-type]
    if as_json:
        emit_json({**node_json(node), "parent": parent, "stance": stance})
    else:
        render.claim_added(node, parent, stance)


@click.group(context_settings=CONTEXT_SETTINGS)
def claim() -> None:
    """Add, edit and archive claims."""


@claim.command("add", context_settings=CONTEXT_SETTINGS)
@click.argument("text", required=False)
@click.option("--pro", "pro", type=int, metavar="N", help="Add it as a pro of claim N.")
@click.option("--con", "con", type=int, metavar="N", help="Add it as a con of claim N.")
@json_option
@no_input_option
@with_session
def claim_add(
    session: Session, text: str | None, pro: int | None, con: int | None, as_json: bool
) -> None:
    """Add a claim: a thesis, or with --pro/--con a pro or con under claim N."""
    if pro is not None and con is not None:
        raise click.UsageError("give --pro or --con, not both")
    parent = pro if pro is not None else con
    stance = "pro" if pro is not None else "con" if con is not None else None
    _add(session, text, parent, stance, as_json)


def _shortcut(name: str, stance: str, summary: str) -> click.Command:
    @click.command(name, context_settings=CONTEXT_SETTINGS, help=summary)
    @click.argument("parent", metavar="N", type=int, required=False)
    @click.argument("text", required=False)
    @json_option
    @no_input_option
    @with_session
    def command(session: Session, parent: int | None, text: str | None, as_json: bool) -> None:
        if parent is None:
            parent, _ = _ask_parent(session, None, stance)
        _add(session, text, parent, stance, as_json)

    return command


support = _shortcut("support", "pro", "Add TEXT as a pro of claim N (same as claim add --pro N).")
rebut = _shortcut("rebut", "con", "Add TEXT as a con of claim N (same as claim add --con N).")


@claim.command("edit", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="N", type=int)
@click.argument("text")
@json_option
@with_session
def claim_edit(session: Session, node_id: int, text: str, as_json: bool) -> None:
    """Replace the text of claim N (the old text stays in its history)."""
    from debate import app, render

    node = app.edit_claim(session.store, session.actor, node_id, text)
    if as_json:
        emit_json(node_json(node))
    else:
        render.message(f"Claim #{node.id} now reads: {node.text}", "green")


@claim.command("archive", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="N", type=int)
@json_option
@with_session
def claim_archive(session: Session, node_id: int, as_json: bool) -> None:
    """Hide claim or quote N (and what hangs only under it) from trees; `show` still has it."""
    from debate import app, render

    node = app.archive(session.store, session.actor, node_id)
    if as_json:
        emit_json(node_json(node))
    else:
        render.message(f"Archived #{node.id}.", "green")


@click.command("link", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="N", type=int)
@click.option("--pro", "pro", type=int, metavar="M", help="Put N under claim M as a pro.")
@click.option("--con", "con", type=int, metavar="M", help="Put N under claim M as a con.")
@json_option
@with_session
def link(session: Session, node_id: int, pro: int | None, con: int | None, as_json: bool) -> None:
    """Put existing claim N under claim M as well (a cycle is refused)."""
    from debate import app, render

    if (pro is None) == (con is None):
        raise click.UsageError("give exactly one of --pro M or --con M")
    parent, stance = (pro, "pro") if pro is not None else (con, "con")
    assert parent is not None
    node = app.link(session.store, session.actor, node_id, parent, stance)  # type: ignore[arg-type]
    if as_json:
        emit_json({**node_json(node), "parent": parent, "stance": stance})
    else:
        render.message(f"#{node_id} is now also a {stance} of #{parent}.", "green")


@click.command("vote", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="N", type=int)
@click.option(
    "--accept", type=int, metavar="V", help="How far you accept N: -2 (strongly disagree) … 2."
)
@click.option("--agree", is_flag=True, help="Same as --accept 1.")
@click.option("--disagree", is_flag=True, help="Same as --accept -1.")
@click.option(
    "--impact",
    type=int,
    metavar="I",
    help="How much N bears on its parent: 0 (irrelevant) … 4 (decisive).",
)
@json_option
@no_input_option
@with_session
def vote(
    session: Session,
    node_id: int,
    accept: int | None,
    agree: bool,
    disagree: bool,
    impact: int | None,
    as_json: bool,
) -> None:
    """Vote on claim or quote N. Voting again replaces your vote."""
    from debate import app, render

    if sum([accept is not None, agree, disagree]) > 1:
        raise click.UsageError("give only one of --accept, --agree and --disagree")
    if agree:
        accept = 1
    if disagree:
        accept = -1
    if accept is None and impact is None:
        if not session.can_prompt():
            raise missing("option '--accept V', '--agree', '--disagree' or '--impact I'", session)
        from debate import prompts

        labels = {
            2: "strongly agree",
            1: "agree",
            0: "neutral",
            -1: "disagree",
            -2: "strongly disagree",
        }
        accept = int(
            prompts.choose(
                f"How far do you accept #{node_id}?",
                [(str(v), f"{v:+d} {t}") for v, t in labels.items()],
            )
        )
    changes = app.vote(session.store, session.actor, node_id, accept=accept, impact=impact)
    if as_json:
        emit_json(
            {
                "id": node_id,
                "participant": session.actor,
                "votes": [
                    {"kind": c.kind, "value": c.value, "previous": c.previous} for c in changes
                ],
            }
        )
    else:
        render.votes_cast(node_id, changes)


@click.command("votes", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="N", type=int)
@json_option
@with_session
def votes(session: Session, node_id: int, as_json: bool) -> None:
    """List the current votes on claim or quote N."""
    from debate import app, render

    rows = app.votes(session.store, node_id)
    if as_json:
        emit_json(
            [
                {
                    "participant": v.participant,
                    "kind": v.kind,
                    "value": v.value,
                    "cast_at": v.cast_at,
                }
                for v in rows
            ]
        )
    else:
        render.votes(node_id, rows)


COMMANDS = [claim, support, rebut, link, vote, votes]
