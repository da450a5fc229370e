"""Options and helpers shared by every command group."""

from __future__ import annotations

import functools
import getpass
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from debate.store import Store

F = TypeVar("F", bound=Callable[..., Any])

# A fixed help width keeps `--help` (and the README made from it) the same everywhere.
CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 88}


def default_db_path() -> Path:
    return Path(click.get_app_dir("debate")) / "debate.db"


def resolve_db_path(option: str | None) -> Path:
    """--db, else DEBATE_DB (click reads it into the option), else the app directory."""
    if option:
        return Path(option).expanduser()
    path = default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def resolve_actor(option: str | None) -> str:
    """--as, else DEBATE_USER (click reads it into the option), else the login name."""
    name = (option or "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "anonymous"


@dataclass
class Session:
    store: Store
    actor: str
    no_input: bool = False

    def can_prompt(self) -> bool:
        return not self.no_input and sys.stdin.isatty()


db_option = click.option(
    "--db",
    "db_path",
    envvar="DEBATE_DB",
    type=click.Path(dir_okay=False),
    help="Store file. Default: $DEBATE_DB, else debate.db in the user's app directory.",
)
as_option = click.option(
    "--as",
    "actor",
    envvar="DEBATE_USER",
    metavar="NAME",
    help="Who acts. Default: $DEBATE_USER, else the login name.",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
SEMANTICS_CHOICE = click.Choice(["dfquad", "qe", "euler", "mlp"])

semantics_option = click.option(
    "--semantics",
    type=SEMANTICS_CHOICE,
    default="dfquad",
    show_default=True,
    help="Gradual semantics for σ.",
)
perspective_option = click.option(
    "--perspective",
    metavar="NAME|team:NAME|all",
    default="all",
    show_default=True,
    help="Count only the votes of one participant or one team.",
)
no_input_option = click.option(
    "--no-input", is_flag=True, help="Never prompt; a missing value is a usage error."
)


def with_session(f: F) -> F:
    """Open the store for a command and hand it a Session; close it afterwards."""

    @db_option
    @as_option
    @functools.wraps(f)
    def wrapper(db_path: str | None, actor: str | None, **kwargs: Any) -> Any:
        from debate.store import Store

        store = Store.open(resolve_db_path(db_path))
        try:
            no_input = bool(kwargs.pop("no_input", False))
            return f(Session(store, resolve_actor(actor), no_input), **kwargs)
        finally:
            store.close()

    return wrapper  # type: ignore[return-value]


def emit_json(data: Any) -> None:
    """Indented for a person at a terminal; one line for a pipe, where Python's
    C encoder makes a large tree several times faster to write."""
    indent = 2 if sys.stdout.isatty() else None
    click.echo(json.dumps(data, ensure_ascii=False, indent=indent))


def missing(what: str, session: Session) -> click.UsageError:
    hint = "" if session.no_input else " (or run it on a terminal to be asked)"
    return click.UsageError(f"Missing {what}{hint}.")


def node_json(node: Any) -> dict[str, Any]:
    data = {
        "id": node.id,
        "uuid": node.uuid,
        "kind": node.kind,
        "text": node.text,
        "created_by": node.created_by,
        "created_at": node.created_at,
        "archived": node.archived_at is not None,
    }
    if node.quote:
        q = node.quote
        data.update(
            source=q.source_key,
            start=q.start,
            end=q.end,
            exact=node.text,
            typed=q.typed,
            page=q.page,
            locator=q.locator,
            note=q.note,
            status=q.status,
            verbatim=q.verbatim,
            method=q.method,
            similarity=q.similarity,
            edits=q.edits,
            context_before=q.context_before,
            context_after=q.context_after,
            segments=[list(s) for s in q.segments] or None,
        )
    return data


def source_json(source: Any) -> dict[str, Any]:
    return {
        "id": source.id,
        "uuid": source.uuid,
        "key": source.key,
        "title": source.title,
        "author": source.author,
        "year": source.year,
        "venue": source.venue,
        "url": source.url,
        "has_text": source.has_text,
        "text_sha256": source.text_sha256,
        "original_sha256": source.original_sha256,
        "format": source.format,
        "extractor": source.extractor,
        "pages": len(source.pages),
        "created_at": source.created_at,
    }
