"""Both engines on one store (issue 10): SQLite's file against PostgreSQL, same machine.

The store is bench_commands' generated one of 10,000 claims, 2,000 quotes and
50,000 votes, made as SQLite and copied to a fresh schema on the server with
`debate db copy` (itself measured, both ways). Then, on each engine:
`tree --json`, `export --format markdown`, one `vote`, and 64 voting processes
started at once (votes per second, and how many votes are missing after).

Then roles on the server: a debater's login, whose writes the server makes
forget the kept scores they move, so that its reads score those again. Its
`vote`, and its `tree --json` after one vote and after 300 votes spread over the
tree, against SQLite's `tree --json` from the same run.

    python benchmarks/bench_engines.py --pg postgresql://user:pw@host/db [--runs 5]

The database named must let the benchmark create and drop a schema.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script
from benchmarks.bench_commands import DEBATE, Timing, generate, run

VOTERS = 64


def schema_url(base: str, schema: str) -> str:
    return f"{base}{'&' if '?' in base else '?'}options={quote(f'-csearch_path={schema}')}"


def count_votes(address: str) -> int:
    if address.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(address) as conn:
            row = conn.execute("SELECT COUNT(*) FROM votes").fetchone()
    else:
        conn2 = sqlite3.connect(address)
        row = conn2.execute("SELECT COUNT(*) FROM votes").fetchone()
        conn2.close()
    assert row is not None
    return int(row[0])


def concurrent_votes(address: str, first_claim: int) -> tuple[float, int]:
    """64 processes each cast one new vote at the same moment: votes per second over the
    whole burst, and how many of the 64 votes are missing afterwards."""
    before = count_votes(address)
    env = {**os.environ, "DEBATE_DB": address}
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            [*DEBATE, "vote", str(first_claim + i), "--accept", "1", "--as", f"burst{i}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for i in range(VOTERS)
    ]
    failures = [p.communicate()[1].decode().strip() for p in procs]
    seconds = time.perf_counter() - started
    failed = [f for p, f in zip(procs, failures, strict=True) if p.returncode != 0]
    if failed:
        print(f"  {len(failed)} voters failed, e.g.: {failed[0]}", flush=True)
    return VOTERS / seconds, before + VOTERS - count_votes(address)


def as_login(base: str, login: str, password: str) -> str:
    parts = urlsplit(base)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{login}:{password}@{host}"))


def member_figures(admin: Any, server: str, schema: str, lite_tree: float, runs: int) -> None:
    """A debater's writes and reads on the store once roles are granted."""
    login, password = f"{schema}_member", os.urandom(8).hex()
    admin.execute(f"CREATE ROLE \"{login}\" LOGIN PASSWORD '{password}'")
    subprocess.run([*DEBATE, "db", "grant", login, "--role", "debater", "--db", server],
                   check=True, stderr=subprocess.DEVNULL)  # fmt: skip
    member = as_login(server, login, password)
    vote = run([*DEBATE, "vote", "3", "--accept", "1", "--db", member], runs).median
    print(f"vote by a debater (forgets what it moves) | | {vote:.3f} s |", flush=True)
    tree = run([*DEBATE, "tree", "--json", "--db", member], runs).median
    print(f"tree --json by a debater, after its vote | {lite_tree:.3f} s | {tree:.3f} s | "
          f"{tree / lite_tree:.2f}×", flush=True)  # fmt: skip
    import psycopg

    picked = random.Random(2).sample(range(2, 10_000), 300)
    with psycopg.connect(member, autocommit=True) as conn:
        me = conn.execute("SELECT debate_me()").fetchone()
        for node in picked:  # raw, as psql would: the server forgets all the same
            conn.execute(
                "INSERT INTO votes (uuid, node_id, participant_id, kind, value, cast_at) "
                "VALUES (%s, %s, %s, 'accept', 1, 't') ON CONFLICT DO NOTHING",
                [os.urandom(16).hex(), node, me[0] if me else None],
            )
        row = conn.execute(
            "SELECT COUNT(*) FROM nodes n WHERE NOT EXISTS "
            "(SELECT 1 FROM scores s WHERE s.node_id = n.id)"
        ).fetchone()
    missing = row[0] if row else 0
    tree = run([*DEBATE, "tree", "--json", "--db", member], runs).median
    print(f"tree --json by a debater, after 300 votes ({missing:,} scores forgotten) | "
          f"{lite_tree:.3f} s | {tree:.3f} s | {tree / lite_tree:.2f}×", flush=True)  # fmt: skip


def drop_roles(admin: Any, schema: str) -> None:
    roles = [r[0] for r in admin.execute(
        "SELECT rolname FROM pg_roles WHERE rolname LIKE %s OR rolname = %s",
        [f"%.{schema}:%", f"{schema}_member"],
    )]  # fmt: skip
    for role in roles:
        admin.execute(f'DROP OWNED BY "{role}"; DROP ROLE "{role}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", required=True, help="A server database (may create a schema).")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import psycopg

    folder = Path(tempfile.mkdtemp())
    sqlite_store = folder / "bench.db"
    generate(sqlite_store, 10_000, random.Random(1))
    schema = f"bench_{os.urandom(4).hex()}"
    admin = psycopg.connect(args.pg, autocommit=True)
    admin.execute(f"CREATE SCHEMA {schema}")
    server = schema_url(args.pg, schema)
    try:
        started = time.perf_counter()
        subprocess.run([*DEBATE, "db", "copy", str(sqlite_store), server], check=True)
        to_pg = time.perf_counter() - started
        back = folder / "back.db"
        started = time.perf_counter()
        subprocess.run([*DEBATE, "db", "copy", server, str(back)], check=True)
        to_sqlite = time.perf_counter() - started
        print("measure | SQLite | PostgreSQL | ratio", flush=True)
        print(f"db copy of the whole store into it | {to_sqlite:.2f} s | {to_pg:.2f} s | "
              f"{to_pg / to_sqlite:.2f}×", flush=True)  # fmt: skip
        stores = {"SQLite": str(sqlite_store), "PostgreSQL": server}
        lite_tree = 0.0
        for name, command in (
            ("tree --json", ["tree", "--json"]),
            ("export --format markdown", ["export", "1", "--format", "markdown"]),
            ("vote", ["vote", "2", "--accept", "1", "--as", "bench"]),
        ):
            timing: dict[str, Timing] = {
                engine: run([*DEBATE, *command, "--db", where], args.runs)
                for engine, where in stores.items()
            }
            lite, pg = timing["SQLite"].median, timing["PostgreSQL"].median
            lite_tree = lite if name == "tree --json" else lite_tree
            target = " (target ≤ 1.5×)" if name == "tree --json" else ""
            print(f"{name} | {lite:.3f} s | {pg:.3f} s | {pg / lite:.2f}×{target}", flush=True)
        burst = {engine: concurrent_votes(where, 100) for engine, where in stores.items()}
        (lite_rate, lite_lost), (pg_rate, pg_lost) = burst["SQLite"], burst["PostgreSQL"]
        print(f"{VOTERS} voters at once: votes/s | {lite_rate:.1f} | {pg_rate:.1f} | "
              f"{pg_rate / lite_rate:.2f}×", flush=True)  # fmt: skip
        print(f"{VOTERS} voters at once: lost votes | {lite_lost} | {pg_lost} | target 0")
        member_figures(admin, server, schema, lite_tree, args.runs)
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        drop_roles(admin, schema)
        admin.close()


if __name__ == "__main__":
    main()
