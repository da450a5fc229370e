"""The live screen, driven by a fake clock and a fake key source; and drawn."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pytest
from rich.console import Console

from debate.app import sessions
from debate.cli.live import LiveLoop
from debate.core.seminar.screen import Screen, screen
from debate.errors import Conflict
from debate.output.human.sessions import big, live_screen
from debate.store import Store
from tests.conftest import Runner

START = datetime.fromisoformat("2026-12-02T19:00:00+01:00").timestamp()


class FakeClock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


class ScriptedKeys:
    """Keys pressed at given seconds after START; waiting moves the fake clock on."""

    def __init__(self, clock: FakeClock, presses: Sequence[tuple[float, str]]):
        self.clock, self.presses = clock, list(presses)

    def __call__(self, timeout: float) -> str | None:
        if self.presses and self.presses[0][0] <= self.clock.now - START:
            return self.presses.pop(0)[1]
        self.clock.now += timeout
        return None


def _session(run: Runner, fmt: str = "bp") -> int:
    run("claim", "add", "Schools should ban phones")
    teams = ["--team", "OG:a,b", "--team", "OO:c,d", "--team", "CG:e,f", "--team", "CO:g,h"]
    sides = ["--side", "for:a,b", "--side", "against:c,d"]
    return int(
        run.json("session", "new", "1", "--format", fmt, *(teams if fmt == "bp" else sides))["id"]
    )


def _loop(
    store: Store,
    clock: FakeClock,
    presses: Sequence[tuple[float, str]],
    *,
    take_over: bool = False,
    token: str | None = None,
) -> tuple[LiveLoop, list[Screen], list[int]]:
    shown: list[Screen] = []
    rung: list[int] = []
    loop = LiveLoop(
        store, "chair", 1, clock=clock, keys=ScriptedKeys(clock, presses),
        show=shown.append, ring=rung.append, take_over=take_over, token=token,
    )  # fmt: skip
    return loop, shown, rung


def test_keys_step_the_session_and_the_bells_ring(run: Runner, environment: Path) -> None:
    _session(run)
    clock = FakeClock()
    presses = [(0, " "), (90, "o"), (120, "a"), (200, "p"), (230, "p"), (455, " "), (460, "q")]
    with Store.open(run.address) as store:
        loop, shown, rung = _loop(store, clock, presses)
        assert loop.run() == "quit; `session run` again resumes where it stands"
        assert sessions.screen_holder(store, 1) is None  # let go on quitting
    doc = run.json("session", "show", "1")
    first = doc["speeches"][0]
    # 455 s on the clock, 30 of them paused: 425 used, 5 s over.
    assert first["used"] == 425.0 and first["overtime"] == 5.0
    assert [(p["accepted"], p["at"]) for p in first["pois"]] == [(None, 90.0), (True, 120.0)]
    assert doc["current"] == 1
    # The PM's bells: 1:00 (one), 6:00 (one), 7:00 (two).
    assert rung == [1, 1, 2]
    assert any(s.poi == "open" for s in shown) and any(s.poi == "protected" for s in shown)
    assert any(s.state == "paused" for s in shown)
    assert any(s.remaining < 0 and s.overtime > 0 for s in shown)


def test_quitting_and_running_again_resumes(run: Runner, environment: Path) -> None:
    _session(run)
    clock = FakeClock()
    with Store.open(run.address) as store:
        loop, _, _ = _loop(store, clock, [(0, " "), (10, "q")])
        loop.run()
        clock.now = START + 100
        loop, shown, _ = _loop(store, clock, [(100, "q")])
        loop.run()
    assert shown[0].speech == 0 and shown[0].used == 100.0


def test_what_another_terminal_does_shows_on_the_next_tick(run: Runner, environment: Path) -> None:
    _session(run)
    clock = FakeClock()
    run("session", "start", "1", "--at", "2026-12-02T19:00:00+01:00")

    class Keys(ScriptedKeys):
        def __call__(self, timeout: float) -> str | None:
            if self.clock.now - START == 60:
                run("session", "next", "1", "--at", "+01:00")
            return super().__call__(timeout)

    with Store.open(run.address) as store:
        shown: list[Screen] = []
        loop = LiveLoop(store, "chair", 1, clock=clock, keys=Keys(clock, [(61, "q")]),
                        show=shown.append, ring=lambda n: None)  # fmt: skip
        loop.run()
    before = [s for s in shown if s.speech == 0]
    after = [s for s in shown if s.speech == 1]
    assert before and after and after[0].used <= 1.0


def test_a_second_screen_is_refused_unless_it_takes_over(run: Runner, environment: Path) -> None:
    _session(run)
    clock = FakeClock()
    with Store.open(run.address) as store:
        sessions.hold_screen(store, 1, "first", clock())
        second, _, _ = _loop(store, clock, [(0, "q")])
        with pytest.raises(Conflict, match="another live screen drives session 1"):
            second.run()
        taking, _, _ = _loop(store, clock, [(0, "q")], take_over=True, token="second")
        taking.run()
        # The first screen, renewing its hold, finds it gone and stops.
        clock.now += 2
        first, _, _ = _loop(store, clock, [(100, "q")], token="first")
        first._last_lease = clock.now - 5  # it has held the screen before
        assert sessions.screen_holder(store, 1) is None  # `second` let go when it quit
        sessions.hold_screen(store, 1, "third", clock(), take_over=True)
        assert first.run() == "another live screen took this session over"
    result = run("session", "run", "1", code=2)
    assert result.stderr.startswith("Error: session run needs a terminal")


def test_the_screen_draws_the_countdown_bells_and_windows(run: Runner, environment: Path) -> None:
    _session(run)
    run("session", "start", "1", "--at", "2026-12-02T19:00:00+01:00")
    with Store.open(run.address) as store:
        open_window = screen(sessions.view(store, 1, "+01:30"))
        overtime = screen(sessions.view(store, 1, "+07:20"))
    console = Console(width=80, record=True, color_system=None)
    console.print(live_screen(open_window, 80))
    text = console.export_text()
    lines = text.splitlines()
    for row in big("5:30").splitlines():  # 5:30 left, five rows high, centred
        assert any(line.strip("│ ") == row.strip() for line in lines), row
    assert "POIs: OPEN" in text and "1. Prime Minister (PM)" in text and "a · OG 1 · OG" in text
    assert "next: 2. Leader of the Opposition (LO): c" in text
    console = Console(width=80, record=True, color_system=None)
    console.print(live_screen(overtime, 80))
    text = console.export_text()
    assert "OVERTIME +0:20" in text and "POIs: protected time (open 1:00–6:00)" in text


def test_big_digits() -> None:
    assert big("1:0").splitlines()[0] == " ██       ███"
