"""How a quote cites its source, in every format and on the terminal. Pure."""

from __future__ import annotations

from debate.models import Source


def locator_of(locator: str | None, page: str | None) -> str | None:
    """The person's own locator, else the page the quote was found on."""
    return locator or (f"p. {page}" if page else None)


def citation(source: Source | None, key: str | None, locator: str | None) -> str:
    who = source.citation() if source else (key or "unknown source")
    return f"{who}, {locator}" if locator else who
