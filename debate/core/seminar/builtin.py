"""The four formats `debate` knows by name: Oxford (Intelligence Squared style),
British Parliamentary (WUDC), Lincoln–Douglas (NSDA) and Karl Popper."""

from __future__ import annotations

from debate.core.seminar.format import Bell, DebateFormat, SpeechRule, check, default_bells

MINUTE = 60


def _speech(
    name: str,
    short: str,
    side: str,
    speaker: int,
    minutes: int,
    answers: tuple[str, int] | None = None,
) -> SpeechRule:
    length = minutes * MINUTE
    return SpeechRule(name, short, side, speaker, length, None, default_bells(length), answers)


def _oxford() -> DebateFormat:
    openings = [
        _speech(f"Opening {n} for", f"F{n}", "for", n, 7)
        if side == "for"
        # The motion's opponents answer each speaker for it in turn.
        else _speech(f"Opening {n} against", f"A{n}", "against", n, 7)
        for n in (1, 2)
        for side in ("for", "against")
    ]
    closings = [
        _speech(f"Closing {n} {side}", f"{side[0].upper()}{n}c", side, n, 2)
        for n in (1, 2)
        for side in ("for", "against")
    ]
    return DebateFormat(
        "oxford",
        "Oxford style (Intelligence Squared)",
        ("for", "against"),
        2,
        (*openings, *closings),
        "swing",
        for_sides=("for",),
    )


def _bp() -> DebateFormat:
    # (name, short, team, speaker)
    order = [
        ("Prime Minister", "PM", "OG", 1),
        ("Leader of the Opposition", "LO", "OO", 1),
        ("Deputy Prime Minister", "DPM", "OG", 2),
        ("Deputy Leader of the Opposition", "DLO", "OO", 2),
        ("Member of the Government", "MG", "CG", 1),
        ("Member of the Opposition", "MO", "CO", 1),
        ("Government Whip", "GW", "CG", 2),
        ("Opposition Whip", "OW", "CO", 2),
    ]
    length = 7 * MINUTE
    # The first and last minute are protected: one bell opens POIs, one closes them.
    bells = (Bell(MINUTE), Bell(length - MINUTE), Bell(length, 2))
    speeches = tuple(
        SpeechRule(name, short, team, n, length, (MINUTE, length - MINUTE), bells)
        for name, short, team, n in order
    )
    return DebateFormat(
        "bp",
        "British Parliamentary (WUDC)",
        ("OG", "OO", "CG", "CO"),
        2,
        speeches,
        "ranking",
        prep=15 * MINUTE,
        prep_kind="before",
        points=(50, 100),
        for_sides=("OG", "CG"),
    )


def _ld() -> DebateFormat:
    speeches = (
        _speech("Affirmative constructive", "AC", "aff", 1, 6),
        _speech("Cross-examination of the affirmative", "CX", "neg", 1, 3, ("aff", 1)),
        _speech("Negative constructive", "NC", "neg", 1, 7),
        _speech("Cross-examination of the negative", "CX", "aff", 1, 3, ("neg", 1)),
        _speech("First affirmative rebuttal", "1AR", "aff", 1, 4),
        _speech("Negative rebuttal", "NR", "neg", 1, 6),
        _speech("Second affirmative rebuttal", "2AR", "aff", 1, 3),
    )
    return DebateFormat(
        "ld",
        "Lincoln–Douglas (NSDA)",
        ("aff", "neg"),
        1,
        speeches,
        "majority",
        prep=4 * MINUTE,
        prep_kind="bank",
        points=(25, 30),
        for_sides=("aff",),
    )


def _karl_popper() -> DebateFormat:
    speeches = (
        _speech("First affirmative", "A1", "aff", 1, 6),
        _speech("Cross-examination of A1", "CX", "neg", 3, 3, ("aff", 1)),
        _speech("First negative", "N1", "neg", 1, 6),
        _speech("Cross-examination of N1", "CX", "aff", 3, 3, ("neg", 1)),
        _speech("Second affirmative", "A2", "aff", 2, 5),
        _speech("Cross-examination of A2", "CX", "neg", 1, 3, ("aff", 2)),
        _speech("Second negative", "N2", "neg", 2, 5),
        _speech("Cross-examination of N2", "CX", "aff", 1, 3, ("neg", 2)),
        _speech("Third affirmative", "A3", "aff", 3, 5),
        _speech("Third negative", "N3", "neg", 3, 5),
    )
    return DebateFormat(
        "karl-popper",
        "Karl Popper",
        ("aff", "neg"),
        3,
        speeches,
        "majority",
        prep=8 * MINUTE,
        prep_kind="bank",
        points=(20, 30),
        for_sides=("aff",),
    )


BUILT_IN: dict[str, DebateFormat] = {
    f.name: check(f) for f in (_oxford(), _bp(), _ld(), _karl_popper())
}
