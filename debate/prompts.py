"""Interactive prompts: the only module that knows questionary.

Prompts are sugar: every value asked here also has a flag, and the CLI only
calls these on a terminal without --no-input.
"""

from __future__ import annotations

import questionary

from debate.errors import DebateError


class PromptCancelled(DebateError):
    def __init__(self) -> None:
        super().__init__("cancelled")


def _answer(question: questionary.Question) -> object:
    answer = question.ask()
    if answer is None:
        raise PromptCancelled()
    return answer


def text(message: str) -> str:
    return str(_answer(questionary.text(message, validate=lambda t: bool(t.strip()) or "Required")))


def choose(message: str, options: list[tuple[str, str]]) -> str:
    """Pick one of (value, label) options; returns the value."""
    choices = [questionary.Choice(title=label, value=value) for value, label in options]
    return str(_answer(questionary.select(message, choices=choices)))


def claim(message: str, claims: list[tuple[int, str]]) -> int:
    return int(choose(message, [(str(i), f"#{i} {t[:70]}") for i, t in claims]))
