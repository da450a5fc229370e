from __future__ import annotations

import functools
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from click.testing import CliRunner, Result

from debate.cli import cli

SHARED_TEXTS = Path(__file__).resolve().parents[2] / "shared" / "texts"

# The PostgreSQL half of the suite runs against the server this names (a database
# where the tests may create and drop schemas: one per test); without it, it is
# skipped, and the summary says so in one line. `.ci/run` starts a server for it.
TEST_PG = os.environ.get("DEBATE_TEST_PG", "")
PG_SKIP = "PostgreSQL half skipped: set DEBATE_TEST_PG=postgresql://… to run it"
ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgresql: runs against the PostgreSQL server")
    config.addinivalue_line("markers", "sqlite_only(why): a test of SQLite alone, and why")
    config.addinivalue_line("markers", "postgresql_only(why): a test of PostgreSQL alone, and why")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # A test of one engine alone runs once: its twin on the other is not collected.
    items[:] = [
        item
        for item in items
        if not (
            item.get_closest_marker(
                "sqlite_only" if "postgresql" in item.keywords else "postgresql_only"
            )
        )
    ]
    if TEST_PG:
        return
    skip = pytest.mark.skip(reason=PG_SKIP)
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not TEST_PG:
        terminalreporter.write_line(PG_SKIP)


@pytest.fixture(autouse=True)
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own store, a fixed user, no colour, a fixed width, and a
    working folder of its own (so that a relative path never lands in the checkout)."""
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "test.db"
    monkeypatch.setenv("DEBATE_DB", str(db))
    monkeypatch.setenv("DEBATE_USER", "tester")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # the per-user app directory
    return db


def pg_schema_url(base: str, schema: str) -> str:
    """The server URL with the store in its own schema (the first of its search_path)."""
    options = quote(f"-csearch_path={schema}")
    return f"{base}{'&' if '?' in base else '?'}options={options}"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    """An administrator's connection to the test server, with unaccent installed
    once for the whole database (each test's schema finds it in public)."""
    import psycopg

    conn = psycopg.connect(TEST_PG, autocommit=True)
    conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
    yield conn
    conn.close()


@pytest.fixture
def pg_schema(pg_server: Any) -> Iterator[str]:
    """A fresh, empty schema on the test server, dropped afterwards."""
    schema = f"t_{os.urandom(6).hex()}"
    pg_server.execute(f"CREATE SCHEMA {schema}")
    yield schema
    pg_server.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=ENGINES)
def engine(
    request: pytest.FixtureRequest, environment: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """The engine a store test runs on: SQLite (the file `environment` names), or a
    fresh schema on the PostgreSQL test server, which DEBATE_DB then names."""
    if request.param == "sqlite":
        return "sqlite"
    schema = request.getfixturevalue("pg_schema")
    monkeypatch.setenv("DEBATE_DB", pg_schema_url(TEST_PG, schema))
    return "postgresql"


@pytest.fixture
def address(engine: str) -> str:
    """The store a test opens itself: the file, or the URL of its schema."""
    return os.environ["DEBATE_DB"]


class Runner:
    def __init__(self, db: Path, engine: str = "sqlite"):
        self.db = db
        self.engine = engine
        self.address: str = os.environ["DEBATE_DB"]  # the file, or the URL
        self.runner = CliRunner()
        self._pg: Any = None  # one connection for all of a test's dumps

    def close(self) -> None:
        if self._pg is not None:
            self._pg.close()

    def _pg_dump(self) -> list[tuple[Any, ...]]:
        """A fingerprint of every row of every table, in one query (a test compares
        hundreds of these)."""
        import psycopg

        if self._pg is None:
            self._pg = psycopg.connect(self.address, autocommit=True)
        tables = [
            r[0]
            for r in self._pg.execute(
                "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace"
                " AND relkind = 'r' ORDER BY relname"
            )
        ]
        if not tables:
            return []
        query = " UNION ALL ".join(
            f"SELECT '{t}', COUNT(*), md5(COALESCE(string_agg(r::text, '|' ORDER BY r::text), ''))"
            f' FROM "{t}" r'
            for t in tables
        )
        return list(self._pg.execute(query).fetchall())

    @property
    def where(self) -> str:
        """The store as messages name it."""
        from debate.store.address import shown

        return shown(self.address)

    def reset_store(self) -> None:
        """No store at the address, as at the start of the test."""
        if self.engine == "sqlite":
            self.db.unlink(missing_ok=True)
            return
        [(schema,)] = self.sql("SELECT current_schema()")
        self.sql(f"DROP SCHEMA {schema} CASCADE; CREATE SCHEMA {schema}")

    def store_exists(self) -> bool:
        if self.engine == "sqlite":
            return self.db.exists()
        return bool(
            self.sql("SELECT 1 FROM pg_class WHERE relnamespace = current_schema()::regnamespace")
        )

    def sql(self, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run raw SQL on the store, behind the tool's back, in a connection of its own
        (`?` placeholders on both engines); the rows it returns."""
        if self.engine == "postgresql":
            import psycopg

            with psycopg.connect(self.address, autocommit=True) as pg:
                cursor = pg.execute(statement.replace("?", "%s"), params or None)
                return list(cursor.fetchall()) if cursor.description else []
        conn = sqlite3.connect(self.db, isolation_level=None)
        try:
            return conn.execute(statement, params).fetchall()
        finally:
            conn.close()

    def __call__(self, *args: str, code: int = 0, input: str | None = None) -> Result:
        result = self.runner.invoke(cli, list(args), input=input, catch_exceptions=False)
        assert result.exit_code == code, (result.exit_code, result.output)
        if "--json" in args and result.stdout.strip():
            # Whatever any test prints with --json is held to the command's schema.
            check_json_document(list(args), json.loads(result.stdout))
        return result

    def json(self, *args: str, code: int = 0) -> Any:
        return json.loads(self(*args, "--json", code=code).stdout)

    def dump(self) -> list[tuple[Any, ...]]:
        """Every row of every table: to show that a refused command changed nothing."""
        if self.engine == "postgresql":
            return self._pg_dump()
        conn = sqlite3.connect(self.db)
        try:
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
                )
            ]
            return [(t, *row) for t in tables for row in conn.execute(f"SELECT * FROM [{t}]")]
        finally:
            conn.close()


def all_commands() -> list[tuple[list[str], Any]]:
    """Every command of `debate`, with its words: (["claim", "add"], the command)."""
    import click

    def below(command: click.Command, path: list[str]) -> list[tuple[list[str], Any]]:
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            return [
                found
                for name in command.list_commands(ctx)
                for found in below(command.get_command(ctx, name), [*path, name])  # type: ignore[arg-type]
            ]
        return [(path, command)]

    return below(cli, [])


def command_path(args: list[str]) -> str:
    """The command that `debate ARGS` runs, as its words: `quote 2 …` is `quote add`."""
    import click

    command: click.Command = cli
    words: list[str] = []
    rest = list(args)
    while isinstance(command, click.Group):
        ctx = click.Context(command)
        names = command.list_commands(ctx)
        while rest and rest[0] not in names and not words:
            rest.pop(0)  # options before the first command word
        if rest and rest[0] in names:
            found = command.get_command(ctx, rest.pop(0))
            assert found is not None
            words.append(found.name or "")
            command = found
        else:
            default = getattr(command, "default_command", None)
            assert default, f"no command in {args}"
            words.append(default)
            command = command.get_command(ctx, default)  # type: ignore[assignment]
    return " ".join(words)


@functools.cache
def _validator(command: str) -> Any:
    import jsonschema

    from debate.output.json import schemas

    assert command in schemas.SCHEMAS, f"`debate {command} --json` has no schema"
    schema = schemas.schema(command)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _deeper_than(document: Any, limit: int) -> bool:
    stack = [(document, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return False


def check_json_document(args: list[str], document: Any) -> None:
    path = command_path(args)
    # The deep-chain tests' trees (thousands of levels) would exhaust the validator's
    # recursion; their nodes are every other tree's, which are checked.
    if _deeper_than(document, 200):
        return
    _validator(path).validate(document)


@pytest.fixture
def run(environment: Path, engine: str) -> Iterator[Runner]:
    runner = Runner(environment, engine)
    yield runner
    runner.close()


SOURCE_TEXT = """\
The Harbour Report

Most members of the council agreed that the new har-
bour would bring trade to the town. The mayor’s office
called it “a once-in-a-century chance”, while critics
argued that the Anglo-
French consortium had not paid its 12 per cent share.

Nobody expected the costs to double.
"""


HARBOUR = "Harbours make towns rich"
TRADE = "Trade follows ports"
TRADE_QUOTE = "the new harbour would bring trade to the town"


def build_harbour(run: Runner, source: Path | None = None, *, key: str = "harbour") -> Runner:
    """The harbour debate the tests start from: the thesis #1, its pro #2 and two
    votes on it (yours and bob's); given a source file, the source under `key` and a
    quote on #2 from it (#3), with a page and a note."""
    run("claim", "add", HARBOUR)
    run("support", "1", TRADE)
    if source is not None:
        run("source", "add", str(source), "--key", key, "--author", "Doe, Jane")
        run("quote", "2", "--source", key, "--page", "p. 3", "--note", "the mayor's hope",
            TRADE_QUOTE)  # fmt: skip
    run("vote", "2", "--accept", "2", "--impact", "3")
    run("vote", "2", "--disagree", "--as", "bob")
    return run


@pytest.fixture
def harbour(run: Runner, source_file: Path) -> Runner:
    return build_harbour(run, source_file)


@pytest.fixture
def source_file(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.txt"
    path.write_text(SOURCE_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def snapshot(snapshot: Any) -> Any:
    """One snapshot for both engines: what a command prints must not depend on the
    engine, so the engine's part of the test's name is left out of the snapshot's."""
    import re

    location = snapshot.test_location
    for field in ("testname", "nodename"):
        name = getattr(location, field)
        if name:
            name = re.sub(r"\[(?:sqlite|postgresql)\]$", "", name)
            name = re.sub(r"\[(?:sqlite|postgresql)-", "[", name)
            object.__setattr__(location, field, name)  # syrupy's frozen record, as it does
    return snapshot
