"""Commands for sources and quotes: source add/update/list/show, quote."""

from __future__ import annotations

from pathlib import Path
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
    source_json,
    with_session,
)


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
@click.option("--year", type=int, help="Year of publication.")
@click.option("--venue", help="Journal, publisher or site.")
@click.option("--url", help="Where the source can be found.")
@json_option
@with_session
def source_add(
    session: Session,
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
    from debate import evidence, render

    metadata = {"title": title, "author": author, "year": year, "venue": venue, "url": url}
    result = evidence.add_source(session.store, session.actor, file, key, metadata, bibtex=bibtex)
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


@source.command("update", context_settings=CONTEXT_SETTINGS)
@click.argument("key")
@click.argument("file", type=click.Path(path_type=Path))
@json_option
@with_session
def source_update(session: Session, key: str, file: Path, as_json: bool) -> None:
    """Replace the text of source KEY with a new version from FILE and re-anchor
    every quote of it: by position, then by its exact text, then by its context.

    Each quote is reported as unchanged, moved, changed (with what the passage
    now says) or orphaned; orphans stay in the debate, flagged.
    """
    from debate import evidence, render

    result = evidence.update_source(session.store, session.actor, key, file)
    if not as_json:
        render.source_updated(result)
        return
    emit_json(
        {
            **source_json(result.source),
            "text_changed": result.text_changed,
            "quotes": [
                {
                    "id": r.node.id,
                    "outcome": r.outcome,
                    "old": list(r.old) if r.old else None,
                    "new": list(r.new) if r.new else None,
                    "was": r.was,
                    "now": r.node.text,
                    "status": r.node.quote.status if r.node.quote else None,
                }
                for r in result.quotes
            ],
        }
    )


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
@click.option("--page", metavar="P", help="Your locator: a page, section or paragraph.")
@click.option("--note", help="A note on why the quote matters.")
@click.option(
    "--occurrence",
    type=int,
    metavar="K",
    help="The passage occurs more than once: anchor to the K-th (from 1).",
)
@click.option("--confirm", is_flag=True, help="Store a looser match that needs confirmation.")
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
    occurrence: int | None,
    confirm: bool,
    as_json: bool,
) -> None:
    """Attach QUOTE from a source as evidence for (or --opposes, against) claim N.

    The quote is matched against the source exactly, then on letters and
    digits alone, then (20 characters or more) by edit distance, and an elided
    quote ("…", "...", "[…]") segment by segment. A close match with typos is
    stored when no word, number or negation differs; a looser one only with
    --confirm. What is stored and shown is always the source's own text.
    """
    from debate import evidence, render

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
    outcome = evidence.add_quote(
        session.store,
        session.actor,
        claim,
        key,
        text,
        opposes=opposes,
        locator=page,
        note=note,
        occurrence=occurrence,
        confirm=confirm,
    )
    if as_json:
        emit_json(quote_json(outcome))
    else:
        render.quote_outcome(outcome)
    if outcome.node is None:
        raise click.ClickException(_refusal(outcome))


def _refusal(outcome: Any) -> str:
    n = len(outcome.result.occurrences)
    if outcome.status == "ambiguous" and outcome.requested is not None:
        return (
            f"--occurrence {outcome.requested}: the passage occurs {n} time"
            + ("" if n == 1 else "s")
            + f" in {outcome.key}"
        )
    return {
        "needs-confirmation": "the closest match differs too much to store it without --confirm",
        "ambiguous": f"the passage occurs {n} times in {outcome.key}; pick one with --occurrence K"
        + (f" (1 to {n})" if n else ""),
    }.get(outcome.status, f"quote not found in {outcome.key}")


def match_json(outcome: Any, match: Any) -> dict[str, Any]:
    from debate.anchoring import diff_text, word_diff

    return {
        "start": match.start,
        "end": match.end,
        "exact": match.exact,
        "page": outcome.page(match),
        "method": match.method,
        "verbatim": match.verbatim,
        "similarity": match.similarity,
        "edits": match.edits,
        "problems": list(match.problems),
        "diff": None if match.verbatim else diff_text(word_diff(match.typed, match.source_words)),
    }


def quote_json(outcome: Any) -> dict[str, Any]:
    result = outcome.result
    data: dict[str, Any] = {
        "status": outcome.status,
        "stored": outcome.node is not None,
        "typed": outcome.typed,
        "source": outcome.key,
        "claim": outcome.claim,
        "stance": outcome.stance,
        "start": None,
        "end": None,
        "exact": None,
        "verbatim": None,
        "similarity": None,
        "edits": None,
        "page": None,
    }
    if result.match is not None:
        data.update(match_json(outcome, result.match))
    if outcome.node is not None:
        data = {**node_json(outcome.node), **data}
        data["locator"] = outcome.node.quote.locator
    if len(result.occurrences) > 1:
        data["occurrences"] = [match_json(outcome, m) for m in result.occurrences]
        data["occurrence"] = outcome.occurrence
    if result.closest is not None:
        data["closest"] = match_json(outcome, result.closest)
    return data


COMMANDS = [source, quote]
