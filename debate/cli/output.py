"""What a command prints and writes: one `emit` for --json or the human view, and
files written whole or not at all.

`json_output` (the --json documents, `debate.output.json`) and `render` (the human
views, `debate.output.human`) load a document's or a view's module on first use of
its name, so that a command loads only the output it prints: --json never imports
rich.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from debate.output import human as render
from debate.output import json as json_output
from debate.output import terminal

__all__ = ["echo_document", "emit", "emit_json", "json_output", "render", "write_output"]


def emit(as_json: bool, document: Callable[[], Any], human: Callable[[], object]) -> None:
    """Print the command's result: the JSON document for scripts, else its view."""
    if as_json:
        emit_json(document())
    else:
        human()


def emit_json(data: Any) -> None:
    """Indented for a person at a terminal; one line for a pipe, where Python's
    C encoder makes a large tree several times faster to write."""
    click.echo(
        json_output.dumps(
            data,
            indent=2 if sys.stdout.isatty() else None,
            ascii_only=not terminal.speaks_unicode(sys.stdout),
        )
    )


def echo_document(text: str, *, is_json: bool = False) -> None:
    """A document to stdout. A stream that cannot write Unicode escapes what it
    cannot; JSON is then written in ASCII, with JSON's own escapes, to stay JSON.
    (Not click.echo, which writes UTF-8 to a stream that says it is ASCII.)"""
    if is_json and not terminal.speaks_unicode(sys.stdout):
        from debate.core.text import json_escaped

        text = json_escaped(text, ascii_only=True)
    sys.stdout.write(text)
    sys.stdout.flush()


def write_output(path: Path, text: str, *, force: bool, store: Path | None) -> None:
    """Write a document to `path`. A regular file is written whole or not at all
    (beside it, then renamed over it), never onto the store (a file, for SQLite), nor
    over a file without --force. A pipe, FIFO, terminal or character device
    (`/dev/stdout`, `/dev/null`) is written into, never replaced."""
    from debate.errors import Conflict, InvalidInput

    target = path.expanduser()
    guarded = (
        []
        if store is None
        else [store, Path(f"{store}-wal"), Path(f"{store}-shm"), Path(f"{store}-journal")]
    )
    for g in guarded:
        if target.exists() and g.exists() and os.path.samefile(target, g):
            raise Conflict(f"{path} is the store itself; export somewhere else")
        if target.resolve() == g.resolve():
            raise Conflict(f"{path} is the store itself; export somewhere else")
    try:
        mode: int | None = os.stat(target).st_mode  # through symbolic links
    except FileNotFoundError:
        mode = None
    except OSError as e:
        raise InvalidInput(f"cannot write {path}: {e.strerror or e}") from e
    if mode is not None and stat.S_ISDIR(mode):
        raise InvalidInput(f"{path} is a directory")
    # A pipe, a device, or /dev/stdout that `>` sent to a file: written into.
    if mode is not None and (not stat.S_ISREG(mode) or _is_descriptor(target)):
        _write_into(path, target, mode, text)
        return
    if mode is not None and not force:
        raise Conflict(f"{path} already exists; add --force to replace it")
    # Through a symbolic link, the file it names is replaced, and the link stays.
    target = target.resolve() if mode is not None else target
    if not target.parent.is_dir():
        raise InvalidInput(f"directory {target.parent} does not exist")
    import tempfile

    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            # mkstemp makes the file private; a document to hand out gets the usual mode.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as e:
        raise InvalidInput(f"cannot write {path}: {e.strerror or e}") from e


# The names of a descriptor the process already has open.
_DESCRIPTOR = re.compile(r"/dev/(stdout|stderr|fd/[0-9]+)|/proc/(self|[0-9]+)/fd/[0-9]+")


def _is_descriptor(target: Path) -> bool:
    """`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`: a descriptor the shell opened."""
    return _DESCRIPTOR.fullmatch(os.path.abspath(target)) is not None


def _write_into(path: Path, target: Path, mode: int, text: str) -> None:
    """Write into what is there: a pipe or FIFO (which must have a reader: waiting
    for one would hang), a terminal or character device, or the file that a
    descriptor like /dev/stdout stands for (appended to, as the shell's `>>`)."""
    from debate.core.file_kinds import kind
    from debate.errors import InvalidInput

    if stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):  # a disk is no place for a document
        raise InvalidInput(f"{path} is {kind(mode)}, not a file to write to")
    flags = os.O_WRONLY | os.O_CLOEXEC
    if stat.S_ISFIFO(mode):
        flags |= os.O_NONBLOCK  # a FIFO without a reader fails at once (ENXIO)
    elif stat.S_ISREG(mode):
        flags |= os.O_APPEND
    try:
        fd = os.open(target, flags)
    except OSError as e:
        if e.errno == errno.ENXIO and stat.S_ISFIFO(mode):
            raise InvalidInput(f"cannot write {path}: no program is reading that FIFO") from e
        raise InvalidInput(f"cannot write {path}: {e.strerror or e}") from e
    try:
        os.set_blocking(fd, True)
        data = memoryview(text.encode("utf-8"))
        while data:
            data = data[os.write(fd, data) :]
    except BrokenPipeError as e:
        raise InvalidInput(f"cannot write {path}: the program reading it has gone") from e
    except OSError as e:
        raise InvalidInput(f"cannot write {path}: {e.strerror or e}") from e
    finally:
        os.close(fd)
