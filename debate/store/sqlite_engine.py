"""The SQLite engine: one file, the default and the embedded choice.

The outermost write transaction is `BEGIN IMMEDIATE`, taken in turn: writers
queue for it (`writer_queue`), each waiting at most `--wait` seconds. A new store is built in
a temporary file beside it and linked into place when its first write commits, so that it
appears whole and holding what the command wrote, or not at all: a refused or
interrupted command leaves no empty store. (What a killed one leaves is hidden,
and removed by the next command to open the store.) A file is
checked through a read-only connection before anything is written to it. A store
on a read-only file system (a CD, a read-only mount) is opened immutable: it can
be read, and every write is refused saying why.
Full-text search is FTS5; the migrations are `migrations/NNNN_*`, applied by
sqlite-utils (`debate.store.schema`).
"""

from __future__ import annotations

import errno
import glob
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from debate.core.file_kinds import kind
from debate.errors import StoreBusy, StoreConflict, StoreError, StoreMissing
from debate.models import Access
from debate.store import schema
from debate.store.engine import WAIT_S, FullText, turn_not_given
from debate.store.writer_queue import TurnNotGiven, WriterQueue

try:
    import fcntl
except ImportError:  # Windows: no lock tells an abandoned new store from a live one
    fcntl = None  # type: ignore[assignment]

SQLITE_HEADER = b"SQLite format 3\x00"
CHANGE_LOOK_S = 0.05  # how often wait_for_change looks at data_version


class SQLiteEngine:
    name = "sqlite"
    join_in_order = "CROSS JOIN"  # SQLite's planner keeps the order of a CROSS JOIN
    Error = sqlite3.Error
    IntegrityError = sqlite3.IntegrityError
    access: Access | None = None  # one file, one trust domain: no roles

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        wait: float = WAIT_S,
        *,
        read_only: bool = False,
        unplaced: _NewStore | None = None,
    ):
        self.read_only = read_only  # on a read-only file system: reads only
        self._held: tuple[int, int] | None = None  # this store's file, in _HELD
        self._seen_version: int | None = None  # data_version at the last wait_for_change
        self.path: Path | None = path
        self.where = str(path)
        self.created = False  # made by this engine: with its first write
        self.on_created: Callable[[], object] | None = None  # told once the store is placed
        self.wait = wait  # seconds a write waits for its turn
        self._queue = WriterQueue(path)
        self._unplaced = unplaced  # a new store, not yet at its path
        self._use(conn)

    def _use(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        # Bound to the connection itself: the store's every statement goes
        # straight to sqlite3, with no call of ours in between.
        self.execute = conn.execute
        self.executemany = conn.executemany

    @classmethod
    def open(cls, path: Path, *, create: bool, wait: float = WAIT_S) -> SQLiteEngine:
        """Open the store file; with `create`, make a new one where none exists."""
        try:
            is_dir, parent_is_dir, exists = path.is_dir(), path.parent.is_dir(), path.exists()
        except OSError as e:
            raise _os_error(e, f"cannot open {_shorten(path)}") from e
        if is_dir:
            raise StoreError(f"{path} is a directory, not a debate store")
        if not parent_is_dir:
            raise StoreError(f"directory {path.parent} does not exist")
        read_only = _on_read_only_file_system(path.parent)
        if not read_only:
            _remove_abandoned(path)
        if not exists:
            if not create:
                raise StoreMissing(f"no store at {path}")
            if read_only:
                raise StoreError(
                    f"cannot create a store in {path.parent}: it is on a read-only file system"
                )
            new = _NewStore.make(path)
            try:
                engine = cls(new.connect(wait), path, wait, unplaced=new)
                engine.set_wait(wait)
                engine._conn.execute("PRAGMA foreign_keys = ON")
            except BaseException as e:
                new.remove()
                if isinstance(e, sqlite3.Error):
                    raise _engine_error(e, path) from e
                raise
            return engine
        return cls._open_existing(path, wait, read_only)

    @classmethod
    def _open_existing(cls, path: Path, wait: float, read_only: bool) -> SQLiteEngine:
        _check_file(path)
        if read_only:
            _check_nothing_unfolded(path)
        applied = _read_only_check(path, wait, immutable=read_only)
        try:
            if read_only:  # nobody can write it: no locks, no -shm file to make
                conn = sqlite3.connect(
                    _uri(path, "mode=ro&immutable=1"), uri=True, isolation_level=None
                )
            else:
                conn = sqlite3.connect(str(path), timeout=wait, isolation_level=None)
        except sqlite3.Error as e:
            raise _engine_error(e, path) from e
        conn.row_factory = sqlite3.Row
        engine = cls(conn, path, wait, read_only=read_only)
        engine._held = _hold(path)
        try:
            engine.set_wait(wait)  # the busy timeout, for a writer outside debate's queue
            conn.execute("PRAGMA foreign_keys = ON")
            if schema.pending(applied):
                engine._upgrade()
        except sqlite3.Error as e:
            engine.close()
            raise _engine_error(e, path) from e
        except BaseException:
            engine.close()
            raise
        return engine

    def _upgrade(self) -> None:
        """Apply what is pending in one transaction. Another process may be
        migrating too: the write lock makes one wait, and it reads again what is
        applied once it holds the lock. An upgrade is the store's own write, so a
        read command may make it."""
        conn = self._conn
        self.begin()
        try:
            schema.apply(conn, schema.pending(schema.applied_names(conn)))
            self.commit()
        except BaseException:
            self.rollback()
            raise

    # -- the engine protocol -----------------------------------------------------------

    def tuples(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        cursor = self._conn.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, params)

    def begin(self) -> None:
        if self.read_only:
            raise StoreError(
                f"cannot write to {self.path}: it is on a read-only file system, where a "
                "store can be read but not changed; nothing was changed"
            )
        try:
            self._queue.take(self.wait)
        except TurnNotGiven as e:
            raise turn_not_given(self.where, e.waited) from None
        try:
            if self._unplaced is not None and self._unplaced.path.exists():
                self._open_placed()  # another command made the store first: write there
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            # Named while the turn is still held: who else could hold the lock.
            error = self.error(e)
            self._queue.give_back()
            raise error from None
        except BaseException:
            self._queue.give_back()
            raise

    def set_wait(self, seconds: float) -> None:
        self.wait = seconds
        self._conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    def begin_reading(self) -> None:
        self._conn.execute("BEGIN DEFERRED")  # WAL: a snapshot from the first read on

    def commit(self) -> None:
        self._conn.execute("COMMIT")  # if it fails, the store rolls back, which gives back
        if self._unplaced is not None and self._conn.total_changes:
            self._place()  # still in turn: no other command can make the store meanwhile
        self._queue.give_back()

    def place_now(self) -> None:
        """A new store at its path now, however empty (for a store filled by hand)."""
        if self._unplaced is None:
            return
        self.begin()  # in turn (joining the store another command made meanwhile, if any)
        try:
            self._conn.execute("COMMIT")
            if self._unplaced is not None:
                self._place()
        except StoreConflict:
            pass  # another command made it first: this engine now uses that one
        finally:
            self._queue.give_back()

    def _place(self) -> None:
        """The new store, holding its first write, into place at its path."""
        new = self._unplaced
        assert new is not None
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # all of it in the file
        self._conn.close()
        try:
            placed = new.place()
        except OSError as e:
            new.remove()
            self._unplaced = None
            self._use(sqlite3.connect(":memory:"))  # nothing to write to any more
            raise _os_error(e, f"cannot create a store at {self.path}") from e
        if not placed:
            self._open_placed()
            raise StoreConflict(
                f"another command made a store at {self.path} at the same moment; nothing "
                "was changed by this one: run it again"
            )
        self._open_placed()
        self.created = True
        if self.on_created is not None:
            self.on_created()

    def _open_placed(self) -> None:
        """Leave the new store (unplaced, or placed just now) for the one at the path."""
        new = self._unplaced
        assert new is not None and self.path is not None
        self._conn.close()
        new.remove()
        self._unplaced = None
        other = SQLiteEngine._open_existing(self.path, self.wait, self.read_only)
        self._use(other._conn)
        self._held, other._held = other._held, None

    def rollback(self) -> None:
        try:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
        finally:
            self._queue.give_back()

    def in_transaction(self) -> bool:
        return self._conn.in_transaction

    def error(self, e: Exception) -> StoreError:
        assert self.path is not None
        return _engine_error(e, self.path, self.wait, queued=self._queue.holding)

    def full_text(self, table: str) -> FullText:
        return FullText(f"{table} f", f"{table} MATCH ?", "f.rank")

    def search_terms(self, words: Sequence[str]) -> str:
        # Each word quoted, so that FTS5 syntax in user text stays text.
        return " ".join(f'"{w}"' for w in words)

    def refresh_statistics(self, tables: Sequence[str]) -> None:
        pass  # the store's queries are planned for SQLite without statistics

    def applied_migrations(self) -> list[str]:
        return schema.applied_names(self._conn)

    def columns(self) -> schema.Columns:
        return schema.columns(self._conn)

    def version(self) -> str:
        return sqlite3.sqlite_version

    def act_for(self, role: str, participant: int) -> None:
        raise NotImplementedError("SQLite has no roles")  # Store.acting_for never asks

    def wait_for_change(self, timeout: float) -> bool:
        # data_version moves when another connection commits (never for this one's own
        # writes); reading it is a look at the WAL index, so a 50 ms look is cheap. It
        # is compared with what the last call saw, so that a write committed between
        # two calls is not missed.
        ends = time.monotonic() + timeout
        while True:
            version = self._conn.execute("PRAGMA data_version").fetchone()[0]
            if self._seen_version is None:
                self._seen_version = version
            elif version != self._seen_version:
                self._seen_version = version
                return True
            if time.monotonic() >= ends:
                return False
            time.sleep(min(CHANGE_LOOK_S, max(0.0, ends - time.monotonic())))

    def close(self) -> None:
        self._conn.close()
        _let_go(self._held)
        self._held = None
        if self._unplaced is not None:  # nothing was written: no store
            self._unplaced.remove()
            self._unplaced = None


def _engine_error(
    e: Exception, path: Path, wait: float = WAIT_S, *, queued: bool = False
) -> StoreError:
    """What went wrong, in words that do not assume SQLite."""
    text = str(e)
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        # With its turn taken in debate's queue (writer_queue), a writer that still
        # meets a taken lock meets a program that does not queue.
        holder = (
            "a program outside debate's queue holds (the sqlite3 shell, or an older debate)"
            if queued
            else "another program holds"
        )
        return StoreBusy(
            f"the store {path} is busy: waited {wait:.0f} s for its write lock, which "
            f"{holder}; nothing was changed"
        )
    if "disk is full" in lowered or getattr(e, "sqlite_errorcode", None) == 13:
        return StoreError(f"cannot write to {path}: the disk is full")
    if "readonly" in lowered or "read-only" in lowered:
        if not os.access(path.parent, os.W_OK):
            return StoreError(
                f"cannot write to {path}: its directory {path.parent} is read-only "
                "(the store needs its -wal and -shm files beside it)"
            )
        return StoreError(f"cannot write to {path}: the file is read-only")
    if "unable to open" in lowered and not os.access(path.parent, os.W_OK):
        return StoreError(
            f"cannot open {path}: its directory {path.parent} is read-only "
            "(the store needs its -wal and -shm files beside it)"
        )
    if "malformed" in lowered or "not a database" in lowered:
        return StoreError(f"{path} is damaged: {text}")
    return StoreError(f"store {path}: {text}")


def _shorten(path: Path) -> str:
    text = str(path)
    return text if len(text) <= 200 else text[:100] + "…" + text[-40:]


def _os_error(e: OSError, what: str) -> StoreError:
    if e.errno == errno.ENOSPC:
        return StoreError(f"{what}: the disk is full")
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StoreError(f"{what}: permission denied")
    return StoreError(f"{what}: {e.strerror or e}")


# -- making and checking the file ---------------------------------------------------


# The store files this process holds SQLite connections to, by (device, inode), and
# how many. Closing any descriptor of a file drops every POSIX lock the process
# holds on it, SQLite's among them (SQLite keeps its own descriptors open for that
# reason); a file whose header we read with open() and then closed would lose the
# shared lock that tells another process's last connection not to delete the WAL
# under ours. A file open here already was checked when it was first opened.
_HELD: dict[tuple[int, int], int] = {}
_HELD_LOCK = threading.Lock()


def _hold(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    key = (found.st_dev, found.st_ino)
    with _HELD_LOCK:
        _HELD[key] = _HELD.get(key, 0) + 1
    return key


def _let_go(key: tuple[int, int] | None) -> None:
    if key is None:
        return
    with _HELD_LOCK:
        left = _HELD.get(key, 0) - 1
        if left > 0:
            _HELD[key] = left
        else:
            _HELD.pop(key, None)


def _check_file(path: Path) -> None:
    try:
        found = path.stat()
    except OSError as e:
        raise _os_error(e, f"cannot read {path}") from e
    if not stat.S_ISREG(found.st_mode):
        # Opening a FIFO would wait for a writer for ever; a device is no store.
        raise StoreError(f"{path} is {kind(found.st_mode)}, not a debate store")
    size = found.st_size
    with _HELD_LOCK:
        if (found.st_dev, found.st_ino) in _HELD:
            return  # checked when this process first opened it: no descriptor to close
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as e:
        raise _os_error(e, f"cannot read {path}") from e
    if size == 0:
        raise StoreError(
            f"{path} is an empty file, not a debate store "
            "(remove it, and the next writing command makes a new store there)"
        )
    if header != SQLITE_HEADER:
        raise StoreError(f"{path} is not a debate store (not an SQLite database)")


def _uri(path: Path, query: str) -> str:
    return f"{path.resolve().as_uri()}?{query}"


def _on_read_only_file_system(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows): as if writable
        return False


def _check_nothing_unfolded(path: Path) -> None:
    """An immutable store is read without its -wal file: refuse one that holds writes."""
    wal = path.with_name(path.name + "-wal")
    try:
        unfolded = wal.stat().st_size > 0
    except OSError:
        unfolded = False
    if unfolded:
        raise StoreError(
            f"{path} is on a read-only file system, and its last writes are still in "
            f"{wal.name} beside it, which cannot be folded in there: open it once where "
            "it can be written (or copy it there with its -wal file)"
        )


def _read_only_check(path: Path, wait: float, *, immutable: bool = False) -> list[str]:
    """Check, through a read-only connection, that the file is ours; the applied migrations."""
    uri = _uri(path, "mode=ro&immutable=1" if immutable else "mode=ro")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=wait, isolation_level=None)
    except sqlite3.Error as e:
        raise _engine_error(e, path) from e
    try:
        return schema.check_is_ours(conn, path)
    except sqlite3.Error as e:
        raise _engine_error(e, path) from e
    finally:
        conn.close()


class _NewStore:
    """A new store in a hidden file beside its path, whole (every migration applied),
    until `place` links it there. It holds a lock on its file while it lives, so that
    `_remove_abandoned` can tell one that a killed command left behind."""

    def __init__(self, path: Path, temp: Path, lock: int):
        self.path = path
        self.temp = temp
        self._lock = lock

    @classmethod
    def make(cls, path: Path) -> _NewStore:
        import tempfile

        where = f"cannot create a store in {path.parent}"
        try:
            fd, temporary = tempfile.mkstemp(
                prefix=f".{path.name}.", suffix=NEW_SUFFIX, dir=path.parent
            )
        except OSError as e:
            raise _os_error(e, where) from e
        new = cls(path, Path(temporary), fd)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            conn = sqlite3.connect(str(new.temp), isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("BEGIN IMMEDIATE")
                schema.apply(conn, schema.migrations())
                conn.execute("COMMIT")
            finally:
                conn.close()  # checkpoints the WAL into the file
        except BaseException as e:
            new.remove()
            if isinstance(e, sqlite3.Error):
                raise _engine_error(e, path) from e
            if isinstance(e, OSError):
                raise _os_error(e, where) from e
            raise
        return new

    def connect(self, wait: float) -> sqlite3.Connection:
        conn = sqlite3.connect(str(self.temp), timeout=wait, isolation_level=None)
        conn.row_factory = sqlite3.Row
        return conn

    def place(self) -> bool:
        """Link the store into place (its connections closed); False if one is there."""
        return _link_into_place(self.temp, self.path)

    def remove(self) -> None:
        """The hidden file and what SQLite keeps beside it, gone (its connections
        closed first: closing the lock's descriptor drops this process's locks on it)."""
        if self._lock >= 0:
            os.close(self._lock)
            self._lock = -1
        for leftover in _with_sidecars(self.temp):
            leftover.unlink(missing_ok=True)


NEW_SUFFIX = ".new"


SIDECARS = ("-wal", "-shm", "-journal")  # what SQLite may keep beside a database file


def _with_sidecars(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + s) for s in SIDECARS)]


def _remove_abandoned(path: Path) -> None:
    """New stores that killed commands left beside the path (`.NAME.*.new`, with
    what SQLite keeps beside them): those whose maker is gone, as the lock on each
    tells, and what is left beside one that is gone."""
    if fcntl is None:
        return
    try:
        found = list(path.parent.glob(f".{glob.escape(path.name)}.*{NEW_SUFFIX}*"))
    except OSError:
        return
    for temp in found:
        if not temp.name.endswith(NEW_SUFFIX):
            main = temp.with_name(temp.name[: temp.name.rindex(NEW_SUFFIX) + len(NEW_SUFFIX)])
            if not main.exists():
                temp.unlink(missing_ok=True)  # beside a store already removed
            continue
        try:
            fd = os.open(temp, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)  # its maker is alive
            continue
        try:
            for leftover in _with_sidecars(temp):
                leftover.unlink(missing_ok=True)
        except OSError:
            pass
        finally:
            os.close(fd)


def _link_into_place(temp: Path, path: Path) -> bool:
    try:
        os.link(temp, path)
        return True
    except FileExistsError:
        return False
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV):
            raise
    # A file system without hard links: rename, unless the store appeared meanwhile.
    if path.exists():
        return False
    os.rename(temp, path)
    return True
