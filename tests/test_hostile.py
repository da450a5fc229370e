"""Hostile input: every command meets bad values, control characters, markup and
oversized arguments with one clear line, and never shows user text raw."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import click
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from debate.cli import cli
from debate.core.anchoring import split_elisions
from debate.core.files.markdown import escape
from debate.models import SourceMetadata
from debate.store import Store
from tests.conftest import Runner, all_commands, build_harbour

RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # what must never reach a terminal

BAD_VALUES = [
    "0",
    "-1",
    str(2**63),
    str(2**70),
    "-" + "9" * 30,
    "abc",
    "",
    " ",
    "\udcff",  # a lone surrogate: what Python makes of invalid UTF-8 in argv
    "x\x00y",
    "\x1b[2J\x1b]0;pwned\x07",
    "\x9b31m",
    "[bold red]markup[/]",
    "1e3",
    "9" * 5000,
    "a" * 200_000,
]


# `demo` and `serve` are left out: with good values they run (and serve serves until
# stopped); tests/test_demo.py and tests/test_serve.py test what they refuse.
COMMANDS = [(path, c) for path, c in all_commands() if path not in (["demo"], ["serve"])]
assert len(COMMANDS) > 30, "every command is tested"


def _arguments(command: click.Command, bad: click.Parameter, value: str) -> list[str]:
    """Every argument filled with a plain value, except the bad one."""
    args = []
    for p in command.params:
        if isinstance(p, click.Argument):
            if p is bad:
                args.append(value)
            elif isinstance(p.type, click.types.ParamType) and p.type.name == "integer":
                args.append("1")
            else:
                args.append("x")
    if isinstance(bad, click.Option):
        args += [bad.opts[0], value]
    return args


@pytest.fixture
def populated(run: Runner, source_file: Path) -> Runner:
    build_harbour(run, source_file, key="x")  # "x": what the bad-value tests name
    run("team", "add", "x", "tester")
    run("session", "new", "1", "--format", "oxford", "--side", "for:a,b", "--side", "against:c,d",
        "--judge", "j")  # fmt: skip
    return run


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_refuses_bad_values_in_one_line(
    populated: Runner, path: list[str], command: click.Command
) -> None:
    run = populated
    params = [
        p
        for p in command.params
        if p.name not in ("help", "db_path") and not (isinstance(p, click.Option) and p.is_flag)
    ]
    for param in params:
        for value in BAD_VALUES:
            before = run.dump()
            args = [*path, *_arguments(command, param, value)]
            result = run.runner.invoke(cli, args, catch_exceptions=False)
            shown = result.stdout + result.stderr
            assert result.exit_code in (0, 1, 2), (args[:4], result.exit_code, shown[-300:])
            assert "internal error" not in shown and "Traceback" not in shown, (args[:4], shown)
            if result.exit_code:
                assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, (
                    args[:4],
                    result.stderr[-300:],
                )
                assert run.dump() == before, args[:4]
            assert not RAW.search(result.stderr), (args[:4], result.stderr)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=0, max_size=60))
def test_generated_text_never_breaks_a_command(run: Runner, text: str) -> None:
    for args in (
        ["claim", "add", text],
        ["search", text],
        ["tree", "--perspective", text],
        ["team", "add", text, "tester"],
        ["claim", "add", "x", "--as", text],
        ["source", "show", text],
    ):
        result = run.runner.invoke(cli, args, catch_exceptions=False)
        shown = result.stdout + result.stderr
        assert result.exit_code in (0, 1, 2), (args, shown)
        assert "internal error" not in shown, (args, shown)
        assert not RAW.search(result.stderr) and not RAW.search(result.stdout), (args, shown)


def test_control_characters_are_refused_at_input(run: Runner, source_file: Path) -> None:
    run("claim", "add", "T")
    before = run.dump()
    for args, field in [
        (["claim", "add", "clear \x1b[2J screen"], "claim text"),
        (["claim", "edit", "1", "bell\x07"], "claim text"),
        (
            ["source", "add", str(source_file), "--key", "k", "--title", "\x1b]8;;http://x\x07"],
            "the title",
        ),
        (["claim", "add", "x", "--as", "eve\x1b[8m"], "the name given by --as or $DEBATE_USER"),
        (["team", "add", "t\x9b", "tester"], "team name"),
    ]:
        result = run(*args, code=1)
        assert result.stderr.startswith(f"Error: {field} holds the control character "), (
            result.stderr
        )
        assert "only tab and newline are allowed" in result.stderr
        assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert run.dump() == before
    # Tab and newline are fine in a claim.
    run("claim", "add", "two\nlines\tand a tab")


def _plant(path: Path | str) -> None:
    """What an old store, or another program writing to it, may hold: user text with
    escape sequences, OSC 8 hyperlinks, window titles, C1 controls and markup."""
    evil = "\x1b[2J\x1b]0;title\x07\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\\x9b31m[bold]b[/bold]"
    text = f"Harbour {evil} claim"
    with Store.open(path) as store, store.transaction():
        who = store.participant_id(f"eve{evil}")
        thesis = store.add_node("claim", text, who)
        pro = store.add_node("claim", f"Pro {evil}", who)
        store.add_link(thesis, pro, "pro", who)
        store.cast_vote(pro, who, "accept", 1)
        store.log(who, "claim added", node=pro, text=evil)
        store.add_source(f"src{evil}", SourceMetadata(title=evil, author=evil), who)
        team, _ = store.ensure_team(f"team{evil}", who)
        store.add_team_member(team, who)


def test_user_text_never_reaches_the_terminal_raw(run: Runner) -> None:
    _plant(run.address)
    key = run.json("source", "list")[0]["source"]
    for args in (
        ["tree"],
        ["tree", "--ascii"],
        ["list"],
        ["show", "1"],
        ["show", "2"],
        ["votes", "2"],
        ["explain", "2"],
        ["compare", "1", "--perspective", "all"],
        ["verdict", "1"],
        ["source", "list"],
        ["source", "show", key],
        ["team", "list"],
        ["participant", "list"],
        ["evidence"],
        ["search", "Harbour"],
        ["export", "1"],
    ):
        result = run(*args)
        for stream in (result.stdout, result.stderr):
            assert not RAW.search(stream), (args, stream)
    tree = run("tree").stdout
    assert "␛[2J" in tree and "[bold]b[/bold]" in tree  # shown, not obeyed; markup stays text
    assert "\\x9b31m" in run("show", "1").stdout


def _link_free(markdown: str) -> tuple[list[str], str]:
    md = MarkdownIt("gfm-like", {"linkify": True})
    tokens = md.parse(markdown)
    inline = [c for t in tokens if t.type == "inline" for c in (t.children or [])]
    kinds = [t.type for t in tokens] + [c.type for c in inline]
    return kinds, "".join(c.content for c in inline if c.type in ("text", "code_inline"))


@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"])),
            st.sampled_from(["http://", "www.", ".com", "@", "mailto:", "<", ">", ":", "//"]),
        ),
        min_size=1,
    ).map("".join)
)
@example("MAILTO:0@\x1b")  # an at sign before a symbol (ESC shown as ␛) was let through
def test_markdown_never_makes_a_link_or_holds_a_control_byte(text: str) -> None:
    escaped = escape(text)
    assert not RAW.search(escaped)
    kinds, _ = _link_free(escaped)
    assert "link_open" not in kinds and "html_inline" not in kinds and "autolink" not in kinds


def test_urls_in_claims_stay_text_in_the_export(run: Runner) -> None:
    claim = "See http://evil.example/x, www.evil.example, evil.example and me@evil.example"
    run("claim", "add", claim)
    kinds, text = _link_free(run("export", "1").stdout)
    assert "link_open" not in kinds
    assert claim in text


def test_oversized_arguments_are_refused_quickly(run: Runner, source_file: Path) -> None:
    run("claim", "add", "T")
    run("source", "add", str(source_file), "--key", "harbour")
    assert run("search", "x" * 1_000_000, code=1).stderr == (
        "Error: the search is 1,000,000 characters long; at most 1,000\n"
    )
    words = " ".join(["harbour"] * 100)
    assert run("search", words, code=1).stderr == "Error: the search has 100 words; at most 64\n"
    spaces = "harbour" + " " * 120_000 + "trade"
    assert run("quote", "1", "--source", "harbour", spaces, code=1).stderr == (
        "Error: quote is 120,012 characters long; at most 10,000\n"
    )
    assert run("claim", "add", "y" * 6000, code=1).stderr == (
        "Error: claim text is 6,000 characters long; at most 5,000\n"
    )
    # The elision splitter is linear on long runs of spaces.
    assert split_elisions("a" + " " * 120_000 + "[ ... ]" + " " * 120_000 + "b") == ["a", "b"]


def test_a_passage_that_occurs_everywhere_is_listed_in_part(run: Runner, tmp_path: Path) -> None:
    book = tmp_path / "book.txt"
    book.write_text("the end of the line. " * 5000, encoding="utf-8")
    run("claim", "add", "T")
    run("source", "add", str(book), "--key", "book")
    result = run("quote", "1", "--source", "book", "the", code=1)
    assert result.stderr.startswith("The passage occurs 10,000 times:\n")
    assert "  … and 9,950 more occurrences, not listed.\n" in result.stderr
    assert result.stderr.endswith(
        "Error: the passage occurs 10,000 times in book; pick one with --occurrence K (1 to 50)\n"
    )
    data: dict[str, Any] = run.json("quote", "1", "--source", "book", "the", code=1)
    assert (len(data["occurrences"]), data["occurrence_count"]) == (50, 10_000)
    assert run(
        "quote", "1", "--source", "book", "the", "--occurrence", "60", code=1
    ).stderr.endswith(
        "Error: --occurrence 60: only the first 50 of 10,000 occurrences in book can be picked; "
        "quote a longer passage\n"
    )


def test_a_source_of_fifty_thousand_pages(run: Runner, tmp_path: Path) -> None:
    pages = tmp_path / "pages.txt"
    pages.write_text(
        "\f".join(
            f"Running head\nPage {i} is about {('harbours', 'ships', 'fees', 'trade')[i % 4]}.\n"
            for i in range(50_000)
        ),
        encoding="utf-8",
    )
    run("claim", "add", "T")
    assert run.json("source", "add", str(pages), "--key", "p")["pages"] == 50_000
    q = run.json("quote", "1", "--source", "p", "Page 40000 is about harbours.")
    assert q["page"] == "40001"


def test_an_export_never_overwrites_the_store_or_a_file(run: Runner, tmp_path: Path) -> None:
    run("claim", "add", "T")
    before = run.db.read_bytes() if run.db.exists() else b""
    dump = run.dump()
    for target in (run.db, Path(f"{run.db}-wal")):
        if target.exists():  # SQLite's: a server's store has no file to overwrite
            result = run("export", "1", "-o", str(target), "--force", code=1)
            assert result.stderr == f"Error: {target} is the store itself; export somewhere else\n"
    assert (run.db.read_bytes() if run.db.exists() else b"") == before and run.dump() == dump
    out = tmp_path / "out.md"
    out.write_text("mine\n", encoding="utf-8")
    assert run("export", "1", "-o", str(out), code=1).stderr == (
        f"Error: {out} already exists; add --force to replace it\n"
    )
    assert out.read_text(encoding="utf-8") == "mine\n"
    run("export", "1", "-o", str(out), "--force")
    assert out.read_text(encoding="utf-8").startswith("# T\n")


# Raw controls, and the bidi controls that reorder what a reader sees.
RAW_OR_BIDI = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
FORMATS = ("markdown", "json", "kialo", "argdown", "aif", "dot", "html")


def test_machine_formats_carry_no_raw_control_or_bidi_override(run: Runner) -> None:
    _plant(run.address)
    with Store.open(run.address) as store, store.transaction():  # a right-to-left override
        who = store.participant_id("eve")
        store.add_link(1, store.add_node("claim", "Fees \u202eslacol yats\u202c", who), "con", who)
    for fmt in FORMATS:
        text = run("export", "1", "--format", fmt).stdout
        assert not RAW_OR_BIDI.search(text), (fmt, RAW_OR_BIDI.findall(text))
        assert not RAW_OR_BIDI.search(run("export", "1", "--format", fmt, "--json").stdout), fmt
    for args in (["tree", "--json"], ["show", "1", "--json"], ["list", "--json"],
                 ["source", "list", "--json"], ["participant", "list", "--json"]):  # fmt: skip
        result = run(*args)
        assert not RAW_OR_BIDI.search(result.stdout), args
    exported = json.loads(run("export", "1", "--format", "json").stdout)
    assert any("\u202e" in n["text"] for n in exported["nodes"])  # escaped, not lost


@pytest.mark.parametrize(
    ("where", "plant"),
    [
        ("$.sources[0].text", lambda d: d["sources"][0].update(text="Harbours\x1b[2J")),
        ("$.sources[0].filename", lambda d: d["sources"][0].update(filename="a\x07.txt")),
        ("$.sources[0].format", lambda d: d["sources"][0].update(format="text\x9b")),
        ("$.sources[0].extractor", lambda d: d["sources"][0].update(extractor="x\x1b")),
        ("$.nodes[0].text", lambda d: d["nodes"][0].update(text="Harbours\x0c")),
        ("$.participants[0].name", lambda d: d["participants"][0].update(name="eve\x1b")),
        ("$.events[0].data.text", lambda d: d["events"][0]["data"].update(text="\x1b]0;t\x07")),
        ("$.events[0].data: a key", lambda d: d["events"][0]["data"].update({"k\x1b": 1})),
    ],
)
def test_a_json_import_refuses_control_characters_in_every_field(
    run: Runner, source_file: Path, tmp_path: Path, where: str, plant: Any
) -> None:
    build_harbour(run, source_file)
    document = json.loads(run("export", "1", "--format", "json").stdout)
    plant(document)
    path = tmp_path / "planted.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    run.reset_store()
    result = run("import", str(path), code=1)
    said = where if where.endswith("a key") else f"{where}:"
    assert result.stderr.startswith(f"Error: {said} holds the control character ")
    assert not run.store_exists()  # refused before the store was made: nothing changed


def test_a_json_import_keeps_the_page_breaks_of_a_source(
    run: Runner, source_file: Path, tmp_path: Path
) -> None:
    build_harbour(run, source_file)
    document = json.loads(run("export", "1", "--format", "json").stdout)
    document["sources"][0]["text"] += "\fPage two."
    path = tmp_path / "pages.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    run.reset_store()
    run("import", str(path))
    assert run.sql("SELECT text FROM sources")[0][0].endswith("\fPage two.")
