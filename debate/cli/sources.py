"""Commands for sources and evidence: source add/list/show, quote."""

from __future__ import annotations

from pathlib import Path

import click

from debate.cli.common import (
    CONTEXT_SETTINGS,
    Session,
    emit_json,
    json_option,
    missing,
    no_input_option,
    node_json,
    source_json,
    with_session,
)


@click.group(context_settings=CONTEXT_SETTINGS)
def source() -> None:
    """Register source texts that quotes are checked against."""


@source.command("add", context_settings=CONTEXT_SETTINGS)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--key", required=True, help="Short key to cite the source by, e.g. paikin2021.")
@click.option("--title", help="Title of the work.")
@click.option("--author", help='Author(s), family name first: "Paikin, Zachary".')
@click.option("--year", type=int, help="Year of publication.")
@click.option("--venue", help="Journal, publisher or site.")
@click.option("--url", help="Where the source can be found.")
@json_option
@with_session
def source_add(
    session: Session,
    file: Path,
    key: str,
    title: str | None,
    author: str | None,
    year: int | None,
    venue: str | None,
    url: str | None,
    as_json: bool,
) -> None:
    """Add a .txt or .md source under KEY.

    On a key the store already knows without a text (as in the demo), this
    attaches the text and verifies every quote of that source against it.
    """
    from debate import app, render

    metadata = {"title": title, "author": author, "year": year, "venue": venue, "url": url}
    result = app.add_source(session.store, session.actor, file, key, metadata)
    if as_json:
        emit_json(
            {
                **source_json(result.source),
                "created": result.created,
                "text_attached": result.text_attached,
                "verified": result.verified,
                "not_found": result.not_found,
            }
        )
    else:
        render.source_added(result)


@source.command("list", context_settings=CONTEXT_SETTINGS)
@json_option
@with_session
def source_list(session: Session, as_json: bool) -> None:
    """List the sources."""
    from debate import render

    rows = session.store.sources()
    if as_json:
        emit_json([source_json(s) for s in rows])
    else:
        render.sources(rows)


@source.command("show", context_settings=CONTEXT_SETTINGS)
@click.argument("key")
@click.option("--text", "with_text", is_flag=True, help="Print the stored text verbatim.")
@json_option
@with_session
def source_show(session: Session, key: str, with_text: bool, as_json: bool) -> None:
    """Show source KEY, or with --text its stored text (what quote offsets count in)."""
    from debate import render

    s = session.store.source(key)
    text = session.store.source_text(s.id) if with_text else None
    if with_text and text is None:
        raise click.ClickException(f"source {key} has no text attached")
    if as_json:
        emit_json({**source_json(s), **({"text": text} if with_text else {})})
    elif text is not None:
        click.echo(text, nl=False)
    else:
        render.source(s)


@click.command("quote", context_settings=CONTEXT_SETTINGS)
@click.argument("claim", metavar="N", type=int)
@click.argument("text", metavar="QUOTE", required=False)
@click.option("--source", "key", metavar="KEY", help="The source the quote is from.")
@click.option("--opposes", is_flag=True, help="The quote is evidence against claim N.")
@click.option("--page", metavar="P", help="Where in the source: a page, section or paragraph.")
@click.option("--note", help="A note on why the quote matters.")
@json_option
@no_input_option
@with_session
def quote(
    session: Session,
    claim: int,
    text: str | None,
    key: str | None,
    opposes: bool,
    page: str | None,
    note: str | None,
    as_json: bool,
) -> None:
    """Attach QUOTE from a source as evidence for (or --opposes, against) claim N.

    The quote is stored only if it is found in the source text once line
    breaks, line-end hyphenation, runs of white space and curly versus
    straight quotes are set aside; what is stored is the source's own text.
    """
    from debate import app, render

    if key is None:
        if not session.can_prompt():
            raise missing("option '--source'", session)
        from debate import prompts

        keys = [(s.key, f"{s.key}  {s.title or ''}") for s in session.store.sources()]
        if not keys:
            raise click.ClickException(
                "no sources yet: add one with `debate source add FILE --key KEY`"
            )
        key = prompts.choose("Which source?", keys)
    if text is None:
        if not session.can_prompt():
            raise missing("argument 'QUOTE'", session)
        from debate import prompts

        text = prompts.text("Quote (as in the source):")
    result = app.add_quote(
        session.store, session.actor, claim, key, text, opposes=opposes, locator=page, note=note
    )
    if as_json:
        emit_json(
            {
                **node_json(result.node),
                "claim": result.claim,
                "stance": result.stance,
                "occurrences": result.occurrences,
            }
        )
    else:
        render.quote_added(result, key)


COMMANDS = [source, quote]
