"""Debate formats: the built-in four, TOML files and DebateKeeper XML files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from debate.core.seminar import catalogue
from debate.core.seminar.catalogue import BUILT_IN, clock, seconds
from debate.errors import InvalidInput, NotFound
from tests.conftest import Runner

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_BP = Path(__file__).resolve().parents[2] / "shared" / "formats" / "debatekeeper" / "bp.xml"


def test_the_built_in_formats_have_the_speeches_of_their_rules() -> None:
    oxford = BUILT_IN["oxford"]
    assert [(s.short, s.side, s.length) for s in oxford.speeches] == [
        ("F1", "for", 420), ("A1", "against", 420), ("F2", "for", 420),
        ("A2", "against", 420), ("F1c", "for", 120), ("A1c", "against", 120),
        ("F2c", "for", 120), ("A2c", "against", 120),
    ]  # fmt: skip
    assert oxford.decision == "swing" and oxford.prep_kind == "none"
    bp = BUILT_IN["bp"]
    assert [s.short for s in bp.speeches] == ["PM", "LO", "DPM", "DLO", "MG", "MO", "GW", "OW"]
    assert {s.poi for s in bp.speeches} == {(60, 360)}
    assert (bp.prep, bp.prep_kind, bp.points) == (900, "before", (50, 100))
    assert bp.for_sides == ("OG", "CG")
    ld = BUILT_IN["ld"]
    assert [(s.short, s.side, s.length // 60) for s in ld.speeches] == [
        ("AC", "aff", 6), ("CX", "neg", 3), ("NC", "neg", 7), ("CX", "aff", 3),
        ("1AR", "aff", 4), ("NR", "neg", 6), ("2AR", "aff", 3),
    ]  # fmt: skip
    assert ld.speeches[1].answers == ("aff", 1) and (ld.prep, ld.prep_kind) == (240, "bank")
    kp = BUILT_IN["karl-popper"]
    assert [(s.short, s.role, s.length // 60) for s in kp.speeches][:4] == [
        ("A1", "aff 1", 6),
        ("CX", "neg 3", 3),
        ("N1", "neg 1", 6),
        ("CX", "aff 3", 3),
    ]
    assert kp.speeches[1].answers == ("aff", 1) and kp.prep == 480 and len(kp.speeches) == 10


@given(st.integers(min_value=0, max_value=9999 * 60))
def test_clock_and_seconds_are_inverse(n: int) -> None:
    assert seconds(clock(n), "t") == n


def test_a_format_survives_its_document() -> None:
    for fmt in BUILT_IN.values():
        assert catalogue.from_document(catalogue.to_document(fmt)) == fmt


TOML = """\
title = "Seminar"
sides = ["pro", "contra"]
speakers = 1
decision = "majority"
prep = "2:00"
prep_kind = "bank"
points = [60, 80]

[[speeches]]
name = "Opening pro"
side = "pro"
speaker = 1
length = "4:00"
poi = ["0:30", "3:30"]

[[speeches]]
name = "Opening contra"
side = "contra"
speaker = 1
length = 240
bells = ["3:00", { at = "4:00", rings = 2 }]
"""


def test_a_toml_format(tmp_path: Path) -> None:
    path = tmp_path / "seminar.toml"
    path.write_text(TOML)
    fmt = catalogue.load(str(path))
    assert fmt.name == "seminar" and fmt.sides == ("pro", "contra")
    assert [(s.short, s.length, s.poi) for s in fmt.speeches] == [
        ("OP", 240, (30, 210)),
        ("OC", 240, None),
    ]
    assert [tuple(b) for b in fmt.speeches[1].bells] == [(180, 1), (240, 2)]
    assert fmt.for_sides == ("pro",) and fmt.prep == 120 and fmt.points == (60, 80)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (("speakers = 1", "speakers = 0"), "speakers: expected a whole number from 1 to 20"),
        (('length = "4:00"', 'length = "4:75"'), "speeches[1].length: expected a time"),
        (('side = "pro"', 'side = "neither"'), "speeches[1].side: 'neither' is not one of"),
        (('decision = "majority"', 'decision = "coin"'), "decision: expected swing"),
        (('poi = ["0:30", "3:30"]', 'poi = ["0:30", "5:30"]'), "speeches[1].poi: the window"),
        (("points = [60, 80]", "points = [80, 60]"), "points: the highest must be above"),
        (('title = "Seminar"', 'colour = "red"'), "colour: unknown key"),
        (("[[speeches]]\nname", "[[speeches]]\nnmae"), "speeches[1].nmae: unknown key"),
        (("speaker = 1\nlength = 240", "speaker = 1"), "speeches[2].length: missing"),
        (('prep = "2:00"', 'prep = "2:00'), "not valid TOML"),
    ],
)
def test_a_bad_toml_format_names_the_key(
    tmp_path: Path, change: tuple[str, str], error: str
) -> None:
    path = tmp_path / "bad.toml"
    assert change[0] in TOML
    path.write_text(TOML.replace(change[0], change[1], 1))
    with pytest.raises(InvalidInput) as e:
        catalogue.load(str(path))
    assert str(e.value).startswith(f"{path}: ") and error in str(e.value), str(e.value)


def test_a_debatekeeper_file_gives_lengths_bells_pois_and_sides_from_names() -> None:
    fmt = catalogue.load(str(FIXTURES / "australs.xml"))
    assert fmt.title == "Test Three-a-side" and fmt.sides == ("gov", "opp")
    assert fmt.speakers == 3 and fmt.prep == 1800 and fmt.prep_kind == "before"
    assert [(s.short, s.side, s.speaker, s.length, s.poi) for s in fmt.speeches] == [
        ("FA", "gov", 1, 480, (60, 420)), ("FN", "opp", 1, 480, (60, 420)),
        ("SA", "gov", 2, 480, (60, 420)), ("SN", "opp", 2, 480, (60, 420)),
        ("TA", "gov", 3, 480, (60, 420)), ("TN", "opp", 3, 480, (60, 420)),
        ("NR", "opp", 1, 240, None), ("AR", "gov", 1, 240, None),
    ]  # fmt: skip
    assert [tuple(b) for b in fmt.speeches[0].bells] == [(60, 1), (420, 1), (480, 2)]
    assert fmt.decision == "majority" and fmt.for_sides == ("gov",)


def test_speech_sides_name_what_the_names_do_not_tell() -> None:
    sides = ["aff", "neg", "aff", "neg", "aff", "neg", "neg", "aff"]
    fmt = catalogue.load(str(FIXTURES / "australs.xml"), sides)
    assert fmt.sides == ("aff", "neg") and fmt.speeches[6].side == "neg"
    with pytest.raises(InvalidInput, match="has 8 speeches, and --speech-sides names 2"):
        catalogue.load(str(FIXTURES / "australs.xml"), ["aff", "neg"])


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (('length="8:00"', 'length="8:99"'), "line 17: not a DebateKeeper 2.2 format file"),
        (("<version>1</version>", ""), "not a DebateKeeper 2.2 format file"),
        (("</speeches>", ""), "not well-formed XML"),
        (
            ('type="reply"><name>Negative', 'type="rebuttal"><name>Negative'),
            "line 36: no speech type named 'rebuttal'",
        ),
        (
            ("<name>First Affirmative</name>", "<name>Opening speaker</name>"),
            "line 30: cannot tell the side of speech 1",
        ),
    ],
)  # fmt: skip
def test_a_bad_debatekeeper_file_names_the_line(
    tmp_path: Path, change: tuple[str, str], error: str
) -> None:
    text = (FIXTURES / "australs.xml").read_text()
    assert change[0] in text
    path = tmp_path / "bad.xml"
    path.write_text(text.replace(change[0], change[1], 1))
    with pytest.raises(InvalidInput) as e:
        catalogue.load(str(path))
    assert str(e.value).startswith(f"{path}: ") and error in str(e.value), str(e.value)


def test_an_xml_file_cannot_reach_outside(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    text = (
        (FIXTURES / "australs.xml")
        .read_text()
        .replace(
            "<?xml version='1.0' encoding='UTF-8'?>",
            f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>',
        )
        .replace("<name>Test Three-a-side</name>", "<name>&x;</name>")
    )
    path = tmp_path / "evil.xml"
    path.write_text(text)
    try:
        fmt = catalogue.load(str(path))
    except InvalidInput:
        return
    assert "SECRET" not in fmt.title


def test_an_unknown_format_says_what_there_is() -> None:
    with pytest.raises(NotFound, match=r"no format named 'worlds' \(built in: oxford, bp, ld"):
        catalogue.load("worlds")


@pytest.mark.skipif(not SHARED_BP.exists(), reason="../shared/formats is absent")
def test_debatekeepers_own_bp_file() -> None:
    fmt = catalogue.load(str(SHARED_BP), ["OG", "OO", "OG", "OO", "CG", "CO", "CG", "CO"])
    built_in = BUILT_IN["bp"]
    assert fmt.sides == built_in.sides and fmt.prep == built_in.prep
    assert [(s.side, s.speaker, s.length, s.poi) for s in fmt.speeches] == [
        (s.side, s.speaker, s.length, s.poi) for s in built_in.speeches
    ]
    assert fmt.decision == "ranking" and fmt.for_sides == ("OG", "CG")


def test_format_show_json_and_errors(run: Runner) -> None:
    doc = run.json("format", "show", "bp")
    assert doc["name"] == "bp" and doc["sides"] == ["OG", "OO", "CG", "CO"] and doc["prep"] == 900
    assert doc["speeches"][0] == {
        "name": "Prime Minister", "short": "PM", "side": "OG", "speaker": 1, "role": "OG 1",
        "length": 420, "poi": [60, 360], "answers": None,
        "bells": [{"at": 60, "rings": 1}, {"at": 360, "rings": 1}, {"at": 420, "rings": 2}],
    }  # fmt: skip
    names = [f["name"] for f in run.json("format", "list")]
    assert names == ["oxford", "bp", "ld", "karl-popper"]
    result = run("format", "show", "nope", code=1)
    assert result.stderr.startswith("Error: no format named 'nope'") and result.stdout == ""
