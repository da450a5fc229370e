from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SOURCE_TEXT, Runner


def thesis(run: Runner, text: str = "Harbours make towns rich") -> int:
    return int(run.json("claim", "add", text)["id"])


def test_claims_build_a_tree(run: Runner) -> None:
    t = thesis(run)
    pro = run.json("support", str(t), "Trade follows ports")
    con = run.json("claim", "add", "--con", str(t), "Costs double")
    rebuttal = run.json("rebut", str(con["id"]), "Costs are shared")
    assert (pro["id"], con["id"], rebuttal["id"]) == (2, 3, 4)
    assert (pro["stance"], con["stance"], rebuttal["parent"]) == ("pro", "con", 3)
    tree = run.json("tree", str(t))
    assert tree["id"] == t and tree["stance"] is None and tree["weight"] is None
    assert sorted((c["id"], c["stance"]) for c in tree["children"]) == [(2, "pro"), (3, "con")]
    [costs] = [c for c in tree["children"] if c["id"] == 3]
    assert costs["children"][0]["id"] == 4


def test_claim_add_reports_on_stderr(run: Runner) -> None:
    result = run("claim", "add", "Harbours make towns rich")
    assert result.stdout == ""
    assert result.stderr == f"Created a new store at {run.where}.\nAdded claim #1 (thesis).\n"
    assert run("claim", "add", "Second").stderr == "Added claim #2 (thesis).\n"


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["claim", "add", "   "], "Error: claim text is empty\n", 1),
        (["support", "99", "x"], "Error: no claim or quote #99\n", 1),
        (
            ["vote", "1", "--accept", "3"],
            "Error: Invalid value for '--accept': 3 is out of range: "
            "an acceptance vote from -2 to 2\n",
            2,
        ),
        (
            ["vote", "1", "--impact", "-1"],
            "Error: Invalid value for '--impact': -1 is out of range: an impact vote from 0 to 4\n",
            2,
        ),
        (
            ["vote", "1", "--impact", "2"],
            "Error: #1 is a thesis: impact votes are for pro/con claims and quotes\n",
            1,
        ),
        (["vote", "7", "--agree"], "Error: no claim or quote #7\n", 1),
        # Ids are ASCII digits, bounded before they are converted.
        (["show", "١"], "Error: Invalid value for 'N': '١' is not a claim or quote number\n", 2),
        (
            ["show", "1_000"],
            "Error: Invalid value for 'N': '1_000' is not a claim or quote number\n",
            2,
        ),
        (
            ["show", "9" * 5_000],
            f"Error: Invalid value for 'N': {'9' * 20}… is out of range: a claim or quote "
            "number from 1 to 2^63 − 1\n",
            2,
        ),
        (["source", "show", "nope"], "Error: no source with key 'nope'\n", 1),
        (["quote", "1", "--source", "nope", "x"], "Error: no source with key 'nope'\n", 1),
        (["link", "1", "--pro", "1"], "Error: #1 cannot be linked under itself\n", 1),
        (["claim", "add", "--no-input"], "Error: Missing argument 'TEXT'.\n", 2),
        (
            ["vote", "1", "--no-input"],
            "Error: Missing option '--accept V', '--agree', '--disagree' or '--impact I'.\n",
            2,
        ),
        (
            ["claim", "add", "x", "--pro", "1", "--con", "1"],
            "Error: give --pro or --con, not both\n",
            2,
        ),
    ],
)
def test_errors_are_one_line_and_change_nothing(
    run: Runner, args: list[str], message: str, code: int
) -> None:
    thesis(run)
    before = run.dump()
    result = run(*args, code=code)
    assert result.stderr == message
    assert result.stdout == ""
    assert run.dump() == before


def test_a_cycle_is_refused_and_printed(run: Runner) -> None:
    t = thesis(run)
    a = run.json("support", str(t), "A")["id"]
    b = run.json("rebut", str(a), "B")["id"]
    before = run.dump()
    result = run("link", str(t), "--con", str(b), code=1)
    assert result.stderr == "Error: linking #1 under #3 would make a cycle: #3 → #1 → #2 → #3\n"
    assert run.dump() == before


def test_a_linked_claim_counts_under_both_parents(run: Runner) -> None:
    t = thesis(run)
    a = run.json("support", str(t), "A")["id"]
    b = run.json("rebut", str(t), "B")["id"]
    shared = run.json("support", str(a), "Shared")["id"]
    run("link", str(shared), "--con", str(b))
    tree = run.json("tree", str(t))
    under = {c["id"]: [g["id"] for g in c["children"]] for c in tree["children"]}
    assert under == {a: [shared], b: [shared]}
    assert (
        run("link", str(shared), "--con", str(b), code=1).stderr
        == "Error: #4 is already under #3\n"
    )
    show = run.json("show", str(shared))
    assert show["parents"] == [{"id": 2, "stance": "pro"}, {"id": 3, "stance": "con"}]


def test_edit_and_archive_keep_history(run: Runner) -> None:
    t = thesis(run)
    c = run.json("support", str(t), "Old text")["id"]
    run("claim", "edit", str(c), "New text")
    run("claim", "archive", str(c))
    assert run.json("tree", str(t))["children"] == []
    show = run.json("show", str(c))
    assert show["text"] == "New text" and show["archived"] is True
    actions = [e["action"] for e in show["history"]]
    assert actions == ["claim added", "claim edited", "claim archived"]
    assert show["history"][1]["data"] == {"old": "Old text", "new": "New text"}
    assert run("claim", "archive", str(c), code=1).stderr == "Error: #2 is already archived\n"


def test_votes_replace_and_history_keeps_the_old_one(run: Runner) -> None:
    t = thesis(run)
    c = run.json("support", str(t), "A")["id"]
    run("vote", str(c), "--accept", "2", "--impact", "4")
    run("vote", str(c), "--disagree", "--as", "bob")
    changed = run.json("vote", str(c), "--accept", "-2")
    assert changed["changes"] == [{"kind": "accept", "value": -2, "previous": 2}]
    votes = run.json("votes", str(c))["votes"]
    assert [(v["participant"], v["kind"], v["value"]) for v in votes] == [
        ("bob", "accept", -1),
        ("tester", "accept", -2),
        ("tester", "impact", 4),
    ]
    node = run.json("tree", str(t))["children"][0]
    # τ = ((-2+2)/4 + (-1+2)/4 + 0.5) / 3 ; w = (4/4 + 1) / 2
    assert node["base"] == pytest.approx(0.25)
    assert node["weight"] == pytest.approx(1.0)
    assert node["vote_counts"] == {"accept": 2, "impact": 1}
    history = [(e["action"], e["participant"]) for e in run.json("show", str(c))["history"]]
    assert history.count(("vote changed", "tester")) == 1


def test_quote_is_anchored_to_the_source_text(run: Runner, source_file: Path) -> None:
    t = thesis(run)
    added = run.json(
        "source",
        "add",
        str(source_file),
        "--key",
        "harbour",
        "--author",
        "Doe, Jane",
        "--year",
        "2024",
    )
    assert added["created"] and added["has_text"]
    q = run.json(
        "quote",
        str(t),
        "--source",
        "harbour",
        "--page",
        "p. 1",
        "the new harbour would bring trade",
    )
    assert q["kind"] == "quote" and q["claim"] == t and q["source"] == "harbour"
    assert q["exact"] == "the new har-\nbour would bring trade"
    assert SOURCE_TEXT[q["start"] : q["end"]] == q["exact"]
    assert q["verbatim"] is True and q["locator"] == "p. 1" and q["page"] is None
    assert (q["status"], q["method"], q["similarity"], q["edits"]) == ("verified", "exact", 1.0, 0)
    stored = run("source", "show", "harbour", "--text").stdout
    assert stored == SOURCE_TEXT
    against = run.json(
        "quote", str(t), "--source", "harbour", "--opposes", "Nobody expected the costs to double."
    )
    assert against["stance"] == "con"
    tree = run.json("tree", str(t))
    assert {(c["kind"], c["stance"], c["source"]) for c in tree["children"]} == {
        ("quote", "pro", "harbour"),
        ("quote", "con", "harbour"),
    }


def test_a_quote_not_in_the_source_is_refused(run: Runner, source_file: Path) -> None:
    t = thesis(run)
    run("source", "add", str(source_file), "--key", "harbour")
    before = run.dump()
    result = run("quote", str(t), "--source", "harbour", "the harbour brought no trade", code=1)
    assert result.stderr.endswith("Error: quote not found in harbour\n")
    assert run.dump() == before


def test_source_files_are_checked(run: Runner, tmp_path: Path) -> None:
    thesis(run)
    before = run.dump()
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("caf\xe9".encode("latin-1"))
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert run("source", "add", str(tmp_path / "missing.txt"), "--key", "k", code=1).stderr == (
        f"Error: no such file: {tmp_path / 'missing.txt'}\n"
    )
    assert run("source", "add", str(latin1), "--key", "k", code=1).stderr == (
        "Error: latin1.txt is not UTF-8 text (byte 3); is it binary?\n"
    )
    assert run("source", "add", str(pdf), "--key", "k", code=1).stderr.startswith(
        "Error: cannot read paper.pdf as a PDF"
    )
    odt = tmp_path / "paper.odt"
    odt.write_bytes(b"PK")
    assert (
        "debate reads .txt, .md, .pdf, .html, .htm files"
        in run("source", "add", str(odt), "--key", "k", code=1).stderr
    )
    assert "invalid source key" in run("source", "add", str(latin1), "--key", "a b", code=1).stderr
    assert run.dump() == before
    # A damaged PDF that pypdf repairs with complaints: one line, not its log.
    from tests.pdf import make_pdf

    damaged = tmp_path / "damaged.pdf"
    good = make_pdf([["Some text on a page."]])
    header = good.index(b"\n") + 1  # a stray line shifts every offset in the xref table
    damaged.write_bytes(good[:header] + b"%stray\n" + good[header:])
    # In a process of its own: pytest's log capture would hide a stray log line here.
    done = subprocess.run(
        [sys.executable, "-m", "debate", "source", "add", str(damaged), "--key", "d"],
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stderr) == (0, "Added source d.\n")


def test_attaching_a_text_verifies_existing_quotes(run: Runner, source_file: Path) -> None:
    from debate.app import claims
    from debate.models import Anchor, SourceMetadata
    from debate.store import Store

    with Store.open(run.address) as store, store.transaction():
        t = claims.add_claim(store, "tester", "T").id
        who = store.participant_id("tester")
        sid = store.add_source("harbour", SourceMetadata(title="The Harbour Report"), who)
        assert sid is not None
        for text in ("Nobody expected the costs to double.", "Everybody expected it"):
            q = store.add_node("quote", text, who)
            anchor = Anchor.placeless("unverified")
            store.add_quote(q, sid, typed=text, locator=None, note=None, anchor=anchor)
            store.add_link(t, q, "pro", who)
    result = run("source", "add", str(source_file), "--key", "harbour")
    assert result.stderr == (
        "Attached the text of harbour: 1 quote verified.\n1 quote not found in the text: #3\n"
    )
    assert run.json("show", "2")["status"] == "verified"
    assert run.json("show", "3")["status"] == "not-found"


def test_list_counts_theses(run: Runner) -> None:
    t = thesis(run)
    c = run.json("support", str(t), "A")["id"]
    run("vote", str(c), "--agree", "--as", "ann")
    thesis(run, "Second thesis")
    rows = run.json("list")
    assert rows == [
        {
            "thesis": 1,
            "text": "Harbours make towns rich",
            "claims": 1,
            "quotes": 0,
            "vote_count": 1,
            "participants": 2,
        },
        {
            "thesis": 3,
            "text": "Second thesis",
            "claims": 0,
            "quotes": 0,
            "vote_count": 0,
            "participants": 1,
        },
    ]


def test_user_text_is_not_markup(run: Runner) -> None:
    run("claim", "add", "[bold red]Not markup[/] and [link=x]y[/link]")
    out = run("tree").stdout
    assert "[bold red]Not markup[/] and [link=x]y[/link]" in out


def test_db_path_and_store_location(run: Runner, tmp_path: Path) -> None:
    assert run("db", "path").stdout == f"{run.where}\n"
    other = tmp_path / "other.db"
    assert run.json("db", "path", "--db", str(other)) == {"store": str(other), "exists": False}


def test_json_output_is_valid_for_every_reading_command(run: Runner) -> None:
    t = thesis(run)
    for args in (["list"], ["tree"], ["show", str(t)], ["votes", str(t)], ["source", "list"]):
        json.loads(run(*args, "--json").stdout)


def test_tree_semantics_and_the_robustness_check(run: Runner) -> None:
    t = thesis(run)
    pro = run.json("support", str(t), "Strong pro")["id"]
    run("vote", str(pro), "--accept", "2", "--impact", "4")
    default = run.json("tree", str(t))
    qe = run.json("tree", str(t), "--semantics", "qe")
    # σ(pro) = τ = (1 + 0.5) / 2 = 0.75, w = 1: DF-QuAD 0.5 + 0.5·0.75; QE 0.5 + 0.5·h(0.75)
    assert default["strength"] == pytest.approx(0.875)
    assert qe["strength"] == pytest.approx(0.5 + 0.5 * 0.5625 / 1.5625)
    assert default["strength_by_semantics"]["qe"] == pytest.approx(qe["strength"])
    assert set(default["strength_by_semantics"]) == {"dfquad", "qe", "euler", "mlp"}
    assert (default["semantics"], qe["semantics"]) == ("dfquad", "qe")
    out = run("tree", str(t)).stdout
    assert "σ under DF-QuAD 0.88, QE 0.68" in out
    assert "differ by" not in out  # 0.19 apart: no flag


def test_a_bare_command_prints_its_help(run: Runner) -> None:
    for args, usage in (
        ([], "Usage: debate [OPTIONS] COMMAND"),
        (["claim"], "Usage: debate claim"),
    ):
        result = run(*args)
        assert result.stdout.replace("Usage: cli", "Usage: debate").startswith(usage)
        assert result.stderr == ""


def test_ascii_means_ascii(run: Runner) -> None:
    run("claim", "add", "Sino–Russian “partnership” is thick — café")
    run("support", "1", "Ελληνικά 中文")
    out = run("tree", "--ascii").stdout
    assert out.isascii()
    assert out.startswith('#1 Sino-Russian "partnership" is thick -- cafe  base 0.50 (0)')


def test_exit_codes_are_consistent(run: Runner) -> None:
    run("claim", "add", "T")
    for args in (["vote", "1", "--accept", "x"], ["vote", "1", "--accept", "9"], ["show", "0"]):
        assert run(*args, code=2).stderr.startswith("Error: Invalid value")
    assert run("show", "5", code=1).stderr == "Error: no claim or quote #5\n"


def test_ctrl_c_prints_one_line(run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    from debate.app import claims

    run("claim", "add", "T")

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(claims, "theses", interrupted)
    result = run("list", code=130)
    assert result.stderr == "Error: interrupted\n" and result.stdout == ""


def test_no_negative_zero(run: Runner) -> None:
    run("claim", "add", "T")
    run("support", "1", "A")
    run("rebut", "1", "B")
    run("vote", "2", "--accept", "1")
    run("vote", "3", "--accept", "1")
    out = run("explain", "1").stdout + run("compare", "1", "--perspective", "tester").stdout
    assert "-0.000" not in out and "-0.00 " not in out
    assert run.json("explain", "1")["strength"] == 0.5


def test_every_command_is_registered_with_its_module() -> None:
    import importlib

    from debate.cli import COMMANDS

    defined = {
        command.name: (module, command.get_short_help_str(limit=10**6))
        for module in {module for module, _ in COMMANDS.values()}
        for command in importlib.import_module(f"debate.cli.{module}").COMMANDS
    }
    assert defined == COMMANDS
