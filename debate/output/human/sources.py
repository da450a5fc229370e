"""Views of sources and search."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from debate.core.text import readable, visible, visible_lines
from debate.models import (
    Source,
)
from debate.output.human.common import indented, kv, stdout, user
from debate.output.human.labels import short
from debate.output.messages import message

if TYPE_CHECKING:
    from debate.app.sources import SearchHits, SourceUpdated


def source_list(rows: list[Source]) -> None:
    if not rows:
        message("No sources yet: add one with `debate source add FILE --key KEY`.")
        return
    table = Table("key", "author", "year", "title", "text", box=None)
    for s in rows:
        m = s.metadata
        table.add_row(
            user(s.key),
            user(m.author or ""),
            str(m.year or ""),
            user(m.title or ""),
            "yes" if s.has_text else "no",
        )
    indented(stdout(), table, 0)


def source(s: Source) -> None:
    m = s.metadata
    fields: list[tuple[str, Any]] = [
        ("key", s.key),
        ("author", m.author),
        ("year", m.year),
        ("title", m.title),
        ("venue", m.venue),
        ("url", m.url),
        ("text", f"sha256 {s.text_sha256}" if s.has_text else "not attached"),
        ("file", f"{s.format}, sha256 {s.original_sha256}" if s.original_sha256 else None),
        ("extractor", s.extractor),
        ("pages", f"{len(s.pages)} ({s.pages[0][1]}–{s.pages[-1][1]})" if s.pages else None),
        ("uuid", s.uuid),
        ("added", s.created_at),
    ]
    indented(stdout(), kv((k, user(str(v))) for k, v in fields if v is not None), 0)


def source_text(text: str) -> None:
    """A source's stored text, verbatim but for control characters, which are shown."""
    stdout().file.write(visible_lines(text))


def source_updated(result: SourceUpdated) -> None:
    if not result.text_changed:
        message(f"Source {result.source.key} already has this text; nothing changed.")
        return
    counts = Counter(r.outcome for r in result.quotes)
    summary = ", ".join(f"{counts[o]} {o}" for o in ("unchanged", "moved", "changed", "orphaned"))
    message(f"Updated the text of {result.source.key}: {summary}.", "green")
    table = Table("quote", "outcome", "was at", "now at", "passage", box=None, padding=(0, 1))
    for r in result.quotes:
        style = {"orphaned": "red", "changed": "yellow"}.get(r.outcome, "")
        passage = user(short(readable(r.node.text), 70))
        if r.outcome == "changed":
            passage = Text("now says: ").append_text(user(readable(r.node.text)))
        table.add_row(
            f"#{r.node.id}",
            Text(r.outcome, style=style),
            f"{r.old[0]}:{r.old[1]}" if r.old else "-",
            f"{r.new[0]}:{r.new[1]}" if r.new and r.outcome != "orphaned" else "-",
            passage,
        )
    indented(stdout(), table, 0)


def search_hits(hits: SearchHits) -> None:
    out = stdout()
    words = [w.lower() for w in re.findall(r"\w+", hits.query)]
    if not hits.passages and not hits.quotes:
        message(f"Nothing matches {short(hits.query)!r}.")
        return
    for h in hits.passages:
        where = f"{h.source_key}" + (f", p. {h.page}" if h.page else "") + f"  [{h.start}:{h.end}]"
        out.print(Text(visible(where), style="cyan"))
        text = user(h.text)
        text.highlight_words(words, style="bold", case_sensitive=False)
        indented(out, text)
    if hits.quotes:
        out.print(Text("Quotes in the debate:", style="bold"))
        for n in hits.quotes:
            line = Text(f"#{n.id} ", style="cyan")
            line.append_text(user(readable(n.text)))
            indented(out, line)
