"""Commands that read: show, list, tree, export; and demo, db."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from debate.cli.common import (
    CONTEXT_SETTINGS,
    Session,
    db_option,
    default_db_path,
    emit_json,
    json_option,
    node_json,
    perspective_option,
    resolve_actor,
    resolve_db_path,
    with_session,
)

SORT_CHOICE = click.Choice(["contribution", "strength", "time"])


@click.command("show", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="N", type=int)
@json_option
@with_session
def show(session: Session, node_id: int, as_json: bool) -> None:
    """Show claim or quote N: text, kind, stance, parents, children, evidence, votes, history."""
    from debate import app, render

    d = app.show(session.store, node_id)
    if not as_json:
        render.details(d, {s.key: s for s in session.store.sources()})
        return
    emit_json(
        {
            **node_json(d.node),
            "thesis": d.thesis,
            "base": d.base,
            "strength": d.strength,
            "parents": [{"id": link.parent, "stance": link.stance} for link, _ in d.parents],
            "children": [
                {"id": link.child, "kind": n.kind, "stance": link.stance, "text": n.text}
                for link, n in d.children
            ],
            "votes": [asdict(v) for v in d.votes],
            "history": [asdict(e) for e in d.history],
        }
    )


@click.command("list", context_settings=CONTEXT_SETTINGS)
@json_option
@with_session
def list_(session: Session, as_json: bool) -> None:
    """List the theses with their numbers of claims, quotes, votes and participants."""
    from debate import app, render

    rows = app.theses(session.store)
    if as_json:
        emit_json([asdict(t) for t in rows])
    else:
        render.theses(rows)


@click.command("tree", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="[N]", type=int, required=False)
@click.option(
    "--sort",
    type=SORT_CHOICE,
    default="contribution",
    show_default=True,
    help="Order siblings by contribution to their parent, by strength or by time.",
)
@click.option(
    "--depth", type=click.IntRange(min=0), help="Show only this many levels below the root."
)
@click.option("--ascii", "ascii_only", is_flag=True, help="Plain ASCII: no box drawing, no Greek.")
@click.option(
    "--semantics",
    type=click.Choice(["dfquad", "qe", "euler", "mlp"]),
    default="dfquad",
    show_default=True,
    help="Gradual semantics for σ: DF-QuAD, quadratic energy, Euler-based or MLP-based.",
)
@perspective_option
@json_option
@with_session
def tree(
    session: Session,
    node_id: int | None,
    sort: str,
    depth: int | None,
    ascii_only: bool,
    semantics: str,
    perspective: str,
    as_json: bool,
) -> None:
    """Print the weighted pro/con tree under N (default: every thesis).

    For each node: its base score τ (with its number of acceptance votes),
    its strength σ (DF-QuAD) and, under a parent, its weight w.
    """
    from debate import app, render

    items, by_semantics = app.tree(
        session.store,
        node_id,
        sort=sort,  # type: ignore[arg-type]
        depth=depth,
        semantics=semantics,
        perspective=perspective,
    )
    if as_json:
        data = [
            {**item.to_json(), "semantics": by_semantics[item.node.id], "perspective": perspective}
            for item in items
        ]
        emit_json(data[0] if node_id is not None else data)
    else:
        if perspective != "all":
            render.message(f"Perspective: {perspective} (only their votes count).")
        sources = {s.key: s for s in session.store.sources()}
        render.tree(items, sources, ascii_only=ascii_only, by_semantics=by_semantics)


@click.command("export", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="N", type=int)
@click.option(
    "--format", "fmt", type=click.Choice(["markdown"]), default="markdown", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of stdout.",
)
@click.option("--sort", type=SORT_CHOICE, default="contribution", show_default=True)
@perspective_option
@json_option
@with_session
def export(
    session: Session,
    node_id: int,
    fmt: str,
    output: Path | None,
    sort: str,
    perspective: str,
    as_json: bool,
) -> None:
    """Export the tree under thesis N as a document."""
    from debate import app, render

    text = app.export_markdown(
        session.store,
        node_id,
        sort=sort,  # type: ignore[arg-type]
        perspective=perspective,
    )
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as e:
            raise click.ClickException(f"cannot write {output}: {e.strerror}") from e
    if as_json:
        emit_json(
            {
                "id": node_id,
                "format": fmt,
                "path": str(output) if output else None,
                "bytes": len(text.encode("utf-8")),
                **({} if output else {"content": text}),
            }
        )
    elif output is not None:
        render.message(f"Wrote {output}.", "green")
    else:
        click.echo(text, nl=False)


@click.command("demo", context_settings=CONTEXT_SETTINGS)
@db_option
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

    It goes into --db or $DEBATE_DB, else into a demo store of its own. Loading
    it twice adds nothing the second time.
    """
    from debate import app, render
    from debate import demo as demo_seed
    from debate.store import Store

    path = Path(db_path) if db_path else default_db_path().with_name("demo.db")
    path.parent.mkdir(parents=True, exist_ok=True)
    store = Store.open(path)
    try:
        loaded = demo_seed.load(store, resolve_actor(actor), texts)
        items, by_semantics = app.tree(store, loaded.thesis)
        if as_json:
            emit_json(
                {
                    "db": str(path),
                    "created": loaded.created,
                    "thesis": loaded.thesis,
                    "verified": sum(a.verified for a in loaded.attached),
                    "tree": items[0].to_json(),
                }
            )
            return
        done = "Loaded the demo debate into" if loaded.created else "The demo debate is already in"
        render.message(f"{done} {path}")
        for attached in loaded.attached:
            render.source_added(attached)
        sources = {s.key: s for s in store.sources()}
        render.tree(items, sources, ascii_only=ascii_only, by_semantics=by_semantics)
        n = loaded.thesis
        render.message(f"Try: debate show {n} --db {path}    debate export {n} --db {path}")
    finally:
        store.close()


@click.group(context_settings=CONTEXT_SETTINGS)
def db() -> None:
    """The store file."""


@db.command("path", context_settings=CONTEXT_SETTINGS)
@db_option
@json_option
def db_path(db_path: str | None, as_json: bool) -> None:
    """Print the path of the store that commands use."""
    path = resolve_db_path(db_path)
    if as_json:
        emit_json({"path": str(path)})
    else:
        click.echo(str(path))


COMMANDS = [show, list_, tree, export, demo, db]
