"""The one error hierarchy. The CLI turns every DebateError into `Error: …`, exit 1."""


class DebateError(Exception):
    """Base class for every failure a user can cause or meet."""


class NotFound(DebateError):
    """An id, source key or file that does not exist."""


class InvalidInput(DebateError):
    """A value the model refuses: empty text, a vote out of range, …"""


class Conflict(DebateError):
    """A change that would break an invariant, such as a cycle of links."""


class StoreError(DebateError):
    """A store file that is not ours, too new, or unusable."""


class QuoteNotFound(DebateError):
    """A quote that does not occur in its source."""
