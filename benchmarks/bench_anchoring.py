"""Times importing a 1 MB source and anchoring 200-character quotes with typos in it
(issue 3: import under 1 s; anchoring under 50 ms median).

    python benchmarks/bench_anchoring.py [--quotes 50] [--keep DIR]

The source is generated prose: sentences of pseudo-words, lines of about 70
characters with some words hyphenated at line ends, and pages (form feeds) with
a running header and a page number. Each quote is a random 200-character
passage, re-flowed onto one line, with 3 letters changed (typos: the fuzzy path).

Figures:
- import: `sources.add_source` in process (read, extract, hash, index passages
  for search, store), and the whole `debate source add` command;
- anchor, warm: `Anchorer.anchor` once the source is normalized (many quotes);
- anchor, cold: normalizing the 1 MB source and anchoring one quote, which is
  what one `debate quote` command does; and the whole `debate quote` command.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from debate.app import sources
from debate.core.anchoring import Anchorer
from debate.core.text import readable
from debate.models import SourceMetadata
from debate.store import Store

SIZE = 1_000_000
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "den", "par", "sol", "tin", "ber"]


def generate(rng: random.Random) -> str:
    vocabulary = [
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(5000)
    ]
    out: list[str] = []
    size, page = 0, 1
    line = ""
    lines_on_page = 0
    while size < SIZE:
        sentence = [rng.choice(vocabulary) for _ in range(rng.randint(6, 24))]
        sentence[0] = sentence[0].capitalize()
        for i, word in enumerate(sentence):
            word = word + ("." if i == len(sentence) - 1 else "")
            if len(line) + len(word) + 1 > 70:
                if len(word) > 6 and rng.random() < 0.3:  # hyphenate at the line end
                    cut = len(word) // 2
                    line += " " + word[:cut] + "-"
                    word = word[cut:]
                out.append(line.strip() + "\n")
                size += len(out[-1])
                line = ""
                lines_on_page += 1
                if lines_on_page == 45:
                    out.append(f"{page}\n\fThe Generated Review, vol. 7\n")
                    page += 1
                    lines_on_page = 0
            line += " " + word
    out.append(line.strip() + "\n")
    return "".join(out)


def typo(passage: str, rng: random.Random, n: int = 3) -> str:
    """As a person retypes it: one line, hyphenation undone, with n letters wrong."""
    chars = list(readable(passage))
    letters = [i for i, c in enumerate(chars) if c.isalpha()]
    for i in rng.sample(letters, n):
        chars[i] = "x" if chars[i] != "x" else "y"
    return "".join(chars)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="Keep the generated files here.")
    args = parser.parse_args()
    rng = random.Random(7)
    text = generate(rng)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        source = folder / "big.txt"
        source.write_text(text, encoding="utf-8")
        print(f"source: {len(text.encode()):,} bytes, {text.count(chr(12)) + 1} pages")

        imports = []
        for run in range(args.runs):
            db = folder / f"import{run}.db"
            store = Store.open(db)
            t0 = time.perf_counter()
            sources.add_source(store, "bench", source, "big", SourceMetadata())
            imports.append(time.perf_counter() - t0)
            store.close()
        commands = []
        env = {**os.environ, "DEBATE_USER": "bench"}
        debate = [sys.executable, "-m", "debate"]
        for run in range(args.runs):
            db = folder / f"command{run}.db"
            t0 = time.perf_counter()
            subprocess.run(
                [*debate, "source", "add", str(source), "--key", "big", "--db", str(db)],
                check=True,
                capture_output=True,
                env=env,
            )
            commands.append(time.perf_counter() - t0)

        anchorer = Anchorer.for_text(text)
        t0 = time.perf_counter()
        anchorer.norm  # noqa: B018  (normalize once, as a cold command does)
        normalize_s = time.perf_counter() - t0
        quotes: list[str] = []
        while len(quotes) < args.quotes:
            start = rng.randrange(0, len(text) - 400)
            start = text.index(" ", start) + 1
            end = start + 200
            while text[end].isalpha():  # whole words only
                end += 1
            passage = text[start:end]
            if (
                "\f" in passage
                or "Review" in passage
                or "vol. 7" in passage
                or re.search(r"\n\d", passage)
            ):
                continue  # no running header or page number: they are not the text
            quotes.append(typo(passage, rng))
        warm, statuses = [], []
        for q in quotes:
            t0 = time.perf_counter()
            result = anchorer.anchor(q)
            warm.append(time.perf_counter() - t0)
            statuses.append(result.status)
        cold = []
        for q in quotes[:10]:
            t0 = time.perf_counter()
            Anchorer.for_text(text).anchor(q)
            cold.append(time.perf_counter() - t0)
        subprocess.run(
            [*debate, "claim", "add", "T", "--db", str(folder / "command0.db")],
            check=True,
            capture_output=True,
            env=env,
        )
        quote_commands = []
        for q in quotes[:5]:
            t0 = time.perf_counter()
            subprocess.run(
                [*debate, "quote", "1", "--source", "big", q, "--db", str(folder / "command0.db")],
                capture_output=True,
                env=env,
            )
            quote_commands.append(time.perf_counter() - t0)

    found = sum(s in ("verified", "verified-with-differences") for s in statuses)
    print(f"python {sys.version.split()[0]}; medians:")
    print(f"  import 1 MB, in process:          {statistics.median(imports):.3f} s")
    print(f"  `debate source add` command:      {statistics.median(commands):.3f} s")
    print(f"  normalize the 1 MB source once:   {normalize_s:.3f} s")
    print(
        f"  anchor a 200-char quote, 3 typos: {statistics.median(warm) * 1000:.1f} ms warm "
        f"(max {max(warm) * 1000:.1f} ms; {found}/{len(quotes)} verified with differences)"
    )
    print(f"  normalize + anchor (cold):        {statistics.median(cold) * 1000:.1f} ms")
    print(f"  `debate quote` command:           {statistics.median(quote_commands):.3f} s")


if __name__ == "__main__":
    main()
