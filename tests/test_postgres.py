"""What only a store on a PostgreSQL server has: a URL with a password that is never
shown, the driver as an optional extra, a schema that may hold other things, and many
processes that open one new store at once. Everything else runs on both engines
through the parametrized `engine` fixture."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from debate.store.address import shown, without_secrets
from tests.conftest import TEST_PG, Runner, pg_schema_url

needs_server = pytest.mark.skipif(not TEST_PG, reason="needs DEBATE_TEST_PG")


@pytest.fixture
def cli(environment: Path) -> Runner:
    """The CLI, given the server's URL by --db in each call (so these run once)."""
    return Runner(environment)


def test_the_password_is_masked_wherever_an_address_is_shown() -> None:
    url = "postgresql://ann:s3cr%40t@db.example.org:5432/seminar?sslmode=require"
    assert shown(url) == "postgresql://ann:***@db.example.org:5432/seminar?sslmode=require"
    assert shown("postgres://ann@db/seminar?password=hunter2&x=1") == (
        "postgres://ann@db/seminar?password=***&x=1"
    )
    assert shown("postgresql://db/seminar") == "postgresql://db/seminar"
    message = 'connection to "db" failed: password=s3cr@t host=db: password authentication failed'
    assert "s3cr" not in without_secrets(message, url)


def test_db_path_names_a_server_without_its_password(cli: Runner) -> None:
    url = "postgresql://ann:hunter2@db.example.org/seminar"
    assert cli("db", "path", "--db", url).stdout == "postgresql://ann:***@db.example.org/seminar\n"
    assert cli.json("db", "path", "--db", url) == {
        "store": "postgresql://ann:***@db.example.org/seminar",
        "exists": None,
    }


def test_without_the_driver_a_server_url_says_what_to_install() -> None:
    script = (
        "import sys; sys.modules['psycopg'] = None\n"
        "from debate.cli import main\n"
        "sys.argv = ['debate', 'list', '--db', 'postgresql://ann:hunter2@localhost/x']\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: a PostgreSQL store needs the psycopg driver: pip install 'debate[postgres]'\n"
    )


def _with_password(url: str, password: str | None) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    user = parts.username or ""
    auth = f"{user}:{password}@" if password is not None else f"{user}@"
    return urlunsplit((parts.scheme, f"{auth}{host}:{parts.port}", parts.path, parts.query, ""))


@needs_server
def test_a_wrong_password_is_one_line_without_the_password(cli: Runner) -> None:
    wrong = _with_password(TEST_PG, "not-the-password")
    result = cli("list", "--db", wrong, code=1)
    assert result.stderr.startswith(f"Error: cannot connect to {shown(wrong)}: ")
    assert "not-the-password" not in result.stderr and result.stderr.count("\n") == 1


@needs_server
def test_the_password_may_come_from_pgpassword(
    cli: Runner, pg_schema: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    password = urlsplit(TEST_PG).password
    bare = pg_schema_url(_with_password(TEST_PG, None), pg_schema)
    monkeypatch.setenv("PGPASSWORD", password or "")
    assert cli("claim", "add", "T", "--db", bare).stderr.endswith("Added claim #1 (thesis).\n")
    assert cli.json("list", "--db", bare)[0]["text"] == "T"


@needs_server
def test_the_password_may_come_from_a_pgpass_file(
    cli: Runner, pg_schema: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    parts = urlsplit(TEST_PG)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(
        f"{parts.hostname}:{parts.port}:*:{parts.username}:{parts.password}\n", encoding="utf-8"
    )
    pgpass.chmod(0o600)  # libpq ignores a password file others can read
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    bare = pg_schema_url(_with_password(TEST_PG, None), pg_schema)
    cli("claim", "add", "T", "--db", bare)
    assert cli.json("db", "info", "--db", bare)["claims"] == 1


@needs_server
def test_a_schema_holding_other_tables_is_refused_untouched(
    cli: Runner, pg_server: Any, pg_schema: str
) -> None:
    pg_server.execute(f"CREATE TABLE {pg_schema}.payroll (x INTEGER)")
    url = pg_schema_url(TEST_PG, pg_schema)
    result = cli("claim", "add", "T", "--db", url, code=1)
    assert result.stderr == (
        f"Error: {shown(url)} is not a debate store (its schema holds other tables)\n"
    )
    tables = pg_server.execute(
        "SELECT relname FROM pg_class WHERE relnamespace = %s::regnamespace AND relkind = 'r'",
        [pg_schema],
    ).fetchall()
    assert tables == [("payroll",)]


CREATOR = """
import sys
from debate.cli import main
sys.argv = ["debate", "claim", "add", sys.argv[2], "--db", sys.argv[1], "--as", sys.argv[2]]
main()
"""


@needs_server
def test_processes_creating_one_store_at_once_all_succeed(cli: Runner, pg_schema: str) -> None:
    url = pg_schema_url(TEST_PG, pg_schema)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CREATOR, url, f"claim{i}"],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
        )
        for i in range(8)
    ]
    errors = [p.communicate()[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, errors
    assert sum(e.count("Created a new store") for e in errors) == 1, errors
    assert len(cli.json("list", "--db", url)) == 8


def _answers(cli: Runner, db: str) -> tuple[str, str, str, str]:
    """What a copy must answer as its original does."""
    check = cli("check", "--json", "--db", db)
    return (
        cli("tree", "--json", "--db", db).stdout,
        cli("evidence", "--json", "--db", db).stdout,
        check.stdout,
        cli("search", "harbour", "--json", "--db", db).stdout,
    )


def _debate(cli: Runner, db: str, source_file: Path) -> None:
    cli("claim", "add", "Towns should own their harbours", "--db", db)
    cli("claim", "add", "--pro", "1", "A harbour brings trade", "--db", db, "--as", "ana")
    cli("claim", "add", "--con", "1", "Dredging costs too much", "--db", db, "--as", "bo")
    cli("source", "add", str(source_file), "--key", "harbour", "--db", db)
    cli("quote", "2", "--source", "harbour", "the new harbour would bring trade", "--db", db)
    cli("vote", "2", "--accept", "2", "--impact", "3", "--db", db, "--as", "ana")
    cli("vote", "3", "--accept", "-1", "--impact", "1", "--db", db, "--as", "bo")
    cli("participant", "merge", "bo", "ana", "--db", db)
    cli("team", "add", "crew", "ana", "tester", "--db", db)


def test_a_copy_answers_as_its_original(cli: Runner, tmp_path: Path, source_file: Path) -> None:
    original, copy = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    _debate(cli, original, source_file)
    result = cli("db", "copy", original, copy)
    assert result.stderr == (
        f"Created a new store at {copy}.\nCopied 3 claims, 1 quote, 1 source, 4 votes and "
        f"2 participants from {original} to {copy}.\n"
    )
    assert _answers(cli, copy) == _answers(cli, original)
    again = cli("db", "copy", original, copy, code=1)
    assert again.stderr == f"Error: {copy} already holds a debate; copy into a new, empty store\n"


@needs_server
def test_sqlite_to_postgresql_and_back_loses_nothing(
    cli: Runner, tmp_path: Path, source_file: Path, pg_schema: str
) -> None:
    original, back = str(tmp_path / "a.db"), str(tmp_path / "back.db")
    _debate(cli, original, source_file)
    server = pg_schema_url(TEST_PG, pg_schema)
    copied = cli.json("db", "copy", original, server)
    assert (copied["engine"], copied["claims"], copied["votes"]) == ("postgresql", 3, 4)
    assert _answers(cli, server) == _answers(cli, original)
    cli("db", "copy", server, back)
    assert _answers(cli, back) == _answers(cli, original)
    # The copy goes on working: new ids follow the copied ones on both engines.
    for db in (server, back):
        assert cli.json("claim", "add", "--con", "2", "Trade moved", "--db", db)["id"] == 5


@needs_server
def test_the_recorded_columns_are_what_the_migrations_make(pg_schema: str) -> None:
    from debate.store import postgres_engine

    engine = postgres_engine.PostgresEngine.open(pg_schema_url(TEST_PG, pg_schema), create=True)
    made = {t: list(c) for t, c in engine.columns().items()}
    engine.close()
    recorded = postgres_engine.expected_columns()
    assert recorded["migrations"] == [m.name for m in postgres_engine.migrations()]
    assert recorded["columns"] == made


VOTER = """
import sys
from debate.cli import main
db, node, who = sys.argv[1:]
sys.argv = ["debate", "vote", node, "--accept", "1", "--db", db, "--as", who]
main()
"""


@needs_server
def test_sixty_four_voters_at_once_lose_nothing(cli: Runner, pg_schema: str) -> None:
    url = pg_schema_url(TEST_PG, pg_schema)
    cli("claim", "add", "T", "--db", url)
    for i in range(8):
        cli("claim", "add", "--pro", "1", f"claim {i}", "--db", url)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", VOTER, url, str(2 + i % 8), f"voter{i}"],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
        )
        for i in range(64)
    ]
    errors = [p.communicate()[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0] * 64, errors
    assert all(e.startswith("Recorded") for e in errors), errors
    tree = cli.json("tree", "1", "--db", url)
    assert [c["vote_counts"]["accept"] for c in tree["children"]] == [8] * 8
