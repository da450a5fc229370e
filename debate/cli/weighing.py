"""Commands that weigh the tree and question it: tree, export, explain, compare,
verdict, groups."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from debate.cli.invocation import Invocation, reads_store
from debate.cli.options import (
    CONTEXT_SETTINGS,
    COUNT,
    NODE_ID,
    SEED,
    SORT_CHOICE,
    Number,
    force_option,
    json_option,
    min_votes_option,
    output_option,
    perspective_option,
    semantics_option,
)
from debate.cli.output import echo_document, emit, emit_json, json_output, render, write_output
from debate.output import messages, terminal

STANDARD_CHOICE = click.Choice(
    ["scintilla", "preponderance", "clear-and-convincing", "beyond-reasonable-doubt"]
)
DEPTH = Number(0, 1_000_000, "a depth")
GROUPS = Number(1, 1_000, "a number of groups")


@click.command("tree", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="[N]", type=NODE_ID, required=False)
@click.option(
    "--sort",
    type=SORT_CHOICE,
    default="contribution",
    show_default=True,
    help="Order siblings by contribution to their parent, by strength or by time.",
)
@click.option("--depth", type=DEPTH, help="Show only this many levels below the root.")
@click.option(
    "--ascii",
    "ascii_only",
    is_flag=True,
    help="Plain ASCII: no box drawing, no Greek (the default where stdout cannot write Unicode).",
)
@semantics_option
@perspective_option
@min_votes_option
@json_option
@reads_store
def tree(
    call: Invocation,
    node_id: int | None,
    sort: str,
    depth: int | None,
    ascii_only: bool,
    semantics: str,
    perspective: str,
    min_votes: int,
    as_json: bool,
) -> None:
    """Print the weighted pro/con tree under N (default: every thesis).

    For each node: its base score τ (with its number of acceptance votes),
    its strength σ and, under a parent, its weight w. A claim that stands
    under several parents is shown once; elsewhere the tree says "↩ see #N".
    """
    from debate.app import weighing

    result = weighing.weighted_trees(
        call.store,
        node_id,
        sort=sort,  # type: ignore[arg-type]
        depth=depth,
        semantics=semantics,
        perspective=perspective,
        min_votes=min_votes,
    )
    if as_json:
        one = node_id is not None
        if sys.stdout.isatty():
            emit_json(json_output.weighted_trees(result, one))
        else:  # a pipe: written as it is made, in constant memory
            json_output.write_weighted_trees(
                result, one, sys.stdout.write, ascii_only=not terminal.speaks_unicode(sys.stdout)
            )
    else:
        plain = ascii_only or not terminal.speaks_unicode(sys.stdout)
        render.weighted_trees(result, plain=plain, empty_hint=call.empty_hint())


@click.command("export", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="N", type=NODE_ID)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json", "kialo", "argdown", "aif", "dot", "html"]),
    default="markdown",
    show_default=True,
    help="Markdown to hand out, debate's own lossless JSON (to import elsewhere), "
    "Kialo's text export, Argdown, AIF (AIFdb's JSON), a Graphviz graph, or one "
    "self-contained HTML page.",
)
@click.option("--no-text", is_flag=True, help="JSON: leave the sources' texts out.")
@output_option
@force_option
@click.option("--sort", type=SORT_CHOICE, default="contribution", show_default=True)
@semantics_option
@perspective_option
@min_votes_option
@json_option
@reads_store
def export(
    call: Invocation,
    node_id: int,
    fmt: str,
    no_text: bool,
    output: Path | None,
    force: bool,
    sort: str,
    semantics: str,
    perspective: str,
    min_votes: int,
    as_json: bool,
) -> None:
    """Export the tree under claim N (a thesis, usually) as a document: Markdown, JSON,
    Kialo, Argdown, AIF, Graphviz or HTML."""
    if fmt == "json":  # the whole debate, not a weighted view of it
        from debate.app import files

        text = files.export_document(call.store, node_id, with_text=not no_text)
    else:
        text = _weighted_document(call, node_id, fmt, sort, semantics, perspective, min_votes)
    if output is not None:
        write_output(output, text, force=force, store=call.store.path)
    if as_json:
        emit_json(json_output.exported(node_id, fmt, str(output) if output else None, text))
    elif output is not None:
        messages.message(f"Wrote {output}.", "green")
    else:
        echo_document(text, is_json=fmt in ("json", "aif"))


def _weighted_document(
    call: Invocation,
    node_id: int,
    fmt: str,
    sort: str,
    semantics: str,
    perspective: str,
    min_votes: int,
) -> str:
    from debate.app import weighing

    return weighing.export(
        call.store,
        node_id,
        fmt,
        sort=sort,  # type: ignore[arg-type]
        semantics=semantics,
        perspective=perspective,
        min_votes=min_votes,
    )


@click.command("explain", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="N", type=NODE_ID)
@semantics_option
@perspective_option
@min_votes_option
@json_option
@reads_store
def explain(
    call: Invocation, node_id: int, semantics: str, perspective: str, min_votes: int, as_json: bool
) -> None:
    """Explain N's strength: τ and its votes, σ, what each child contributes
    (how much σ would change without it), and how N moves its thesis."""
    from debate.app import weighing

    e = weighing.explain(
        call.store, node_id, semantics=semantics, perspective=perspective, min_votes=min_votes
    )
    emit(as_json, lambda: json_output.explanation(e), lambda: render.explanation(e))


@click.command("compare", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="N", type=NODE_ID)
@click.option(
    "--perspective",
    "perspectives",
    metavar="NAME|team:NAME|all",
    multiple=True,
    required=True,
    help="Give it twice: A then B (given once, B is compared with all).",
)
@click.option("--limit", type=COUNT, default=10, show_default=True, help="Rows shown.")
@semantics_option
@json_option
@reads_store
def compare(
    call: Invocation,
    node_id: int,
    perspectives: tuple[str, ...],
    limit: int,
    semantics: str,
    as_json: bool,
) -> None:
    """Show where two perspectives on the tree under N differ most: σ side by side,
    largest gap first."""
    from debate.app import weighing

    c = weighing.compare(call.store, node_id, list(perspectives), semantics=semantics)
    emit(as_json, lambda: json_output.comparison(c, limit), lambda: render.comparison(c, limit))


@click.command("verdict", context_settings=CONTEXT_SETTINGS)
@click.argument("thesis", metavar="THESIS", type=NODE_ID)
@click.option(
    "--standard",
    "standards",
    type=STANDARD_CHOICE,
    multiple=True,
    help="Proof standard (repeatable). Default: all four, weakest first.",
)
@semantics_option
@perspective_option
@min_votes_option
@json_option
@reads_store
def verdict(
    call: Invocation,
    thesis: int,
    standards: tuple[str, ...],
    semantics: str,
    perspective: str,
    min_votes: int,
    as_json: bool,
) -> None:
    """Accepted, rejected or undecided under a proof standard, from the thesis's σ
    and its strongest con (the docs' Questioning page has the table of thresholds)."""
    from debate.app import weighing
    from debate.core import questioning

    result = weighing.verdicts(
        call.store,
        thesis,
        list(standards) or list(questioning.STANDARD_NAMES),
        semantics=semantics,
        perspective=perspective,
        min_votes=min_votes,
    )
    emit(as_json, lambda: json_output.verdicts(result), lambda: render.verdict_table(result))


@click.command("groups", context_settings=CONTEXT_SETTINGS)
@click.argument("thesis", metavar="THESIS", type=NODE_ID)
@click.option("--k", type=GROUPS, help="Number of groups (default: chosen).")
@click.option("--seed", type=SEED, default=0, show_default=True, help="k-means seed.")
@json_option
@reads_store
def groups(call: Invocation, thesis: int, k: int | None, seed: int, as_json: bool) -> None:
    """Opinion groups among the participants, from their acceptance votes under THESIS
    (PCA and k-means, as Polis does), with consensus and divisive claims."""
    from debate.app import weighing

    result = weighing.groups(call.store, thesis, k=k, seed=seed)
    emit(as_json, lambda: json_output.opinion_groups(result), lambda: render.opinion_groups(result))


COMMANDS = [tree, export, explain, compare, verdict, groups]
