"""Checks on what people type, shared by every use case. Pure.

Text is refused, with a message naming the field, when it is empty, too long,
or holds control characters other than tab and newline (see `debate.core.text`).
The limits are far above any real use and far below what would make a
command slow.
"""

from __future__ import annotations

from debate.core.text import describe_control, first_control
from debate.errors import InvalidInput

MAX_CLAIM = 5_000  # characters: a claim is a sentence or a paragraph
MAX_QUOTE = 10_000  # a long block quote
MAX_NOTE = 5_000
MAX_FIELD = 1_000  # a title, an author list, a venue, a URL, a locator
MAX_NAME = 100  # a participant, a team, a source key


def _check(text: str, what: str, limit: int) -> str:
    if len(text) > limit:
        raise InvalidInput(f"{what} is {len(text):,} characters long; at most {limit:,}")
    control = first_control(text)
    if control is not None:
        raise InvalidInput(
            f"{what} holds the control character {describe_control(control)}; "
            "only tab and newline are allowed"
        )
    return text


def required_text(text: str | None, what: str, limit: int = MAX_CLAIM) -> str:
    """Stripped text that must not be empty."""
    text = (text or "").strip()
    if not text:
        raise InvalidInput(f"{what} is empty")
    return _check(text, what, limit)


def optional_text(text: str | None, what: str, limit: int = MAX_FIELD) -> str | None:
    """Stripped text, or None when none was given."""
    if text is None:
        return None
    text = text.strip()
    return _check(text, what, limit) if text else None


def name(text: str | None, what: str) -> str:
    """A name on one line: a participant, a team."""
    text = required_text(text, what, MAX_NAME)
    if "\n" in text or "\t" in text:
        raise InvalidInput(f"{what} must be on one line")
    return text
