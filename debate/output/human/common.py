"""What every rich view shares: the consoles, user text made safe to show, scores
and labels."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from debate.core.text import readable, visible, visible_lines
from debate.models import (
    Node,
)

if TYPE_CHECKING:
    pass


STANCE_STYLE = {"pro": "green", "con": "red", None: "bold"}


SEMANTICS_LABEL = {"dfquad": "DF-QuAD", "qe": "QE", "euler": "Euler", "mlp": "MLP"}


LEGEND = "τ base score (acceptance votes) · σ strength · w weight on the parent"


ASCII_LEGEND = "base: base score (acceptance votes), strength, w: weight on the parent"


def stdout() -> Console:
    return Console(highlight=False, soft_wrap=False)


def stderr() -> Console:
    return Console(stderr=True, highlight=False)


def user(text: str, style: str = "") -> Text:
    """User text on one line, every control character made visible."""
    return Text(visible(" ".join(text.split())), style=style)


def shown(text: str, style: str = "") -> Text:
    """Text of ours that holds user text: controls made visible, spacing kept."""
    return Text(visible(text), style=style)


def user_block(text: str, style: str = "") -> Text:
    """User text that may span lines (a source's text), controls made visible."""
    return Text(visible_lines(text), style=style)


def node_text(node: Node | Any) -> str:
    """What people read of a node: a quote's readable text, a claim's text."""
    return readable(node.text) if node.kind == "quote" else node.text


def signed(x: float, places: int = 3) -> str:
    """+0.012, and 0.000 rather than -0.000."""
    rounded = round(x, places)
    if rounded == 0:
        return f"{0:.{places}f}"
    return f"{rounded:+.{places}f}"


def effect(x: float) -> str:
    """A tiny effect in scientific notation rather than a misleading 0.000."""
    return signed(x) if x == 0 or abs(x) >= 0.0005 else f"{x:+.1e}"


def short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


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
