"""The `debate` command line: a thin adapter over the use cases.

Each command parses its options, calls one use case, renders the result and
leaves errors to `DebateGroup`, which turns every failure into one line,
`Error: …`, and an exit code (`debate.errors.ExitCode`). Heavy modules (the
store, rich, questionary) are imported inside the commands, so that
`debate --help` starts fast.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from debate import __version__
from debate.cli.context import CONTEXT_SETTINGS
from debate.errors import Cancelled, DebateError, ExitCode
from debate.output import terminal


def _check_arguments(args: Sequence[str]) -> None:
    """Arguments must be text: valid UTF-8 (no lone surrogates) and no NUL."""
    for i, arg in enumerate(args, 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raise click.UsageError(f"argument {i} is not valid UTF-8 text") from None
        if "\x00" in arg:
            raise click.UsageError(f"argument {i} holds a NUL character")
    for name in ("DEBATE_DB", "DEBATE_USER"):
        value = os.environ.get(name)
        if value is not None:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise click.UsageError(f"${name} is not valid UTF-8 text") from None


# Each command, the module that defines it, and the summary `debate --help` lists
# (tests/test_cli.py checks both against the commands): a command imports only its
# own module, and the help imports none.
COMMANDS: dict[str, tuple[str, str]] = {
    "claim": (
        "claims",
        "Add, edit, archive and unarchive claims.",
    ),
    "support": (
        "claims",
        "Add TEXT as a pro of claim N (same as claim add --pro N).",
    ),
    "rebut": (
        "claims",
        "Add TEXT as a con of claim N (same as claim add --con N).",
    ),
    "link": (
        "claims",
        "Put existing claim N under claim M as well (a cycle is refused).",
    ),
    "unlink": (
        "claims",
        "Take claim or quote N from under claim M (a claim with no parent left is a thesis).",
    ),
    "move": (
        "claims",
        "Move claim or quote N under claim M, or turn it from a pro into a con (M its parent).",
    ),
    "vote": (
        "votes",
        "Vote on claim or quote N.",
    ),
    "votes": (
        "votes",
        "List the current votes on claim or quote N.",
    ),
    "show": (
        "claims",
        "Show claim or quote N: text, kind, stance, parents, children, evidence, votes, history.",
    ),
    "list": (
        "claims",
        "List the theses with their numbers of claims, quotes, votes and participants.",
    ),
    "participant": (
        "people",
        "The people who add and vote: list them, rename one, merge a typo into the right one.",
    ),
    "team": (
        "people",
        "Named groups of participants, for `--perspective team:NAME`.",
    ),
    "source": (
        "sources",
        "Register source texts that quotes are checked against.",
    ),
    "quote": (
        "quotes",
        "Attach verified quotes to claims, and edit them.",
    ),
    "check": (
        "quotes",
        "Re-verify every quote against its source's text; report those that no longer match.",
    ),
    "search": (
        "sources",
        "Full-text search, with stemming, over source texts and quotes.",
    ),
    "evidence": (
        "quotes",
        "The evidence log: every quote, oldest first, with who added it, where it stands "
        "in its source and what it supports or opposes.",
    ),
    "import": (
        "files",
        "Import a debate from FILE (debate's JSON, Kialo, Argdown or AIF): all of it, or nothing.",
    ),
    "tree": (
        "weighing",
        "Print the weighted pro/con tree under N (default: every thesis).",
    ),
    "export": (
        "weighing",
        "Export the tree under claim N (a thesis, usually) as a document: Markdown, JSON, "
        "Kialo, Argdown, AIF, Graphviz or HTML.",
    ),
    "explain": (
        "weighing",
        "Explain N's strength: τ and its votes, σ, what each child contributes (how much "
        "σ would change without it), and how N moves its thesis.",
    ),
    "compare": (
        "weighing",
        "Show where two perspectives on the tree under N differ most: σ side by side, "
        "largest gap first.",
    ),
    "verdict": (
        "weighing",
        "Accepted, rejected or undecided under a proof standard, from the thesis's σ and "
        "its strongest con (the docs' Questioning page has the table of thresholds).",
    ),
    "groups": (
        "weighing",
        "Opinion groups among the participants, from their acceptance votes under THESIS "
        "(PCA and k-means, as Polis does), with consensus and divisive claims.",
    ),
    "format": (
        "sessions",
        "Debate formats: the built-in ones, and files (TOML, or DebateKeeper XML).",
    ),
    "session": (
        "sessions",
        "Seminar sessions: a timed debate on a thesis, by a format's rules.",
    ),
    "poll": (
        "sessions",
        "The audience poll before (pre) or after (post) the debate: one answer as --as (a "
        "new one replaces the old), or the room's counts.",
    ),
    "ballot": (
        "sessions",
        "One judge's ballot (the judge is --as); voting again replaces it.",
    ),
    "transcript": (
        "sessions",
        "The session's transcript in Markdown, to hand out: who spoke when and for how long, "
        "the POIs, what each speech added to the tree, polls, ballots, the decision, the "
        "thesis's strength speech by speech and the tree at the end.",
    ),
    "serve": (
        "serve",
        "Serve session S to the room: phones join at the address printed (its QR code "
        "too), the projector shows /screen, the judges and the chair use their private "
        "links.",
    ),
    "demo": (
        "demo",
        'Load the seed debate "The Sino-Russian partnership is thick" and print its tree.',
    ),
    "db": (
        "db",
        "The store: where it is, what it holds, repairing and copying it.",
    ),
}
COMMAND_MODULES = {name: module for name, (module, _) in COMMANDS.items()}


class DebateGroup(click.Group):
    """Turns every failure into one line, `Error: …`, and an exit code; loads each
    command's module only when that command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of `debate --help`, from the summaries above: showing the
        help loads no command's module."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [
            (name, click.Command(name, help=summary).get_short_help_str(limit))
            for name, (_, summary) in sorted(COMMANDS.items())
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(name)
        if module is None:
            return None
        commands = importlib.import_module(f"debate.cli.{module}").COMMANDS
        return next(c for c in commands if c.name == name)

    def invoke(self, ctx: click.Context) -> Any:
        # Click answers Ctrl-C with a blank line and its own Abort; one line is enough.
        try:
            return super().invoke(ctx)
        except (KeyboardInterrupt, EOFError) as e:
            raise Cancelled() from e

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        terminal.degrade_to_escapes(sys.stdout, sys.stderr)
        try:
            _check_arguments(argv)
            result = super().main(argv, prog_name, complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as e:
            # A bare `debate` (or `debate claim`) asks for the help: give it, plainly.
            click.echo(e.ctx.get_help())
            sys.exit(ExitCode.OK)
        except click.UsageError as e:
            _fail(e.format_message(), ExitCode.USAGE)
        except click.ClickException as e:
            _fail(e.format_message(), e.exit_code)
        except DebateError as e:
            _fail(str(e), e.exit_code)
        except (click.Abort, EOFError, KeyboardInterrupt):
            _fail("interrupted", ExitCode.INTERRUPTED)
        except OSError as e:  # a file the command was given: name it and say what is wrong
            name = str(e.filename or "")
            name = name if len(name) <= 200 else name[:100] + "…"
            _fail(f"{name}: {e.strerror or e}" if name else str(e), ExitCode.FAILED)
        except Exception as e:  # a bug: still one line, unless debugging
            if os.environ.get("DEBATE_DEBUG"):
                raise
            _fail(f"internal error: {e!r} (set DEBATE_DEBUG=1 for the traceback)", ExitCode.FAILED)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else ExitCode.OK)


def _fail(message: str, code: int) -> None:
    from debate.core.text import visible

    # One line, whatever the message holds: user text in it is shown, not obeyed.
    click.echo(f"Error: {visible(' '.join(message.split()))}", err=True)
    sys.exit(code)


@click.group(cls=DebateGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="debate")
def cli() -> None:
    """Structured debate and claim review: pro/con trees, verified evidence quotes,
    votes and weighted strengths, in one offline SQLite file.

    Start with `debate demo`, or `debate claim add "A thesis"`.
    """


def main() -> None:
    """The console script: run one command, then leave at once.

    A command is short-lived, so the garbage collector is off (it would only walk
    the command's own objects, a fifth of the time of a large tree), and the
    interpreter does not tear down what the process is about to drop anyway.
    """
    import gc

    gc.disable()
    try:
        cli()
        code: Any = 0
    except SystemExit as e:
        code = e.code
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `debate tree | head`: the reader has gone
        pass
    os._exit(code if isinstance(code, int) else ExitCode.FAILED)
