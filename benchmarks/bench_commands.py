# ruff: noqa: E501  (the floors are SQL written out in full)
"""Whole `debate` commands against a floor measured in the same run (issue 12).

The floor of a measure is a bare Python, with only sqlite3 and json, doing the
same reads or writes in a process of its own: what any tool must pay to start,
read the rows and write the answer. Each line prints the command's median wall
time, its floor, the ratio and the target; peak memory is the child's max RSS.

    python benchmarks/bench_commands.py [--runs 5] [--sizes 1000,10000,100000] [--keep DIR]

Stores are generated with bulk SQL into a schema made by `debate` itself:
N claims in random trees (a parent among the 300 claims before), N/5 quotes
anchored in a 1 MB source, 5·N votes from 2,000 participants.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from debate.store import Store, new_uuid

PYTHON = sys.executable
# The console script users run (runpy's start-up under `-m` is not theirs).
SCRIPT = Path(sys.executable).with_name("debate")
DEBATE = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "debate"]
AT = "2026-01-01T00:00:00+00:00"
WORDS = ["harbour", "trade", "council", "costs", "town", "region", "share", "port", "ships"]


@dataclass
class Timing:
    median: float
    peak_mib: float


# Each command runs under this small process, which times it and reads its peak
# memory: forked from the benchmark itself, a child would count the benchmark's
# own pages in its peak.
MEASURE = """
import os, subprocess, sys, time
started = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:], stdout=open(sys.argv[1], "w"), stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
print(time.perf_counter() - started, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def run(
    command: list[str], runs: int, env: dict[str, str] | None = None, stdout: Any = None
) -> Timing:
    """Median wall time over `runs` and the largest peak RSS of the command."""
    times, peaks = [], []
    target = stdout.name if stdout is not None else os.devnull
    for _ in range(runs):
        measured = subprocess.run(
            [PYTHON, "-c", MEASURE, target, *command],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        seconds, peak, code = measured.stdout.split()
        if int(code) != 0:
            raise SystemExit(f"failed: {' '.join(command[:6])}")
        times.append(float(seconds))
        peaks.append(int(peak) / 1024)
    return Timing(statistics.median(times), max(peaks))


def source_text(size: int, rng: random.Random) -> str:
    words = []
    total = 0
    i = 0
    while total < size:
        word = f"{rng.choice(WORDS)} {i % 997}"
        words.append(word)
        total += len(word) + 1
        i += 1
    return " ".join(words)[:size]


def generate(path: Path, claims: int, rng: random.Random) -> None:
    Store.create_empty(path)
    text = source_text(1_000_000, rng)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    conn = sqlite3.connect(path)
    participants = 2_000
    quotes = claims // 5
    votes = claims * 5
    with conn:
        conn.executemany(
            "INSERT INTO participants (id, uuid, name, created_at) VALUES (?, ?, ?, ?)",
            [(i, new_uuid(), f"p{i}", AT) for i in range(1, participants + 1)],
        )
        conn.execute(
            "INSERT INTO sources (id, uuid, key, title, text, text_sha256, created_by, created_at)"
            " VALUES (1, ?, 'gen', 'Generated', ?, ?, 1, ?)",
            [new_uuid(), text, digest, AT],
        )
        nodes, links = [], []
        roots = max(1, claims // 1000)
        for i in range(1, claims + 1):
            nodes.append((i, new_uuid(), "claim", f"Claim {i} about {rng.choice(WORDS)}", AT))
            if i > roots:
                parent = rng.randint(max(1, i - 300), i - 1)
                links.append((new_uuid(), parent, i, rng.choice(("pro", "con")), AT))
        quote_rows = []
        for q in range(claims + 1, claims + quotes + 1):
            start = rng.randrange(0, len(text) - 200)
            start = text.index(" ", start) + 1
            end = text.index(" ", start + 60)
            nodes.append((q, new_uuid(), "quote", text[start:end], AT))
            links.append((new_uuid(), rng.randint(1, claims), q, rng.choice(("pro", "con")), AT))
            quote_rows.append((q, text[start:end], start, end))
        conn.executemany(
            "INSERT INTO nodes (id, uuid, kind, text, created_by, created_at) VALUES (?, ?, ?, ?, 1, ?)",
            nodes,
        )
        conn.executemany(
            "INSERT INTO links (uuid, parent_id, child_id, stance, created_by, created_at)"
            " VALUES (?, ?, ?, ?, 1, ?)",
            links,
        )
        conn.executemany(
            "INSERT INTO quotes (node_id, source_id, typed, start_offset, end_offset, status,"
            " verbatim, method, similarity, edits, text_sha256)"
            " VALUES (?, 1, ?, ?, ?, 'verified', 1, 'exact', 1.0, 0, ?)",
            [(*row, digest) for row in quote_rows],
        )
        conn.executemany(
            "INSERT INTO quotes_fts (rowid, text) VALUES (?, ?)",
            [(q, t) for q, t, _, _ in quote_rows],
        )
        seen: set[tuple[int, int, str]] = set()
        vote_rows: list[tuple[str, int, int, str, int, str]] = []
        total = claims + quotes
        while len(vote_rows) < votes:
            node, who = rng.randint(1, total), rng.randint(1, participants)
            kind = "accept" if node <= roots or rng.random() < 0.6 else "impact"
            if (node, who, kind) in seen:
                continue
            seen.add((node, who, kind))
            value = rng.randint(-2, 2) if kind == "accept" else rng.randint(0, 4)
            vote_rows.append((new_uuid(), node, who, kind, value, AT))
        conn.executemany(
            "INSERT INTO votes (uuid, node_id, participant_id, kind, value, cast_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            vote_rows,
        )
    conn.close()
    with Store.open(path) as store, store.transaction():  # rows written by hand: score them
        store.rebuild_kept_scores()


# -- floors: bare Python, sqlite3 and json only --------------------------------------

FLOOR_WRITE = """
import sqlite3, json, sys, os
from datetime import datetime, timezone
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA busy_timeout = 30000")
conn.execute("BEGIN IMMEDIATE")
at = datetime.now(timezone.utc).isoformat(timespec="seconds")
assert conn.execute("SELECT id FROM nodes WHERE id = 2 AND archived_at IS NULL").fetchone()
conn.execute("INSERT INTO participants (uuid, name, created_at) VALUES (?, 'bench', ?)"
             " ON CONFLICT (name) DO NOTHING", [os.urandom(16).hex(), at])
who = conn.execute("SELECT id FROM participants WHERE name = 'bench'").fetchone()[0]
conn.execute("SELECT value FROM votes WHERE node_id = 2 AND participant_id = ? AND kind = 'accept'",
             [who]).fetchone()
conn.execute("INSERT INTO votes (uuid, node_id, participant_id, kind, value, cast_at)"
             " VALUES (?, 2, ?, 'accept', 1, ?) ON CONFLICT (node_id, participant_id, kind)"
             " DO UPDATE SET value = excluded.value, cast_at = excluded.cast_at",
             [os.urandom(16).hex(), who, at])
conn.execute("INSERT INTO events (uuid, at, participant_id, action, node_id, data)"
             " VALUES (?, ?, ?, 'vote cast', 2, ?)", [os.urandom(16).hex(), at, who,
             json.dumps({"kind": "accept", "value": 1})])
conn.execute("COMMIT")
print(json.dumps({"id": 2, "participant": "bench"}))
"""

FLOOR_TREE = """
import sqlite3, json, sys
sys.setrecursionlimit(20_000)  # trees hundreds of levels deep
conn = sqlite3.connect(sys.argv[1])
tallies = {}
for node, kind, n, total in conn.execute(
        "SELECT node_id, kind, COUNT(*), SUM(value) FROM votes GROUP BY node_id, kind"):
    tallies[(node, kind)] = (n, total)
docs = {}
for i, kind, text, key, start, end in conn.execute(
        "SELECT n.id, n.kind, n.text, s.key, q.start_offset, q.end_offset FROM nodes n"
        " LEFT JOIN quotes q ON q.node_id = n.id LEFT JOIN sources s ON s.id = q.source_id"
        " WHERE n.archived_at IS NULL"):
    a = tallies.get((i, "accept"), (0, 0)); w = tallies.get((i, "impact"), (0, 0))
    docs[i] = {"id": i, "kind": kind, "text": text, "vote_counts": {"accept": a[0], "impact": w[0]},
               "source": key, "start": start, "end": end, "children": []}
has_parent = set()
for parent, child, stance in conn.execute("SELECT parent_id, child_id, stance FROM links ORDER BY id"):
    docs[child]["stance"] = stance
    docs[parent]["children"].append(docs[child])
    has_parent.add(child)
sys.stdout.write(json.dumps([d for i, d in docs.items() if i not in has_parent]))
"""

FLOOR_SUBTREE = """
import sqlite3, json, sys
conn = sqlite3.connect(sys.argv[1])
root = int(sys.argv[2])
def node(i):
    n = conn.execute("SELECT id, kind, text FROM nodes WHERE id = ?", [i]).fetchone()
    votes = conn.execute("SELECT kind, COUNT(*), SUM(value) FROM votes WHERE node_id = ? GROUP BY kind", [i]).fetchall()
    return {"id": n[0], "kind": n[1], "text": n[2], "votes": votes, "children": []}
doc = node(root)
for (child,) in conn.execute("SELECT child_id FROM links WHERE parent_id = ?", [root]).fetchall():
    kid = node(child)
    doc["children"].append(kid)
    for (grand,) in conn.execute("SELECT child_id FROM links WHERE parent_id = ?", [child]).fetchall():
        kid["children"].append(node(grand))
sys.stdout.write(json.dumps(doc))
"""

FLOOR_SHOW = """
import sqlite3, json, sys
conn = sqlite3.connect(sys.argv[1])
i = int(sys.argv[2])
doc = {"node": conn.execute("SELECT * FROM nodes WHERE id = ?", [i]).fetchone(),
       "parents": conn.execute("SELECT parent_id, stance FROM links WHERE child_id = ?", [i]).fetchall(),
       "children": conn.execute("SELECT child_id, stance FROM links WHERE parent_id = ?", [i]).fetchall(),
       "votes": conn.execute("SELECT participant_id, kind, value, cast_at FROM votes WHERE node_id = ?", [i]).fetchall(),
       "history": conn.execute("SELECT at, action, data FROM events WHERE node_id = ?", [i]).fetchall()}
sys.stdout.write(json.dumps(doc))
"""

FLOOR_CHECK = """
import sqlite3, json, sys
conn = sqlite3.connect(sys.argv[1])
problems = 0
for source_id, text in conn.execute("SELECT id, text FROM sources WHERE text IS NOT NULL").fetchall():
    for node, start, end, stored in conn.execute(
            "SELECT q.node_id, q.start_offset, q.end_offset, n.text FROM quotes q"
            " JOIN nodes n ON n.id = q.node_id WHERE q.source_id = ?", [source_id]):
        problems += text[start:end] != stored
print(json.dumps({"problems": problems}))
"""

FLOOR_QUOTE = """
import sqlite3, json, sys
conn = sqlite3.connect(sys.argv[1])
text = conn.execute("SELECT text FROM sources WHERE key = 'big'").fetchone()[0]
at = text.find(sys.argv[2])
print(json.dumps({"start": at}))
"""

FLOOR_SOURCE_ADD = """
import sqlite3, json, sys, hashlib
text = open(sys.argv[2], encoding="utf-8").read()
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO sources (uuid, key, text, text_sha256, created_by, created_at)"
             " VALUES ('u', 'floor', ?, ?, 1, 'x')", [text, hashlib.sha256(text.encode()).hexdigest()])
conn.execute("ROLLBACK")
print(json.dumps({"bytes": len(text)}))
"""


def floor(script: str, *args: str, runs: int) -> Timing:
    return run([PYTHON, "-c", script, *args], runs)


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str, str]] = []

    def add(self, name: str, value: Timing, base: Timing | None, target: str, ok: bool) -> None:
        ratio = f"{value.median / base.median:.1f}×" if base else "—"
        self.rows.append(
            (
                name,
                f"{value.median:.3f} s",
                f"{base.median:.3f} s" if base else "—",
                ratio,
                target,
                "ok" if ok else "OVER",
            )
        )
        print(" | ".join(self.rows[-1]), flush=True)

    def memory(self, name: str, value: Timing, limit: float) -> None:
        self.rows.append(
            (
                name,
                f"{value.peak_mib:.0f} MiB",
                "—",
                "—",
                f"≤ {limit:.0f} MiB",
                "ok" if value.peak_mib <= limit else "OVER",
            )
        )
        print(" | ".join(self.rows[-1]), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--keep", type=Path, help="Keep the generated stores in this folder.")
    parser.add_argument(
        "--skip-sources", action="store_true", help="Leave out the 10 and 50 MB sources."
    )
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    rng = random.Random(1)
    # As an installed copy runs: with its modules compiled to bytecode once.
    import compileall

    import debate

    compileall.compile_dir(Path(debate.__file__).parent, quiet=1)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    env = {**os.environ, "DEBATE_USER": "bench", "COLUMNS": "100"}
    report = Report()
    print(f"python {sys.version.split()[0]}, median of {args.runs} runs; store sizes {sizes}")
    print("measure | debate | floor | ratio | target | verdict")

    stores = {}
    for size in sizes:
        path = folder / f"claims{size}.db"
        if not path.exists():
            started = time.perf_counter()
            generate(path, size, rng)
            print(
                f"(generated {size:,} claims in {time.perf_counter() - started:.1f} s)", flush=True
            )
        stores[size] = path

    passed = run([PYTHON, "-c", "pass"], args.runs)
    helped = run([*DEBATE, "--help"], args.runs)
    report.add(
        "--help (floor: python -c pass)", helped, passed, "≤ 4×", helped.median <= 4 * passed.median
    )

    small = stores[sizes[0]]
    wrote = run([*DEBATE, "vote", "2", "--accept", "1", "--db", str(small)], args.runs, env)
    base = floor(FLOOR_WRITE, str(small), runs=args.runs)
    report.add("vote", wrote, base, "≤ 2×", wrote.median <= 2 * base.median)
    added = run(
        [*DEBATE, "claim", "add", "--pro", "2", "A new claim", "--db", str(small)], args.runs, env
    )
    report.add("claim add", added, base, "≤ 2×", added.median <= 2 * base.median)

    json_floors: dict[int, Timing] = {}
    for size, path in stores.items():
        tree = run([*DEBATE, "tree", "--json", "--db", str(path)], args.runs, env)
        json_floors[size] = base = floor(FLOOR_TREE, str(path), runs=args.runs)
        target = 2.5 if size >= 100_000 else 2.0
        report.add(
            f"tree --json, {size:,} claims",
            tree,
            base,
            f"≤ {target}×",
            tree.median <= target * base.median,
        )
        if size >= 100_000:
            report.memory(f"peak memory, tree --json, {size:,}", tree, 200)
    if 10_000 in stores:
        path = stores[10_000]
        with open(folder / "tree.txt", "w") as sink:  # to a file, as the issue measures
            human = run([*DEBATE, "tree", "--db", str(path)], args.runs, env, stdout=sink)
        report.add(
            "human tree to a file, 10,000",
            human,
            json_floors[10_000],
            "≤ 4× JSON floor",
            human.median <= 4 * json_floors[10_000].median,
        )
    for size, path in stores.items():
        if size < 10_000:
            continue
        shown = run([*DEBATE, "show", "500", "--json", "--db", str(path)], args.runs, env)
        base = floor(FLOOR_SHOW, str(path), "500", runs=args.runs)
        report.add(f"show N, {size:,} claims", shown, base, "≤ 2×", shown.median <= 2 * base.median)
        sub = run(
            [*DEBATE, "tree", "500", "--depth", "2", "--json", "--db", str(path)], args.runs, env
        )
        base = floor(FLOOR_SUBTREE, str(path), "500", runs=args.runs)
        report.add(f"tree N --depth 2, {size:,}", sub, base, "≤ 2×", sub.median <= 2 * base.median)
    biggest = stores[sizes[-1]]
    checked = run([*DEBATE, "check", "--json", "--db", str(biggest)], max(1, args.runs // 2), env)
    base = floor(FLOOR_CHECK, str(biggest), runs=args.runs)
    report.add(
        f"check, {sizes[-1]:,} claims", checked, base, "≤ 5×", checked.median <= 5 * base.median
    )

    if not args.skip_sources:
        for megabytes, runs in ((10, args.runs), (50, 1)):
            text = source_text(megabytes * 1_000_000, rng)
            file = folder / f"source{megabytes}.txt"
            file.write_text(text, encoding="utf-8")
            db = folder / f"source{megabytes}.db"
            for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
                leftover.unlink(missing_ok=True)
            for claim in range(runs):  # each quote goes under a claim of its own
                subprocess.run(
                    [*DEBATE, "claim", "add", f"T{claim}", "--db", str(db)],
                    env=env,
                    check=True,
                    capture_output=True,
                )
            added = run(
                [*DEBATE, "source", "add", str(file), "--key", "big", "--db", str(db)], 1, env
            )
            if megabytes == 10:
                base = floor(FLOOR_SOURCE_ADD, str(db), str(file), runs=runs)
                report.add("source add, 10 MB", added, base, "≤ 3 s", added.median <= 3.0)
            middle = len(text) // 2
            passage = text[text.index(" ", middle) + 1 : text.index(" ", middle + 80)]
            quote_args = ["--occurrence", "1", "--db", str(db)]
            timings = [
                run(
                    [*DEBATE, "quote", str(claim + 1), "--source", "big", passage, *quote_args],
                    1,
                    env,
                )
                for claim in range(runs)
            ]
            quoted = Timing(
                statistics.median(t.median for t in timings), max(t.peak_mib for t in timings)
            )
            if megabytes == 10:
                base = floor(FLOOR_QUOTE, str(db), passage, runs=runs)
                report.add("quote, 10 MB source", quoted, base, "≤ 0.3 s", quoted.median <= 0.3)
            else:
                report.memory("peak memory, quote, 50 MB source", quoted, 300)
                checked = run([*DEBATE, "check", "--db", str(db)], 1, env)
                report.memory("peak memory, check, 50 MB source", checked, 300)
    print()
    print("| measure | debate | floor | ratio | target | verdict |")
    print("|---|---|---|---|---|---|")
    for row in report.rows:
        print("| " + " | ".join(row) + " |")
    json.dumps(report.rows)


if __name__ == "__main__":
    main()
