"""Use cases for the weighted tree and for questioning it: tree, export, explain,
compare, verdict and opinion groups.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from debate.app.policy import require_live
from debate.core import scoring
from debate.core import tree as trees
from debate.core.graph import children_map, descendants, unvoted_under, with_min_votes
from debate.core.perspective import ALL, TEAM_PREFIX, Perspective
from debate.core.text import json_escaped
from debate.errors import Conflict, InvalidInput, NotFound
from debate.models import Graph, Source, Vote
from debate.store import Store

if TYPE_CHECKING:
    from debate.core import questioning
    from debate.core.opinion import Groups


class Weighing(NamedTuple):
    """Whose votes, which semantics, and which nodes count."""

    perspective: Perspective
    semantics: str = "dfquad"
    min_votes: int = 0


def _weighing(store: Store, perspective: str | None, semantics: str, min_votes: int) -> Weighing:
    scoring.check_semantics(semantics)
    if min_votes < 0:
        raise InvalidInput("--min-votes must be 0 or more")
    return Weighing(resolve(store, perspective), semantics, min_votes)


def _graph(store: Store, weighing: Weighing, keep: list[int]) -> Graph:
    graph = store.graph(weighing.perspective.voters)
    return with_min_votes(graph, weighing.min_votes, keep)


class WeightedTrees(NamedTuple):
    items: list[trees.TreeItem]
    weighing: Weighing
    strength_by_semantics: dict[int, dict[str, float]]  # each root's σ under every semantics
    unvoted: dict[int, int]  # per root: arguments under it with no vote
    sources: dict[str, Source]


def weighted_trees(
    store: Store,
    root: int | None = None,
    *,
    sort: trees.SortKey = "contribution",
    depth: int | None = None,
    semantics: str = "dfquad",
    perspective: str | None = None,
    min_votes: int = 0,
) -> WeightedTrees:
    """The weighted tree under root, or under every thesis."""
    weighing = _weighing(store, perspective, semantics, min_votes)
    if root is not None:
        require_live(store, root)
    if weighing.perspective.everyone and not weighing.min_votes:
        kept = _from_kept_scores(store, root, depth, weighing)
        if kept is not None:
            graph, roots, scores, by_semantics, unvoted = kept
            items = trees.build(graph, roots, scores, sort=sort, depth=depth)
            return WeightedTrees(items, weighing, by_semantics, unvoted, graph.sources)
    graph = _graph(store, weighing, [root] if root is not None else [])
    roots = graph.theses if root is None else [root]
    scores, by_semantics = scoring.score_with_robustness(graph, semantics, roots)
    items = trees.build(graph, roots, scores, sort=sort, depth=depth)
    return WeightedTrees(
        items,
        weighing,
        by_semantics,
        unvoted_under(graph, roots),
        graph.sources,
    )


_Kept = tuple[Graph, list[int], scoring.Scores, dict[int, dict[str, float]], dict[int, int]]


def _from_kept_scores(
    store: Store, root: int | None, depth: int | None, weighing: Weighing
) -> _Kept | None:
    """Everyone's votes, every argument: the scores the store keeps, and only the part
    of the graph that is shown (under the root, down to the depth)."""
    graph = store.graph() if root is None else store.graph_below(root, depth)
    roots = graph.theses if root is None else [root]
    if root is None:
        base, weight, sigma = store.kept_table(weighing.semantics)
    else:
        kept = store.kept_scores(graph.nodes)
        scores = scoring.Scores.from_kept(kept, weighing.semantics)
        base, weight, sigma = scores.base, scores.weight, scores.strength
    if any(i not in sigma for i in graph.nodes):
        return None  # not kept (cannot happen in a store that keeps them): compute
    scores = scoring.Scores(weighing.semantics, base, weight, sigma)
    at_roots = store.kept_scores(roots)
    by_semantics = {r: {name: at_roots[r].strength(name) for name in scoring.KEPT} for r in roots}
    unvoted = {r: store.unvoted_below(r) for r in roots}  # counted in SQL, not in memory
    return graph, roots, scores, by_semantics, unvoted


EXPORT_FORMATS = ("markdown", "kialo", "argdown", "aif", "dot", "html")


def export(
    store: Store,
    root: int,
    fmt: str = "markdown",
    *,
    sort: trees.SortKey = "contribution",
    semantics: str = "dfquad",
    perspective: str | None = None,
    min_votes: int = 0,
) -> str:
    """The weighted tree under root as a document: Markdown to hand out, Kialo's
    text export, Argdown, AIF (AIFdb's JSON), a Graphviz graph or an HTML page."""
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}; choose from {', '.join(EXPORT_FORMATS)}")
    weighted = weighted_trees(
        store,
        root,
        sort=sort,
        semantics=semantics,
        perspective=perspective,
        min_votes=min_votes,
    )
    [item] = weighted.items
    whose = weighted.weighing.perspective.description()
    if fmt == "markdown":
        from debate.core.files import markdown

        return markdown.render(
            item,
            weighted.sources,
            is_thesis=not store.parents(root),
            whose=whose,
            semantics=semantics,
            min_votes=min_votes,
            unvoted=weighted.unvoted[root],
        )
    if fmt == "dot":
        from debate.core.files import dot

        return dot.write(item, semantics=semantics)
    quoted = _quote_citations(item, weighted.sources)
    if fmt == "kialo":
        return _kialo(store, item, quoted)
    if fmt == "aif":
        return _aif(store, item, weighted.sources, quoted)
    if fmt == "argdown":
        from debate.core.files import argdown

        return argdown.write(item, quoted, semantics=semantics, whose=whose)
    from debate.core.files import html

    return html.write(item, quoted, semantics=semantics, whose=whose)


def _quote_citations(item: trees.TreeItem, sources: dict[str, Source]) -> dict[int, str]:
    """Each quote's citation under the item: who (year), and where in the source."""
    from debate.core.files.citation import citation, locator_of

    return {
        t.node.id: citation(
            sources.get(t.node.source_key or ""),
            t.node.source_key,
            locator_of(t.node.locator, t.node.page),
        )
        for t, _, _ in trees.walk(item)
        if t.node.kind == "quote"
    }


def _kialo(store: Store, item: trees.TreeItem, quoted: dict[int, str]) -> str:
    from debate.core.files import kialo
    from debate.core.files.citation import reference

    ids = [t.node.id for t, _, _ in trees.walk(item)]
    citations = {
        node: [(label, reference(source)) for label, source in cited]
        for node, cited in store.citations(ids).items()
    }
    imported = [e for e in store.history(item.node.id) if e.action == "debate imported"]
    title = (imported[-1].data.get("title") if imported else None) or item.node.text
    return kialo.write(item, title, citations, quoted)


def _aif(
    store: Store, item: trees.TreeItem, sources: dict[str, Source], quoted: dict[int, str]
) -> str:
    import json

    from debate.core.files import aif

    nodes = store.nodes([t.node.id for t, _, _ in trees.walk(item)])
    made = {i: n.created_at for i, n in nodes.items()}
    speakers = {}  # each quote's source, as AIF's participant
    for n in nodes.values():
        if n.quote is not None:
            source = sources.get(n.quote.source_key or "")
            speakers[n.id] = (
                (source.metadata.author or source.key) if source else (n.quote.source_key or "")
            )
    text = json.dumps(aif.write(item, made, quoted, speakers), ensure_ascii=False, indent=2)
    return json_escaped(text) + "\n"


class Explained(NamedTuple):
    explanation: questioning.Explanation
    weighing: Weighing
    votes: list[Vote]  # the votes that count from this perspective


def explain(
    store: Store,
    node_id: int,
    *,
    semantics: str = "dfquad",
    perspective: str | None = None,
    min_votes: int = 0,
) -> Explained:
    weighing = _weighing(store, perspective, semantics, min_votes)
    require_live(store, node_id)
    graph = _graph(store, weighing, [node_id])
    votes = [v for v in store.votes(node_id) if weighing.perspective.counts(v)]
    from debate.core import questioning  # only when questioned: not for `tree`

    return Explained(questioning.explain(graph, node_id, semantics), weighing, votes)


class Comparison(NamedTuple):
    perspectives: tuple[Perspective, Perspective]
    semantics: str
    root: questioning.Difference
    rows: list[questioning.Difference]


def compare(store: Store, root: int, specs: list[str], *, semantics: str = "dfquad") -> Comparison:
    if len(specs) == 1:
        specs = ["all", specs[0]]
    if len(specs) != 2:
        raise InvalidInput("give two perspectives: --perspective A --perspective B")
    scoring.check_semantics(semantics)
    first, second = resolve(store, specs[0]), resolve(store, specs[1])
    require_live(store, root)
    graphs = (store.graph(first.voters), store.graph(second.voters))
    from debate.core import questioning

    top, rows = questioning.compare(graphs, root, semantics)
    return Comparison((first, second), semantics, top, rows)


class Verdicts(NamedTuple):
    rows: list[questioning.Verdict]
    weighing: Weighing
    unvoted: int  # arguments under the thesis with no vote


def verdicts(
    store: Store,
    thesis: int,
    standards: list[str],
    *,
    semantics: str = "dfquad",
    perspective: str | None = None,
    min_votes: int = 0,
) -> Verdicts:
    weighing = _weighing(store, perspective, semantics, min_votes)
    node = require_live(store, thesis)
    if node.kind != "claim":
        raise InvalidInput(f"#{thesis} is a quote; a verdict is on a claim")
    graph = _graph(store, weighing, [thesis])
    from debate.core import questioning

    rows = questioning.verdicts(graph, thesis, standards, semantics)
    return Verdicts(rows, weighing, unvoted_under(graph, [thesis])[thesis])


class OpinionGroups(NamedTuple):
    thesis: int
    groups: Groups
    texts: dict[int, str]  # of the claims under the thesis


def groups(store: Store, thesis: int, *, k: int | None = None, seed: int = 0) -> OpinionGroups:
    from debate.core import opinion

    require_live(store, thesis)
    graph = store.graph()
    under = descendants(thesis, children_map(graph.links))
    found = opinion.find(store.acceptance_votes(), sorted(under), k=k, seed=seed)
    return OpinionGroups(thesis, found, {i: graph.nodes[i].text for i in under})


def resolve(store: Store, spec: str | None) -> Perspective:
    """The perspective --perspective names: all, a participant, or team:NAME."""
    spec = (spec or ALL).strip()
    if spec == ALL:
        return Perspective(ALL, None)
    if spec.startswith(TEAM_PREFIX):
        name = spec[len(TEAM_PREFIX) :].strip()
        team = store.team_id(name)
        if team is None:
            known = ", ".join(t.name for t in store.teams()) or "none yet; see `debate team add`"
            raise NotFound(f"no team named {name!r} (teams: {known})")
        ids = store.team_member_ids(team)
        if not ids:
            raise Conflict(f"team {name!r} has no members")
        names = store.participant_names()
        return Perspective(f"{TEAM_PREFIX}{name}", tuple(ids), tuple(sorted(names[i] for i in ids)))
    who = store.find_participant(spec)
    if who is None:
        known = ", ".join(store.participant_names().values()) or "none yet"
        raise NotFound(f"no participant named {spec!r} (participants: {known})")
    name = store.participant_names()[who]
    return Perspective(name, (who,), (name,))
