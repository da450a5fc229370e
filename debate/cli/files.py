"""Bringing debates in from other tools' files: import."""

from __future__ import annotations

from pathlib import Path

import click

from debate.cli.invocation import open_store, resolve_actor
from debate.cli.options import CONTEXT_SETTINGS, as_option, db_option, json_option
from debate.cli.output import emit, json_output, render


@click.command("import", context_settings=CONTEXT_SETTINGS)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "kialo", "argdown", "aif"]),
    help="The file's format (default: told from its content).",
)
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
@click.option(
    "--argdown-cli",
    metavar="PATH",
    help="The Argdown CLI (`argdown`) to parse Argdown files with (default: on PATH).",
)
@json_option
@db_option
@as_option
def import_(
    file: Path,
    fmt: str | None,
    dry_run: bool,
    argdown_cli: str | None,
    as_json: bool,
    db_path: str | None,
    actor: str | None,
) -> None:
    """Import a debate from FILE (debate's JSON, Kialo, Argdown or AIF): all of it, or
    nothing.

    Prints what was imported, by kind, and what was left out and why. A JSON
    document merges by UUID: what the store holds already is counted, not added
    twice, and a row both sides changed keeps the later change (the other stays
    in the history), reported as a conflict.
    """
    from debate.app import files

    debate = files.read_file(file, fmt, argdown_cli=argdown_cli)
    if dry_run:
        report = files.report(file, debate)
    else:
        with open_store(db_path, writes=True) as store:
            report = files.import_debate(store, resolve_actor(actor), file, debate)
    emit(as_json, lambda: json_output.import_report(report), lambda: render.import_report(report))


COMMANDS = [import_]
