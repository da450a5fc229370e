"""Snapshot tests of rendered trees and Markdown, and Markdown escaping."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from syrupy.assertion import SnapshotAssertion

from debate.core.files.markdown import escape
from tests.conftest import Runner

NASTY = "# Not a heading *not bold* [x](http://evil) `code` <b>html</b> \\ | ~~no~~ &amp;"


def small_debate(run: Runner, source_file: Path) -> None:
    run("claim", "add", "Harbours make towns rich")
    run("support", "1", "Trade follows ports")
    run("rebut", "1", "Costs double")
    run("rebut", "3", "Costs are shared")
    run(
        "source",
        "add",
        str(source_file),
        "--key",
        "harbour",
        "--author",
        "Doe, Jane",
        "--year",
        "2024",
        "--title",
        "The Harbour Report",
        "--venue",
        "Town Press",
        "--url",
        "https://example.org/harbour",
    )
    run(
        "quote",
        "2",
        "--source",
        "harbour",
        "--page",
        "p. 3",
        "the new harbour would bring trade to the town",
    )
    run("quote", "3", "--source", "harbour", "--opposes", "Nobody expected the costs to double.")
    run("vote", "2", "--accept", "2", "--impact", "3")
    run("vote", "3", "--accept", "-1", "--impact", "1", "--as", "bob")
    run("vote", "4", "--agree", "--impact", "4")


def test_tree_snapshot(run: Runner, source_file: Path, snapshot: SnapshotAssertion) -> None:
    small_debate(run, source_file)
    assert run("tree").stdout == snapshot


def test_ascii_tree_snapshot(run: Runner, source_file: Path, snapshot: SnapshotAssertion) -> None:
    small_debate(run, source_file)
    out = run("tree", "--ascii", "--sort", "time").stdout
    assert out.isascii()
    assert out == snapshot


def test_depth_cuts_the_tree(run: Runner, source_file: Path) -> None:
    small_debate(run, source_file)
    out = run("tree", "1", "--depth", "1").stdout
    assert "Costs are shared" not in out
    assert "(+2 below)" in out  # under #3: a rebuttal and a quote
    assert run.json("tree", "1", "--depth", "0")["children"] == []


def test_markdown_export_snapshot(
    run: Runner, source_file: Path, snapshot: SnapshotAssertion
) -> None:
    small_debate(run, source_file)
    assert run("export", "1", "--format", "markdown").stdout == snapshot


def test_export_to_a_file(run: Runner, source_file: Path, tmp_path: Path) -> None:
    small_debate(run, source_file)
    out = tmp_path / "debate.md"
    result = run.json("export", "1", "-o", str(out))
    assert result["path"] == str(out)
    assert out.read_text(encoding="utf-8").startswith("# Harbours make towns rich\n")
    import os

    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # a file to hand out, not a private one


def _plain(markdown: str) -> tuple[list[str], str]:
    """Block and inline token types, and the text a reader sees."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    kinds = [t.type for t in tokens]
    inline = [c for t in tokens if t.type == "inline" for c in (t.children or [])]
    kinds += [c.type for c in inline]
    return kinds, "".join(c.content for c in inline if c.type in ("text", "code_inline"))


def test_user_text_cannot_break_the_markdown(run: Runner) -> None:
    run("claim", "add", NASTY)
    run("support", "1", "> not a quote\n# nor a heading\n1. nor a list")
    kinds, text = _plain(run("export", "1").stdout)
    assert kinds.count("heading_open") == 2  # the thesis and "Arguments"
    assert "link_open" not in kinds and "em_open" not in kinds and "html_inline" not in kinds
    assert "blockquote_open" not in kinds and "ordered_list_open" not in kinds
    assert NASTY in text
    assert "> not a quote # nor a heading 1. nor a list" in text


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1))
def test_escaped_text_renders_as_itself(text: str) -> None:
    kinds, plain = _plain(escape(text))
    expected = " ".join(text.split())
    if expected:
        assert plain == expected
        assert kinds[:3] == ["paragraph_open", "inline", "paragraph_close"]


def test_the_tree_counts_cells_as_rich_does() -> None:
    from rich.cells import cell_len

    from debate.output.human.tree import ONE_CELL

    assert all(cell_len(c) == 1 for c in ONE_CELL)


def test_every_human_view_is_found_where_the_package_says() -> None:
    import importlib
    import types

    from debate.output import human

    for name, module in human.HOME.items():
        assert hasattr(importlib.import_module(f"debate.output.human.{module}"), name), name
    # With every module loaded, no view's name is shadowed by a module's.
    for name in human.HOME:
        assert not isinstance(getattr(human, name), types.ModuleType), name


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"NO_COLOR": "1", "FORCE_COLOR": "1"},
        {"FORCE_COLOR": "1", "COLUMNS": "123"},
        {"FORCE_COLOR": "1", "TERM": "dumb", "COLUMNS": "60"},
        {"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"},
        {"TTY_COMPATIBLE": "1", "COLUMNS": "abc"},
    ],
)
def test_the_terminal_is_read_as_rich_reads_it(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from rich.console import Console

    from debate.output import terminal

    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "TERM", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    stream = io.StringIO()
    console = Console(file=stream)
    colour = console.is_terminal and not console.no_color and console.color_system is not None
    assert (terminal.width(stream), terminal.colour(stream)) == (console.width, colour)
