"""Use cases for questioning the weights: perspectives and teams, explain, compare,
verdict and opinion groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from debate import analysis
from debate.errors import Conflict, InvalidInput, NotFound
from debate.graph import children_map, descendants
from debate.models import Graph, Vote
from debate.store import Store

if TYPE_CHECKING:
    from debate.opinion import Groups

ALL = "all"
TEAM_PREFIX = "team:"


@dataclass(frozen=True)
class Perspective:
    """Whose votes count: everyone's ("all"), one participant's, or one team's."""

    name: str
    voters: tuple[int, ...] | None  # None: everyone
    members: tuple[str, ...] = ()

    def graph(self, store: Store) -> Graph:
        return store.graph(self.voters)

    def counts(self, vote: Vote) -> bool:
        return self.voters is None or vote.participant in self.members


def perspective(store: Store, spec: str | None) -> Perspective:
    spec = (spec or ALL).strip()
    if spec == ALL:
        return Perspective(ALL, None)
    if spec.startswith(TEAM_PREFIX):
        name = spec[len(TEAM_PREFIX) :].strip()
        team = store.find_team(name)
        if team is None:
            known = ", ".join(store.teams()) or "none yet; see `debate team add`"
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
    return Perspective(spec, (who,), (spec,))


# -- teams ------------------------------------------------------------------


def _team_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise InvalidInput("team name is empty")
    if name == ALL or ":" in name:
        raise InvalidInput(f"{name!r} cannot be a team name (no ':' and not 'all')")
    return name


@dataclass(frozen=True)
class TeamChange:
    team: str
    created: bool
    added: tuple[str, ...]  # members who were not in the team before
    members: tuple[str, ...]  # the team afterwards


def team_add(store: Store, actor: str, name: str, members: list[str]) -> TeamChange:
    """Create the team if needed and add the members, who must be known participants."""
    name = _team_name(name)
    if not members:
        raise InvalidInput("give at least one member")
    with store.write():
        ids = []
        for member in dict.fromkeys(m.strip() for m in members):
            who = store.find_participant(member)
            if who is None:
                known = ", ".join(store.participant_names().values()) or "none yet"
                raise NotFound(
                    f"no participant named {member!r} (participants: {known}); "
                    "people become participants when they first add or vote"
                )
            ids.append((member, who))
        me = store.participant(actor)
        team = store.find_team(name)
        created = team is None
        if team is None:
            team = store.add_team(name, me)
        added = tuple(m for m, who in ids if store.add_team_member(team, who))
        if created or added:
            store.log(me, "team changed", team=name, created=created, added=list(added))
    return TeamChange(name, created, added, tuple(store.teams()[name]))


def team_remove(store: Store, actor: str, name: str, members: list[str]) -> TeamChange:
    """Remove members, or the whole team when no member is named."""
    with store.write():
        team = store.find_team(name)
        if team is None:
            raise NotFound(f"no team named {name!r}")
        me = store.participant(actor)
        if not members:
            store.delete_team(team)
            store.log(me, "team deleted", team=name)
            return TeamChange(name, False, (), ())
        current = store.teams()[name]
        for member in members:
            if member not in current:
                raise NotFound(f"{member!r} is not in team {name!r}")
        for member in members:
            who = store.find_participant(member)
            assert who is not None
            store.remove_team_member(team, who)
        store.log(me, "team changed", team=name, removed=list(members))
    return TeamChange(name, False, (), tuple(store.teams()[name]))


def teams(store: Store) -> dict[str, list[str]]:
    return store.teams()


# -- explain, compare, verdict, groups ----------------------------------------


def _live(graph: Graph, store: Store, node_id: int) -> None:
    if node_id not in graph.nodes:
        store.node(node_id)  # NotFound for an unknown id
        raise Conflict(f"#{node_id} is archived")


@dataclass(frozen=True)
class Explained:
    explanation: analysis.Explanation
    perspective: Perspective
    votes: list[Vote]  # the votes that count from this perspective


def explain(
    store: Store, node_id: int, *, semantics: str = "dfquad", perspective_spec: str | None = None
) -> Explained:
    view = perspective(store, perspective_spec)
    graph = view.graph(store)
    _live(graph, store, node_id)
    votes = [v for v in store.votes(node_id) if view.counts(v)]
    return Explained(analysis.explain(graph, node_id, semantics), view, votes)


@dataclass(frozen=True)
class Comparison:
    perspectives: tuple[Perspective, Perspective]
    root: analysis.Difference
    rows: list[analysis.Difference]


def compare(store: Store, root: int, specs: list[str], *, semantics: str = "dfquad") -> Comparison:
    if len(specs) == 1:
        specs = [ALL, specs[0]]
    if len(specs) != 2:
        raise InvalidInput("give two perspectives: --perspective A --perspective B")
    first, second = perspective(store, specs[0]), perspective(store, specs[1])
    graphs = (first.graph(store), second.graph(store))
    _live(graphs[0], store, root)
    top, rows = analysis.compare(graphs, root, semantics)
    return Comparison((first, second), top, rows)


def verdicts(
    store: Store,
    thesis: int,
    standards: list[str],
    *,
    semantics: str = "dfquad",
    perspective_spec: str | None = None,
) -> tuple[list[analysis.Verdict], Perspective]:
    view = perspective(store, perspective_spec)
    graph = view.graph(store)
    _live(graph, store, thesis)
    if graph.nodes[thesis].kind != "claim":
        raise InvalidInput(f"#{thesis} is a quote; a verdict is on a claim")
    return analysis.verdicts(graph, thesis, standards, semantics), view


def groups(store: Store, thesis: int, *, k: int | None = None, seed: int = 0) -> Groups:
    from debate import opinion

    graph = store.graph()
    _live(graph, store, thesis)
    under = descendants(thesis, children_map(graph.links))
    return opinion.find(store.acceptance_votes(), sorted(under), k=k, seed=seed)
