"""The labels, styles and short forms every human view uses. No rich: the tree
view, which does without it, uses these too."""

from __future__ import annotations

from typing import Any

from debate.core.text import readable
from debate.models import Node

STANCE_STYLE = {"pro": "green", "con": "red", None: "bold"}


SEMANTICS_LABEL = {"dfquad": "DF-QuAD", "qe": "QE", "euler": "Euler", "mlp": "MLP"}


LEGEND = "τ base score (acceptance votes) · σ strength · w weight on the parent"


ASCII_LEGEND = "base: base score (acceptance votes), strength, w: weight on the parent"


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
