"""What a command runs with: the open store, who acts, whether it may ask.

`writes_store` and `reads_store` wrap a command: they open the store named by
--db (or $DEBATE_DB, or the app directory's), settle who acts (the rule is the
use case's, `app.policy.acting`), run the command, close the store, and run
the command again when a server undid its transaction.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from debate.cli.options import as_option, db_option, wait_option
from debate.output import messages

if TYPE_CHECKING:
    from debate.store import Store

F = TypeVar("F", bound=Callable[..., Any])
RETRIES = 5  # runs of a command whose transaction the server undid (PostgreSQL)


def default_db_path() -> Path:
    return Path(click.get_app_dir("debate")) / "debate.db"


def demo_db_path() -> Path:
    return default_db_path().with_name("demo.db")


def resolve_db_path(option: str | None, *, creating: bool = False) -> Path | str:
    """--db, else DEBATE_DB (click reads it into the option), else the app directory:
    a file's path, or a PostgreSQL URL (kept as the string it is)."""
    if option:
        from debate.store.address import is_server_url

        return option if is_server_url(option) else Path(option).expanduser()
    path = default_db_path()
    if creating:
        path.parent.mkdir(parents=True, exist_ok=True)
    return path


def resolve_actor(option: str | None) -> str:
    """--as, else DEBATE_USER (click reads it into the option), else the login name."""
    from debate.core import validate

    name = (option or "").strip()
    if name:
        return validate.name(name, "the name given by --as or $DEBATE_USER")
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "anonymous"


def _typed(parameter: str) -> bool:
    """The option was given on the command line (not taken from the environment)."""
    from click.core import ParameterSource

    context = click.get_current_context(silent=True)
    return context is None or context.get_parameter_source(parameter) in (
        ParameterSource.COMMANDLINE,
        ParameterSource.PROMPT,
    )


class Invocation:
    """One run of a command: the open store, who acts, whether it may ask."""

    def __init__(self, store: Store, actor: str, no_input: bool = False):
        self.store = store
        self.actor = actor
        self.no_input = no_input
        self.prompted = False

    def can_prompt(self) -> bool:
        if self.no_input or not sys.stdin.isatty():
            return False
        self.prompted = True  # what was asked is not asked again by a retry
        return True

    def empty_hint(self) -> str:
        """Where the demo is, when someone looks at an empty store of their own."""
        demo = demo_db_path()
        if demo.exists() and self.store.path != demo:
            return f" The demo is in {demo}: debate tree --db {demo}"
        return ""

    def missing(self, what: str) -> click.UsageError:
        hint = "" if self.no_input else " (or run it on a terminal to be asked)"
        return click.UsageError(f"Missing {what}{hint}.")


def open_store(db_path: str | None, writes: bool, wait: float | None = None) -> Store:
    from debate.errors import StoreMissing
    from debate.store import Store

    path = resolve_db_path(db_path, creating=writes)
    try:
        store = Store.open(path, create=writes, writable=writes, wait=wait)
    except StoreMissing as e:
        demo = demo_db_path()
        if not db_path and demo.exists():
            raise StoreMissing(f"{e}; the demo is in {demo}: debate tree --db {demo}") from e
        where = "check --db and $DEBATE_DB; " if db_path else ""
        raise StoreMissing(
            f"{e} ({where}a writing command such as `debate claim add` makes one)"
        ) from e
    store.when_created(lambda: messages.message(f"Created a new store at {store.where}."))
    return store


def _with_store(writes: bool) -> Callable[[F], F]:
    def decorate(f: F) -> F:
        @db_option
        @as_option
        @functools.wraps(f)
        def wrapper(db_path: str | None, actor: str | None, **kwargs: Any) -> Any:
            from debate.app import policy
            from debate.errors import StoreConflict

            no_input = bool(kwargs.pop("no_input", False))
            wait = kwargs.pop("wait", None)
            given = bool((actor or "").strip())
            for attempt in range(1, RETRIES + 1):
                who = resolve_actor(actor)
                store = open_store(db_path, writes, wait)
                call = Invocation(store, who, no_input)
                try:
                    # A read command sees one moment of the store, whatever is written
                    # meanwhile; a writing one takes its own transactions.
                    with nullcontext() if writes else store.snapshot():
                        call.actor = policy.acting(
                            store, who, given=given, typed=given and _typed("actor"), writes=writes
                        )
                        return f(call, **kwargs)
                except StoreConflict:
                    # The server undid the whole transaction: run the command again,
                    # unless it asked someone something (that is not asked twice).
                    if attempt == RETRIES or call.prompted:
                        raise
                finally:
                    store.close()
                time.sleep(0.05 * attempt)
            raise AssertionError("unreachable")

        return wait_option(wrapper) if writes else wrapper  # type: ignore[return-value]

    return decorate


# A command that writes creates the store when there is none, and says so once;
# one that only reads refuses a path where no store is.
writes_store = _with_store(True)
reads_store = _with_store(False)
