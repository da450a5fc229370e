"""Human output of seminar sessions: formats, sessions, results. Only rich here
(with the rest of `debate.output.human`); user text always in `Text`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from debate.core.seminar.catalogue import DECISION_TEXT, DebateFormat, clock
from debate.core.seminar.decisions import points_text
from debate.output.human.common import indented, kv, stdout, user
from debate.output.messages import message

if TYPE_CHECKING:
    from debate.app.room import Room
    from debate.app.sessions import Result, SessionView
    from debate.core.seminar.screen import Screen


def _prep(fmt: DebateFormat) -> str:
    if fmt.prep_kind == "none" or not fmt.prep:
        return "none"
    if fmt.prep_kind == "before":
        return f"{clock(fmt.prep)} before"
    return f"{clock(fmt.prep)} per side"


def formats_list(formats: list[DebateFormat]) -> None:
    table = Table("format", "title", "sides", "speeches", "prep", "decision", box=None)
    for f in formats:
        table.add_row(
            user(f.name),
            user(f.title),
            user(", ".join(f.sides)),
            str(len(f.speeches)),
            _prep(f),
            f.decision,
        )
    indented(stdout(), table, 0)


def _window(poi: tuple[int, int] | None) -> str:
    return f"{clock(poi[0])}–{clock(poi[1])}" if poi else "none"


def format_table(fmt: DebateFormat) -> None:
    out = stdout()
    points = f"{fmt.points[0]}–{fmt.points[1]}" if fmt.points else "none"
    head = kv(
        [
            ("format", user(f"{fmt.name}: {fmt.title}")),
            ("from", user(fmt.origin)),
            ("sides", user(", ".join(fmt.sides) + f" ({fmt.speakers} speaker(s) each)")),
            ("for the motion", user(", ".join(fmt.for_sides))),
            ("prep", Text(_prep(fmt))),
            ("decision", Text(f"{fmt.decision}: {DECISION_TEXT[fmt.decision]}")),
            ("speaker points", Text(points)),
        ]
    )
    indented(out, head, 0)
    out.print()
    table = Table("#", "speech", "side", "speaker", "length", "POIs", "bells", box=None)
    for i, s in enumerate(fmt.speeches, 1):
        asked = f" asks {s.answers[0]} {s.answers[1]}" if s.answers else ""
        bells = ", ".join(clock(b.at) + (f"×{b.rings}" if b.rings > 1 else "") for b in s.bells)
        table.add_row(
            str(i),
            user(f"{s.name} ({s.short})"),
            user(s.side),
            user(f"{s.role}{asked}"),
            clock(s.length),
            _window(s.poi),
            bells,
        )
    indented(out, table, 0)


def session_list(views: list[SessionView]) -> None:
    if not views:
        message("No sessions yet: start one with `debate session new THESIS --format oxford …`.")
        return
    table = Table("session", "format", "state", "now", "motion", box=None)
    for v in views:
        line = v.timeline
        now = (
            f"{line.current + 1}. {v.format.speeches[line.current].short}"
            if line.current is not None
            else ""
        )
        table.add_row(str(v.id), user(v.format.name), line.state, user(now), user(v.record.motion))
    indented(stdout(), table, 0)


def room_links(base: str, opened: Room) -> None:
    """The join address, and the private links of the room: for the chair's eyes,
    and each judge's own."""
    table = Table("role", "who", "link", box=None)
    table.add_row("join", "", user(f"{base}/?code={opened.code}"))
    for k in opened.links:
        table.add_row(k.role, user(k.participant), user(f"{base}/{k.role}/{k.token}"))
    indented(stdout(), table, 0)


def _who(v: SessionView, index: int) -> str:
    speaker = v.speaker(index) or "?"
    asked = v.respondent(index)
    return f"{speaker} asks {asked}" if asked else speaker


def session_view(v: SessionView) -> None:
    out = stdout()
    fmt, line = v.format, v.timeline
    rows: list[tuple[str, Text]] = [
        ("session", Text(f"{v.id} on #{v.record.thesis}, {fmt.name} ({fmt.title})")),
        ("motion", user(v.record.motion)),
        ("state", Text(line.state)),
    ]
    if line.current is not None:
        rule = fmt.speeches[line.current]
        used = line.speeches[line.current].used
        rows.append(
            (
                "now",
                user(
                    f"{line.current + 1}. {rule.name} ({rule.short}, {rule.side}): "
                    f"{_who(v, line.current)}, {clock(used)} of {clock(rule.length)}"
                ),
            )
        )
    if line.prep_running is not None:
        whose = line.prep_running or "everyone"
        left = line.prep_left(fmt, line.prep_running)
        rows.append(("prep", user(f"{whose}'s prep running, {clock(left)} left")))
    nxt = line.upcoming if line.current is None else line.current + 1
    if line.state != "ended" and nxt is not None and nxt < len(fmt.speeches):
        rule = fmt.speeches[nxt]
        rows.append(("next", user(f"{nxt + 1}. {rule.name} ({rule.short}): {_who(v, nxt)}")))
    chair = v.with_role("chair")
    if chair:
        rows.append(("chair", user(chair[0])))
    if v.with_role("judge"):
        rows.append(("judges", user(", ".join(v.with_role("judge")))))
    if fmt.prep_kind == "bank":
        banks = ", ".join(f"{s} {clock(line.prep_left(fmt, s))}" for s in fmt.sides)
        rows.append(("prep left", user(banks)))
    indented(out, kv(rows), 0)
    out.print()
    table = Table("#", "speech", "side", "speaker", "allowed", "used", "over", "POIs", box=None)
    for i, rule in enumerate(fmt.speeches):
        c = line.speeches[i]
        over = line.overtime(fmt, i)
        started = c.started_at is not None
        pois = ", ".join(
            f"{p.by} {'taken' if p.accepted else 'declined' if p.accepted is False else 'offered'}"
            f" {clock(p.at)}"
            for p in c.pois
        )
        marker = "▶ " if i == line.current else ""
        table.add_row(
            f"{marker}{i + 1}",
            user(f"{rule.name} ({rule.short})"),
            user(rule.side),
            user(_who(v, i)),
            clock(rule.length),
            clock(c.used) if started else "",
            Text(f"+{clock(over)}", style="red") if over else Text(""),
            user(pois),
        )
    indented(out, table, 0)


def _percent(x: float) -> str:
    return f"{x:.0f}%" if abs(x - round(x)) < 0.05 else f"{x:.1f}%"


def session_result(r: Result) -> None:
    out = stdout()
    fmt, s = r.view.format, r.swing
    for_label = " / ".join(fmt.for_sides)
    table = Table("", "before", "after", "swing", box=None)
    for answer in ("for", "against", "undecided"):
        label = f"for ({for_label})" if answer == "for" and for_label != "for" else answer
        table.add_row(
            label,
            f"{s.pre[answer]} ({_percent(s.pre_share[answer])})",
            f"{s.post[answer]} ({_percent(s.post_share[answer])})",
            points_text(s.swing[answer]),
        )
    out.print(Text("Polls", style="bold"))
    indented(out, table, 2)
    if r.moved:
        moves = ", ".join(f"{a} → {b}: {n}" for (a, b), n in r.moved.items())
        out.print(Text("  By name: ") + user(moves))
    if r.ballots:
        out.print(Text("Ballots", style="bold"))
        for b in r.ballots:
            decided = b.winner or " > ".join(b.ranking)
            line = Text("  ") + user(f"{b.judge}: {decided}")
            if b.points:
                line.append_text(user(" (" + ", ".join(f"{n} {p}" for n, p in b.points) + ")"))
            if b.reason:
                line.append_text(user(f" — {b.reason}"))
            out.print(line)
    out.print(Text("Decision", style="bold"))
    out.print(Text("  ") + user(r.decision_text()))


# -- the live screen --------------------------------------------------------------------

# Digits five rows high, for a countdown that a room can read from the back.
_BIG = {
    "0": ["███", "█ █", "█ █", "█ █", "███"],
    "1": [" ██", "  █", "  █", "  █", "  █"],
    "2": ["███", "  █", "███", "█  ", "███"],
    "3": ["███", "  █", "███", "  █", "███"],
    "4": ["█ █", "█ █", "███", "  █", "  █"],
    "5": ["███", "█  ", "███", "  █", "███"],
    "6": ["███", "█  ", "███", "█ █", "███"],
    "7": ["███", "  █", "  █", "  █", "  █"],
    "8": ["███", "█ █", "███", "█ █", "███"],
    "9": ["███", "█ █", "███", "  █", "███"],
    ":": ["   ", " █ ", "   ", " █ ", "   "],
    "+": ["   ", " █ ", "███", " █ ", "   "],
    "-": ["   ", "   ", "███", "   ", "   "],
}


def big(text: str) -> str:
    """Text of digits, colons and signs in block letters, five rows high."""
    return "\n".join("  ".join(_BIG[c][row] for c in text if c in _BIG) for row in range(5))


def live_screen(s: Screen, width: int = 80) -> RenderableType:
    from rich.align import Align
    from rich.console import Group
    from rich.panel import Panel

    from debate.core.seminar.screen import countdown

    parts: list[RenderableType] = [user(s.motion, "bold")]
    if s.speech is None:
        parts.append(Text(s.title, style="bold"))
    else:
        head = Text()
        head.append_text(user(s.title, "bold"))
        head.append("  ")
        head.append_text(user(f"{s.speaker} · {s.role} · {s.side}", "cyan"))
        parts.append(head)
        over = s.remaining < 0
        style = "bold red" if over else ("bold yellow" if s.state == "paused" else "bold")
        parts.append(Align.center(Text(big(countdown(s)), style=style)))
        bar_width = max(10, width - 5)  # the panel's inside, with the last bell's mark
        filled = round(s.progress * bar_width)
        bar = Text("█" * filled + "░" * (bar_width - filled), style="red" if over else "green")
        marks = [" "] * (bar_width + 1)
        for at, rings, _ in s.bells:
            if s.allowed:
                marks[min(bar_width, round(at / s.allowed * bar_width))] = (
                    "♪" if rings == 1 else "♫"
                )
        parts.append(bar)
        parts.append(Text("".join(marks), style="magenta"))
        bells = "  ".join(
            f"{'✓' if rung else '·'} {clock(at)}{'×' + str(rings) if rings > 1 else ''}"
            for at, rings, rung in s.bells
        )
        used = f"{clock(s.used)} of {clock(s.allowed)}"
        if over:
            used += f"  OVERTIME +{clock(s.overtime)}"
        parts.append(Text(f"{used}    bells: {bells}", style="red" if over else ""))
        so_far = f" · {s.pois}" if s.pois else ""
        if s.poi == "open":
            parts.append(Text(f"POIs: OPEN{so_far}", style="bold green"))
        elif s.poi == "protected":
            window = (
                f" (open {clock(s.poi_window[0])}–{clock(s.poi_window[1])})" if s.poi_window else ""
            )
            parts.append(Text(f"POIs: protected time{window}{so_far}", style="yellow"))
        state = {"new": "not started", "paused": "PAUSED", "prep": "prep time running"}
        if s.state in state:
            parts.append(Text(state[s.state], style="bold yellow"))
        parts.append(Text("next: ") + user(s.next_up))
    if s.prep:
        banks = Text("prep: ")
        for side, left, running in s.prep:
            banks.append_text(user(side))
            banks.append(f" {clock(left)}{' ▶' if running else ''}   ", "bold" if running else "")
        parts.append(banks)
    if s.message:
        parts.append(user(s.message, "italic"))
    keys = "space next · p pause/resume · o POI offered · a POI accepted · e end · q quit"
    return Panel(Group(*parts), title=f"session {s.session}", subtitle=keys)


class LiveDisplay:
    """The projector screen: the whole terminal, redrawn on every tick."""

    def __init__(self) -> None:
        from rich.live import Live

        self._console = stdout()
        self._live = Live(console=self._console, auto_refresh=False, screen=True)

    def __enter__(self) -> LiveDisplay:
        self._live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._live.__exit__(None, None, None)

    def show(self, s: Screen) -> None:
        self._live.update(live_screen(s, self._console.width), refresh=True)

    def ring(self, times: int) -> None:
        for _ in range(times):
            self._console.bell()
