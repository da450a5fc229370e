"""`debate serve`, first step: the projector page and its live stream, over HTTP
(Starlette's test client) and as a real process on loopback. Every stream and
every wait is bounded."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest

from tests.conftest import Runner

pytestmark = pytest.mark.sqlite_only("the server reads through the same use cases on either engine")
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
    assert '<script src="/static/screen.js" defer></script>' in text  # no inline script
    script = client.get("/static/screen.js")  # type: ignore[attr-defined]
    assert script.status_code == 200 and "EventSource" in script.text
    home = client.get("/", follow_redirects=False)  # type: ignore[attr-defined]
    assert (home.status_code, home.headers["location"]) == (303, "/screen")


def test_the_stream_follows_a_step_typed_in_a_terminal(seminar: Runner, client: object) -> None:
    seen: list[str] = []
    with client.stream("GET", "/events") as events:  # type: ignore[attr-defined]
        assert events.headers["content-type"].startswith("text/event-stream")
        stepped = False
        for line in events.iter_lines():  # ends when the stream does (3 s here)
            seen.append(line)
            if line == "" and not stepped:  # the first screen is in: step the clock
                seminar("session", "next", "1")
                stepped = True
    speakers = [line for line in seen if 'class="speaker"' in line]
    assert speakers[0].startswith('data: <p class="speaker">ana')
    assert any(line.startswith('data: <p class="speaker">cy') for line in speakers), seen


def test_serve_refuses_what_it_cannot_serve(seminar: Runner) -> None:
    result = seminar("serve", "9", code=1)
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    result = seminar("serve", "1", "--host", "10.0.0.1", "--room", code=2)
    assert "give --host or --room, not both" in result.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_runs_on_loopback_and_stops_on_ctrl_c(seminar: Runner) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "debate", "serve", "1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DEBATE_DB": seminar.address},
    )
    try:
        page, deadline = "", time.monotonic() + BOUND_S
        while time.monotonic() < deadline and not page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/screen", timeout=2) as r:
                    page = r.read().decode()
            except OSError:
                time.sleep(0.1)
        assert "&lt;script&gt;" in page
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=BOUND_S)
    finally:
        server.kill()
    assert server.returncode == 0
    assert out == f"http://localhost:{port}/screen\n"
    assert err.endswith("Serving the projector page; Ctrl-C stops.\nStopped.\n")
    assert "█" in err  # the QR code, for the room


def test_text_from_an_old_store_cannot_forge_an_event(seminar: Runner, client: object) -> None:
    """Typed text holds no carriage return, but an old store might: it ends a line in
    the stream, and must not start a field there."""
    seminar.sql("UPDATE sessions SET motion = ?", ("Fees\revent: forged\rid: 9",))
    with client.stream("GET", "/events") as events:  # type: ignore[attr-defined]
        lines = []
        for line in events.iter_lines():
            lines.append(line)
            if line == "":
                break
    assert lines[0] == "event: screen"
    assert all(line.startswith("data: ") for line in lines[1:-1]), lines
