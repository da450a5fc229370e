"""The terminal's width and whether it takes colour, by the rules rich's Console
follows (so that a view printed without rich looks like those printed with it):
the width is the first of stdin, stdout and stderr that is a terminal, else 80,
and $COLUMNS wins (unless it is 0); colour needs a terminal ($TTY_COMPATIBLE, then
$FORCE_COLOR, then isatty) that is not dumb, and no $NO_COLOR. A stream whose
encoding cannot write all of Unicode ($PYTHONIOENCODING=ascii, a C locale) writes
what it cannot as escapes. No rich here."""

from __future__ import annotations

import os
from typing import IO


def _is_terminal(stream: IO[str]) -> bool:
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed file
        return False


def _dumb(stream: IO[str]) -> bool:
    return _is_terminal(stream) and os.environ.get("TERM", "").lower() in ("dumb", "unknown")


def width(stream: IO[str]) -> int:
    if _dumb(stream):
        return 80
    found = 0
    for fd in (0, 1, 2):
        try:
            found = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):  # not a terminal
            continue
        break
    columns = os.environ.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit() and int(columns) > 0:
        found = int(columns)
    return found or 80


def width_for_rich(stream: IO[str]) -> int | None:
    """The width to give rich's Console where it would misread $COLUMNS (0: it would
    print nothing at all); None, to let it follow the terminal itself."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) == 0:
        return width(stream)
    return None


def speaks_unicode(stream: IO[str]) -> bool:
    """Can the stream write any character (a UTF encoding)?"""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    return encoding.startswith(("utf-8", "utf8", "utf-16", "utf-32"))


def degrade_to_escapes(*streams: IO[str]) -> None:
    """Streams that cannot write all of Unicode write escapes (\\u03c4) for what they
    cannot, rather than fail in the middle of a view."""
    for stream in streams:
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and not speaks_unicode(stream):
            reconfigure(errors="backslashreplace")


def colour(stream: IO[str]) -> bool:
    return _is_terminal(stream) and not _dumb(stream) and os.environ.get("NO_COLOR", "") == ""
