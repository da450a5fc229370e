"""The terminal's width and whether it takes colour, by the rules rich's Console
follows (so that a view printed without rich looks like those printed with it):
the width is the first of stdin, stdout and stderr that is a terminal, else 80,
and $COLUMNS wins; colour needs a terminal ($TTY_COMPATIBLE, then $FORCE_COLOR,
then isatty) that is not dumb, and no $NO_COLOR. No rich here."""

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
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        found = int(columns)
    return found or 80


def colour(stream: IO[str]) -> bool:
    return _is_terminal(stream) and not _dumb(stream) and os.environ.get("NO_COLOR", "") == ""
