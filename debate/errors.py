"""The one error hierarchy, and the exit codes the CLI maps it to.

Every failure a user can cause or meet is a `DebateError`; the CLI prints it
as one line, `Error: …`. Nothing here knows the storage engine: the store
turns its engine's errors into these.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1  # the command ran and refused, or found a problem (`check`)
    USAGE = 2  # the command line itself is wrong: an unknown option, a bad or out-of-range value
    INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


class DebateError(Exception):
    """Base class for every failure a user can cause or meet."""

    exit_code: ExitCode = ExitCode.FAILED


class NotFound(DebateError):
    """An id, source key, participant, team or file that does not exist."""


class InvalidInput(DebateError):
    """A value the model refuses: empty text, control characters, a value out of range."""


class UsageError(InvalidInput):
    """A value refused at the command line's edge (exit 2, like click's own)."""

    exit_code = ExitCode.USAGE


class BadFile(InvalidInput):
    """A file that cannot be imported; the message names the line, or the path in the
    document."""


class Conflict(DebateError):
    """A change that would break an invariant: a cycle, a duplicate, an archived node."""


class Archived(Conflict):
    """The node is archived, or hangs only under archived claims."""


class StoreError(DebateError):
    """A store that is missing, not ours, too new, or that the engine cannot use."""


class StoreMissing(StoreError, NotFound):
    """A read command on a path where no store exists."""


class StoreBusy(StoreError):
    """Another command held the write lock for longer than the busy timeout."""


class StoreConflict(StoreBusy):
    """The server undid a transaction that met another (a serialization failure or a
    deadlock): nothing of it was written, and running it again may well succeed."""


class NotAllowed(DebateError):
    """What the login's role in a store on a server does not allow (the server says
    so: roles, grants and row-level security on PostgreSQL)."""


class QuoteNotVerified(DebateError):
    """A quote that could not be stored: not found, ambiguous, or needing --confirm.

    `outcome` carries what the anchoring found, so that the CLI can still print
    it (JSON or a word diff) before the one-line error.
    """

    def __init__(self, message: str, outcome: Any = None):
        super().__init__(message)
        self.outcome = outcome


class NotEnoughVotes(InvalidInput):
    """Too few participants or votes for an analysis to mean anything."""


class Cancelled(DebateError):
    """Ctrl-C, or Ctrl-D at a prompt."""

    exit_code = ExitCode.INTERRUPTED

    def __init__(self) -> None:
        super().__init__("interrupted")


class NoTransaction(RuntimeError):
    """A store write called outside `Store.transaction()`: a bug, never a user error."""
