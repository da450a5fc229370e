"""The `demo` command: the seed debate, in a store of its own."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from debate.cli.invocation import (
    demo_db_path,
    resolve_actor,
    resolve_db_path,
)
from debate.cli.options import CONTEXT_SETTINGS, json_option
from debate.cli.output import emit, json_output, render
from debate.output import terminal


@click.command("demo", context_settings=CONTEXT_SETTINGS)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    help="Load it into this store. Default: demo.db in the user's app directory.",
)
@click.option("--as", "actor", envvar="DEBATE_USER", metavar="NAME", help="Who attaches texts.")
@click.option(
    "--texts",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Folder with the demo's source texts: attach them and verify every quote.",
)
@click.option("--ascii", "ascii_only", is_flag=True, help="Plain ASCII tree.")
@json_option
def demo(
    db_path: str | None, actor: str | None, texts: Path | None, ascii_only: bool, as_json: bool
) -> None:
    """Load the seed debate "The Sino-Russian partnership is thick" and print its tree.

    It goes into a demo store of its own (not your working store), unless --db
    names one. Loading it twice adds nothing the second time.
    """
    from debate.app import demo as demo_seed
    from debate.store import Store

    if texts is not None:
        demo_seed.text_files(texts)  # refuse a wrong folder before any store is made
    path = resolve_db_path(db_path) if db_path else demo_db_path()
    if not db_path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    with Store.open(path) as store:
        path = store.where
        loaded = demo_seed.load(store, resolve_actor(actor), texts)
        emit(
            as_json,
            lambda: json_output.demo(str(path), loaded),
            lambda: render.demo_loaded(
                str(path), loaded, plain=ascii_only or not terminal.speaks_unicode(sys.stdout)
            ),
        )


COMMANDS = [demo]
