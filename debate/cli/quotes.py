"""Commands for quotes: quote add and edit, check, and the evidence log."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from debate.cli.invocation import Invocation, reads_store, writes_store
from debate.cli.options import CONTEXT_SETTINGS, NODE_ID, Number, json_option, no_input_option
from debate.cli.output import emit, json_output, render
from debate.output import messages

OCCURRENCE = Number(1, 1_000_000_000, "an occurrence number")
LIMIT = Number(1, 10_000, "a number of hits")


class DefaultCommandGroup(click.Group):
    """A group whose first word may be left out: `debate quote 3 …` is `debate quote add 3 …`."""

    default_command = "add"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


@click.group("quote", cls=DefaultCommandGroup, context_settings=CONTEXT_SETTINGS)
def quote() -> None:
    """Attach verified quotes to claims, and edit them.

    `debate quote N QUOTE --source KEY` is short for `debate quote add …`.
    """


@contextmanager
def _printing_refusals(as_json: bool) -> Iterator[None]:
    """A quote that was not stored still shows what was found, then one error line."""
    from debate.errors import QuoteNotVerified

    try:
        yield
    except QuoteNotVerified as e:
        outcome = e.outcome
        emit(
            as_json,
            lambda: json_output.quote_outcome(outcome),
            lambda: render.quote_outcome(outcome),
        )
        raise


def _ask_quote(
    call: Invocation, claim: int | None, key: str | None, text: str | None, stance: str | None
) -> tuple[int, str, str, str]:
    """Fill in what is missing on a terminal: the claim, the stance, the source, the text."""
    asked = claim is None or text is None or key is None
    if not asked:
        assert claim is not None and key is not None and text is not None
        return claim, key, text, stance or "pro"
    from debate.cli import prompts

    if not call.can_prompt():
        what = (
            "argument 'N'"
            if claim is None
            else "option '--source'"
            if key is None
            else "argument 'QUOTE'"
        )
        raise call.missing(what)
    if claim is None:
        nodes = call.store.live_nodes(("claim",))
        if not nodes:
            raise click.ClickException(
                "there are no claims yet: add one with `debate claim add TEXT`"
            )
        claim = prompts.node("Which claim is the quote evidence on?", nodes)
    if stance is None:
        stance = prompts.choose(
            "Does it support or oppose the claim?", [("pro", "supports"), ("con", "opposes")]
        )
    if key is None:
        keys = [
            (s.key, f"{s.key}  {s.metadata.title or ''}")
            for s in call.store.sources()
            if s.has_text
        ]
        if not keys:
            raise click.ClickException(
                "no source has a text yet: add one with `debate source add FILE --key KEY`"
            )
        key = prompts.choose("Which source is it from?", keys)
    if text is None:
        text = prompts.text("The quote, as in the source:")
    return claim, key, text, stance


@quote.command("add", context_settings=CONTEXT_SETTINGS)
@click.argument("claim", metavar="N", type=NODE_ID, required=False)
@click.argument("text", metavar="QUOTE", required=False)
@click.option("--source", "key", metavar="KEY", help="The source the quote is from.")
@click.option("--supports", "stance", flag_value="pro", help="Evidence for claim N (the default).")
@click.option("--opposes", "stance", flag_value="con", help="Evidence against claim N.")
@click.option("--page", metavar="P", help="Your locator: a page, section or paragraph.")
@click.option("--note", help="A note on why the quote matters.")
@click.option(
    "--occurrence",
    type=OCCURRENCE,
    metavar="K",
    help="The passage occurs more than once: anchor to the K-th (from 1).",
)
@click.option("--confirm", is_flag=True, help="Store a looser match that needs confirmation.")
@json_option
@no_input_option
@writes_store
def quote_add(
    call: Invocation,
    claim: int | None,
    text: str | None,
    key: str | None,
    stance: str | None,
    page: str | None,
    note: str | None,
    occurrence: int | None,
    confirm: bool,
    as_json: bool,
) -> None:
    """Attach QUOTE from a source as evidence for (or --opposes, against) claim N.

    The quote is matched against the source exactly, then on letters and
    digits alone, then (20 characters or more) by edit distance, and an elided
    quote ("…", "...", "[…]") segment by segment. A close match with typos is
    stored when no word, number or negation differs; a looser one only with
    --confirm. What is stored and shown is always the source's own text. On a
    terminal, what is missing is asked for.
    """
    from debate.app import quotes

    claim, key, text, stance = _ask_quote(call, claim, key, text, stance)
    with _printing_refusals(as_json):
        outcome = quotes.add_quote(
            call.store,
            call.actor,
            claim,
            key,
            text,
            opposes=stance == "con",
            locator=page,
            note=note,
            occurrence=occurrence,
            confirm=confirm,
        )
    emit(as_json, lambda: json_output.quote_outcome(outcome), lambda: render.quote_outcome(outcome))


@quote.command("edit", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="N", type=NODE_ID)
@click.option("--note", help='A new note ("" removes it).')
@click.option("--page", metavar="P", help='A new locator ("" removes it).')
@click.option("--text", metavar="QUOTE", help="Retype the quote and anchor it again.")
@click.option(
    "--reanchor", is_flag=True, help="Anchor what was typed again, in the source's current text."
)
@click.option("--occurrence", type=OCCURRENCE, metavar="K", help="With --text or --reanchor.")
@click.option("--confirm", is_flag=True, help="With --text or --reanchor: accept a looser match.")
@json_option
@writes_store
def quote_edit(
    call: Invocation,
    node_id: int,
    note: str | None,
    page: str | None,
    text: str | None,
    reanchor: bool,
    occurrence: int | None,
    confirm: bool,
    as_json: bool,
) -> None:
    """Change quote N's note or locator, retype it, or re-anchor it (after
    `source update` left it orphaned or changed, say)."""
    from debate.app import quotes

    if note is None and page is None and text is None and not reanchor:
        raise click.UsageError("give --note, --page, --text or --reanchor")
    with _printing_refusals(as_json):
        result = quotes.edit_quote(
            call.store,
            call.actor,
            node_id,
            text=text,
            locator=page,
            note=note,
            reanchor_it=reanchor,
            occurrence=occurrence,
            confirm=confirm,
        )
    emit(as_json, lambda: json_output.quote_edited(result), lambda: messages.quote_edited(result))


@click.command("check", context_settings=CONTEXT_SETTINGS)
@click.option("--source", "key", metavar="KEY", help="Only the quotes from this source.")
@json_option
@reads_store
def check(call: Invocation, key: str | None, as_json: bool) -> None:
    """Re-verify every quote against its source's text; report those that no longer
    match. Exits 1 when any quote is not verified."""
    from debate.app import checking

    rows = checking.check(call.store, key)
    emit(as_json, lambda: json_output.check(rows), lambda: render.check_report(rows))
    problems = sum(1 for r in rows if r.problem)
    if problems:
        raise click.ClickException(
            f"{problems} of {len(rows)} quote{'s' if len(rows) != 1 else ''} "
            f"{'is' if problems == 1 else 'are'} not verified"
        )


@click.command("evidence", context_settings=CONTEXT_SETTINGS)
@click.option("--source", "key", metavar="KEY", help="Only quotes from this source.")
@click.option("--claim", type=NODE_ID, metavar="N", help="Only quotes under claim N (any depth).")
@click.option("--by", metavar="NAME", help="Only quotes added by this participant.")
@json_option
@reads_store
def evidence_(
    call: Invocation, key: str | None, claim: int | None, by: str | None, as_json: bool
) -> None:
    """The evidence log: every quote, oldest first, with who added it, where it
    stands in its source and what it supports or opposes."""
    from debate.app import quotes

    rows = quotes.evidence_log(call.store, key=key, claim=claim, by=by)
    emit(
        as_json,
        lambda: [json_output.evidence_row(r) for r in rows],
        lambda: render.evidence_log(rows),
    )


COMMANDS = [quote, check, evidence_]
