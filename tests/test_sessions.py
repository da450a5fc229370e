"""Seminar sessions through the command line: whole debates in each built-in format,
driven by the plain commands with --at (never by sleeping), their results and
transcripts, and every refusal the issue lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from syrupy.assertion import SnapshotAssertion

from debate.app import sessions
from debate.errors import Conflict
from debate.store import Store
from tests.conftest import Runner

START = "2026-12-02T19:00:00+01:00"


def _new(run: Runner, *args: str) -> int:
    run("claim", "add", "Schools should ban phones")
    doc = run.json("session", "new", "1", *args)
    return int(doc["id"])


def _oxford(run: Runner) -> int:
    return _new(
        run, "--format", "oxford", "--side", "for:ana,ben", "--side", "against:cy,dee",
        "--chair", "chair", "--judge", "jo",
    )  # fmt: skip


def _markdown_ok(text: str) -> None:
    """The transcript parses as the document it means to be: headings, lists and
    tables, no raw HTML, no links made of user text."""
    tokens = MarkdownIt("gfm-like", {"linkify": True}).parse(text)
    kinds = {t.type for t in tokens}
    assert "heading_open" in kinds and "bullet_list_open" in kinds
    assert "html_block" not in kinds
    inline = [c for t in tokens if t.children for c in t.children]
    assert not [c for c in inline if c.type in ("link_open", "html_inline")]


def test_an_oxford_debate_with_the_iq2_swing_worked_by_hand(
    run: Runner, snapshot: SnapshotAssertion
) -> None:
    s = str(_oxford(run))
    run("poll", s, "pre", "--count", "for=30,against=50,undecided=20")
    run("session", "start", s, "--at", START)
    run("support", "1", "Phones distract pupils in class", "--as", "ana")
    run("vote", "2", "--accept", "2", "--as", "eve")
    at = 7 * 60 + 5
    for _ in range(7):
        run("session", "next", s, "--at", f"+{at // 60:02d}:{at % 60:02d}")
        if _ == 0:
            run("rebut", "2", "Teachers can set rules without a ban", "--as", "cy")
        at += 4 * 60 if _ < 3 else 2 * 60
    run("poll", s, "post", "--count", "for=45,against=50,undecided=5")
    run("session", "end", s, "--at", f"+{at // 60:02d}:{at % 60:02d}")
    result = run.json("session", "result", s)
    assert result["polls"] == {
        "pre": {"for": 30, "against": 50, "undecided": 20},
        "post": {"for": 45, "against": 50, "undecided": 5},
    }
    assert result["swing"] == {"for": 15.0, "against": 0.0, "undecided": -15.0}
    assert result["winner"] == "for" and result["decided_by"] == "polls"
    shown = run.json("session", "show", s)
    assert shown["state"] == "ended" and shown["current"] is None
    assert [(x["name"], x["speaker"], x["allowed"], x["used"], x["overtime"])
            for x in shown["speeches"][:2]] == [
        ("Opening 1 for", "ana", 420, 425.0, 5.0),
        ("Opening 1 against", "cy", 420, 240.0, 0.0),
    ]  # fmt: skip
    text = run("transcript", s).stdout
    _markdown_ok(text)
    assert text == run("transcript", s).stdout  # the same session, the same bytes
    assert text == snapshot
    data = run.json("transcript", s)
    rebuttal = data["speeches"][1]["events"][0]["data"]
    assert rebuttal["text"] == "Teachers can set rules without a ban"
    assert data["result"]["winner"] == "for" and data["tree"]["id"] == 1
    assert [x["speech"] for x in data["strengths"]][:3] == [None, "F1", "A1"]


def test_bp_with_prep_pois_and_three_judges_ranking(
    run: Runner, snapshot: SnapshotAssertion
) -> None:
    s = str(
        _new(
            run, "--format", "bp", "--team", "OG:ana,ben", "--team", "OO:cy,dee",
            "--team", "CG:eve,fay", "--team", "CO:gus,hal",
            "--judge", "j1", "--judge", "j2", "--judge", "j3",
            "--motion", "This House would ban phones",
        )
    )  # fmt: skip
    run("session", "prep", s, "start", "--at", "2026-12-02T18:45:00+01:00")
    run("session", "prep", s, "stop", "--at", START)
    run("session", "start", s, "--at", START)
    run("session", "poi", s, "--by", "cy", "--declined", "--at", "+02:00")
    run("session", "poi", s, "--by", "gus", "--accepted", "--at", "+03:30")
    refused = run("session", "poi", s, "--by", "dee", "--at", "+06:30", code=1)
    assert refused.stderr == (
        "Error: speech 1 (PM) takes points of information only from 1:00 to 6:00; "
        "6:30 is protected time\n"
    )
    own = run("session", "poi", s, "--by", "eve", "--at", "+04:00", code=1)
    assert "eve is on the speaker's own side" in own.stderr
    for i in range(1, 8):
        run("session", "next", s, "--at", f"+{7 * i:02d}:00")
    run("session", "end", s, "--at", "+56:00")
    run("ballot", s, "--as", "j1", "--rank", "CG,OO,OG,CO", "--points", "eve=80",
        "--points", "fay=79")  # fmt: skip
    run("ballot", s, "--as", "j2", "--rank", "OO,CG,OG,CO", "--reason", "OO's extension")
    run("ballot", s, "--as", "j3", "--rank", "CG,OO,CO,OG", "--points", "cy=81")
    result = run.json("session", "result", s)
    # CG averages 1.33, OO 1.67, OG 3.33, CO 3.67.
    assert result["ranking"] == ["CG", "OO", "OG", "CO"]
    assert result["team_points"] == {"CG": 3, "OO": 2, "OG": 1, "CO": 0}
    assert result["winner"] == "CG"
    shown = run.json("session", "show", s)
    assert shown["speeches"][0]["pois"] == [
        {"by": "cy", "accepted": False, "at": 120.0},
        {"by": "gus", "accepted": True, "at": 210.0},
    ]
    assert shown["prep"]["used"] == {"all": 900.0}
    text = run("transcript", s).stdout
    _markdown_ok(text)
    assert text == snapshot


def test_ld_prep_banks_cross_examination_and_a_split_panel(
    run: Runner, snapshot: SnapshotAssertion
) -> None:
    s = str(
        _new(run, "--format", "ld", "--side", "aff:ana", "--side", "neg:cy",
             "--judge", "j1", "--judge", "j2", "--judge", "j3")
    )  # fmt: skip
    run("session", "start", s, "--at", START)  # AC
    run("session", "next", s, "--at", "+06:00")  # CX, neg asks
    run("session", "prep", s, "start", "--side", "neg", "--at", "+09:10")  # ends the CX
    left = run.json("session", "prep", s, "stop", "--side", "neg", "--at", "+10:40")
    assert left["prep"]["used"] == {"neg": 90.0} and left["current"] is None
    assert left["upcoming"] == 2
    run("session", "next", s, "--at", "+10:40")  # NC
    shown = run.json("session", "show", s, "--at", "+12:00")
    assert shown["speeches"][1]["used"] == 190.0 and shown["speeches"][1]["overtime"] == 10.0
    assert shown["speeches"][1]["respondent"] == "ana"
    assert shown["speeches"][2]["used"] == 80.0
    for t in ("+17:40", "+20:40", "+24:40", "+30:40"):
        run("session", "next", s, "--at", t)
    run("session", "end", s, "--at", "+33:40")
    run("ballot", s, "--as", "j1", "--winner", "aff", "--points", "ana=29", "--points", "cy=28")
    run("ballot", s, "--as", "j2", "--winner", "neg", "--reason", "The NR turned the value")
    run("ballot", s, "--as", "j3", "--winner", "aff")
    bad = run("ballot", s, "--as", "j3", "--winner", "aff", "--points", "ana=31", code=1)
    assert bad.stderr == "Error: ana's points 31 are out of range: 25 to 30 in ld\n"
    result = run.json("session", "result", s)
    assert result["winner"] == "aff"
    assert result["majority"] == {"votes": {"aff": 2, "neg": 1}, "split": "2–1", "minority": ["j2"]}
    assert "aff wins 2–1; minority: j2" in run("session", "result", s).stdout
    text = run("transcript", s).stdout
    _markdown_ok(text)
    assert text == snapshot


def test_karl_popper_from_start_to_ballots(run: Runner, snapshot: SnapshotAssertion) -> None:
    s = str(
        _new(run, "--format", "karl-popper", "--side", "aff:a1,a2,a3", "--side", "neg:n1,n2,n3",
             "--judge", "j1", "--draw", "--seed", "7")
    )  # fmt: skip
    shown = run.json("session", "show", s)
    drawn = shown["sides"]
    assert sorted(drawn["aff"] + drawn["neg"]) == ["a1", "a2", "a3", "n1", "n2", "n3"]
    again = _new_drawn(run)
    assert again == drawn  # the same seed, the same draw
    assert shown["draw_seed"] == 7
    run("session", "start", s, "--at", START)
    minutes = [6, 3, 6, 3, 5, 3, 5, 3, 5]
    at = 0
    for m in minutes:
        at += m
        run("session", "next", s, "--at", f"+{at:02d}:00")
    run("session", "end", s, "--at", f"+{at + 5:02d}:00")
    run("ballot", s, "--as", "j1", "--winner", "neg", "--points", f"{drawn['neg'][0]}=27")
    assert run.json("session", "result", s)["winner"] == "neg"
    assert run.json("session", "show", s)["speeches"][1]["respondent"] == drawn["aff"][0]
    text = run("transcript", s).stdout
    _markdown_ok(text)
    assert text == snapshot


def _new_drawn(run: Runner) -> dict[str, list[str]]:
    doc = run.json(
        "session", "new", "1", "--format", "karl-popper", "--side", "aff:a1,a2,a3",
        "--side", "neg:n1,n2,n3", "--draw", "--seed", "7",
    )  # fmt: skip
    return dict(doc["sides"])


# -- refusals ---------------------------------------------------------------------------


def _refused(run: Runner, expected: str, *args: str, code: int = 1) -> None:
    before = run.dump()
    result = run(*args, code=code)
    assert result.stderr == f"Error: {expected}\n", result.stderr
    assert result.stdout == ""
    assert run.dump() == before


def test_what_is_not_in_the_session_is_refused(run: Runner) -> None:
    s = str(_oxford(run))
    _refused(
        run, "'nobody' is not a side of the oxford format (for, against)",
        "session", "new", "1", "--format", "oxford", "--side", "nobody:x,y",
    )  # fmt: skip
    _refused(
        run, "side 'against' has no speakers: give them as --side against:NAME,… (2 of them)",
        "session", "new", "1", "--format", "oxford", "--side", "for:x,y",
    )  # fmt: skip
    _refused(
        run, "side 'for' needs 2 speaker(s) in the oxford format, and 1 are given",
        "session", "new", "1", "--format", "oxford", "--side", "for:x", "--side", "against:y,z",
    )  # fmt: skip
    run("session", "start", s, "--at", START)
    _refused(
        run, "'zed' does not speak in session 1",
        "session", "poi", s, "--by", "zed", "--at", "+01:00",
    )  # fmt: skip
    _refused(run, "no session 9", "session", "show", "9")


def test_the_clock_refuses_steps_out_of_turn(run: Runner) -> None:
    s = str(_oxford(run))
    _refused(run, "the session has not started (`session start` begins it)", "session", "next", s)
    _refused(run, "no speech is running to pause", "session", "pause", s)
    run("session", "start", s, "--at", START)
    _refused(
        run, "the session has already started (`session next` moves on)",
        "session", "start", s, "--at", "+00:10",
    )  # fmt: skip
    _refused(
        run, "that moment is 0:30 before the session's last step; steps are recorded in time order",
        "session", "next", s, "--at", "2026-12-02T18:59:30+01:00",
    )  # fmt: skip
    _refused(
        run, "speech 1 (F1) takes no points of information",
        "session", "poi", s, "--by", "cy", "--at", "+01:00",
    )  # fmt: skip
    _refused(
        run, "the poll after the debate opens with the last speech",
        "poll", s, "post", "--for", "--as", "eve",
    )  # fmt: skip
    for i in range(1, 8):
        run("session", "next", s, "--at", f"+{i * 5:02d}:00")
    _refused(
        run, "the first speech is over: the poll before the debate is closed",
        "poll", s, "pre", "--for", "--as", "eve",
    )  # fmt: skip
    _refused(
        run, "speech 8 (A2c) is the last; `session end` ends the session",
        "session", "next", s, "--at", "+41:00",
    )  # fmt: skip
    _refused(
        run, "the oxford format has no preparation time",
        "session", "prep", s, "start", "--at", "+41:00",
    )  # fmt: skip
    run("session", "end", s, "--at", "+42:00")
    _refused(run, "the session has ended", "session", "start", s, "--at", "+43:00")
    _refused(run, "the session has ended", "session", "next", s, "--at", "+43:00")
    _refused(
        run, "the oxford format is decided by the audience's polls, not ballots",
        "ballot", s, "--as", "jo", "--winner", "for",
    )  # fmt: skip


def test_bad_ballots_are_refused(run: Runner) -> None:
    s = str(
        _new(
            run, "--format", "bp", "--team", "OG:a,b", "--team", "OO:c,d", "--team", "CG:e,f",
            "--team", "CO:g,h", "--judge", "j",
        )
    )  # fmt: skip
    _refused(
        run, "ballots are handed in when the session has ended (`session end`)",
        "ballot", s, "--as", "j", "--rank", "OG,OO,CG,CO",
    )  # fmt: skip
    run("session", "start", s, "--at", START)
    run("session", "end", s, "--at", "+10:00")
    _refused(
        run, "'eve' is not a judge of session 1 (judges: j)",
        "ballot", s, "--as", "eve", "--rank", "OG,OO,CG,CO",
    )  # fmt: skip
    _refused(
        run, "--rank must name each team once, first place first (OG, OO, CG, CO)",
        "ballot", s, "--as", "j", "--rank", "OG,OG,CG,CO",
    )  # fmt: skip
    _refused(
        run, "the bp format ranks the teams: give --rank, not --winner",
        "ballot", s, "--as", "j", "--winner", "OG",
    )  # fmt: skip
    _refused(
        run, "a's points 101 are out of range: 50 to 100 in bp",
        "ballot", s, "--as", "j", "--rank", "OG,OO,CG,CO", "--points", "a=101",
    )  # fmt: skip
    _refused(
        run, "'zz' does not speak in session 1",
        "ballot", s, "--as", "j", "--rank", "OG,OO,CG,CO", "--points", "zz=70",
    )  # fmt: skip


def test_a_malformed_format_file_is_refused_naming_the_key(run: Runner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('sides = ["a", "b"]\nspeakers = 1\ndecision = "majority"\n[[speeches]]\n'
                   'name = "x"\nside = "a"\nspeaker = 1\nlength = "seven"\n')  # fmt: skip
    run("claim", "add", "T")
    _refused(
        run,
        f"{bad}: speeches[1].length: expected a time such as 7:00 or 45 (seconds), not 'seven'",
        "session", "new", "1", "--format", str(bad), "--side", "a:x", "--side", "b:y",
    )  # fmt: skip


# -- polls ----------------------------------------------------------------------------


def test_a_new_answer_replaces_the_old_and_history_keeps_both(
    run: Runner, environment: Path
) -> None:
    s = str(_oxford(run))
    run("poll", s, "pre", "--against", "--as", "eve")
    run("poll", s, "pre", "--undecided", "--as", "eve")
    run("poll", s, "pre", "--for", "--as", "fay")
    run("session", "start", s, "--at", START)
    for i in range(1, 8):
        run("session", "next", s, "--at", f"+{i * 5:02d}:00")
    run("poll", s, "post", "--for", "--as", "eve")
    run("poll", s, "post", "--against", "--as", "fay")
    run("session", "end", s, "--at", "+40:00")
    result = run.json("session", "result", s)
    assert result["polls"]["pre"] == {"for": 1, "against": 0, "undecided": 1}
    assert result["moved"] == [
        {"from": "for", "to": "against", "count": 1},
        {"from": "undecided", "to": "for", "count": 1},
    ]
    with Store.open(run.address) as store:
        answers = store.poll_answers(1)
    assert [(a.participant, a.answer, a.is_current) for a in answers][:2] == [
        ("eve", "against", False),
        ("eve", "undecided", True),
    ]
    refused = run("poll", s, "post", "--for", "--as", "ana", code=1)
    assert refused.stderr == "Error: 'ana' speaks in this session; the audience votes\n"


# -- what is said in a speech -----------------------------------------------------------------


def test_what_is_added_in_a_speech_is_the_speakers_and_shows_the_speech(
    run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = str(_oxford(run))
    run("session", "start", s, "--at", START)
    monkeypatch.delenv("DEBATE_USER")
    run("support", "1", "Phones distract pupils")  # no --as: the speaker's
    run("vote", "2", "--accept", "1", "--as", "eve")
    shown = run.json("show", "2")
    assert shown["created_by"] == "ana"
    said = {"session": 1, "speech": 0, "name": "Opening 1 for", "speaker": "ana"}
    assert shown["said_in"] == said
    assert "said in   session 1, speech 1: Opening 1 for (F1, ana)" in run("show", "2").stdout
    events = run.json("transcript", s)["speeches"][0]["events"]
    assert [(e["participant"], e["action"]) for e in events] == [
        ("ana", "claim added"),
        ("eve", "vote cast"),
    ]


def test_a_next_that_lost_a_race_is_refused(run: Runner, environment: Path) -> None:
    s = _oxford(run)
    run("session", "start", str(s), "--at", START)
    with Store.open(run.address) as store:
        seen = (0, None)  # what both terminals saw: the first speech under way
        sessions.step(store, "chair", s, "next", "+07:00", seen=seen)
        with pytest.raises(Conflict, match=r"someone else moved the session on: speech 2 \(A1\)"):
            sessions.step(store, "chair", s, "next", "+07:01", seen=seen)
    assert run.json("session", "show", str(s))["current"] == 1


def test_user_text_in_the_transcript_is_escaped(run: Runner) -> None:
    run("claim", "add", "T")
    hostile = "<script>x</script> [a](http://e.vil) *b* www.example.com \x1b[2J"
    bad_name = "ev*l_[x]"
    run.json(
        "session", "new", "1", "--format", "ld", "--side", f"aff:{bad_name}", "--side", "neg:cy",
        "--motion", "# <b>motion</b>", "--judge", "j",
    )  # fmt: skip
    run("session", "start", "1", "--at", START)
    run("support", "1", hostile.replace("\x1b", ""), "--as", bad_name)
    run("session", "end", "1", "--at", "+05:00")
    run("ballot", "1", "--as", "j", "--winner", "aff", "--reason", "<img src=x> _why_")
    text = run("transcript", "1").stdout
    _markdown_ok(text)
    html = MarkdownIt("gfm-like", {"linkify": True}).render(text)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "<em>" not in html and "<a " not in html
    assert "ev\\*l\\_\\[x\\]" in text and "\x1b" not in text


def test_session_show_for_people(run: Runner) -> None:
    s = str(_oxford(run))
    run("session", "start", s, "--at", START)
    run("session", "next", s, "--at", "+07:30")
    out = run("session", "show", s, "--at", "+08:00").stdout
    assert out.splitlines()[:7] == [
        "session  1 on #1, oxford (Oxford style (Intelligence Squared))",
        "motion   Schools should ban phones",
        "state    running",
        "now      2. Opening 1 against (A1, against): cy, 0:30 of 7:00",
        "next     3. Opening 2 for (F2): ben",
        "chair    chair",
        "judges   jo",
    ]
    assert " 1    Opening 1 for (F1)       for      ana      7:00     7:30  +0:30" in out
    assert " ▶ 2  Opening 1 against (A1)   against  cy       7:00     0:30" in out


def test_a_participant_merge_carries_their_sessions(run: Runner) -> None:
    s = str(_oxford(run))
    run("poll", s, "pre", "--for", "--as", "gina")
    run("poll", s, "pre", "--against", "--as", "ginaa")  # a typo, later
    run("participant", "merge", "ginaa", "gina")
    result = run.json("session", "result", s)
    assert result["polls"]["pre"] == {"for": 0, "against": 1, "undecided": 0}
    run("vote", "1", "--accept", "1", "--as", "anna")  # anna becomes a participant
    run("participant", "merge", "ana", "anna")  # ana speaks: her place goes to anna
    assert run.json("session", "show", s)["sides"]["for"] == ["anna", "ben"]
