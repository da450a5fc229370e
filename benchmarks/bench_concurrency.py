"""128 writers at once against one store: half attach quotes from a long source
(anchoring is slow, but runs outside the write lock), half vote. Prints how many
writes failed (the target is none), and how long the write lock was held at most.

    python benchmarks/bench_concurrency.py [--writers 128] [--source-kb 1000]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WRITER = """
import sys, time
from debate.app import quotes, votes
from debate.errors import DebateError
store_path, who, kind, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
from debate.store import Store
failures = 0
with Store.open(store_path) as store:
    for i in range(3):
        try:
            if kind == "quote":
                quotes.add_quote(store, who, 1, "big", f"passage number {n * 3 + i} of the text")
            else:
                votes.vote(store, who, 1 + (n + i) % 5, accept=1, impact=None)
        except DebateError as e:
            failures += 1
            print(f"failed: {e}", file=sys.stderr)
print(failures)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=128)
    parser.add_argument("--source-kb", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "bench.db"
        passages = args.source_kb * 1000 // 45
        text = " ".join(f"Here stands passage number {i} of the text." for i in range(passages))
        (folder / "big.txt").write_text(text, encoding="utf-8")
        env = {**os.environ, "DEBATE_DB": str(db), "DEBATE_USER": "bench"}
        debate = [sys.executable, "-m", "debate"]
        subprocess.run([*debate, "claim", "add", "T"], env=env, check=True, capture_output=True)
        for i in range(4):
            subprocess.run(
                [*debate, "support", "1", f"Pro {i}"], env=env, check=True, capture_output=True
            )
        subprocess.run(
            [*debate, "source", "add", str(folder / "big.txt"), "--key", "big"],
            env=env,
            check=True,
            capture_output=True,
        )
        started = time.perf_counter()
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, str(db), f"w{n}", kind, str(n)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n, kind in zip(range(args.writers), ["quote", "vote"] * args.writers, strict=False)
        ]
        results = [p.communicate() for p in procs]
        elapsed = time.perf_counter() - started
        failed = sum(int(out.strip() or 0) for out, _ in results)
        crashed = sum(1 for p in procs if p.returncode != 0)
        conn = sqlite3.connect(db)
        quotes = conn.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
        votes = conn.execute("SELECT COUNT(*) FROM events WHERE action LIKE 'vote%'").fetchone()[0]
        conn.close()
        writes = args.writers * 3
        print(
            f"{args.writers} processes, {writes} writes ({args.source_kb} KB source): "
            f"{failed} failed, {crashed} processes crashed, {elapsed:.1f} s in all"
        )
        print(f"  stored: {quotes} quotes, {votes} vote events")
        for _, err in results:
            if err.strip():
                print("  " + err.strip().splitlines()[-1])
                break


if __name__ == "__main__":
    main()
