"""The live screen of `session run`: a loop of ticks that redraws the session as the
store has it, rings the bells it passes, and turns keys into steps.

The clock, the keys, the display and the bell are given to the loop, so that
tests drive it with a fake clock and a fake key source; the command gives it the
machine's clock, the terminal's keys in raw mode and a rich Live display.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from debate.app import sessions
from debate.core.seminar.screen import Screen, bells_between, screen
from debate.errors import Conflict, DebateError
from debate.models import StepKind

if TYPE_CHECKING:
    from debate.store import Store

TICK = 0.25  # seconds: what other terminals change shows within a second
LEASE_EVERY = 1.0
NEVER = float("-inf")


class LiveLoop:
    def __init__(
        self,
        store: Store,
        actor: str,
        session_id: int,
        *,
        clock: Callable[[], float],
        keys: Callable[[float], str | None],
        show: Callable[[Screen], None],
        ring: Callable[[int], None],
        take_over: bool = False,
        token: str | None = None,
    ):
        self.store, self.actor, self.session_id = store, actor, session_id
        self.clock, self.keys, self.show, self.ring = clock, keys, show, ring
        self.take_over = take_over
        self.token = token or os.urandom(8).hex()
        self.message = ""
        self._last_lease = NEVER
        self._rung: tuple[int | None, float] = (None, 0.0)  # speech, time used last tick

    def _at(self) -> str:
        return datetime.fromtimestamp(self.clock(), timezone.utc).astimezone().isoformat()

    def _lease(self) -> bool:
        """Hold the screen; False when another screen has taken it over."""
        now = self.clock()
        if now - self._last_lease < LEASE_EVERY:
            return True
        first = self._last_lease == NEVER
        if not first and sessions.screen_holder(self.store, self.session_id) != self.token:
            return False  # another screen took it over
        try:
            sessions.hold_screen(
                self.store, self.session_id, self.token, now, take_over=self.take_over
            )
        except Conflict:
            if first:
                raise  # a second screen: refused, unless it takes over
            return False
        self._last_lease = now
        return True

    def _key(self, key: str, view: sessions.SessionView) -> None:
        line = view.timeline
        if key in ("o", "a"):  # a point of information, from someone on the other side
            sessions.step(
                self.store, self.actor, self.session_id, "poi", self._at(),
                accepted=True if key == "a" else None,
            )  # fmt: skip
            self.message = "POI accepted" if key == "a" else "POI offered"
            return
        step: StepKind
        if key in (" ", "n", "\r"):
            step = "start" if line.state == "new" else "next"
        elif key == "p":
            step = "resume" if line.state == "paused" else "pause"
        elif key == "e":
            step = "end"
        else:
            return
        seen = (line.current, line.upcoming)  # what this screen showed
        result = sessions.step(self.store, self.actor, self.session_id, step, self._at(), seen=seen)
        began = result.began
        self.message = f"{step}: speech {began + 1} began" if began is not None else step

    def run(self) -> str:
        """Tick until the user quits, the session ends, or another screen takes over;
        says which."""
        self._lease()
        try:
            while True:
                if not self._lease():
                    return "another live screen took this session over"
                view = sessions.view(self.store, self.session_id, now=self.clock())
                shown = screen(view, self.message)
                self._bells(view, shown)
                self.show(shown)
                if view.timeline.state == "ended":
                    return "the session has ended"
                key = self.keys(TICK)
                if key is None:
                    continue
                if key == "q":
                    return "quit; `session run` again resumes where it stands"
                try:
                    self._key(key, view)
                except DebateError as e:
                    self.message = str(e)
        finally:
            with suppress(DebateError):
                sessions.release_screen(self.store, self.session_id, self.token)

    def _bells(self, view: sessions.SessionView, shown: Screen) -> None:
        speech, before = self._rung
        if shown.speech is None or view.timeline.current is None:
            self._rung = (None, 0.0)
            return
        if speech == shown.speech:
            times = bells_between(view.format.speeches[shown.speech].bells, before, shown.used)
            if times:
                self.ring(times)
        self._rung = (shown.speech, shown.used)


@contextmanager
def terminal_keys() -> Iterator[Callable[[float], str | None]]:
    """Single keys from the terminal without Enter (raw mode), restored on exit."""
    import select
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd)

    def read(timeout: float) -> str | None:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return None
        return os.read(fd, 1).decode("utf-8", "replace").lower()

    try:
        yield read
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
