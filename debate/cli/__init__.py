"""The `debate` command line: a thin adapter over `debate.app`.

Heavy modules (sqlite-utils, rich, questionary) are imported inside the
commands, so that `debate --help` starts fast.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Sequence
from typing import Any

import click

from debate import __version__
from debate.cli.common import CONTEXT_SETTINGS
from debate.errors import DebateError


class DebateGroup(click.Group):
    """Turns every failure into one line, `Error: …`, and an exit code."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as e:
            _fail(e.format_message(), 2)
        except click.ClickException as e:
            _fail(e.format_message(), e.exit_code)
        except DebateError as e:
            _fail(str(e), 1)
        except sqlite3.Error as e:
            _fail(f"database: {e}", 1)
        except (click.Abort, EOFError, KeyboardInterrupt):
            _fail("aborted", 1)
        except Exception as e:  # a bug: still one line, unless debugging
            if os.environ.get("DEBATE_DEBUG"):
                raise
            _fail(f"internal error: {e!r} (set DEBATE_DEBUG=1 for the traceback)", 1)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)


def _fail(message: str, code: int) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


@click.group(cls=DebateGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="debate")
def cli() -> None:
    """Structured debate and claim review: pro/con trees, verified evidence quotes,
    votes and weighted strengths, in one offline SQLite file.

    Start with `debate demo`, or `debate claim add "A thesis"`.
    """


def main() -> None:
    cli()


from debate.cli import claims, evidence, sources, views, weighing  # noqa: E402  (registers the commands)

for module in (claims, sources, evidence, views, weighing):
    for command in module.COMMANDS:
        cli.add_command(command)
