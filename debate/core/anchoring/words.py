"""The words of a quote against the source's: the checks that catch a changed
meaning (negations, numbers) and the word diff shown to people. Pure."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

_TOKEN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "nor",
        "none",
        "nothing",
        "nobody",
        "neither",
        "nowhere",
        "without",
        "cannot",
    ]
)


def words(text: str) -> list[str]:
    return [w.replace("\u2019", "'") for w in _TOKEN.findall(text.lower())]


def _numbers(text: str) -> list[str]:
    return [w for w in words(unicodedata.normalize("NFKC", text)) if any(c.isdigit() for c in w)]


def _is_negation(word: str) -> bool:
    return word in NEGATIONS or word.endswith("n't")


@dataclass(frozen=True)
class WordChange:
    """One step of a word-level diff, yours against the source's."""

    kind: Literal["equal", "replace", "delete", "insert"]
    yours: tuple[str, ...]
    source: tuple[str, ...]


def word_diff(yours: str, source: str) -> list[WordChange]:
    """Compared without case; shown as written."""
    a, b = _TOKEN.findall(yours), _TOKEN.findall(source)
    matcher = difflib.SequenceMatcher(
        None, [w.lower() for w in a], [w.lower() for w in b], autojunk=False
    )
    return [
        WordChange(op, tuple(a[i1:i2]), tuple(b[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def word_problems(yours: str, source: str) -> list[str]:
    """Why a close match still may not say what the quote says."""
    problems = []
    changes = word_diff(yours, source)
    if any(
        c.kind in ("insert", "delete") or len(c.yours) != len(c.source)
        for c in changes
        if c.kind != "equal"
    ):
        problems.append("a word is added or removed")
    a, b = words(yours), words(source)
    numbers_a = [w for w in a if any(ch.isdigit() for ch in w)]
    numbers_b = [w for w in b if any(ch.isdigit() for ch in w)]
    if numbers_a != numbers_b:
        problems.append(
            f"numbers differ: {' '.join(numbers_a) or 'none'} against the source's "
            f"{' '.join(numbers_b) or 'none'}"
        )
    if sorted(w for w in a if _is_negation(w)) != sorted(w for w in b if _is_negation(w)):
        problems.append("a negation differs")
    return problems


def diff_text(changes: list[WordChange]) -> str:
    """A word diff in wdiff's notation: [-yours-]{+the source's+}."""
    parts = []
    for c in changes:
        if c.kind == "equal":
            parts.append(" ".join(c.yours))
            continue
        if c.yours:
            parts.append("[-" + " ".join(c.yours) + "-]")
        if c.source:
            parts.append("{+" + " ".join(c.source) + "+}")
    return " ".join(parts)
