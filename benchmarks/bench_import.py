"""`debate import` of a 3,000-claim Kialo export (issue 9: under 2 s).

    python benchmarks/bench_import.py [--claims 3000] [--runs 5]

The file is synthetic (real Kialo exports may not be shared): a random tree in
the current dialect, one claim in ten citing a footnote, one in fifty a
`-> See` back-reference. Each run imports it into a new store, in a process of
its own. The floor is a bare Python reading the same file and inserting one
row per claim and per link with sqlite3, in one transaction.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("debate")
DEBATE = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "debate"]

FLOOR = """
import re, sqlite3, sys
text = open(sys.argv[1], encoding="utf-8-sig").read()
conn = sqlite3.connect(sys.argv[2])
conn.execute("CREATE TABLE nodes (id INTEGER PRIMARY KEY, key TEXT UNIQUE, text TEXT)")
conn.execute("CREATE TABLE links (parent TEXT, child TEXT, stance TEXT)")
heading = re.compile(r"^ *(\\d+(?:\\.\\d+)*)\\. (Thesis|Pro|Con):$")
with conn:
    key = None
    for line in text.splitlines():
        m = heading.match(line)
        if m:
            key, stance = m[1], m[2]
        elif key and line.strip():
            conn.execute("INSERT INTO nodes (key, text) VALUES (?, ?)", [key, line.strip()])
            if "." in key:
                conn.execute("INSERT INTO links VALUES (?, ?, ?)",
                             [key.rpartition(".")[0], key, stance])
            key = None
"""


def kialo_file(claims: int, rng: random.Random) -> str:
    lines = ["Discussion Name:", "A benchmark discussion", "", "1. Thesis:", "The thesis.", ""]
    numbers = ["1"]
    children = {"1": 0}
    for i in range(1, claims):
        parent = numbers[rng.randrange(max(0, len(numbers) - 300), len(numbers))]
        children[parent] += 1
        number = f"{parent}.{children[parent]}"
        children[number] = 0
        indent = "  " * number.count(".")
        lines.append(f"{indent}{number}. {rng.choice(['Pro', 'Con'])}:")
        target = numbers[rng.randrange(1, len(numbers))] if len(numbers) > 1 else parent
        if i % 50 == 0 and not (parent == target or parent.startswith(target + ".")):
            # a claim stated earlier, not above this one: a reference makes no cycle
            lines.append(f"{indent}-> See {target}.")
            lines.append("")
            continue  # nothing stands under a reference
        else:
            cite = f"[{i % 20 + 1}]" if i % 10 == 0 else ""
            lines.append(f"{indent}Claim {i}: the harbour, the council and the costs.{cite}")
        lines.append("")
        numbers.append(number)
    lines.append("Sources:")
    lines.extend(
        f"[{n}] Author {n} ({2000 + n}). A report. https://example.org/{n}" for n in range(1, 21)
    )
    return "\n".join(lines) + "\n"


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    path = folder / "export.txt"
    path.write_text(kialo_file(args.claims, random.Random(1)), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["DEBATE_USER"] = "bench"
    ours, floors = [], []
    for run in range(args.runs):
        store = folder / f"store{run}.db"
        ours.append(timed([*DEBATE, "import", str(path), "--db", str(store)], env))
        floors.append(
            timed([sys.executable, "-c", FLOOR, str(path), str(folder / f"f{run}.db")], env)
        )
    median, floor = statistics.median(ours), statistics.median(floors)
    size = path.stat().st_size
    print(f"python {sys.version.split()[0]}, median of {args.runs} runs")
    print("measure | debate | floor | ratio | target | verdict")
    verdict = "ok" if median < 2.0 else "OVER"
    print(
        f"import, Kialo, {args.claims:,} claims ({size / 1e6:.1f} MB) | {median:.3f} s"
        f" | {floor:.3f} s | {median / floor:.1f}× | < 2 s | {verdict}"
    )


if __name__ == "__main__":
    main()
