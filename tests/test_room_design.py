"""The room's pages are legible: every colour of text against the background it is
drawn on passes WCAG 2.1 AA (4.5:1 for text; 3:1 for large text and for focus
outlines), read from the style sheets themselves, and the two stances differ in
more than hue (each is written as a word on every page: tests/test_room.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

STATIC = Path(__file__).resolve().parents[1] / "debate" / "web" / "static"


def luminance(colour: str) -> float:
    """The relative luminance of #rgb or #rrggbb (WCAG 2.1)."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_formula_gives_the_known_ratios() -> None:
    assert contrast("#000", "#fff") == pytest.approx(21.0)
    assert contrast("#777", "#fff") == pytest.approx(4.48, abs=0.01)  # the classic near miss


@given(
    st.from_regex(r"#[0-9a-f]{6}", fullmatch=True), st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)
)
def test_contrast_is_symmetric_and_between_1_and_21(a: str, b: str) -> None:
    assert contrast(a, b) == pytest.approx(contrast(b, a))
    assert 1.0 <= contrast(a, b) <= 21.0 + 1e-9


def _variables(css: str) -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", css))


def _colour_of(css: str, selector: str, prop: str = "color") -> str:
    """The colour a rule gives, with its var() resolved."""
    rule = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
    assert rule, selector
    value = re.search(rf"(?<![-\w]){prop}:\s*([^;]+);", rule.group(1))
    assert value, (selector, prop)
    found = value.group(1).strip()
    named = re.fullmatch(r"var\(--([\w-]+)\)", found)
    return _variables(css)[named.group(1)] if named else found


def test_the_phones_text_passes_aa_on_its_backgrounds() -> None:
    css = (STATIC / "room.css").read_text(encoding="utf-8")
    v = _variables(css)
    paper, said = v["paper"], _colour_of(css, ".said", "background")
    for name in ("ink", "quiet", "pro", "con"):
        assert contrast(v[name], paper) >= 4.5, name
    assert contrast(_colour_of(css, ".error"), paper) >= 4.5
    assert contrast(v["ink"], said) >= 4.5  # the answer line
    assert contrast(v["paper"], v["ink"]) >= 4.5  # a pressed button
    outline = re.search(r"outline: 3px solid (#[0-9a-f]{6})", css)
    assert outline and contrast(outline.group(1), paper) >= 3.0  # focus, not text
    assert contrast(v["pro"], v["con"]) > 1.0  # and each is written as a word too


def test_the_projectors_text_passes_aa_on_black() -> None:
    css = (STATIC / "screen.css").read_text(encoding="utf-8")
    black = _colour_of(css, "body", "background")
    for selector in ("body", ".clock.overtime", ".stance.pro", ".stance.con", ".error"):
        assert contrast(_colour_of(css, selector), black) >= 4.5, selector
    quiet = re.search(r"\.state, \.next[^{]*\{[^}]*color: (#[0-9a-f]{6})", css)
    assert quiet and contrast(quiet.group(1), black) >= 4.5
