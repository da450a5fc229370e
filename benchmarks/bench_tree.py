"""Times whole runs of `debate tree --json`, `debate export` and `debate --help`
on a generated debate of 10,000 claims, 2,000 quotes and 50,000 votes.

    python benchmarks/bench_tree.py [--runs 5] [--keep DIR]

Targets (issue 2): under 2 s for the tree and the export, under 0.3 s for --help.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from debate.core.anchoring import Anchorer, PageLabels
from debate.core.extraction import sha256
from debate.models import SourceMetadata, SourceText
from debate.store import Store

CLAIMS = 10_000
QUOTES = 2_000
VOTES = 50_000
PARTICIPANTS = 200
WORDS = [
    "harbour",
    "trade",
    "council",
    "costs",
    "town",
    "region",
    "share",
    "report",
    "port",
    "budget",
    "ships",
]


def generate(path: Path, seed: int = 1) -> None:
    rng = random.Random(seed)
    text = " ".join(f"{rng.choice(WORDS)} {i % 997}" for i in range(40_000))
    anchorer = Anchorer(text)
    labels = PageLabels(())
    with Store.open(path) as store, store.transaction():
        people = [store.participant_id(f"p{i}") for i in range(PARTICIPANTS)]
        thesis = store.add_node("claim", "Generated thesis", people[0])
        claims = [thesis]
        for i in range(CLAIMS - 1):
            parent = rng.choice(claims)
            node = store.add_node("claim", f"Claim {i}", rng.choice(people))
            store.add_link(parent, node, rng.choice(("pro", "con")), people[0])
            claims.append(node)
        source = store.add_source(
            "gen",
            SourceMetadata(title="Generated source"),
            people[0],
            text=SourceText(text, sha256(text), sha256(text), "bench", "txt"),
        )
        assert source is not None
        nodes = list(claims)
        for _ in range(QUOTES):
            start = rng.randrange(0, len(text) - 200)
            start = text.index(" ", start) + 1
            typed = text[start : text.index(" ", start + 60)]
            match = anchorer.anchor(typed, occurrence=1).match
            assert match is not None
            quote = store.add_node("quote", match.exact, rng.choice(people))
            anchor = anchorer.anchor_of(match, "verified", labels)
            store.add_quote(quote, source, typed=typed, locator=None, note=None, anchor=anchor)
            store.add_link(rng.choice(claims), quote, rng.choice(("pro", "con")), people[0])
            nodes.append(quote)
        cast: set[tuple[int, int, str]] = set()
        while len(cast) < VOTES:
            node, who = rng.choice(nodes[1:]), rng.choice(people)
            kind = rng.choice(("accept", "impact"))
            if (node, who, kind) in cast:
                continue
            cast.add((node, who, kind))
            value = rng.randint(-2, 2) if kind == "accept" else rng.randint(0, 4)
            store.cast_vote(node, who, kind, value)


def timed(command: list[str], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="Keep the generated store in this folder.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "bench.db"
    if not db.exists():
        started = time.perf_counter()
        generate(db)
        print(
            f"generated {CLAIMS} claims, {QUOTES} quotes, {VOTES} votes "
            f"in {time.perf_counter() - started:.1f} s"
        )
    debate = str(Path(sys.executable).with_name("debate"))
    cases = {
        "debate tree --json": [debate, "tree", "--json", "--db", str(db)],
        "debate export 1 --format markdown": [
            debate,
            "export",
            "1",
            "--format",
            "markdown",
            "--db",
            str(db),
        ],
        "debate --help": [debate, "--help"],
    }
    targets = {"debate --help": 0.3}
    for name, command in cases.items():
        median, worst = timed(command, args.runs)
        target = targets.get(name, 2.0)
        verdict = "ok" if median < target else "OVER TARGET"
        print(f"{name:40s} median {median:.3f} s  max {worst:.3f} s  target {target} s  {verdict}")


if __name__ == "__main__":
    main()
