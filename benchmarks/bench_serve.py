"""The room under load (issue 21): `debate serve` on loopback and N simulated phones.

The server runs as a process of its own (`python -m debate serve`); each phone is
an httpx client of its own, with its own cookie, that joins as a participant of
its own. Four measures, each printed beside its target and beside a floor
measured in the same run, in interleaved rounds (measure, floor, measure, floor):
the floor is the same number of requests to the server's own static file, so it
is what HTTP on this machine costs without a use case.

1. the post-debate poll: every phone answers once, each at a random moment of a
   10 s window; lost (no answer), refused (not 200), and the latency;
2. sustained votes: the phones vote on the claims as fast as the server takes
   them for a few seconds; votes per second, and lost votes (checked in the store);
3. an update reaching every connected page: each phone holds its page's stream
   open; a step of the clock is written (as `session next` would, from another
   process), and the time until each phone's stream shows it;
4. the server's peak memory (VmHWM) with every phone's stream open.

    python benchmarks/bench_serve.py [--phones 300] [--rounds 2]
    python benchmarks/bench_serve.py --server postgresql://… [--phones 300]

Every loop is bounded in count and time; all traffic stays on loopback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx  # what Starlette tests with, in the test extra

TOKEN = re.compile(r'name="form_token" value="([0-9a-f]+)"')
WINDOW_S = 10.0
VOTE_S = 4.0
BOUND_S = 60.0


def debate(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "debate", *args], env=env, capture_output=True, text=True,
        timeout=BOUND_S, check=True,
    )  # fmt: skip
    return done.stdout


def centile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Phone:
    def __init__(self, base: str, name: str, code: str):
        limits = httpx.Limits(max_connections=4, max_keepalive_connections=2)
        self.client = httpx.AsyncClient(base_url=base, limits=limits, timeout=30.0)
        self.name = name
        self.code = code  # the room code, as the QR code's address gives it
        self.token = ""
        self.voted: dict[int, int] = {}  # node -> the last accept value the server took

    async def join(self) -> None:
        page = await self.client.get(f"/?code={self.code}")
        found = TOKEN.search(page.text)
        assert found, page.text[:200]
        self.token = found.group(1)
        answer = await self.client.post(
            f"/join?code={self.code}", data={"form_token": self.token, "name": self.name},
            headers={"x-debate-fetch": "1"},
        )  # fmt: skip
        assert answer.status_code == 200, answer.text

    async def post(self, path: str, data: dict[str, str]) -> tuple[float, int]:
        started = time.perf_counter()
        answer = await self.client.post(
            path, data={"form_token": self.token, **data}, headers={"x-debate-fetch": "1"}
        )
        return time.perf_counter() - started, answer.status_code

    async def floor(self) -> tuple[float, int]:
        started = time.perf_counter()
        answer = await self.client.get("/static/room.css")
        return time.perf_counter() - started, answer.status_code


async def at_random_moments(calls: list[Any], window: float) -> list[Any]:
    """Each call starts at a random moment of the window; their results, in order."""

    async def later(call: Any) -> Any:
        await asyncio.sleep(random.uniform(0, window))
        try:
            return await call()
        except httpx.HTTPError:
            return None  # lost

    return await asyncio.gather(*(later(c) for c in calls))


def summary(results: list[Any]) -> tuple[list[float], int, int]:
    latencies = [r[0] for r in results if r is not None and r[1] == 200]
    lost = sum(1 for r in results if r is None)
    refused = sum(1 for r in results if r is not None and r[1] != 200)
    return latencies, lost, refused


async def poll_round(phones: list[Phone], answer: str) -> list[Any]:
    return await at_random_moments(
        [lambda p=p: p.post("/poll", {"phase": "post", "answer": answer}) for p in phones],
        WINDOW_S,
    )


async def floor_round(phones: list[Phone]) -> list[Any]:
    return await at_random_moments([p.floor for p in phones], WINDOW_S)


async def votes_round(
    phones: list[Phone], claims: list[int], seconds: float
) -> tuple[list[Any], float]:
    """Every phone votes again and again, its page's stream open meanwhile (as in a
    room: each vote moves the tree, and every page is sent its update)."""
    ends = time.monotonic() + seconds
    results: list[Any] = []

    async def follow(p: Phone) -> None:
        async with p.client.stream("GET", "/phone/events", timeout=BOUND_S) as events:
            async for _ in events.aiter_lines():
                if time.monotonic() > ends:
                    return

    streams = [asyncio.create_task(follow(p)) for p in phones]
    await asyncio.sleep(1.0)
    started = time.perf_counter()
    ends = time.monotonic() + seconds

    async def keep_voting(p: Phone) -> None:
        while time.monotonic() < ends:
            node, value = random.choice(claims), random.randint(-2, 2)
            try:
                took, status = await p.post(
                    "/vote", {"node": str(node), "kind": "accept", "value": str(value)}
                )
            except httpx.HTTPError:
                results.append(None)
                continue
            results.append((took, status))
            if status == 200:
                p.voted[node] = value
            await asyncio.sleep(random.uniform(0.2, 0.6))  # a person taps; the bucket holds

    await asyncio.gather(*(keep_voting(p) for p in phones))
    took = time.perf_counter() - started
    for task in streams:
        task.cancel()
    return results, took


async def update_round(phones: list[Phone], env: dict[str, str], step: str) -> list[float]:
    """Every phone's stream open; one step written from another process; how long
    each phone waited to see it (seconds after the write returned)."""
    shows = {"pause": "paused", "resume": "running"}[step]
    seen: dict[str, float] = {}
    ready = asyncio.Event()
    opened = 0

    async def watch(p: Phone) -> None:
        nonlocal opened
        async with p.client.stream("GET", "/phone/events", timeout=BOUND_S) as events:
            opened += 1
            if opened == len(phones):
                ready.set()
            async for line in events.aiter_lines():
                if line.startswith("data: ") and f"Session 1 · {shows}</p>" in line:
                    seen[p.name] = time.perf_counter()
                    return

    watchers = [asyncio.create_task(watch(p)) for p in phones]
    await asyncio.wait_for(ready.wait(), BOUND_S)
    await asyncio.sleep(1.0)  # every stream has sent its first part
    await asyncio.to_thread(debate, env, "session", step, "1")
    written = time.perf_counter()
    await asyncio.wait(watchers, timeout=10.0)
    for w in watchers:
        w.cancel()
    return [seen[p.name] - written for p in phones if p.name in seen] + [
        float("inf") for p in phones if p.name not in seen
    ]


def peak_memory_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def line(what: str, figure: str, floor: str, target: str, ok: bool) -> None:
    print(f"| {what} | {figure} | {floor} | {target} | {'yes' if ok else 'NO'} |", flush=True)


async def bench(
    args: argparse.Namespace, env: dict[str, str], server: subprocess.Popen[str], base: str
) -> None:
    join = json.loads(debate(env, "session", "links", "1", "--json"))["join"]
    code = join.partition("?code=")[2]
    phones = [Phone(base, f"phone {i:03d}", code) for i in range(args.phones)]
    for i in range(0, len(phones), 50):
        await asyncio.gather(*(p.join() for p in phones[i : i + 50]))
    claims = [int(n) for n in args.claims]
    print(f"{args.phones} phones on {args.engine}; each figure beside its floor "
          "(the same requests to a static file) and its target\n")  # fmt: skip
    print("| measure | figure | floor | target | met |\n|---|---|---|---|---|")
    p99_target = 0.150 if args.engine == "sqlite" else 0.300
    for r in range(args.rounds):
        answers = await poll_round(phones, random.choice(["for", "against", "undecided"]))
        floors = await floor_round(phones)
        lat, lost, refused = summary(answers)
        flat, _, _ = summary(floors)
        line(f"post poll, round {r + 1}: lost / refused", f"{lost} / {refused}", "", "0 / 0",
             lost == refused == 0)  # fmt: skip
        line(f"post poll, round {r + 1}: p50 / p99", f"{statistics.median(lat) * 1000:.0f} / "
             f"{centile(lat, 0.99) * 1000:.0f} ms", f"{statistics.median(flat) * 1000:.0f} / "
             f"{centile(flat, 0.99) * 1000:.0f} ms", f"p99 ≤ {p99_target * 1000:.0f} ms",
             centile(lat, 0.99) <= p99_target)  # fmt: skip
    polled = json.loads(debate(env, "session", "result", "1", "--json"))["polls"]["post"]
    line("post poll: answers the store counts", str(sum(polled.values())), "",
         f"{len(phones)}", sum(polled.values()) == len(phones))  # fmt: skip
    for r in range(args.rounds):
        results, took = await votes_round(phones, claims, VOTE_S)
        floors = await floor_round(phones[: max(1, len(phones) // 10)])
        lat, lost, refused = summary(results)
        flat, _, _ = summary(floors)
        line(f"votes, {len(phones)} pages streamed, round {r + 1}: rate, p99 (lost / refused)",
             f"{len(lat) / took:.0f}/s, {centile(lat, 0.99) * 1000:.0f} ms ({lost} / {refused})",
             f"p50 {statistics.median(flat) * 1000:.0f} ms", "≥ 500/s, 0 lost",
             len(lat) / took >= 500 and lost == 0)  # fmt: skip
    for r in range(args.rounds):
        waits = await update_round(phones, env, "pause" if r % 2 == 0 else "resume")
        floors = await floor_round(phones)
        flat, _, _ = summary(floors)
        missed = sum(1 for w in waits if w == float("inf"))
        p50, p99 = statistics.median(waits) * 1000, centile(waits, 0.99) * 1000
        line(f"update to {len(phones)} pages, round {r + 1}: p50 / p99 (missed)",
             f"{p50:.0f} / {p99:.0f} ms ({missed})",
             f"{statistics.median(flat) * 1000:.0f} / {centile(flat, 0.99) * 1000:.0f} ms",
             "p99 ≤ 1000 ms", centile(waits, 0.99) <= 1.0 and missed == 0)  # fmt: skip
    memory = peak_memory_mib(server.pid)
    line(f"server peak memory, {len(phones)} pages streamed", f"{memory:.0f} MiB", "", "≤ 150 MiB",
         memory <= 150)  # fmt: skip
    lost = 0
    for node in claims:
        kept = json.loads(debate(env, "votes", str(node), "--json"))["votes"]
        held = {v["participant"]: v["value"] for v in kept if v["kind"] == "accept"}
        lost += sum(
            1 for p in phones if p.voted.get(node) is not None and held.get(p.name) != p.voted[node]
        )
    line(
        "votes the phones were told were recorded, not in the store", str(lost), "", "0", lost == 0
    )
    for p in phones:
        await p.client.aclose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--server", help="a PostgreSQL URL (an empty schema) instead of SQLite")
    args = parser.parse_args()
    args.engine = "postgresql" if args.server else "sqlite"
    with tempfile.TemporaryDirectory() as tmp:
        address = args.server or str(Path(tmp) / "room.db")
        env = {**os.environ, "DEBATE_DB": address, "DEBATE_USER": "chair"}
        debate(env, "claim", "add", "Trade ties make war less likely")
        args.claims = []
        for i in range(10):
            out = debate(
                env, "claim", "add", f"Reason {i}", "--pro" if i % 2 else "--con", "1", "--json"
            )
            args.claims.append(re.search(r'"id": (\d+)', out).group(1))  # type: ignore[union-attr]
        debate(env, "session", "new", "1", "--format", "oxford", "--side", "for:ana,ben",
               "--side", "against:cy,dee")  # fmt: skip
        debate(env, "session", "start", "1")
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "debate", "serve", "1", "--port", str(port)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + BOUND_S
            while time.monotonic() < deadline:
                try:
                    httpx.get(f"{base}/static/room.css", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            # the post poll opens with the last speech
            speeches = json.loads(debate(env, "format", "show", "oxford", "--json"))["speeches"]
            for _ in range(len(speeches) - 1):
                debate(env, "session", "next", "1")
            asyncio.run(bench(args, env, server, base))
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=20)
            finally:
                server.kill()


if __name__ == "__main__":
    main()
