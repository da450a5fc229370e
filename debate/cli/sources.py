"""Commands for sources: source add, update, list and show, and search."""

from __future__ import annotations

from pathlib import Path

import click

from debate.cli.invocation import Invocation, reads_store, writes_store
from debate.cli.options import CONTEXT_SETTINGS, YEAR, Number, json_option
from debate.cli.output import emit, emit_json, json_output, render
from debate.output import messages

OCCURRENCE = Number(1, 1_000_000_000, "an occurrence number")
LIMIT = Number(1, 10_000, "a number of hits")


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
    from debate.app import sources

    rows = sources.sources(call.store)
    emit(as_json, lambda: [json_output.source(s) for s in rows], lambda: render.source_list(rows))


@source.command("show", context_settings=CONTEXT_SETTINGS)
@click.argument("key")
@click.option("--text", "with_text", is_flag=True, help="Print the stored text.")
@json_option
@reads_store
def source_show(call: Invocation, key: str, with_text: bool, as_json: bool) -> None:
    """Show source KEY, or with --text its stored text (what quote offsets count in;
    on a terminal, control characters in it are shown as symbols)."""
    from debate.app import sources

    s, text = sources.source(call.store, key, with_text=with_text)
    if as_json:
        emit_json(json_output.source_with_text(s, text))
    else:
        if text is not None:
            render.source_text(text)
        else:
            render.source(s)


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


COMMANDS = [source, search]
