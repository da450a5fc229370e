"""Many writers at once on one store, with a big `source add` alongside (issue 20).

Each writer is a process of its own that runs `debate` commands one after another
as the CLI runs them (each opens the store, acts, closes it): claims, votes and
quotes, mixed. Readers build trees and exports meanwhile, and one more process
adds a big source. At the end the store is checked against what every writer was
told was done.

    python benchmarks/bench_load.py [--writers 128] [--commands 6] [--source-mb 20]
    python benchmarks/bench_load.py --server postgresql://… --writers 64

It prints what the target counts (refused writes, lost writes, failed reads: all
must be 0) and what explains them: how long writers waited for the write lock,
how long they held it, and how long each command took, as the median, the 99th
centile and the most. Lock figures come from timing the engine's `begin` and
`commit` inside the writer processes; nothing in debate is changed for it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

# Times the engine's `begin` (the wait for the write lock) and the lock's hold, and
# appends both to the file $BENCH_LOCK_LOG names, one line a transaction.
INSTRUMENT = r"""
import os, time
from debate.store import postgres_engine, sqlite_engine
def timed(engine_class):
    begin, commit, rollback = engine_class.begin, engine_class.commit, engine_class.rollback
    def timed_begin(self):
        self._asked = time.perf_counter()
        begin(self)
        self._held_from = time.perf_counter()
    def ending(end):
        def timed_end(self):
            held = getattr(self, "_held_from", None)
            end(self)
            if held is not None:
                line = f"{held - self._asked} {time.perf_counter() - held}\n"
                fd = os.open(os.environ["BENCH_LOCK_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
                os.write(fd, line.encode())
                os.close(fd)
                self._held_from = None
        return timed_end
    engine_class.begin = timed_begin
    engine_class.commit, engine_class.rollback = ending(commit), ending(rollback)
timed(sqlite_engine.SQLiteEngine)
timed(postgres_engine.PostgresEngine)
"""

# `debate` as its console script runs, timed.
COMMAND = INSTRUMENT + "from debate.cli import main\nmain()\n"

# One writer: waits for the start line, runs its commands (each a process of its own
# as a user's would be, or with --in-process one call after another in this one),
# and prints one JSON line.
WRITER = (
    INSTRUMENT
    + r"""
import contextlib, io, json, subprocess, sys, time
from pathlib import Path
address, name, commands, go, mode = sys.argv[1:6]
commands, go = int(commands), Path(go)
from debate.cli import cli

def debate(*args):
    started = time.perf_counter()
    args = [*args, "--db", address, "--as", name]
    if mode == "process":
        command = [sys.executable, "-c", os.environ["BENCH_COMMAND"], *args]
        done = subprocess.run(command, capture_output=True, text=True)
        return done.returncode, done.stderr.strip(), done.stdout, time.perf_counter() - started
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            cli.main(args, "debate", standalone_mode=False)
            code = 0
        except SystemExit as e:
            code = e.code
    return code, err.getvalue().strip(), out.getvalue(), time.perf_counter() - started

while not go.exists():
    time.sleep(0.01)
done, refused, failed, took = [], [], [], []
pros = 20
mine = None
for i in range(commands):
    turn = i % 3
    target = 2 + (hash(name) + i) % pros
    if turn == 0:
        text = f"{name} claims {i}"
        args = ("support", str(target), text)
    elif turn == 1:
        value = (i // 3) % 5 - 2
        args = ("vote", str(target), "--accept", str(value), "--impact", "2")
    else:
        number = (int(name[1:]) * commands + i) % 4000
        args = ("quote", str(mine or target), "--source", "small",
                f"passage number {number} of the text")
    code, err, out, seconds = debate(*args, "--json")
    took.append(seconds)
    if code == 0:
        doc = json.loads(out)
        if turn == 0:
            mine = doc["id"]
        done.append([turn, args[1], args[2] if turn != 1 else int(args[3]),
                     doc.get("id") if turn != 1 else None])
    elif "busy" in err:
        refused.append(err)
    else:
        failed.append(err)
print(json.dumps({"done": done, "refused": refused, "failed": failed, "took": took}))
"""
)

# One reader: trees and exports until the stop file appears.
READER = r"""
import contextlib, io, json, sys, time
from pathlib import Path
address, go, stop = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
from debate.cli import cli
while not go.exists():
    time.sleep(0.01)
reads, failures = 0, []
deadline = time.monotonic() + 900
while not stop.exists() and time.monotonic() < deadline:
    for args in (["tree", "--json"], ["export", "1", "--format", "json"], ["tree", "1"]):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            try:
                cli.main([*args, "--db", address], "debate", standalone_mode=False)
                code = 0
            except SystemExit as e:
                code = e.code
        reads += 1
        if code != 0:
            failures.append(err.getvalue().strip())
print(json.dumps({"reads": reads, "failures": failures}))
"""

PROSE = (
    "The partnership between the two states rests on shared grievances rather than "
    "shared values, and its durability depends on whether those grievances outlast "
    "the leaders who voice them. "
)


def debate(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "debate", *args], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"setup failed: debate {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def big_source(path: Path, megabytes: float) -> None:
    """Prose with numbered pages (form feeds), `megabytes` of it."""
    page = "\n".join(PROSE * 3 for _ in range(12)) + "\n"
    pages = max(1, int(megabytes * 1_000_000 / len(page)))
    with path.open("w", encoding="utf-8") as f:
        for n in range(pages):
            f.write(f"Page {n + 1}. " + page + "\f")


def figures(values: list[float]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"median {statistics.median(ordered) * 1000:.0f} ms, 99th {p99 * 1000:.0f} ms, "
        f"most {ordered[-1] * 1000:.0f} ms"
    )


def check_stored(address: str, results: list[dict[str, Any]]) -> int:
    """How many writes a writer was told were done that the store does not hold."""
    from debate.store import Store

    lost = 0
    with Store.open(address, create=False, writable=False) as store, store.snapshot():
        graph = store.graph()
        by_text = {n.text for n in graph.nodes.values()}
        for name, result in zip(WRITERS, results, strict=True):
            last_vote: dict[int, int] = {}
            for turn, node, value, made in result["done"]:
                if turn == 0 and value not in by_text:
                    lost += 1
                elif turn == 1:
                    last_vote[int(node)] = value
                elif turn == 2 and made not in graph.nodes:
                    lost += 1
            for node, value in last_vote.items():
                held = store.votes(node)
                if not any(
                    v.participant == name and v.kind == "accept" and v.value == value for v in held
                ):
                    lost += 1
    return lost


WRITERS: list[str] = []


def alone(
    env: dict[str, str], address: str, folder: Path, name: str, commands: int, mode: str
) -> tuple[list[float], list[tuple[float, ...]]]:
    """The floor: one writer doing the same mix with the store to itself; its
    commands' times and its transactions' (wait, hold) pairs."""
    log = folder / f"{name}.log"
    go = folder / f"{name}-go"
    go.touch()
    done = subprocess.run(
        [sys.executable, "-c", WRITER, address, name, str(commands), str(go), mode],
        env={**env, "BENCH_LOCK_LOG": str(log)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise SystemExit(f"the writer alone crashed: {done.stderr.strip()[-400:]}")
    took = json.loads(done.stdout)["took"]
    return took, [tuple(map(float, line.split())) for line in log.read_text().splitlines()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=128)
    parser.add_argument("--commands", type=int, default=6, help="commands per writer")
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--source-mb", type=float, default=20.0)
    parser.add_argument("--server", help="a PostgreSQL URL (an empty schema) instead of a file")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="each writer runs its commands in its own process rather than one process each",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        address = args.server or str(folder / "load.db")
        lock_log = folder / "locks.log"
        env = {
            **os.environ,
            "DEBATE_DB": address,
            "DEBATE_USER": "chair",
            "BENCH_COMMAND": COMMAND,
            "BENCH_LOCK_LOG": str(lock_log),
        }
        mode = "in-process" if args.in_process else "process"
        debate(env, "claim", "add", "The partnership is thick")
        for i in range(20):
            debate(env, "support" if i % 2 else "rebut", "1", f"Reason {i}")
        small = folder / "small.txt"
        small.write_text(
            " ".join(f"Here stands passage number {i} of the text." for i in range(4000)),
            encoding="utf-8",
        )
        debate(env, "source", "add", str(small), "--key", "small")
        big = folder / "big.txt"
        big_source(big, args.source_mb)
        go, stop = folder / "go", folder / "stop"
        WRITERS[:] = [f"w{n}" for n in range(args.writers)]
        writers = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, address, name, str(args.commands), str(go), mode],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in WRITERS
        ]
        readers = [
            subprocess.Popen(
                [sys.executable, "-c", READER, address, str(go), str(stop)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(args.readers)
        ]
        # The floor before the load and again after it: a writer with the store to itself.
        quiet_took, quiet_timed = alone(env, address, folder, "q0", args.commands, mode)
        time.sleep(3 + args.writers * 0.05)  # every writer has imported debate
        go.touch()
        started = time.perf_counter()
        adding = subprocess.Popen(
            [sys.executable, "-c", COMMAND, "source", "add", str(big), "--key", "big"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        source_took: list[float] = []

        def watch() -> None:
            adding.wait()
            source_took.append(time.perf_counter() - started)

        watching = threading.Thread(target=watch)
        watching.start()
        results = []
        for w in writers:
            out, err = w.communicate(timeout=1800)
            if w.returncode != 0:
                raise SystemExit(f"a writer crashed: {err.strip()[-400:]}")
            results.append(json.loads(out))
        writing = time.perf_counter() - started
        watching.join(timeout=1800)
        source_error = adding.communicate(timeout=60)[1].strip()
        stop.touch()
        reads = [json.loads(r.communicate(timeout=600)[0]) for r in readers]
        lost = check_stored(address, results)
        took_after, timed_after = alone(env, address, folder, "q1", args.commands, mode)
        quiet_took += took_after
        quiet_timed += timed_after
        timed = [tuple(map(float, line.split())) for line in lock_log.read_text().splitlines()]
    done = sum(len(r["done"]) for r in results)
    refused = [e for r in results for e in r["refused"]]
    failed = [e for r in results for e in r["failed"]]
    read_failures = [e for r in reads for e in r["failures"]]
    print(
        f"{args.writers} writers × {args.commands} commands on "
        f"{'PostgreSQL' if args.server else 'SQLite'} ({mode}), with a {args.source_mb:g} MB "
        f"`source add` alongside and {args.readers} readers"
    )
    print(f"  writes: {done} done, {len(refused)} refused as busy, {len(failed)} failed")
    print(f"  lost: {lost}")
    print(f"  reads: {sum(r['reads'] for r in reads)} done, {len(read_failures)} failed")
    print(
        f"  source add: {'done' if adding.returncode == 0 else source_error} "
        f"in {source_took[0]:.1f} s"
    )
    print(f"  writers all done in {writing:.1f} s")
    print("  under load, and (floor) one writer alone, before and after the load:")
    for what, loaded, quiet in (
        ("lock wait", [wait for wait, _ in timed], [wait for wait, _ in quiet_timed]),
        ("lock held", [held for _, held in timed], [held for _, held in quiet_timed]),
        ("a command", [t for r in results for t in r["took"]], quiet_took),
    ):
        print(f"  {what}: {figures(loaded)}")
        print(f"  {'':{len(what)}}  floor {figures(quiet)}")
    for what, errors in (("refused", refused), ("failed", failed), ("read", read_failures)):
        if errors:
            print(f"  first {what}: {errors[0]}")


if __name__ == "__main__":
    main()
