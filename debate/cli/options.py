"""Options, value types and helpers shared by every command group.

Values are checked here, at the edge: numbers in range (with exit code 2,
as click does for a value of the wrong type), so that no command meets an
id beyond the store's 64-bit integers or a negative seed.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from debate.cli import context
from debate.output import messages

if TYPE_CHECKING:
    from debate.models import Access
    from debate.store import Store

F = TypeVar("F", bound=Callable[..., Any])

# A fixed help width keeps `--help` (and the README made from it) the same everywhere.
CONTEXT_SETTINGS = context.CONTEXT_SETTINGS
MAX_ID = 2**63 - 1  # the store's integers are 64-bit


class Number(click.ParamType):
    """A whole number within bounds, with a message that says what is expected."""

    name = "integer"

    def __init__(self, low: int, high: int, what: str = "a number"):
        self.low, self.high, self.what = low, high, what

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                self.fail(f"{str(value)[:40]!r} is not {self.what}", param, ctx)
        if not self.low <= number <= self.high:
            shown = str(number) if len(str(number)) <= 25 else str(number)[:20] + "…"
            high = f"{self.high:,}" if self.high < MAX_ID else "2^63 − 1"
            self.fail(f"{shown} is out of range: {self.what} from {self.low} to {high}", param, ctx)
        return number


NODE_ID = Number(1, MAX_ID, "a claim or quote number")
COUNT = Number(0, 1_000_000_000, "a count")
YEAR = Number(-9999, 9999, "a year")
SEED = Number(0, 2**32 - 1, "a seed")


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


def acting_participant(access: Access, given: str | None) -> str:
    """On a server, a login acts as its own participant: only the trusted (moderators)
    may name another with --as; the server would refuse it anyway."""
    assert access.participant is not None
    if given is None or given == access.participant:
        return access.participant
    if not access.trusted:
        from debate.errors import NotAllowed

        raise NotAllowed(
            f"the login {access.login!r} acts as participant {access.participant!r} in "
            f"this store; only a moderator may act as someone else (--as {given!r})"
        )
    return given


class Session:
    """What a command works with: the open store, who acts, whether it may ask."""

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


db_option = click.option(
    "--db",
    "db_path",
    envvar="DEBATE_DB",
    metavar="PATH|URL",
    help="Store: a file, or a postgresql:// URL. Default: $DEBATE_DB, else debate.db in "
    "the user's app directory.",
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
SORT_CHOICE = click.Choice(["contribution", "strength", "time"])

semantics_option = click.option(
    "--semantics",
    type=SEMANTICS_CHOICE,
    default="dfquad",
    show_default=True,
    help="Gradual semantics for σ: DF-QuAD, quadratic energy, Euler-based or MLP-based.",
)
perspective_option = click.option(
    "--perspective",
    metavar="NAME|team:NAME|all",
    default="all",
    show_default=True,
    help="Count only the votes of one participant or one team.",
)
min_votes_option = click.option(
    "--min-votes",
    type=COUNT,
    default=0,
    metavar="K",
    help="Leave out arguments with fewer than K votes (acceptance and impact together).",
)
no_input_option = click.option(
    "--no-input", is_flag=True, help="Never prompt; a missing value is a usage error."
)


def open_store(db_path: str | None, writes: bool) -> Store:
    from debate.errors import StoreMissing
    from debate.store import Store

    path = resolve_db_path(db_path, creating=writes)
    try:
        store = Store.open(path, create=writes, writable=writes)
    except StoreMissing as e:
        demo = demo_db_path()
        if not db_path and demo.exists():
            raise StoreMissing(f"{e}; the demo is in {demo}: debate tree --db {demo}") from e
        where = "check --db and $DEBATE_DB; " if db_path else ""
        raise StoreMissing(
            f"{e} ({where}a writing command such as `debate claim add` makes one)"
        ) from e
    if store.created:
        messages.message(f"Created a new store at {store.where}.")
    return store


def _acting(store: Store, option: str | None, who: str, writes: bool) -> str:
    """Who acts: on a server, a login with a role acts as its participant; else --as
    (or $DEBATE_USER), else, while a speech is under way and something is added, the
    speaker, else the login's name (the database's, on a server)."""
    given = bool((option or "").strip())
    access = store.access
    if access is not None and access.participant is not None:
        # $DEBATE_USER is a default for files; on a server only a typed --as claims
        # to be someone.
        return acting_participant(access, who if given and _typed("actor") else None)
    if given:
        return who
    speaker = store.running_speaker() if writes else None
    return speaker or (access.login if access is not None else who)


def _with_store(writes: bool) -> Callable[[F], F]:
    def decorate(f: F) -> F:
        @db_option
        @as_option
        @functools.wraps(f)
        def wrapper(db_path: str | None, actor: str | None, **kwargs: Any) -> Any:
            from debate.errors import StoreConflict

            no_input = bool(kwargs.pop("no_input", False))
            for attempt in range(1, RETRIES + 1):
                who = resolve_actor(actor)
                store = open_store(db_path, writes)
                session = Session(store, who, no_input)
                try:
                    session.actor = _acting(store, actor, who, writes)
                    return f(session, **kwargs)
                except StoreConflict:
                    # The server undid the whole transaction: run the command again,
                    # unless it asked someone something (that is not asked twice).
                    if attempt == RETRIES or session.prompted:
                        raise
                finally:
                    store.close()
                time.sleep(0.05 * attempt)
            raise AssertionError("unreachable")

        return wrapper  # type: ignore[return-value]

    return decorate


RETRIES = 5  # runs of a command whose transaction the server undid (PostgreSQL)


# A command that writes creates the store when there is none, and says so once;
# one that only reads refuses a path where no store is.
writes_store = _with_store(True)
reads_store = _with_store(False)


def emit_json(data: Any) -> None:
    """Indented for a person at a terminal; one line for a pipe, where Python's
    C encoder makes a large tree several times faster to write."""
    from debate.output.json import dumps

    click.echo(dumps(data, indent=2 if sys.stdout.isatty() else None))


def missing(what: str, session: Session) -> click.UsageError:
    hint = "" if session.no_input else " (or run it on a terminal to be asked)"
    return click.UsageError(f"Missing {what}{hint}.")


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
