"""`debate serve`: the projector page over HTTP (Starlette's test client), and the
server as a real process on loopback (tests/test_room.py has the rest of the
room). Every stream and every wait is bounded."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Runner
from tests.test_room import assert_no_inline_code

pytestmark = pytest.mark.sqlite_only("the server reads through the same use cases on either engine")
ROOT = Path(__file__).resolve().parents[1]
HOSTILE = '<script>alert(1)</script> <img src=x onerror="alert(2)"> \u202eevil'
BOUND_S = 15


@pytest.fixture
def seminar(run: Runner) -> Runner:
    """An Oxford debate on a motion holding markup, its first speech under way."""
    run("claim", "add", HOSTILE)
    run("session", "new", "1", "--format", "oxford", "--side", "for:ana,ben", "--side",
        "against:cy,dee", "--motion", HOSTILE)  # fmt: skip
    run("session", "start", "1")
    return run


@pytest.fixture
def client(seminar: Runner) -> Iterator[object]:
    from starlette.testclient import TestClient

    from debate.web.server import make_app

    with TestClient(make_app(seminar.address, 1, stream_s=3.0)) as c:
        yield c


def test_the_projector_shows_the_speech_under_way_and_escapes_user_text(client: object) -> None:
    page = client.get("/screen")  # type: ignore[attr-defined]
    assert page.status_code == 200
    text = page.text
    assert '<h2 class="title">1. Opening 1 for (F1)</h2>' in text
    assert '<p class="speaker">ana <span class="side">(for)</span> · for 1</p>' in text
    assert '<p class="next">Next: 2. Opening 1 against (A1): cy</p>' in text
    assert "<script>alert" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert 'onerror="alert' not in text
    assert page.headers["content-security-policy"] == "default-src 'self'"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert '<script src="/static/room.js" defer></script>' in text  # no inline script
    assert_no_inline_code(text)
    script = client.get("/static/room.js")  # type: ignore[attr-defined]
    assert script.status_code == 200 and "EventSource" in script.text


def test_serve_refuses_what_it_cannot_serve(seminar: Runner) -> None:
    result = seminar("serve", "9", code=1)
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    result = seminar("serve", "1", "--host", "10.0.0.1", "--room", code=2)
    assert "give --host or --room, not both" in result.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_until_stopped(address: str, *args: str) -> tuple[str, str, str]:
    """`debate serve ARGS` as a process: its projector page once it answers, then
    Ctrl-C; the page, stdout and stderr."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "debate", *args, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DEBATE_DB": address},
    )
    try:
        page, deadline = "", time.monotonic() + BOUND_S
        while time.monotonic() < deadline and not page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/screen", timeout=2) as r:
                    page = r.read().decode()
            except OSError:
                time.sleep(0.1)
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=BOUND_S)
    finally:
        server.kill()
    assert server.returncode == 0, err
    return page, out.replace(f":{port}", ":PORT"), err.replace(f":{port}", ":PORT")


def test_serve_runs_on_loopback_and_stops_on_ctrl_c(seminar: Runner) -> None:
    page, out, err = serve_until_stopped(seminar.address, "serve", "1")
    assert "&lt;script&gt;" in page
    assert re.fullmatch(r"http://localhost:PORT/\?code=[A-Z2-7]{6}\n", out)
    assert "The projector: http://localhost:PORT/screen\n" in err
    chair = (
        r"The chair's link \(tester; keep it to yourself\): http://localhost:PORT/chair/[\w-]{24}\n"
    )
    assert re.search(chair, err)
    assert err.endswith("Serving the room; Ctrl-C stops.\nStopped.\n")
    assert "█" in err  # the QR code, for the room


def test_the_seminars_page_shows_what_serve_prints(seminar: Runner) -> None:
    """The docs' example, run (on loopback: tests serve nothing to a network)."""
    page = (ROOT / "docs" / "seminars.md").read_text(encoding="utf-8")
    [example] = re.findall(r"^```text\n\$ (debate serve .*?)\n(.*?)^```", page, flags=re.S | re.M)
    command, shown = example
    args = [
        part
        for word in command.split()[1:]
        for part in (["--host", "127.0.0.1"] if word == "--room" else [word])
    ]
    seminar("session", "new", "1", "--format", "ld", "--side", "aff:ana", "--side", "neg:cy",
            "--judge", "jo", "--chair", "cat")  # fmt: skip
    _, out, err = serve_until_stopped(seminar.address, *args)
    assert re.fullmatch(r"http://localhost:PORT/\?code=[A-Z2-7]{6}\n", out)
    assert shown.splitlines()[0].startswith("http://192.168.1.20:8000/?code=")
    qr = ("█", "▀", "▄", " ")
    told = [line.split(":")[0] for line in err.splitlines() if not line.startswith(qr)]
    documented = [line.split(":")[0] for line in shown.splitlines()[2:]]
    assert told == [*documented, "Stopped."]


def test_no_other_command_imports_the_servers_parts(seminar: Runner) -> None:
    """Starlette, uvicorn, Jinja2, segno and the web layer are `serve`'s alone, so no
    other command's start-up grows with them (benchmarks/bench_startup.py times it)."""
    for command in (["list"], ["session", "show", "1"], ["session", "links", "1"]):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "debate", *command],
            env={**os.environ, "DEBATE_DB": seminar.address},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        imported = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines()}
        imported |= {line.split("|")[-1].strip() for line in done.stderr.splitlines()}
        server_parts = {"starlette", "uvicorn", "jinja2", "segno", "itsdangerous", "debate.web"}
        assert not imported & server_parts, (command, imported & server_parts)
