"""Writers of one SQLite store take turns in a queue, each waiting at most `--wait`.

SQLite's own busy handler polls: a waiting writer sleeps, up to 100 ms at a time,
and tries again, while a newcomer tries at once. Under a hundred writers the
newcomers keep winning and an early one can wait past any timeout while the lock
is held for milliseconds at a time. So before `BEGIN IMMEDIATE` a writer takes an
exclusive `flock` on a file beside the store (`NAME-lock`): the kernel keeps the
waiters asleep and wakes them when the lock is free, with no polling, and only
the holder of the turn then asks SQLite for its lock (which it gets at once,
unless a program outside debate holds it: SQLite's busy handler is still there
for that).

The lock file is never removed (removing a lock file races with its next user).
Where it cannot be made (a read-only directory, a file system without `flock`),
writers fall back to SQLite's busy handler alone. No other file descriptor is
ever opened on the store file itself, since closing one would drop SQLite's own
POSIX locks on it.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: SQLite's busy handler alone
    fcntl = None  # type: ignore[assignment]


class TurnNotGiven(Exception):
    """The wait ran out before this writer's turn came."""

    def __init__(self, waited: float):
        super().__init__(f"waited {waited:.1f} s")
        self.waited = waited


class WriterQueue:
    """The turn to write on one store file: `take` it, then `give_back`."""

    def __init__(self, store: Path):
        self.path = store.with_name(store.name + "-lock")
        self._held: int | None = None  # the descriptor that holds the turn

    def take(self, wait: float) -> float:
        """Wait for this writer's turn, at most `wait` seconds; how long it waited.
        Raises TurnNotGiven when the wait runs out."""
        if self._held is not None:
            raise RuntimeError("this writer already holds its turn")
        fd = self._open()
        if fd is None:
            return 0.0  # no queue here: SQLite's busy handler decides
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return self._wait(wait)
        except OSError:  # no flock on this file system
            os.close(fd)
            return 0.0
        self._held = fd
        return 0.0

    @property
    def holding(self) -> bool:
        """This writer holds its turn (False too where there is no queue)."""
        return self._held is not None

    def give_back(self) -> None:
        fd, self._held = self._held, None
        if fd is not None:
            os.close(fd)  # closing the descriptor gives the lock back

    def _open(self) -> int | None:
        if fcntl is None:
            return None
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        except OSError:
            return None

    def _wait(self, wait: float) -> float:
        """Block in the kernel's queue on a helper thread, so that the wait can end.

        The helper has a descriptor of its own: if the wait runs out first, the
        helper gives the turn back as soon as it gets it, and closes what it opened,
        so that nothing of an abandoned wait outlives it."""
        started = time.monotonic()
        fd = self._open()
        if fd is None:
            return 0.0
        given = threading.Event()
        settled = threading.Lock()
        abandoned = False
        failed = False

        def queue() -> None:
            nonlocal failed
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError:  # the lock itself failed: SQLite's busy handler decides
                failed = True
            with settled:
                if abandoned or failed:
                    os.close(fd)
                given.set()

        threading.Thread(target=queue, name="debate-writer-queue", daemon=True).start()
        if not given.wait(max(0.0, wait)):
            with settled:
                if not given.is_set():
                    abandoned = True
                    raise TurnNotGiven(time.monotonic() - started)
        if not failed:
            self._held = fd
        return time.monotonic() - started
