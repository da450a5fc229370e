"""The human output of the reading commands, as plain text (NO_COLOR, 100 columns)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import SOURCE_TEXT, Runner, build_harbour

STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SHA = re.compile(r"[0-9a-f]{64}")


def plain(text: str) -> str:
    """Timestamps, UUIDs and hashes vary from run to run."""
    return SHA.sub("SHA", UUID.sub("UUID", STAMP.sub("AT", text)))


@pytest.fixture
def harbour(run: Runner, source_file: Path) -> Runner:
    build_harbour(run, source_file)
    run("source", "add", str(source_file), "--key", "harbour", "--year", "2024")
    return run


def test_show_a_claim(harbour: Runner) -> None:
    assert plain(harbour("show", "2").stdout) == (
        "id        #2  UUID\n"
        "kind      claim\n"
        "text      Trade follows ports\n"
        "stance    pro of #1\n"
        "scores    τ 0.58 (2 votes)  σ 0.79\n"
        "by        tester  AT\n"
        "parents   #1 Harbours make towns rich\n"
        "children  none\n"
        "evidence  pro #3 the new harbour would bring trade to the town\n"
        "votes     bob: accept -1  (AT)\n"
        "          tester: accept +2  (AT)\n"
        "          tester: impact 3  (AT)\n"
        "history   AT  tester  claim added  parent=1, stance=pro\n"
        "          AT  tester  vote cast  kind=accept, value=2\n"
        "          AT  tester  vote cast  kind=impact, value=3\n"
        "          AT  bob  vote cast  kind=accept, value=-1\n"
    )


def test_show_a_quote(harbour: Runner) -> None:
    start = SOURCE_TEXT.index("the new har-")
    end = SOURCE_TEXT.index("to the town") + len("to the town")
    assert plain(harbour("show", "3").stdout) == (
        "id        #3  UUID\n"
        "kind      quote\n"
        "text      the new harbour would bring trade to the town\n"
        f"source    Doe (2024), p. 3  [{start}:{end}]\n"
        "status    verified, exact\n"
        "context   …r Report Most members of the council agreed that the new harbour would "
        "bring trade to the\n"
        "          town. The mayor’s office called it “a once-in-a-centur…\n"
        "note      the mayor's hope\n"
        "stance    pro of #2\n"
        "scores    τ 0.50 (0 votes)  σ 0.50\n"
        "by        tester  AT\n"
        "parents   #2 Trade follows ports\n"
        "children  none\n"
        "evidence  none\n"
        "votes     none\n"
        f"history   AT  tester  quote added  claim=2, end={end}, method=exact,\n"
        f"          stance=pro, start={start}, status=verified, typed=the new harbour would bring "
        "trade to the town\n"
    )


def test_list_votes_and_sources(harbour: Runner) -> None:
    assert harbour("list").stdout == (
        " id  thesis                    claims  quotes  votes  participants\n"
        " #1  Harbours make towns rich  1       1       3      2\n"
    )
    assert plain(harbour("votes", "2").stdout) == (
        " participant  kind    value  cast at\n"
        " bob          accept  -1     AT\n"
        " tester       accept  +2     AT\n"
        " tester       impact  3      AT\n"
    )
    assert harbour("source", "list").stdout == (
        " key      author     year  title  text\n harbour  Doe, Jane  2024         yes\n"
    )
    assert plain(harbour("source", "show", "harbour").stdout) == (
        "key        harbour\n"
        "author     Doe, Jane\n"
        "year       2024\n"
        "text       sha256 SHA\n"
        "file       txt, sha256 SHA\n"
        "extractor  debate-text 1\n"
        "uuid       UUID\n"
        "added      AT\n"
    )
    assert harbour("source", "show", "harbour", "--text").stdout == SOURCE_TEXT


def test_source_update(harbour: Runner, tmp_path: Path) -> None:
    new = tmp_path / "v2.txt"
    new.write_text("A preface.\n\n" + SOURCE_TEXT, encoding="utf-8")
    result = harbour("source", "update", "harbour", str(new))
    start = SOURCE_TEXT.index("the new har-")
    end = SOURCE_TEXT.index("to the town") + len("to the town")
    assert (
        result.stderr
        == "Updated the text of harbour: 0 unchanged, 1 moved, 0 changed, 0 orphaned.\n"
    )
    assert result.stdout == (
        " quote  outcome  was at  now at  passage\n"
        f" #3     moved    {start}:{end}  {start + 12}:{end + 12}  "
        "the new harbour would bring trade to the town\n"
    )
    again = harbour("source", "update", "harbour", str(new))
    assert again.stderr == "Source harbour already has this text; nothing changed.\n"


def test_the_tree_fits_in_80_columns(run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    run("claim", "add", "Harbours make towns rich, and the region around them richer still")
    run(
        "support",
        "1",
        "Trade follows ports, as it always has, from the Hanseatic League to Rotterdam today",
    )
    run("rebut", "2", "Costs double " * 6)
    lines = run("tree").stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    # The scores of a node stay on one line, whole.
    scores = [line for line in lines if "τ " in line and "σ " in line]
    assert len(scores) == 3 + 1  # three nodes, and the legend
    assert all(re.search(r"τ \d\.\d\d \(\d+\) σ \d\.\d\d", line) for line in scores[:3])
    assert lines[-1] == "τ base score (acceptance votes) · σ strength · w weight on the parent"
    for command in (["explain", "2"], ["verdict", "1"], ["show", "3"]):
        assert max(len(line) for line in run(*command).stdout.splitlines()) <= 80
