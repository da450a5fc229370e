"""Opinion groups from acceptance votes, in the way Polis finds them. Pure.

Small, Bjorkegren, Erkkilä, Shaw and Megill, "Polis: Scaling Deliberation by
Mapping High Dimensional Opinion Spaces" (2021):

1. a participants × claims matrix of acceptance votes (−2…+2); a missing
   vote is the claim's mean vote;
2. PCA to two dimensions, each participant's position scaled up by
   √(claims / claims they voted on), so sparse voters are not pulled to the middle;
3. k-means (k-means++ starts, fixed seed, best of several runs), k chosen by
   the silhouette, or one group when no k shows structure;
4. for each group, its representative claims: where the group agrees (or
   disagrees) much more than everyone else, by Polis's ratio of
   Laplace-smoothed shares.

Consensus claims are accepted by every group; divisive claims are accepted
by one group and rejected by another.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from debate.errors import InvalidInput, NotEnoughVotes

MIN_PARTICIPANTS = 3
MIN_VOTES_EACH = 3  # a participant with fewer votes under the thesis is left out
MAX_K = 5  # and at most half the participants: a group is two people on average
# Below this mean silhouette no k shows structure (Kaufman and Rousseeuw's
# "no substantial structure" band): everyone is one group.
MIN_SILHOUETTE = 0.25
SHARE = 0.6  # a group "accepts" a claim when its smoothed share of agreement is at least this
REPRESENTATIVES = 3
RUNS = 10


@dataclass(frozen=True)
class Representative:
    id: int
    accepts: bool  # the group accepts it (False: the group rejects it)
    share: float  # Laplace-smoothed share of the group that votes that way
    ratio: float  # how many times more than everyone else
    votes: int  # members who vote that way
    voters: int  # members who voted on it at all


@dataclass(frozen=True)
class Group:
    members: tuple[str, ...]
    representative: tuple[Representative, ...]
    mean_vote: dict[int, float]  # claims the group voted on → its mean acceptance


@dataclass(frozen=True)
class Groups:
    groups: tuple[Group, ...]
    consensus: tuple[int, ...]
    divisive: tuple[int, ...]
    silhouette: float | None  # None when one group was chosen, or k was given and is 1
    left_out: tuple[str, ...]  # participants with too few votes
    claims: int  # claims in the matrix
    seed: int


def _kmeans_once(
    points: NDArray[np.float64], k: int, rng: np.random.Generator, iterations: int = 100
) -> tuple[NDArray[np.int64], float]:
    # k-means++ starts
    centers = [points[rng.integers(len(points))]]
    for _ in range(1, k):
        d2 = np.min([((points - c) ** 2).sum(axis=1) for c in centers], axis=0)
        total = d2.sum()
        index = rng.choice(len(points), p=d2 / total) if total > 0 else rng.integers(len(points))
        centers.append(points[index])
    c = np.array(centers)
    labels = np.zeros(len(points), dtype=np.int64)
    for _ in range(iterations):
        distances = ((points[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)
        new = distances.argmin(axis=1)
        if _ and np.array_equal(new, labels):
            break
        labels = new
        for j in range(k):
            if (labels == j).any():
                c[j] = points[labels == j].mean(axis=0)
    inertia = float(((points - c[labels]) ** 2).sum())
    return labels, inertia


def kmeans(points: NDArray[np.float64], k: int, seed: int) -> NDArray[np.int64]:
    """Best of RUNS k-means++ runs; labels renumbered by first appearance."""
    rng = np.random.default_rng(seed)
    best: tuple[NDArray[np.int64], float] | None = None
    for _ in range(RUNS):
        labels, inertia = _kmeans_once(points, k, rng)
        if best is None or inertia < best[1] - 1e-12:
            best = (labels, inertia)
    assert best is not None
    order: dict[int, int] = {}
    for label in best[0]:
        order.setdefault(int(label), len(order))
    return np.array([order[int(label)] for label in best[0]], dtype=np.int64)


def silhouette(points: NDArray[np.float64], labels: NDArray[np.int64]) -> float:
    """Mean silhouette (Rousseeuw 1987); a point alone in its cluster scores 0."""
    distances = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    clusters = sorted(set(labels.tolist()))
    if len(clusters) < 2:
        return 0.0
    scores = []
    for i, label in enumerate(labels):
        same = labels == label
        if same.sum() == 1:
            scores.append(0.0)
            continue
        a = distances[i, same].sum() / (same.sum() - 1)
        b = min(distances[i, labels == other].mean() for other in clusters if other != label)
        scores.append(0.0 if max(a, b) == 0 else (b - a) / max(a, b))
    return float(np.mean(scores))


def project(matrix: NDArray[np.float64]) -> NDArray[np.float64]:
    """Participants' positions on the first two principal components (NaN = no vote)."""
    voted = ~np.isnan(matrix)
    counts = voted.sum(axis=0)
    means = np.where(counts > 0, np.nansum(matrix, axis=0) / np.maximum(counts, 1), 0.0)
    filled = np.where(voted, matrix, means)
    centred = filled - filled.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    components = vt[:2]
    # SVD signs are arbitrary; fix them so the same votes give the same picture.
    for row in components:
        if row[np.argmax(np.abs(row))] < 0:
            row *= -1
    positions: NDArray[np.float64] = centred @ components.T
    scale = np.sqrt(matrix.shape[1] / np.maximum(voted.sum(axis=1), 1))
    return positions * scale[:, None]


def _smoothed(hits: NDArray[np.float64], seen: NDArray[np.float64]) -> NDArray[np.float64]:
    result: NDArray[np.float64] = (hits + 1.0) / (seen + 2.0)
    return result


def find(
    votes: list[tuple[str, int, int]],
    claims: list[int],
    *,
    k: int | None = None,
    seed: int = 0,
) -> Groups:
    """Opinion groups among the participants who voted on the given claims."""
    wanted = set(claims)
    by_person: dict[str, dict[int, int]] = {}
    for person, claim, value in votes:
        if claim in wanted:
            by_person.setdefault(person, {})[claim] = value
    people = sorted(p for p, v in by_person.items() if len(v) >= MIN_VOTES_EACH)
    left_out = tuple(sorted(set(by_person) - set(people)))
    if len(people) < MIN_PARTICIPANTS:
        who = {0: "no participant", 1: "only 1 participant"}.get(
            len(people), f"only {len(people)} participants"
        )
        raise NotEnoughVotes(
            f"{who} voted on {MIN_VOTES_EACH} or more of these claims; opinion groups "
            f"need at least {MIN_PARTICIPANTS}, or they would be clustering noise"
        )
    columns = sorted({c for p in people for c in by_person[p]})
    if k is not None and not 1 <= k <= len(people):
        raise InvalidInput(f"--k must be between 1 and {len(people)} (the participants)")
    matrix = np.full((len(people), len(columns)), np.nan)
    for i, person in enumerate(people):
        for j, claim in enumerate(columns):
            if claim in by_person[person]:
                matrix[i, j] = by_person[person][claim]

    points = project(matrix)
    chosen: float | None = None
    if k is None:
        k, labels = 1, np.zeros(len(people), dtype=np.int64)
        for candidate in range(2, min(MAX_K, max(2, len(people) // 2)) + 1):
            trial = kmeans(points, candidate, seed)
            width = silhouette(points, trial)
            if width >= MIN_SILHOUETTE and (chosen is None or width > chosen + 1e-12):
                k, labels, chosen = candidate, trial, width
    else:
        labels = kmeans(points, k, seed) if k > 1 else np.zeros(len(people), dtype=np.int64)
        chosen = silhouette(points, labels) if k > 1 else None

    agree = np.nan_to_num(matrix, nan=0.0) > 0
    disagree = np.nan_to_num(matrix, nan=0.0) < 0
    seen = ~np.isnan(matrix)
    groups = []
    accepts_all = np.ones(len(columns), dtype=bool)
    accepted_by_some = np.zeros(len(columns), dtype=bool)
    rejected_by_some = np.zeros(len(columns), dtype=bool)
    for g in range(k):
        inside = labels == g
        counts = {
            name: (a[inside].sum(0).astype(float), a[~inside].sum(0).astype(float))
            for name, a in (("agree", agree), ("disagree", disagree), ("seen", seen))
        }
        p_agree = _smoothed(counts["agree"][0], counts["seen"][0])
        p_disagree = _smoothed(counts["disagree"][0], counts["seen"][0])
        accepts_all &= p_agree >= SHARE
        accepted_by_some |= p_agree >= SHARE
        rejected_by_some |= p_disagree >= SHARE
        reps = _representatives(counts, columns) if k > 1 else _group_favourites(counts, columns)
        with np.errstate(invalid="ignore", divide="ignore"):
            means = np.nansum(np.where(inside[:, None], matrix, np.nan), axis=0) / counts["seen"][0]
        groups.append(
            Group(
                members=tuple(p for p, inside_ in zip(people, inside, strict=True) if inside_),
                representative=reps,
                mean_vote={
                    c: round(float(m), 6)
                    for c, m, n in zip(columns, means, counts["seen"][0], strict=True)
                    if n > 0
                },
            )
        )
    divisive = accepted_by_some & rejected_by_some if k > 1 else np.zeros(len(columns), bool)
    spread = _spread(groups, columns)
    return Groups(
        groups=tuple(groups),
        consensus=tuple(c for c, ok in zip(columns, accepts_all, strict=True) if ok),
        divisive=tuple(
            sorted(
                (c for c, ok in zip(columns, divisive, strict=True) if ok),
                key=lambda c: (-spread[c], c),
            )
        ),
        silhouette=None if chosen is None else round(chosen, 6),
        left_out=left_out,
        claims=len(columns),
        seed=seed,
    )


def _representatives(
    counts: dict[str, tuple[NDArray[Any], NDArray[Any]]], columns: list[int]
) -> tuple[Representative, ...]:
    """Claims on which the group stands apart: Polis's representativeness ratio."""
    seen_in, seen_out = counts["seen"]
    found = []
    for name, accepts in (("agree", True), ("disagree", False)):
        hits_in, hits_out = counts[name]
        share = _smoothed(hits_in, seen_in)
        ratio = share / _smoothed(hits_out, seen_out)
        for j, claim in enumerate(columns):
            if seen_in[j] > 0 and share[j] > 0.5 and ratio[j] > 1.0:
                found.append(
                    Representative(
                        claim,
                        accepts,
                        float(share[j]),
                        float(ratio[j]),
                        int(hits_in[j]),
                        int(seen_in[j]),
                    )
                )
    found.sort(key=lambda r: (-r.ratio * r.share, r.id))
    return tuple(_rounded(r) for r in found[:REPRESENTATIVES])


def _group_favourites(
    counts: dict[str, tuple[NDArray[Any], NDArray[Any]]], columns: list[int]
) -> tuple[Representative, ...]:
    """With one group there is no "everyone else": its most agreed-on claims."""
    seen_in = counts["seen"][0]
    share = _smoothed(counts["agree"][0], seen_in)
    found = [
        Representative(c, True, float(share[j]), 1.0, int(counts["agree"][0][j]), int(seen_in[j]))
        for j, c in enumerate(columns)
        if seen_in[j] > 0 and share[j] > 0.5
    ]
    found.sort(key=lambda r: (-r.share, r.id))
    return tuple(_rounded(r) for r in found[:REPRESENTATIVES])


def _rounded(r: Representative) -> Representative:
    return Representative(r.id, r.accepts, round(r.share, 6), round(r.ratio, 6), r.votes, r.voters)


def _spread(groups: list[Group], columns: list[int]) -> dict[int, float]:
    """Highest minus lowest group mean vote on each claim."""
    out = {}
    for c in columns:
        means = [g.mean_vote[c] for g in groups if c in g.mean_vote]
        out[c] = max(means) - min(means) if means else 0.0
    return out
