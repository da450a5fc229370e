"""Commands over the evidence: check, search, evidence."""

from __future__ import annotations

from typing import Any

import click

from debate.cli.common import (
    CONTEXT_SETTINGS,
    Session,
    emit_json,
    json_option,
    node_json,
    with_session,
)


@click.command("check", context_settings=CONTEXT_SETTINGS)
@click.option("--source", "key", metavar="KEY", help="Only the quotes from this source.")
@json_option
@with_session
def check(session: Session, key: str | None, as_json: bool) -> None:
    """Re-verify every quote against its source's text; report those that no longer
    match. Exits 1 when any quote is not verified."""
    from debate import evidence, render

    rows = evidence.check(session.store, key)
    problems = [r for r in rows if r.problem]
    if as_json:
        emit_json(
            {
                "checked": len(rows),
                "verified": len(rows) - len(problems),
                "problems": [
                    {
                        "id": r.node.id,
                        "source": r.node.quote.source_key if r.node.quote else None,
                        "status": r.node.quote.status if r.node.quote else None,
                        "problem": r.problem,
                    }
                    for r in problems
                ],
            }
        )
    else:
        render.check_report(rows)
    if problems:
        n = len(problems)
        raise click.ClickException(
            f"{n} of {len(rows)} quote{'s' if len(rows) != 1 else ''} "
            f"{'is' if n == 1 else 'are'} not verified"
        )


@click.command("search", context_settings=CONTEXT_SETTINGS)
@click.argument("words")
@click.option("--source", "key", metavar="KEY", help="Only this source.")
@click.option(
    "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Hits of each kind."
)
@json_option
@with_session
def search(session: Session, words: str, key: str | None, limit: int, as_json: bool) -> None:
    """Full-text search (SQLite FTS5, with stemming) over source texts and quotes.

    Prints passages with their source, page and offsets, ready to paste into
    `debate quote`, then the quotes already in the debate that match.
    """
    from debate import evidence, render

    hits = evidence.search(session.store, words, key, limit)
    if not as_json:
        render.search_hits(hits)
        return
    emit_json(
        {
            "query": words,
            "passages": [
                {
                    "source": h.key,
                    "page": h.page,
                    "start": h.start,
                    "end": h.end,
                    "text": h.text,
                }
                for h in hits.passages
            ],
            "quotes": [node_json(n) for n in hits.quotes],
        }
    )


@click.command("evidence", context_settings=CONTEXT_SETTINGS)
@click.option("--source", "key", metavar="KEY", help="Only quotes from this source.")
@click.option("--claim", type=int, metavar="N", help="Only quotes under claim N (any depth).")
@click.option("--by", metavar="NAME", help="Only quotes added by this participant.")
@json_option
@with_session
def evidence_(
    session: Session, key: str | None, claim: int | None, by: str | None, as_json: bool
) -> None:
    """The evidence log: every quote, oldest first, with who added it, where it
    stands in its source and what it supports or opposes."""
    from debate import evidence, render

    rows = evidence.evidence_log(session.store, key=key, claim=claim, by=by)
    if not as_json:
        render.evidence_log(rows)
        return

    def row(r: Any) -> dict[str, Any]:
        return {
            **node_json(r.node),
            "citation": r.source.citation(),
            "supports" if r.stance == "pro" else "opposes": r.claim,
            "claim": r.claim,
            "stance": r.stance,
            "claim_text": r.claim_text,
        }

    emit_json([row(r) for r in rows])


COMMANDS = [check, search, evidence_]
