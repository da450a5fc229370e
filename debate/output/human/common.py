"""What every rich view shares: the consoles, user text made safe to show, scores
and labels."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from debate.core.text import visible, visible_lines
from debate.output import terminal


def stdout() -> Console:
    return Console(highlight=False, soft_wrap=False, width=terminal.width_for_rich(sys.stdout))


def stderr() -> Console:
    return Console(stderr=True, highlight=False, width=terminal.width_for_rich(sys.stderr))


def user(text: str, style: str = "") -> Text:
    """User text on one line, every control character made visible."""
    return Text(visible(" ".join(text.split())), style=style)


def shown(text: str, style: str = "") -> Text:
    """Text of ours that holds user text: controls made visible, spacing kept."""
    return Text(visible(text), style=style)


def user_block(text: str, style: str = "") -> Text:
    """User text that may span lines (a source's text), controls made visible."""
    return Text(visible_lines(text), style=style)


def kv(rows: Iterable[tuple[str, RenderableType]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, value in rows:
        table.add_row(key, value)
    return table


def indented(out: Console, renderable: Text | Table, by: int = 2) -> None:
    """Print indented (tables too, with `by` 0), still indented where it wraps, and
    without the trailing spaces rich pads lines with."""
    pad = " " * by
    if isinstance(renderable, Table):
        options = out.options.update(width=out.width - by)
        for segments in out.render_lines(renderable, options, pad=False):
            line = Text(pad)
            for segment in segments:
                line.append(segment.text, segment.style or "")
            line.rstrip()
            out.print(line, soft_wrap=True)
        return
    for line in renderable.wrap(out, out.width - by):
        line.rstrip()
        out.print(Text(pad) + line, soft_wrap=True)


def perspective_line(out: Console, description: str, everyone: bool) -> None:
    if not everyone:
        out.print(Text(visible(f"Perspective: {description}."), style="dim"))
