"""Commands that question the weights: team, explain, compare, verdict, groups."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import click

from debate.cli.common import (
    CONTEXT_SETTINGS,
    Session,
    emit_json,
    json_option,
    perspective_option,
    semantics_option,
    with_session,
)

STANDARD_CHOICE = click.Choice(
    ["scintilla", "preponderance", "clear-and-convincing", "beyond-reasonable-doubt"]
)


def _r(x: float) -> float:
    return round(x, 6)


# -- teams ---------------------------------------------------------------


@click.group(context_settings=CONTEXT_SETTINGS)
def team() -> None:
    """Named groups of participants, for `--perspective team:NAME`."""


def _team_json(change: Any) -> dict[str, Any]:
    return {
        "team": change.team,
        "created": change.created,
        "added": list(change.added),
        "members": list(change.members),
    }


@team.command("add", context_settings=CONTEXT_SETTINGS)
@click.argument("name")
@click.argument("members", nargs=-1, required=True)
@json_option
@with_session
def team_add(session: Session, name: str, members: tuple[str, ...], as_json: bool) -> None:
    """Create team NAME if needed and add MEMBERS (participants who have added or voted)."""
    from debate import render, weighing

    change = weighing.team_add(session.store, session.actor, name, list(members))
    if as_json:
        emit_json(_team_json(change))
    else:
        render.team_changed(change)


@team.command("remove", context_settings=CONTEXT_SETTINGS)
@click.argument("name")
@click.argument("members", nargs=-1)
@json_option
@with_session
def team_remove(session: Session, name: str, members: tuple[str, ...], as_json: bool) -> None:
    """Remove MEMBERS from team NAME, or delete the team when no member is named."""
    from debate import render, weighing

    change = weighing.team_remove(session.store, session.actor, name, list(members))
    if as_json:
        emit_json({**_team_json(change), "deleted": not members})
    elif not members:
        render.message(f"Deleted team {name}.", "green")
    else:
        render.team_changed(change)


@team.command("list", context_settings=CONTEXT_SETTINGS)
@json_option
@with_session
def team_list(session: Session, as_json: bool) -> None:
    """List the teams and their members."""
    from debate import render, weighing

    teams = weighing.teams(session.store)
    if as_json:
        emit_json([{"team": name, "members": members} for name, members in teams.items()])
    else:
        render.team_list(teams)


# -- explain ---------------------------------------------------------------


@click.command("explain", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="N", type=int)
@semantics_option
@perspective_option
@json_option
@with_session
def explain(
    session: Session, node_id: int, semantics: str, perspective: str, as_json: bool
) -> None:
    """Explain N's strength: τ and its votes, σ, what each child contributes
    (how much σ would change without it), and how N moves its thesis."""
    from debate import render, weighing

    e = weighing.explain(session.store, node_id, semantics=semantics, perspective_spec=perspective)
    if not as_json:
        render.explanation(e)
        return
    x = e.explanation
    emit_json(
        {
            "id": x.node.id,
            "kind": x.node.kind,
            "text": x.node.text,
            "semantics": x.semantics,
            "perspective": e.perspective.name,
            "thesis": x.is_thesis,
            "base": _r(x.base),
            "weight": None if x.is_thesis else _r(x.weight),
            "strength": _r(x.strength),
            "votes": [asdict(v) for v in e.votes],
            "contributions": [
                {
                    "id": c.id,
                    "stance": c.stance,
                    "contribution": _r(c.contribution),
                    "base": _r(c.base),
                    "weight": _r(c.weight),
                    "strength": _r(c.strength),
                }
                for c in x.children
            ],
            "paths": [
                {
                    "thesis": p.thesis,
                    "steps": [
                        {
                            "id": s.child,
                            "parent": s.parent,
                            "stance": s.stance,
                            "contribution": _r(s.contribution),
                        }
                        for s in p.steps
                    ],
                    "for_thesis": p.sides_with_thesis,
                    "thesis_strength": _r(p.strength),
                    "thesis_without": _r(p.without),
                    "effect": _r(p.effect),
                }
                for p in x.paths
            ],
        }
    )


# -- compare -----------------------------------------------------------------


@click.command("compare", context_settings=CONTEXT_SETTINGS)
@click.argument("node_id", metavar="N", type=int)
@click.option(
    "--perspective",
    "perspectives",
    metavar="NAME|team:NAME|all",
    multiple=True,
    required=True,
    help="Give it twice: A then B (given once, B is compared with all).",
)
@click.option(
    "--limit", type=click.IntRange(min=0), default=10, show_default=True, help="Rows shown."
)
@semantics_option
@json_option
@with_session
def compare(
    session: Session,
    node_id: int,
    perspectives: tuple[str, ...],
    limit: int,
    semantics: str,
    as_json: bool,
) -> None:
    """Show where two perspectives on the tree under N differ most: σ side by side,
    largest gap first."""
    from debate import render, weighing

    c = weighing.compare(session.store, node_id, list(perspectives), semantics=semantics)
    if not as_json:
        render.comparison(c, limit)
        return

    def row(d: Any) -> dict[str, Any]:
        return {
            "id": d.id,
            "kind": d.kind,
            "text": d.text,
            "base": [_r(x) for x in d.base],
            "strength": [_r(x) for x in d.strength],
            "gap": _r(d.gap),
            "accept_votes": list(d.accept_votes),
        }

    emit_json(
        {
            "perspectives": [
                {"name": p.name, "members": list(p.members) or None} for p in c.perspectives
            ],
            "semantics": semantics,
            "root": row(c.root),
            "nodes": [row(d) for d in c.rows[:limit]],
            "more": max(0, len(c.rows) - limit),
        }
    )


# -- verdict -----------------------------------------------------------------


@click.command("verdict", context_settings=CONTEXT_SETTINGS)
@click.argument("thesis", metavar="THESIS", type=int)
@click.option(
    "--standard",
    "standards",
    type=STANDARD_CHOICE,
    multiple=True,
    help="Proof standard (repeatable). Default: all four, weakest first.",
)
@semantics_option
@perspective_option
@json_option
@with_session
def verdict(
    session: Session,
    thesis: int,
    standards: tuple[str, ...],
    semantics: str,
    perspective: str,
    as_json: bool,
) -> None:
    """Accepted, rejected or undecided under a proof standard, from the thesis's σ
    and its strongest con (the README has the table of thresholds)."""
    from debate import analysis, render, weighing

    rows, view = weighing.verdicts(
        session.store,
        thesis,
        list(standards) or list(analysis.STANDARD_NAMES),
        semantics=semantics,
        perspective_spec=perspective,
    )
    if not as_json:
        render.verdict_table(rows, view.name)
        return

    def strongest(s: Any) -> dict[str, Any] | None:
        if s is None:
            return None
        return {"id": s.id, "strength": _r(s.strength), "effective": _r(s.effective)}

    first = rows[0]
    data = {
        "id": thesis,
        "semantics": semantics,
        "perspective": view.name,
        "strength": _r(first.strength),
        "strongest_con": strongest(first.strongest_con),
        "strongest_pro": strongest(first.strongest_pro),
        "verdicts": [
            {
                "standard": v.standard.name,
                "verdict": v.outcome,
                "min_strength": v.standard.min_strength,
                "min_margin": v.standard.min_margin,
                "max_con": v.standard.max_opposition,
            }
            for v in rows
        ],
    }
    if len(rows) == 1:
        data.update(standard=first.standard.name, verdict=first.outcome)
    emit_json(data)


# -- groups ------------------------------------------------------------------


@click.command("groups", context_settings=CONTEXT_SETTINGS)
@click.argument("thesis", metavar="THESIS", type=int)
@click.option("--k", type=click.IntRange(min=1), help="Number of groups (default: chosen).")
@click.option("--seed", type=int, default=0, show_default=True, help="k-means seed.")
@json_option
@with_session
def groups(session: Session, thesis: int, k: int | None, seed: int, as_json: bool) -> None:
    """Opinion groups among the participants, from their acceptance votes under THESIS
    (PCA and k-means, as Polis does), with consensus and divisive claims."""
    from debate import render, weighing

    result = weighing.groups(session.store, thesis, k=k, seed=seed)
    if not as_json:
        texts = {i: n.text for i, n in session.store.graph().nodes.items()}
        render.opinion_groups(result, texts)
        return
    emit_json(
        {
            "thesis": thesis,
            "seed": result.seed,
            "silhouette": result.silhouette,
            "claims": result.claims,
            "left_out": list(result.left_out),
            "groups": [
                {
                    "members": list(g.members),
                    "representative": [r.id for r in g.representative],
                    "stances": [
                        {
                            "id": r.id,
                            "accepts": r.accepts,
                            "share": r.share,
                            "votes": r.votes,
                            "voters": r.voters,
                            "ratio": r.ratio,
                        }
                        for r in g.representative
                    ],
                    "mean_vote": {str(c): m for c, m in g.mean_vote.items()},
                }
                for g in result.groups
            ],
            "consensus": list(result.consensus),
            "divisive": list(result.divisive),
        }
    )


COMMANDS = [team, explain, compare, verdict, groups]
