"""The PostgreSQL engine: one store on a server that many people reach.

The store lives in the connection's current schema (the first of its
`search_path`), so a database may hold several. The driver is psycopg 3, an
optional extra. The shared SQL's `?` placeholders become psycopg's `%s`.

The outermost write transaction takes a transaction-level advisory lock on
the store before anything else, as SQLite's `BEGIN IMMEDIATE` takes the file's
write lock: writers queue, each sees what the one before committed, and the
checks the store makes before writing (a cycle, a kept score) stay true until
it commits. Readers never wait. Migrations take the same lock, one transaction
each, so two processes opening a new database at once do not race.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from debate.errors import (
    InvalidInput,
    NotAllowed,
    StoreBusy,
    StoreConflict,
    StoreError,
    StoreMissing,
)
from debate.models import Access
from debate.resources import data_dir
from debate.store.address import shown, without_secrets
from debate.store.engine import (
    WAIT_S,
    FullText,
    refuse_missing_columns,
    refuse_unknown_migrations,
    turn_not_given,
)
from debate.store.schema import Migration  # a name and a file, as SQLite's

if TYPE_CHECKING:
    import psycopg

MIGRATIONS_TABLE = "_debate_migrations"
MIGRATION_SET = "debate"
# The advisory lock's key: this store's schema, in a key space of our own.
TURN_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('debate:' || current_schema(), 0))"
COLUMNS_FILE = "columns.json"

Columns = dict[str, tuple[str, ...]]


def _driver() -> Any:
    try:
        import psycopg
    except ImportError as e:
        raise StoreError(
            "a PostgreSQL store needs the psycopg driver: pip install 'debate[postgres]'"
        ) from e
    return psycopg


class Row:
    """A row by column name or position, as sqlite3.Row."""

    __slots__ = ("_index", "_values")

    def __init__(self, index: dict[str, int], values: Sequence[Any]):
        self._index = index
        self._values = values

    def __getitem__(self, key: str | int) -> Any:
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def keys(self) -> list[str]:
        return list(self._index)

    def __iter__(self) -> Any:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def _rows(cursor: Any) -> Any:
    names = [d.name for d in cursor.description or ()]
    index = {name: i for i, name in enumerate(names)}

    def make(values: Sequence[Any]) -> Row:
        return Row(index, values)

    return make


@cache
def _placeholders(sql: str) -> str:
    """The shared SQL's `?` as psycopg's `%s` (a literal % doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


@cache
def migrations() -> tuple[Migration, ...]:
    folder = data_dir("migrations") / "postgresql"
    return tuple(
        sorted(
            (Migration(p.stem, p) for p in folder.glob("[0-9][0-9][0-9][0-9]_*.sql")),
            key=lambda m: m.name,
        )
    )


@cache
def expected_columns() -> dict[str, Any]:
    """What the whole current set of migrations makes (recorded beside them)."""
    path = data_dir("migrations") / "postgresql" / COLUMNS_FILE
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def write_columns_file(address: str) -> None:
    """Record what the whole current set of migrations makes (after adding one), from a
    new store made at `address` (an empty schema on a server)."""
    engine = PostgresEngine.open(address, create=True)
    try:
        data = {
            "migrations": [m.name for m in migrations()],
            "columns": {t: list(c) for t, c in engine.columns().items()},
        }
    finally:
        engine.close()
    path = data_dir("migrations") / "postgresql" / COLUMNS_FILE
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


class PostgresEngine:
    name = "postgresql"
    join_in_order = "JOIN"  # PostgreSQL plans the join order itself
    path: Path | None = None

    def __init__(
        self, conn: psycopg.Connection[Any], address: str, created: bool, wait: float = WAIT_S
    ):
        psycopg = _driver()
        self._conn = conn
        self._address = address
        self.where = shown(address)
        self.created = created
        self.on_created: Callable[[], object] | None = None  # made at opening, or never
        self.wait = wait  # seconds a write waits for its turn (and any lock)
        self._listening = False  # LISTEN debate_changes, for wait_for_change
        self.Error = psycopg.Error
        self.IntegrityError = psycopg.IntegrityError
        self.access: Access | None = None  # read once the store is open
        self._login = ""  # the server's name for who is connected, once asked

    @classmethod
    def open(cls, address: str, *, create: bool, wait: float = WAIT_S) -> PostgresEngine:
        psycopg = _driver()
        if address.lower().startswith("postgres://"):
            address = "postgresql://" + address[len("postgres://") :]
        try:
            conn = psycopg.connect(address, autocommit=True, row_factory=_rows)
        except psycopg.Error as e:
            raise _connect_error(e, address) from e
        except Exception as e:  # a malformed URL is the driver's ProgrammingError or ours
            reason = without_secrets(str(e), address)
            raise InvalidInput(f"cannot use {shown(address)}: {reason}") from None
        _adapt_numbers(conn)
        engine = cls(conn, address, created=False, wait=wait)
        try:
            engine.set_wait(wait)
            engine._prepare(create)
            engine.access = engine._read_access()
        except psycopg.Error as e:
            conn.close()
            raise engine.error(e) from e
        except BaseException:
            conn.close()
            raise
        return engine

    def _prepare(self, create: bool) -> None:
        where = self._conn.execute(
            "SELECT current_schema(), current_setting('search_path'), current_user"
        ).fetchone()
        assert where is not None
        self._login = where[2]
        self._refuse_hidden_schema(*where)
        if where[0] is None:
            raise StoreError(f"{self.where} has no schema to hold a store (check its search_path)")
        # The tables and the applied migrations are read in one snapshot: another
        # process may commit a migration between two statements of autocommit.
        with self._conn.transaction():
            self._conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            tables = self.columns()
            if not tables and not create:
                raise StoreMissing(f"no store at {self.where}")
            try:
                applied = self._check_is_ours(tables) if tables else []
            except self.Error as e:
                if getattr(e, "sqlstate", None) == "42501":  # it may not even read the store
                    raise self._no_role() from None
                raise
        if self._pending(applied):
            # Made here only if this process applied the first migration: another
            # may have made the store between the look above and the lock.
            try:
                self.created = migrations()[0].name in self._upgrade()
            except self.Error as e:
                if tables and getattr(e, "sqlstate", None) == "42501":
                    raise StoreError(
                        f"{self.where} needs an upgrade to this version of debate, which "
                        "only its owner may make: the owner runs any debate command on it"
                    ) from None
                raise

    def _refuse_hidden_schema(self, current: str | None, path: str, user: str) -> None:
        """The server leaves out of the search path a schema the login may not use: a
        store there must be refused as such, not made anew in the next schema."""
        before: list[str] = []
        for name in (part.strip().strip('"') for part in path.split(",")):
            name = user if name == "$user" else name
            if name == current:
                break
            before.append(name)
        if (
            before
            and self._conn.execute(
                "SELECT 1 FROM pg_namespace WHERE nspname = ANY(%s)", [before]
            ).fetchone()
        ):
            raise self._no_role()

    def _no_role(self) -> NotAllowed:
        return NotAllowed(
            f"the login {self._login!r} has no role in the store {self.where}; a moderator "
            f"gives it one: debate db grant {self._login} --role audience"
        )

    def _read_access(self) -> Access:
        row = self._conn.execute(
            """
            SELECT debate_role_of(current_user),
                   pg_has_role((SELECT relowner FROM pg_class
                                WHERE oid = 'store_info'::regclass), 'MEMBER'),
                   (SELECT name FROM participants WHERE id = debate_me()),
                   debate_group('moderator') IS NOT NULL
            """
        ).fetchone()
        assert row is not None
        role, owner, participant, roles_made = row
        if not owner and participant is None:
            raise self._no_role()
        return Access(self._login, role, bool(owner), participant, bool(roles_made))

    def _pending(self, applied: Sequence[str]) -> list[Migration]:
        done = set(applied)
        return [m for m in migrations() if m.name not in done]

    def _upgrade(self) -> list[str]:
        """Each pending migration in one transaction of its own, under the store's lock;
        what is applied is read again once the lock is held (another process may
        have applied it meanwhile). The names of those this call applied."""
        conn = self._conn
        done: list[str] = []
        for migration in migrations():
            with conn.transaction():
                conn.execute(TURN_LOCK)
                conn.execute(
                    f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} ("
                    "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                    'migration_set TEXT COLLATE "C" NOT NULL, name TEXT COLLATE "C" NOT NULL, '
                    'applied_at TEXT COLLATE "C" NOT NULL, UNIQUE (migration_set, name))'
                )
                if migration.name in self.applied_migrations():
                    continue
                conn.execute(migration.path.read_text(encoding="utf-8"))
                # The roles' privileges cover what this migration made.
                found = conn.execute("SELECT to_regproc('debate_grant_privileges')").fetchone()
                if found and found[0]:
                    conn.execute("SELECT debate_grant_privileges()")
                conn.execute(
                    f"INSERT INTO {MIGRATIONS_TABLE} (migration_set, name, applied_at) "
                    "VALUES (%s, %s, to_char(now() AT TIME ZONE 'UTC', "
                    "'YYYY-MM-DD HH24:MI:SS.US'))",
                    [MIGRATION_SET, migration.name],
                )
            done.append(migration.name)
        return done

    def _check_is_ours(self, tables: Columns) -> list[str]:
        """Refuse a schema that is not a debate store, or one a newer version made,
        before anything is written to it; the migrations it has had."""
        where = self.where
        if MIGRATIONS_TABLE not in tables or "store_info" not in tables:
            raise StoreError(f"{where} is not a debate store (its schema holds other tables)")
        applied = self.applied_migrations()
        refuse_unknown_migrations(where, applied, {m.name for m in migrations()})
        recorded = expected_columns()
        if recorded["migrations"] == applied:  # later migrations will record theirs too
            refuse_missing_columns(where, recorded["columns"], tables)
        info = self._conn.execute(
            "SELECT value FROM store_info WHERE key = 'application'"
        ).fetchone()
        if info is None or info[0] != "debate":
            raise StoreError(f"{where} is not a debate store")
        return applied

    # -- the engine protocol -----------------------------------------------------------

    def execute(self, sql: str, params: Any = ()) -> Any:
        return self._conn.execute(_placeholders(sql), params or None)

    def executemany(self, sql: str, rows: Iterable[Any]) -> None:
        with self._conn.cursor() as cursor:
            cursor.executemany(_placeholders(sql), rows)

    def tuples(self, sql: str, params: Any = ()) -> Any:
        from psycopg.rows import tuple_row

        # Binary results: a whole tree's floats arrive without parsing text.
        cursor = self._conn.cursor(row_factory=tuple_row, binary=True)
        return cursor.execute(_placeholders(sql), params or None)

    def begin(self) -> None:
        self._conn.execute("BEGIN")
        started = time.monotonic()
        try:
            self._conn.execute(TURN_LOCK)
        except self.Error as e:
            self.rollback()
            if getattr(e, "sqlstate", None) != "55P03":
                raise
            raise turn_not_given(self.where, time.monotonic() - started) from None

    def set_wait(self, seconds: float) -> None:
        # Writers queue on the store's advisory lock, in the server's lock queue, which
        # is fair; a wait ends after `seconds` (0 would mean for ever: 1 ms is the least).
        self.wait = seconds
        self._conn.execute(f"SET lock_timeout = '{max(1, round(seconds * 1000))}ms'")

    def begin_reading(self) -> None:
        # Not READ ONLY: that refuses even the temporary tables big reads gather ids
        # in. A store opened for reading refuses writes itself (`Store.writable`).
        self._conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")

    def commit(self) -> None:
        self._conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction():
            self._conn.execute("ROLLBACK")

    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self._conn.info.transaction_status != TransactionStatus.IDLE

    def error(self, e: Exception) -> StoreError | NotAllowed:
        if getattr(e, "sqlstate", None) == "42501" and self.access is not None:
            return _refused(e, self._address, self.access)
        return _server_error(e, self._address, self.wait)

    def full_text(self, table: str) -> FullText:
        return FullText(
            f"{table} f CROSS JOIN plainto_tsquery('debate_search', ?) AS query",
            "f.words @@ query",
            "ts_rank(f.words, query) DESC",
        )

    def search_terms(self, words: Sequence[str]) -> str:
        # plainto_tsquery reads plain text: no query syntax, every word required.
        return " ".join(words)

    def refresh_statistics(self, tables: Sequence[str]) -> None:
        # Until autovacuum gets to them, the planner would take fresh tables for
        # empty ones and scan them whole in every step of a recursive query.
        self._conn.execute(f"ANALYZE {', '.join(tables)}")

    def applied_migrations(self) -> list[str]:
        exists = self._conn.execute(
            "SELECT to_regclass(quote_ident(current_schema()) || '.' || %s)", [MIGRATIONS_TABLE]
        ).fetchone()
        if exists is None or exists[0] is None:
            return []
        rows = self._conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = %s ORDER BY id",
            [MIGRATION_SET],
        ).fetchall()
        return [r[0] for r in rows]

    def columns(self) -> Columns:
        out: dict[str, list[str]] = {}
        for table, column in self._conn.execute(
            """
            SELECT c.relname, a.attname FROM pg_class c
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'v', 'p')
            ORDER BY c.relname, a.attnum
            """
        ):
            out.setdefault(table, []).append(column)
        return {table: tuple(names) for table, names in out.items()}

    def version(self) -> str:
        row = self._conn.execute("SHOW server_version").fetchone()
        return str(row[0]).split(" ")[0] if row else "?"

    def place_now(self) -> None:
        pass  # a store on a server is made when it is opened

    def act_for(self, role: str, participant: int) -> None:
        # SET LOCAL ROLE and SET LOCAL debate.acting_for (migration 0005): both end
        # with the transaction.
        self._conn.execute(
            "SELECT set_config('role', debate_group(%s), true), "
            "set_config('debate.acting_for', %s, true)",
            [role, str(participant)],
        )

    def wait_for_change(self, timeout: float) -> bool:
        # Every write to what the room shows notifies 'debate_changes' (migration
        # 0004), once per statement; a notification arrives when its transaction commits.
        if not self._listening:
            self._conn.execute("LISTEN debate_changes")
            self._listening = True
        came = False
        for _ in self._conn.notifies(timeout=timeout, stop_after=1):
            came = True
        if came:  # take what else is waiting, so that one burst of writes is one change
            for _ in self._conn.notifies(timeout=0):
                pass
        return came

    def close(self) -> None:
        self._conn.close()


def _adapt_numbers(conn: psycopg.Connection[Any]) -> None:
    """Python integers go in as bigint, as the ids are (psycopg would pick the smallest
    type, and a recursive query's first row must have its later rows' types); booleans
    go in as 1 and 0, into the INTEGER columns SQLite keeps them in, so that both
    engines give back the same values."""
    from psycopg.adapt import Dumper
    from psycopg.types.numeric import Int8Dumper

    conn.adapters.register_dumper(int, Int8Dumper)

    class IntegerBoolean(Dumper):
        oid = conn.adapters.types["int4"].oid

        def dump(self, obj: Any) -> bytes:
            return b"1" if obj else b"0"

    conn.adapters.register_dumper(bool, IntegerBoolean)


def _connect_error(e: Exception, address: str) -> StoreError:
    reason = without_secrets(str(e).strip().splitlines()[0] if str(e).strip() else repr(e), address)
    return StoreError(f"cannot connect to {shown(address)}: {reason}")


def _refused(e: Exception, address: str, access: Access) -> NotAllowed:
    """What the server refused this login (a grant it lacks, a row not its own)."""
    text = without_secrets((str(e).strip().splitlines() or [type(e).__name__])[0], address)
    if "row-level security" in text:  # a row written in someone else's name
        table = text.rsplit(" ", 1)[-1].strip('"')
        text = f"only a moderator may write in {table} as another participant"
        if table == "polls":
            text = "only a moderator may record the room's counts or answer for another"
    elif text.startswith("permission denied for table "):  # a grant the role lacks
        table = text.rsplit(" ", 1)[-1]
        text = f"{text} (only {_WRITERS.get(table, 'a moderator')} may write in it)"
    return NotAllowed(
        f"login {access.login} ({access.standing or 'no role'}) may not do that: {text}"
    )


# Who may write in a table at all (migrations/postgresql: debate_grant_privileges);
# the rest are a moderator's. Which rows is the server's to say, with its reasons.
_DEBATERS_TABLES = (
    "nodes", "links", "sources", "citations", "quotes", "quotes_fts", "passages", "passages_fts",
    "source_index",
)  # fmt: skip
_WRITERS = {
    **dict.fromkeys(("votes", "polls", "events"), "anyone with a role"),
    **dict.fromkeys(("ballots", "ballot_points"), "a judge or a moderator"),
    **dict.fromkeys(_DEBATERS_TABLES, "a debater or a moderator"),
    "scores": "a moderator (kept scores are derived; anyone's write forgets those it moves)",
}


def _server_error(e: Exception, address: str, wait: float = WAIT_S) -> StoreError:
    """The server's error, with the store named and never a password."""
    where = shown(address)
    sqlstate = getattr(e, "sqlstate", None) or ""
    text = without_secrets((str(e).strip().splitlines() or [type(e).__name__])[0], address)
    if sqlstate == "55P03":  # lock_not_available: a row or table lock, not the turn to write
        return StoreBusy(
            f"the store {where} is busy: waited {wait:.0f} s for a lock that another "
            "connection holds (not a debate command: those queue); nothing was changed"
        )
    if sqlstate in ("40001", "40P01"):  # serialization_failure, deadlock_detected
        return StoreConflict(f"the store {where} is busy ({text}); try again")
    if sqlstate == "42501":  # insufficient_privilege
        return StoreError(f"{where} refused: {text}")
    if sqlstate.startswith("08") or not sqlstate:
        return StoreError(f"lost the connection to {where}: {text}")
    return StoreError(f"store {where}: {text}")
