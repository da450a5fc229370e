"""How a seminar debate is decided: the audience's swing, the judges' majority, or
their ranking of teams. Pure: no I/O.

Swing (Intelligence Squared): each side's share of all votes, in percentage
points, before and after; the side whose share grew more wins. Majority: each
judge names a winner; most judges win; a tie decides nothing. Ranking (British
Parliamentary): teams by their average rank over the judges, then by their
speakers' total points; team points 3/2/1/0 from first to last.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from debate.models import POLL_ANSWERS, Ballot

Counts = dict[str, int]  # for, against, undecided


class Swing(NamedTuple):
    pre: Counts
    post: Counts
    pre_share: dict[str, float]  # percentage points of all votes
    post_share: dict[str, float]
    swing: dict[str, float]  # post share minus pre share
    winner: str | None  # "for", "against", or None for a tie or no votes


def points_text(x: float) -> str:
    """A change in percentage points: +15 pt, -2.5 pt, 0 pt."""
    if abs(x) < 0.05:
        return "0 pt"
    whole = abs(x - round(x)) < 0.05
    return (f"{x:+.0f}" if whole else f"{x:+.1f}") + " pt"


def shares(counts: Counts) -> dict[str, float]:
    total = sum(counts.values())
    return {str(a): (100.0 * counts.get(a, 0) / total if total else 0.0) for a in POLL_ANSWERS}


def swing(pre: Counts, post: Counts) -> Swing:
    before, after = shares(pre), shares(post)
    change: dict[str, float] = {a: after[a] - before[a] for a in POLL_ANSWERS}
    winner = None
    if sum(pre.values()) and sum(post.values()):
        # Rounded to a hundredth of a point, so that float noise never decides.
        gain_for, gain_against = round(change["for"], 2), round(change["against"], 2)
        if gain_for != gain_against:
            winner = "for" if gain_for > gain_against else "against"
    full: tuple[Counts, Counts] = (
        {a: pre.get(a, 0) for a in POLL_ANSWERS},
        {a: post.get(a, 0) for a in POLL_ANSWERS},
    )
    return Swing(full[0], full[1], before, after, change, winner)


class Majority(NamedTuple):
    votes: dict[str, int]  # side → judges
    winner: str | None
    split: str  # "2–1"
    minority: tuple[str, ...]  # judges who named the other side


def majority(ballots: list[Ballot], sides: tuple[str, ...]) -> Majority:
    votes = Counter(b.winner for b in ballots if b.winner)
    tally = {s: votes.get(s, 0) for s in sides}
    ranked = sorted(sides, key=lambda s: -tally[s])
    top = ranked[0]
    winner = top if tally[top] > max((tally[s] for s in ranked[1:]), default=0) else None
    split = "–".join(str(tally[s]) for s in ranked)
    minority = tuple(b.judge for b in ballots if winner and b.winner != winner)
    return Majority(tally, winner, split, minority)


class Ranking(NamedTuple):
    order: tuple[str, ...]  # first place first
    average_rank: dict[str, float]
    speaker_points: dict[str, int]  # each team's total over the ballots
    team_points: dict[str, int]  # 3/2/1/0


def ranking(
    ballots: list[Ballot], teams: tuple[str, ...], team_of: dict[str, str]
) -> Ranking | None:
    ranked = [b for b in ballots if b.ranking]
    if not ranked:
        return None
    average = {t: sum(b.ranking.index(t) + 1 for b in ranked) / len(ranked) for t in teams}
    points = {t: 0 for t in teams}
    for b in ranked:
        for speaker, score in b.points:
            team = team_of.get(speaker)
            if team in points:
                points[team] += score
    # Teams in the order the format lists them break what still ties.
    order = tuple(sorted(teams, key=lambda t: (average[t], -points[t], teams.index(t))))
    top = len(teams) - 1
    return Ranking(order, average, points, {t: top - i for i, t in enumerate(order)})


def moved(pre: dict[str, str], post: dict[str, str]) -> dict[tuple[str, str], int]:
    """Of the people who answered both polls by name: how many went from what to what
    (those who stayed put too)."""
    out: Counter[tuple[str, str]] = Counter()
    for person, before in pre.items():
        after = post.get(person)
        if after is not None:
            out[(before, after)] += 1
    return dict(sorted(out.items()))
