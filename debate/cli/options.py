"""The options and value types every command group shares.

Values are checked here, at the edge: numbers in range (with exit code 2,
as click does for a value of the wrong type), so that no command meets an
id beyond the store's 64-bit integers or a negative seed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from debate.cli import context

# A fixed help width keeps `--help` (and the command reference made from it) the same everywhere.
CONTEXT_SETTINGS = context.CONTEXT_SETTINGS
MAX_ID = 2**63 - 1  # the store's integers are 64-bit


class Number(click.ParamType):
    """A whole number within bounds, with a message that says what is expected."""

    name = "integer"

    def __init__(self, low: int, high: int, what: str = "a number"):
        self.low, self.high, self.what = low, high, what

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            number = value
        else:
            # ASCII digits only: int() would take "١" (Arabic-Indic one) and "1_000".
            text = str(value).strip()
            digits = text[1:] if text[:1] in "+-" else text
            if not digits or not all("0" <= c <= "9" for c in digits):
                self.fail(f"{str(value)[:40]!r} is not {self.what}", param, ctx)
            if len(digits.lstrip("0")) > 25:  # bounded before it is converted
                self.fail(
                    f"{text[:20]}… is out of range: {self.what} from {self.low} to {self._high()}",
                    param,
                    ctx,
                )
            number = int(text)
        if not self.low <= number <= self.high:
            shown = str(number) if len(str(number)) <= 25 else str(number)[:20] + "…"
            self.fail(
                f"{shown} is out of range: {self.what} from {self.low} to {self._high()}",
                param,
                ctx,
            )
        return number

    def _high(self) -> str:
        return f"{self.high:,}" if self.high < MAX_ID else "2^63 − 1"


NODE_ID = Number(1, MAX_ID, "a claim or quote number")
SESSION_ID = Number(1, MAX_ID, "a session number")
COUNT = Number(0, 1_000_000_000, "a count")
YEAR = Number(-9999, 9999, "a year")
SEED = Number(0, 2**32 - 1, "a seed")


db_option = click.option(
    "--db",
    "db_path",
    envvar="DEBATE_DB",
    metavar="PATH|URL",
    help="Store: a file, or a postgresql:// URL. Default: $DEBATE_DB, else debate.db in "
    "the user's app directory.",
)
as_option = click.option(
    "--as",
    "actor",
    envvar="DEBATE_USER",
    metavar="NAME",
    help="Who acts. Default: $DEBATE_USER, else the login name.",
)
wait_option = click.option(
    "--wait",
    "wait",
    envvar="DEBATE_WAIT",
    type=click.FloatRange(0, 24 * 3600),
    default=30.0,  # store.engine.WAIT_S, written out: the store is not imported for --help
    metavar="SECONDS",
    help="How long a write waits for its turn behind other commands before it gives "
    "up, changing nothing. Default: $DEBATE_WAIT, else 30.",
)


def _stdout_is_dash(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    return None if value is not None and str(value) == "-" else value


output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    callback=_stdout_is_dash,
    metavar="FILE",
    help="Write to FILE instead of stdout: a file is replaced whole, or not at all; "
    "a pipe, FIFO or terminal (/dev/stdout) is written into. `-` is stdout.",
)
force_option = click.option("--force", is_flag=True, help="Replace FILE if it exists.")
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
SEMANTICS_CHOICE = click.Choice(["dfquad", "qe", "euler", "mlp"])
SORT_CHOICE = click.Choice(["contribution", "strength", "time"])

semantics_option = click.option(
    "--semantics",
    type=SEMANTICS_CHOICE,
    default="dfquad",
    show_default=True,
    help="Gradual semantics for σ: DF-QuAD, quadratic energy, Euler-based or MLP-based.",
)
perspective_option = click.option(
    "--perspective",
    metavar="NAME|team:NAME|all",
    default="all",
    show_default=True,
    help="Count only the votes of one participant or one team.",
)
min_votes_option = click.option(
    "--min-votes",
    type=COUNT,
    default=0,
    metavar="K",
    help="Leave out arguments with fewer than K votes (acceptance and impact together).",
)
no_input_option = click.option(
    "--no-input", is_flag=True, help="Never prompt; a missing value is a usage error."
)
