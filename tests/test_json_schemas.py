"""The --json contract: every command that prints --json has a JSON Schema
(debate/output/json/*.schema.json, mapped in debate.output.json.schemas), and
what it prints follows it. The conftest Runner holds every --json document any
test prints to its command's schema; the scenario here runs every command once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

import click
import jsonschema
import pytest

from debate import models
from debate.output.json import schemas
from tests.conftest import SOURCE_TEXT, Runner, all_commands, command_path

WITH_JSON = sorted(
    " ".join(path)
    for path, command in all_commands()
    if any(isinstance(p, click.Option) and "--json" in p.opts for p in command.params)
)
# Roles need a PostgreSQL server with logins: tests/test_roles.py prints these there.
SERVER_ONLY = {"db grant", "db revoke", "db logins"}


def test_every_command_with_json_has_a_schema_and_every_schema_a_command() -> None:
    assert len(WITH_JSON) > 50
    assert sorted(schemas.SCHEMAS) == WITH_JSON


@pytest.mark.parametrize("command", WITH_JSON)
def test_every_schema_is_a_valid_json_schema(command: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schemas.schema(command))


def test_the_shared_enumerations_are_the_models_own() -> None:
    defs = json.loads((Path(schemas.HERE) / "common.schema.json").read_text())["$defs"]
    assert defs["kind"]["enum"] == list(get_args(models.Kind))
    assert defs["stance"]["enum"] == list(models.STANCES)
    assert defs["vote_kind"]["enum"] == list(get_args(models.VoteKind))
    assert defs["quote_status"]["enum"] == list(get_args(models.QuoteStatus))
    assert defs["method"]["enum"] == list(get_args(models.Method))
    assert defs["semantics"]["enum"] == list(models.KEPT)
    assert defs["role"]["enum"] == list(models.ROLES)
    value = defs["vote"]["properties"]["value"]
    assert (value["minimum"], value["maximum"]) == (models.ACCEPT_RANGE[0], models.IMPACT_RANGE[1])


def test_a_document_that_breaks_its_schema_is_caught() -> None:
    document = {
        "id": 1,
        "uuid": "u",
        "kind": "claim",
        "text": "T",
        "created_by": "a",
        "created_at": "2026-01-01T00:00:00+00:00",
        "archived": False,
    }
    jsonschema.validate(document, schemas.schema("claim edit"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**document, "votes": 3}, schemas.schema("claim edit"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {k: v for k, v in document.items() if k != "id"}, schemas.schema("claim edit")
        )


def test_the_runner_knows_which_command_ran() -> None:
    assert command_path(["quote", "2", "--source", "h", "x"]) == "quote add"
    assert command_path(["quote", "edit", "5", "--note", "n"]) == "quote edit"
    assert command_path(["--db", "x.db", "tree", "1"]) == "tree"
    assert command_path(["session", "next", "1"]) == "session next"


SCENARIO = [
    ("claim", "add", "Harbours make towns rich"),
    ("support", "1", "Trade follows ports"),
    ("rebut", "1", "Building costs double"),
    ("claim", "add", "--pro", "1", "Jobs come with ships"),
    ("claim", "edit", "3", "Building costs double, at least"),
    ("link", "4", "--con", "3"),
    ("unlink", "4", "--from", "3"),
    ("move", "4", "--con", "1"),
    ("claim", "archive", "4"),
    ("claim", "unarchive", "4"),
    ("source", "add", "harbour.txt", "--key", "harbour", "--author", "Doe, Jane", "--year", "2024"),
    ("source", "update", "harbour", "harbour.txt"),
    ("source", "list"),
    ("source", "show", "harbour"),
    ("source", "show", "harbour", "--text"),
    (
        "quote",
        "2",
        "--source",
        "harbour",
        "--page",
        "p. 1",
        "the new harbour would bring trade to the town",
    ),
    (
        "quote",
        "add",
        "3",
        "--source",
        "harbour",
        "--opposes",
        "Nobody expected the costs to double.",
    ),
    ("quote", "edit", "5", "--note", "the mayor's hope"),
    ("check",),
    ("search", "harbour"),
    ("evidence",),
    ("vote", "2", "--accept", "2", "--impact", "3"),
    ("vote", "3", "--disagree", "--as", "bob"),
    ("vote", "4", "--accept", "1", "--impact", "2", "--as", "carol"),
    ("vote", "2", "--withdraw"),
    ("votes", "3"),
    ("show", "2"),
    ("show", "5"),
    ("list",),
    ("vote", "3", "--agree", "--as", "bbo"),
    ("participant", "merge", "bbo", "bob"),
    ("participant", "rename", "bob", "rob"),
    ("participant", "list"),
    ("team", "add", "crew", "tester", "rob"),
    ("team", "remove", "crew", "rob"),
    ("team", "list"),
    ("tree",),
    ("tree", "1", "--depth", "1"),
    ("export", "1", "--format", "markdown", "-o", "harbour.md"),
    ("explain", "2"),
    ("compare", "1", "--perspective", "tester", "--perspective", "rob"),
    ("verdict", "1"),
    ("format", "list"),
    ("format", "show", "oxford"),
    (
        "session",
        "new",
        "1",
        "--format",
        "bp",
        "--team",
        "OG:a1,a2",
        "--team",
        "OO:b1,b2",
        "--team",
        "CG:c1,c2",
        "--team",
        "CO:d1,d2",
        "--judge",
        "j",
    ),
    ("session", "list"),
    ("poll", "1", "pre", "--count", "for=3,against=5,undecided=2"),
    ("session", "prep", "1", "start", "--at", "2026-12-02T18:45:00+01:00"),
    ("session", "start", "1", "--at", "2026-12-02T19:00:00+01:00"),
    ("session", "pause", "1", "--at", "+01:00"),
    ("session", "resume", "1", "--at", "+01:30"),
    ("session", "poi", "1", "--by", "b1", "--accepted", "--at", "+02:10"),
    ("session", "next", "1", "--at", "+07:40"),
    ("session", "show", "1", "--at", "+08:00"),
    ("session", "end", "1", "--at", "+20:00"),
    ("poll", "1", "post", "--count", "for=6,against=3,undecided=1"),
    ("ballot", "1", "--as", "j", "--rank", "CG,OO,OG,CO", "--points", "c1=80", "--reason", "CG"),
    ("session", "result", "1"),
    ("session", "links", "1"),
    ("transcript", "1"),
    ("import", "harbours.txt", "--db", "kialo.db"),
    ("db", "path"),
    ("db", "info"),
    ("db", "repair"),
    ("db", "copy", "{db}", "copy.db"),
    ("demo", "--db", "demo.db"),
]
GROUPS = [  # opinion groups need several voters who voted on several claims
    *[
        ("vote", str(n), "--accept", str(v), "--as", f"p{i}")
        for i in range(6)
        for n, v in ((1, i % 3 - 1), (2, 1 - i % 2), (3, (i % 5) - 2))
    ],
    ("groups", "1", "--k", "2"),
]
KIALO = (
    "Discussion Name:\nHarbours\n\n1. Thesis:\nHarbours make towns rich\n\n"
    "  1.1. Pro:\n  Trade follows ports\n"
)


def test_every_command_prints_what_its_schema_says(run: Runner, tmp_path: Path) -> None:
    Path("harbour.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    Path("harbours.txt").write_text(KIALO, encoding="utf-8")
    ran = set()
    for step in [*SCENARIO, *GROUPS]:
        args = [a.replace("{db}", run.address) for a in step]
        run(*args, "--json")  # the Runner validates what it prints
        ran.add(command_path(args))
    assert ran >= set(WITH_JSON) - SERVER_ONLY


def test_no_definition_is_named_twice_across_the_schema_files() -> None:
    seen: dict[str, str] = {}
    for path in sorted(Path(schemas.HERE).glob("*.schema.json")):
        for name in json.loads(path.read_text(encoding="utf-8"))["$defs"]:
            assert name not in seen, f"{name} is in {seen.get(name)} and {path.name}"
            seen[name] = path.name


def test_every_builder_is_found_where_the_package_says() -> None:
    import importlib
    import types

    from debate.output import json as json_output

    for name, module in json_output.HOME.items():
        assert hasattr(importlib.import_module(f"debate.output.json.{module}"), name), name
    for name in json_output.HOME:  # with every module loaded, no module shadows a builder
        assert not isinstance(getattr(json_output, name), types.ModuleType), name
