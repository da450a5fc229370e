"""How a quote cites its source, in every format and on the terminal. Pure."""

from __future__ import annotations

from debate.models import Source


def locator_of(locator: str | None, page: str | None) -> str | None:
    """The person's own locator, else the page the quote was found on."""
    return locator or (f"p. {page}" if page else None)


def citation(source: Source | None, key: str | None, locator: str | None) -> str:
    who = source.citation() if source else (key or "unknown source")
    return f"{who}, {locator}" if locator else who


def reference(source: Source) -> str:
    """A plain-text bibliography entry: Author (Year). Title. Venue. URL.

    A source known only by a reference as written (a Kialo footnote) is that
    reference, once."""
    m = source.metadata
    if m.title and not (m.author or m.year or m.venue):
        return m.title if not m.url or m.url in m.title else f"{m.title} {m.url}"
    parts = []
    if m.author:
        parts.append(f"{m.author} ({m.year})" if m.year else m.author)
    elif m.year:
        parts.append(f"({m.year})")
    parts.extend(p for p in (m.title, m.venue) if p)
    text = " ".join(p if p.endswith((".", "?", "!")) else p + "." for p in parts)
    if m.url and m.url not in text:
        text = f"{text} {m.url}" if text else m.url
    return text or source.key
