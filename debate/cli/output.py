"""What a command prints and writes: one `emit` for --json or the human view, and
files written whole or not at all.

`json_output` (the --json documents, `debate.output.json`) and `render` (the human
views, `debate.output.human`) load a document's or a view's module on first use of
its name, so that a command loads only the output it prints: --json never imports
rich.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from debate.output import human as render
from debate.output import json as json_output

__all__ = ["emit", "emit_json", "json_output", "render", "write_output"]


def emit(as_json: bool, document: Callable[[], Any], human: Callable[[], object]) -> None:
    """Print the command's result: the JSON document for scripts, else its view."""
    if as_json:
        emit_json(document())
    else:
        human()


def emit_json(data: Any) -> None:
    """Indented for a person at a terminal; one line for a pipe, where Python's
    C encoder makes a large tree several times faster to write."""
    click.echo(json_output.dumps(data, indent=2 if sys.stdout.isatty() else None))


def write_output(path: Path, text: str, *, force: bool, store: Path | None) -> None:
    """Write a whole file or nothing: never onto the store (a file, for SQLite), nor
    over a file without --force."""
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
    if target.is_dir():
        raise InvalidInput(f"{path} is a directory")
    if target.exists() and not force:
        raise Conflict(f"{path} already exists; add --force to replace it")
    if not target.parent.is_dir():
        raise InvalidInput(f"directory {target.parent} does not exist")
    import tempfile

    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        # mkstemp makes the file private; a document to hand out gets the usual mode.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except OSError as e:
        raise InvalidInput(f"cannot write {path}: {e.strerror or e}") from e
