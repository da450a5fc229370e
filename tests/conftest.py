from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from debate.cli import cli

SHARED_TEXTS = Path(__file__).resolve().parents[2] / "shared" / "texts"


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


class Runner:
    def __init__(self, db: Path):
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int = 0, input: str | None = None) -> Result:
        result = self.runner.invoke(cli, list(args), input=input, catch_exceptions=False)
        assert result.exit_code == code, (result.exit_code, result.output)
        return result

    def json(self, *args: str, code: int = 0) -> Any:
        return json.loads(self(*args, "--json", code=code).stdout)

    def dump(self) -> list[tuple[Any, ...]]:
        """Every row of every table: to show that a refused command changed nothing."""
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


@pytest.fixture
def run(environment: Path) -> Runner:
    return Runner(environment)


SOURCE_TEXT = """\
The Harbour Report

Most members of the council agreed that the new har-
bour would bring trade to the town. The mayor’s office
called it “a once-in-a-century chance”, while critics
argued that the Anglo-
French consortium had not paid its 12 per cent share.

Nobody expected the costs to double.
"""


@pytest.fixture
def source_file(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.txt"
    path.write_text(SOURCE_TEXT, encoding="utf-8")
    return path
