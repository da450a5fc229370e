"""Commands over sources and evidence: source add/update/list/show, quote (add and
edit), check, search, evidence."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from debate.cli.invocation import Invocation, reads_store, writes_store
from debate.cli.options import CONTEXT_SETTINGS, NODE_ID, YEAR, Number, json_option, no_input_option
from debate.cli.output import emit, emit_json, json_output, render
from debate.output import messages

OCCURRENCE = Number(1, 1_000_000_000, "an occurrence number")
LIMIT = Number(1, 10_000, "a number of hits")


# -- sources --------------------------------------------------------------------------


@click.group(context_settings=CONTEXT_SETTINGS)
def source() -> None:
    """Register source texts that quotes are checked against."""


@source.command("add", context_settings=CONTEXT_SETTINGS)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--key", help="Short key to cite the source by, e.g. paikin2021.")
@click.option(
    "--bibtex",
    type=click.Path(path_type=Path),
    help="Take metadata from this BibTeX file (the entry named by --key, or its only one).",
)
@click.option("--title", help="Title of the work.")
@click.option("--author", help='Author(s), family name first: "Paikin, Zachary".')
@click.option("--year", type=YEAR, help="Year of publication.")
@click.option("--venue", help="Journal, publisher or site.")
@click.option("--url", help="Where the source can be found.")
@json_option
@writes_store
def source_add(
    call: Invocation,
    file: Path,
    key: str | None,
    bibtex: Path | None,
    title: str | None,
    author: str | None,
    year: int | None,
    venue: str | None,
    url: str | None,
    as_json: bool,
) -> None:
    """Add a source under KEY: a .txt, .md, .pdf (pypdf) or .html file, up to 50 MB.

    Metadata found in the file (PDF info, HTML title and author) is used unless
    --bibtex or an option gives it. On a key the store already knows without a
    text (as in the demo), this attaches the text and verifies every quote of
    that source against it.
    """
    from debate.app import sources
    from debate.models import SourceMetadata

    metadata = SourceMetadata(title, author, year, venue, url)
    result = sources.add_source(call.store, call.actor, file, key, metadata, bibtex=bibtex)
    emit(as_json, lambda: json_output.source_added(result), lambda: messages.source_added(result))


@source.command("update", context_settings=CONTEXT_SETTINGS)
@click.argument("key")
@click.argument("file", type=click.Path(path_type=Path))
@json_option
@writes_store
def source_update(call: Invocation, key: str, file: Path, as_json: bool) -> None:
    """Replace the text of source KEY with a new version from FILE and re-anchor
    every quote of it: by position, then by its exact text, then by its context.

    Each quote is reported as unchanged, moved, changed (with what the passage
    now says) or orphaned; orphans stay in the debate, flagged.
    """
    from debate.app import sources

    result = sources.update_source(call.store, call.actor, key, file)
    emit(as_json, lambda: json_output.source_updated(result), lambda: render.source_updated(result))


@source.command("list", context_settings=CONTEXT_SETTINGS)
@json_option
@reads_store
def source_list(call: Invocation, as_json: bool) -> None:
    """List the sources."""
    rows = call.store.sources()
    emit(as_json, lambda: [json_output.source(s) for s in rows], lambda: render.sources(rows))


@source.command("show", context_settings=CONTEXT_SETTINGS)
@click.argument("key")
@click.option("--text", "with_text", is_flag=True, help="Print the stored text.")
@json_option
@reads_store
def source_show(call: Invocation, key: str, with_text: bool, as_json: bool) -> None:
    """Show source KEY, or with --text its stored text (what quote offsets count in;
    on a terminal, control characters in it are shown as symbols)."""
    s = call.store.source(key)
    text = call.store.source_text(s.id) if with_text else None
    if with_text and text is None:
        raise click.ClickException(f"source {key} has no text attached")
    if as_json:
        emit_json(json_output.source_with_text(s, text))
    else:
        if text is not None:
            render.source_text(text)
        else:
            render.source(s)


# -- quotes -------------------------------------------------------------------------------


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


# -- checking, searching, the log ----------------------------------------------------------


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


@click.command("search", context_settings=CONTEXT_SETTINGS)
@click.argument("words")
@click.option("--source", "key", metavar="KEY", help="Only this source.")
@click.option("--limit", type=LIMIT, default=10, show_default=True, help="Hits of each kind.")
@json_option
@reads_store
def search(call: Invocation, words: str, key: str | None, limit: int, as_json: bool) -> None:
    """Full-text search, with stemming, over source texts and quotes.

    Prints passages with their source, page and offsets, ready to paste into
    `debate quote`, then the quotes already in the debate that match.
    """
    from debate.app import sources

    hits = sources.search(call.store, words, key, limit)
    emit(as_json, lambda: json_output.search(hits), lambda: render.search_hits(hits))


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


COMMANDS = [source, quote, check, search, evidence_]
