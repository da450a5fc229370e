"""Prompts, driven through questionary's real input (prompt_toolkit's pipe input).

Only the terminal check is replaced (a CliRunner's stdin is not a TTY); --no-input
still turns prompts off.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from debate.cli import invocation
from tests.conftest import Runner

ENTER = "\r"
BACKSPACE = "\x7f"


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[PipeInput]:
    monkeypatch.setattr(invocation.Invocation, "can_prompt", lambda self: not self.no_input)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


def test_claim_add_asks_the_stance_the_parent_and_the_text(run: Runner, keys: PipeInput) -> None:
    run("claim", "add", "Harbours make towns rich")
    run("claim", "add", "Fishing villages stay poor")
    keys.send_text("con" + ENTER)  # "What is it?", filtered as typed
    keys.send_text("Fish" + ENTER)  # the parent, filtered to #2
    keys.send_text("Tourism pays" + ENTER)
    added = run.json("claim", "add")
    assert (added["parent"], added["stance"], added["text"]) == (2, "con", "Tourism pays")


def test_vote_asks_the_node_then_acceptance_and_impact(run: Runner, keys: PipeInput) -> None:
    run("claim", "add", "Harbours make towns rich")
    run("support", "1", "Trade follows ports")
    keys.send_text("Trade" + ENTER)  # which node
    keys.send_text("3" + ENTER)  # out of range: refused, the answer stays to be mended
    keys.send_text(BACKSPACE + "-1" + ENTER)
    keys.send_text(ENTER)  # no impact vote
    voted = run.json("vote")
    assert voted["id"] == 2
    assert voted["changes"] == [{"kind": "accept", "value": -1, "previous": None}]
    keys.send_text("2" + ENTER + "4" + ENTER)
    again = run.json("vote", "2")
    assert [(c["kind"], c["value"]) for c in again["changes"]] == [("accept", 2), ("impact", 4)]


def test_quote_asks_the_claim_stance_source_and_text(
    run: Runner, keys: PipeInput, source_file: Path
) -> None:
    run("claim", "add", "Harbours make towns rich")
    run("support", "1", "Costs double")
    run("source", "add", str(source_file), "--key", "harbour")
    keys.send_text("Costs" + ENTER)  # the claim
    keys.send_text("opp" + ENTER)  # opposes, filtered as typed
    keys.send_text(ENTER)  # the only source with a text
    keys.send_text("Nobody expected the costs to double." + ENTER)
    q = run.json("quote")
    assert (q["claim"], q["stance"], q["source"], q["status"]) == (2, "con", "harbour", "verified")


def test_no_input_turns_prompts_off(run: Runner, keys: PipeInput) -> None:
    run("claim", "add", "T")
    assert run("vote", "--no-input", code=2).stderr == "Error: Missing argument 'N'.\n"
    assert run("quote", "1", "--no-input", code=2).stderr == "Error: Missing option '--source'.\n"
    assert run("claim", "add", "--no-input", code=2).stderr == "Error: Missing argument 'TEXT'.\n"


def test_guided_vote_walks_the_unvoted_claims_with_skip_and_quit(
    run: Runner, keys: PipeInput
) -> None:
    run("claim", "add", "Harbours make towns rich")
    run("support", "1", "Trade follows ports")
    run("rebut", "2", "Ports silt up")
    run("rebut", "1", "Costs double")
    run("vote", "3", "--accept", "1")  # already voted: not asked
    keys.send_text("-1" + ENTER)  # the thesis: disagree (no impact: it answers nothing)
    keys.send_text(ENTER + "4" + ENTER)  # #2: strongly agree (the first choice), decisive
    keys.send_text("skip" + ENTER)  # #4: skipped
    cast = run.json("vote", "--guided", "1")
    assert [(c["id"], [(x["kind"], x["value"]) for x in c["changes"]]) for c in cast] == [
        (1, [("accept", -1)]),
        (2, [("accept", 2), ("impact", 4)]),
    ]
    keys.send_text("quit" + ENTER)  # #4 again, the only one left: quit
    assert run.json("vote", "--guided", "1") == []
    done = run("vote", "--guided", "3")
    assert done.stderr == "You have voted on every claim under #3.\n"


def test_guided_vote_without_a_terminal_names_the_flags(run: Runner) -> None:
    run("claim", "add", "T")
    result = run("vote", "--guided", "1", code=2)
    assert result.stderr == (
        "Error: --guided asks on a terminal; without one, vote claim by claim: "
        "debate vote N --accept V [--impact I] (debate tree THESIS lists them)\n"
    )
