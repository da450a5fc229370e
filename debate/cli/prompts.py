"""Interactive prompts: the only module that knows questionary.

Prompts are sugar: every value asked here also has a flag, and the CLI only
calls these on a terminal without --no-input. Ctrl-C and Ctrl-D propagate
(questionary's `unsafe_ask`), so the CLI prints one line for them, not two.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import questionary

from debate.core.text import visible

if TYPE_CHECKING:
    from debate.cli.invocation import Invocation
    from debate.models import Kind

SEARCH_FROM = 1  # pickers filter as you type


def _ask(question: questionary.Question) -> Any:
    return question.unsafe_ask()


def text(message: str) -> str:
    return str(_ask(questionary.text(message, validate=lambda t: bool(t.strip()) or "Required")))


def choose(message: str, options: list[tuple[str, str]]) -> str:
    """Pick one of (value, label) options, typing to filter; returns the value."""
    choices = [questionary.Choice(title=visible(label), value=value) for value, label in options]
    return str(
        _ask(
            questionary.select(
                message,
                choices=choices,
                use_search_filter=len(choices) > SEARCH_FROM,
                use_jk_keys=False,
                instruction="(type to filter, arrows to move, Enter to pick)",
            )
        )
    )


def node(message: str, nodes: Sequence[tuple[int, str, str]]) -> int:
    """Pick a claim or quote from (id, kind, text)."""
    options = [
        (str(i), f"#{i} {'“' if kind == 'quote' else ''}{' '.join(t.split())[:70]}")
        for i, kind, t in nodes
    ]
    return int(choose(message, options))


def number(message: str, low: int, high: int, *, optional: bool = False) -> int | None:
    """A whole number in range, typed: no answer is preselected."""

    def valid(answer: str) -> bool | str:
        answer = answer.strip()
        if optional and not answer:
            return True
        try:
            return low <= int(answer) <= high or f"from {low} to {high}"
        except ValueError:
            return f"a whole number from {low} to {high}" + (", or nothing" if optional else "")

    check: Callable[[str], bool | str] = valid
    answer = str(_ask(questionary.text(message, validate=check))).strip()
    return int(answer) if answer else None


ACCEPT_CHOICES = [
    ("2", "2   strongly agree"),
    ("1", "1   agree"),
    ("0", "0   neither"),
    ("-1", "-1  disagree"),
    ("-2", "-2  strongly disagree"),
    ("skip", "skip this one"),
    ("quit", "quit (the votes so far are kept)"),
]
IMPACT_CHOICES = [
    ("4", "4  decisive"),
    ("3", "3  strong"),
    ("2", "2  moderate"),
    ("1", "1  weak"),
    ("0", "0  irrelevant"),
    ("skip", "no impact vote"),
]


def guided_vote(
    place: str, heading: str, text: str, has_parent: bool
) -> tuple[int | None, int | None] | None:
    """One step of `vote --guided`: (acceptance, impact), None in either for a skip;
    None for quit."""
    shown = visible(" ".join(text.split()))
    accept = choose(f"{place} {visible(heading)}\n  {shown}\n  How far do you accept it?",
                    ACCEPT_CHOICES)  # fmt: skip
    if accept == "quit":
        return None
    if accept == "skip":
        return (None, None)
    impact = None
    if has_parent:
        answer = choose("How much does it bear on what it answers?", IMPACT_CHOICES)
        impact = None if answer == "skip" else int(answer)
    return (int(accept), impact)


def pick_node(call: Invocation, question: str, kinds: tuple[Kind, ...]) -> int:
    """A live claim (or quote) picked from the store's."""
    import click

    from debate.app import claims

    nodes = claims.live_nodes(call.store, kinds)
    if not nodes:
        raise click.ClickException("there are no claims yet: add one with `debate claim add TEXT`")
    return node(question, nodes)
