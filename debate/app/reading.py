"""Reading a file the user names (an import, a source, a BibTeX entry), bounded and
never hanging: the use cases that read one share this.

A regular file is read; so is a pipe or FIFO (`debate import <(…)`), but only if
a program is writing to it, since opening a FIFO that nobody writes to waits for
ever. A device, a socket or a directory is refused, saying what it is. The read
is bounded by what is read, not by what `stat` says: a device or pipe reports
size 0, and `/dev/zero` never ends.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from debate.core.file_kinds import kind
from debate.errors import InvalidInput, NotFound


def shown(path: Path) -> str:
    """The path as a message names it: a long one is cut short."""
    text = str(path)
    return text if len(text) <= 200 else text[:100] + "…"


def read_bounded(path: Path, limit: int, too_big: str) -> bytes:
    """The whole of `path`, at most `limit` bytes; past that, InvalidInput(`too_big`)."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        raise NotFound(f"no such file: {shown(path)}") from None
    except OSError as e:
        raise InvalidInput(f"cannot read {shown(path)}: {e.strerror or e}") from e
    fifo = stat.S_ISFIFO(found.st_mode)
    if not fifo and not stat.S_ISREG(found.st_mode):
        raise InvalidInput(f"{shown(path)} is {kind(found.st_mode)}, not a file to read")
    if found.st_size > limit:  # a regular file's size is known without reading it
        raise InvalidInput(too_big)
    try:
        # A FIFO opens at once this way; with no writer, reading it finds the end.
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | (os.O_NONBLOCK if fifo else 0))
    except OSError as e:
        raise InvalidInput(f"cannot read {shown(path)}: {e.strerror or e}") from e
    try:
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        got = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
            if got > limit:
                raise InvalidInput(too_big)
    except OSError as e:
        raise InvalidInput(f"cannot read {shown(path)}: {e.strerror or e}") from e
    finally:
        os.close(fd)
    if fifo and not got:
        raise InvalidInput(f"{shown(path)} is a FIFO that no program is writing to")
    return b"".join(chunks)
