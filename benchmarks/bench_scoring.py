"""Times scoring a debate of 100,000 nodes with 500,000 votes (issue 4: under 1 s of compute).

    python benchmarks/bench_scoring.py [--runs 5] [--semantics dfquad]

"compute" is what the issue targets: from the vote tallies of every node to
τ, w and σ of every node (`debate.core.scoring.score`), plus every node's exact
contributions (`debate.core.questioning`/`tree` work). "load" is reading the graph
and tallying the 500,000 votes from the SQLite store (`Store.graph`), shown
apart so the two are not confused.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from debate.core import scoring
from debate.core.graph import children_map
from debate.core.scoring import Scores
from debate.models import Graph
from debate.store import Store, new_uuid

NODES = 100_000
VOTES = 500_000
PARTICIPANTS = 2_000


def generate(path: Path, seed: int = 1) -> None:
    """Bulk rows straight into a fresh store: 100 theses, random trees below them."""
    rng = random.Random(seed)
    Store.create_empty(path)
    at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO participants (id, uuid, name, created_at) VALUES (?, ?, ?, ?)",
            [(i, new_uuid(), f"p{i}", at) for i in range(1, PARTICIPANTS + 1)],
        )
        conn.executemany(
            "INSERT INTO nodes (id, uuid, kind, text, created_by, created_at) "
            "VALUES (?, ?, 'claim', ?, 1, ?)",
            [(i, new_uuid(), f"Claim {i}", at) for i in range(1, NODES + 1)],
        )
        links = []
        for i in range(101, NODES + 1):
            # Parents among recent nodes keep the trees deep (depth in the hundreds).
            parent = rng.randint(max(1, i - 300), i - 1)
            links.append((new_uuid(), parent, i, rng.choice(("pro", "con")), at))
        conn.executemany(
            "INSERT INTO links (uuid, parent_id, child_id, stance, created_by, created_at) "
            "VALUES (?, ?, ?, ?, 1, ?)",
            links,
        )
        seen: set[tuple[int, int, str]] = set()
        votes: list[tuple[str, int, int, str, int, str]] = []
        while len(votes) < VOTES:
            node, who = rng.randint(1, NODES), rng.randint(1, PARTICIPANTS)
            kind = "accept" if node <= 100 or rng.random() < 0.6 else "impact"
            if (node, who, kind) in seen:
                continue
            seen.add((node, who, kind))
            value = rng.randint(-2, 2) if kind == "accept" else rng.randint(0, 4)
            votes.append((new_uuid(), node, who, kind, value, at))
        conn.executemany(
            "INSERT INTO votes (uuid, node_id, participant_id, kind, value, cast_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            votes,
        )
    conn.close()


def contributions_everywhere(graph: Graph, scores: Scores, semantics: str) -> int:
    count = 0
    for parent, links in children_map(graph.links).items():
        kids = [(k.stance, scores.weight[k.child] * scores.strength[k.child]) for k in links]
        count += len(scoring.contributions(scores.base[parent], kids, semantics))
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--semantics", default="dfquad", choices=scoring.SEMANTICS_NAMES)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        started = time.perf_counter()
        generate(path)
        print(
            f"generated {NODES:,} nodes, {VOTES:,} votes in {time.perf_counter() - started:.1f} s"
        )
        store = Store.open(path)
        loads, computes, explains = [], [], []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            graph = store.graph()
            t1 = time.perf_counter()
            scores = scoring.score(graph, args.semantics)
            t2 = time.perf_counter()
            n = contributions_everywhere(graph, scores, args.semantics)
            t3 = time.perf_counter()
            loads.append(t1 - t0)
            computes.append(t2 - t1)
            explains.append(t3 - t2)
        store.close()
    assert len(scores.strength) == NODES and n == NODES - 100
    tallied = sum(node.accept.votes + node.impact.votes for node in graph.nodes.values())
    assert tallied == VOTES
    print(f"python {sys.version.split()[0]}, semantics {args.semantics}, median of {args.runs}:")
    print(f"  compute τ, w, σ of {NODES:,} nodes:      {statistics.median(computes):.3f} s")
    print(f"  + every child's exact contribution:     {statistics.median(explains):.3f} s")
    print(f"  load graph and tally {VOTES:,} votes: {statistics.median(loads):.3f} s")


if __name__ == "__main__":
    main()
