"""The room (`debate serve`) over HTTP, by Starlette's test client, on both engines:
joining, the phones' polls and votes, a judge's ballot, the chair's clock, and
every refusal: forged, replayed and cross-origin writes, a name taken twice, a
judge's link used for another judge, a chair's action without the token, a
request too big, a device writing too fast. Every stream is bounded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from typing import Any

import pytest

from tests.conftest import Runner

HOSTILE = '<script>alert(1)</script> <img src=x onerror="alert(2)"> \u202eevil'
TOKEN = re.compile(r'name="form_token" value="([0-9a-f]+)"')


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("an inline <script>")
        self.found += [
            f"{tag} {name}=" for name in names if name.startswith("on") or name == "style"
        ]
        self.found += [
            f"{tag} {name}={value}"
            for name, value in attrs
            if name in ("href", "src", "action")
            and (value or "")
            .strip()
            .lower()
            .startswith(("javascript:", "data:", "http:", "https:", "//"))
        ]


def assert_no_inline_code(page: str) -> None:
    """The page as a browser parses it: no inline script, no event handler, no style
    attribute (the CSP would block them anyway), no link or form leaving the server."""
    markup = _Markup()
    markup.feed(page)
    assert not markup.found, markup.found


class Device:
    """One phone (or laptop): its own cookies, over the one test client."""

    def __init__(self, client: Any):
        self.client = client
        self.cookies: dict[str, str] = {}
        self.token = ""

    def _swap(self) -> None:
        self.client.cookies.clear()
        for k, v in self.cookies.items():
            self.client.cookies.set(k, v)

    def _keep(self, response: Any) -> Any:
        self.cookies.update(dict(self.client.cookies))
        found = TOKEN.search(response.text)
        if found:
            self.token = found.group(1)
        return response

    def _coded(self, path: str) -> str:
        """The join page and its form, with the room's code, as the QR code gives it."""
        if path in ("/", "/join"):
            return f"{path}?code={self.client.app.state.room_code}"
        return path

    def get(self, path: str, **kw: Any) -> Any:
        self._swap()
        return self._keep(self.client.get(self._coded(path), follow_redirects=False, **kw))

    def post(self, path: str, data: dict[str, str], *, fetch: bool = True, **kw: Any) -> Any:
        """A form's post; by default as the page's script makes it (the answer a line)."""
        self._swap()
        headers = {"x-debate-fetch": "1"} if fetch else {}
        headers.update(kw.pop("headers", {}))
        data = {"form_token": self.token, **data}
        return self._keep(
            self.client.post(
                self._coded(path), data=data, headers=headers, follow_redirects=False, **kw
            )
        )


@pytest.fixture
def seminar(run: Runner) -> Runner:
    """An Oxford debate with two judges and a chair, on a thesis holding markup, its
    first speech under way, a claim added in it."""
    run("claim", "add", HOSTILE)
    run("session", "new", "1", "--format", "oxford", "--side", "for:ana,ben",
        "--side", "against:cy,dee", "--judge", "jo", "--judge", "kim", "--chair", "cat",
        "--motion", HOSTILE)  # fmt: skip
    run("session", "start", "1")
    run("claim", "add", "Ports <b>grew</b>", "--pro", "1")
    return run


@contextmanager
def serving(
    run: Runner, session: int = 1, stream_s: float = 1.0, *, raise_server_exceptions: bool = True
) -> Iterator[Any]:
    from starlette.testclient import TestClient

    from debate.web.server import make_app

    app = make_app(run.address, session, stream_s=stream_s)
    with TestClient(app, raise_server_exceptions=raise_server_exceptions) as client:
        yield client


@pytest.fixture
def client(seminar: Runner) -> Iterator[Any]:
    with serving(seminar, stream_s=3.0) as c:
        yield c


def links(run: Runner) -> dict[str, str]:
    """Each private link's path, by who holds it."""
    doc = run.json("session", "links", "1", "--base", "")
    return {k["participant"]: k["url"] for k in doc["links"]}


def joined(client: Any, name: str) -> Device:
    device = Device(client)
    device.get("/")
    answer = device.post("/join", {"name": name})
    assert (answer.status_code, answer.text) == (200, f"You are {name}.\n")
    return device


# -- joining -----------------------------------------------------------------------


def test_joining_needs_the_rooms_code(seminar: Runner, client: Any) -> None:
    code = seminar.json("session", "links", "1", "--base", "")["join"].removeprefix("/?code=")
    assert re.fullmatch(r"[A-Z2-7]{6}", code) and code == client.app.state.room_code
    asks = client.get("/")
    assert '<label for="code">The room\'s code (it is on the projector)</label>' in asks.text
    assert 'name="name"' not in asks.text
    wrong = client.get("/?code=AAAAAA")
    assert wrong.status_code == 403
    assert "Error: that is not this room&#39;s code (it is on the projector)" in wrong.text
    device = Device(client)
    device.get("/")  # with the code: the name form
    refused = device.client.post(
        "/join?code=AAAAAA", data={"form_token": device.token, "name": "zed"},
        headers={"x-debate-fetch": "1"},
    )  # fmt: skip
    assert (refused.status_code, refused.text) == (
        403,
        "Error: that is not this room's code (it is on the projector)\n",
    )
    lower = device.client.post(
        f"/join?code={code.lower()}", data={"form_token": device.token, "name": "zed"},
        headers={"x-debate-fetch": "1"},
    )  # fmt: skip
    assert lower.text == "You are zed.\n"  # typed in small letters: the same code
    assert f"Room code <strong>{code}</strong>" in client.get("/screen").text


def test_a_device_joins_by_name_and_is_that_participant(client: Any) -> None:
    device = Device(client)
    page = device.get("/")
    assert page.status_code == 200
    assert '<label for="name">Your name</label>' in page.text
    cookie = page.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    answer = device.post("/join", {"name": "zed"}, fetch=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/phone")
    phone = device.get("/phone")
    assert "<p>You are <strong>zed</strong></p>" in phone.text
    assert device.get("/").headers["location"] == "/phone"  # joined: the phone, not the form
    stranger = Device(client)
    assert stranger.get("/phone").headers["location"] == "/"


def test_a_name_is_held_by_one_device_until_the_chair_releases_it(
    seminar: Runner, client: Any
) -> None:
    joined(client, "zed")
    other = Device(client)
    other.get("/")
    refused = other.post("/join", {"name": "zed"})
    assert (refused.status_code, refused.text) == (
        409,
        "Error: 'zed' is taken on another device; the chair can release it\n",
    )
    chair = Device(client)
    chair.get(links(seminar)["cat"])
    released = chair.post(links(seminar)["cat"], {"action": "release", "name": "zed"})
    assert (released.status_code, released.text) == (200, "zed is free for another device.\n")
    assert other.post("/join", {"name": "zed"}).text == "You are zed.\n"


def test_an_audience_list_is_what_devices_pick_from(run: Runner) -> None:
    run("claim", "add", "Fees fell")
    run("session", "new", "1", "--format", "oxford", "--side", "for:ana,ben",
        "--side", "against:cy,dee", "--judge", "jo", "--audience", "pat,quinn")  # fmt: skip
    with serving(run) as client:
        device = Device(client)
        page = device.get("/")
        assert '<input type="radio" name="name" value="pat" required> pat</label>' in page.text
        refused = device.post("/join", {"name": "zed"})
        assert (refused.status_code, refused.text) == (
            404,
            "Error: 'zed' is not on session 1's list: pick your name\n",
        )
        judge = device.post("/join", {"name": "jo"})
        assert (judge.status_code, judge.text) == (
            403,
            "Error: 'jo' judges this session: use the private link the chair gave you\n",
        )
        assert device.post("/join", {"name": "pat"}).text == "You are pat.\n"
        other = Device(client)
        page = other.get("/")
        assert "> pat (taken)</label>" in page.text
        assert other.post("/join", {"name": "ana"}).text == "You are ana.\n"  # a speaker


# -- the phone: polls and votes ---------------------------------------------------------


def test_a_phone_polls_and_votes_through_the_use_cases(seminar: Runner, client: Any) -> None:
    phone = joined(client, "zed")
    page = phone.get("/phone")
    assert "Before the debate: where do you stand?" in page.text
    assert "Ports &lt;b&gt;grew&lt;/b&gt;" in page.text and "<b>grew" not in page.text
    assert phone.post("/poll", {"phase": "pre", "answer": "against"}).text == (
        "Recorded: against.\n"
    )
    assert phone.post("/vote", {"node": "2", "kind": "accept", "value": "2"}).text == (
        "Recorded your accept vote on #2: 2.\n"
    )
    assert phone.post("/vote", {"node": "2", "kind": "impact", "value": "3"}).status_code == 200
    votes = seminar.json("votes", "2")
    assert [(v["participant"], v["kind"], v["value"]) for v in votes["votes"]] == [
        ("zed", "accept", 2),
        ("zed", "impact", 3),
    ]
    result = seminar.json("session", "result", "1")
    assert result["polls"]["pre"] == {"for": 0, "against": 1, "undecided": 0}
    page = phone.get("/phone")
    assert 'value="against" class="answer against" aria-pressed="true"' in page.text
    assert 'value="2" aria-pressed="true" aria-label="accept 2"' in page.text
    # the CLI's own refusals, in one line
    out = phone.post("/vote", {"node": "2", "kind": "accept", "value": "7"})
    assert (out.status_code, out.text) == (
        400,
        "Error: accept vote must be between -2 and 2, got 7\n",
    )
    out = phone.post("/vote", {"node": "1", "kind": "impact", "value": "1"})
    assert out.text == "Error: #1 is a thesis: impact votes are for pro/con claims and quotes\n"


def test_a_speaker_sees_the_speech_but_may_not_poll(seminar: Runner, client: Any) -> None:
    speaker = joined(client, "ana")
    page = speaker.get("/phone")
    assert "(speaking)" in page.text and "where do you stand?" not in page.text
    assert '<p class="turn now" role="status">Your speech is under way</p>' in page.text
    out = speaker.post("/poll", {"phase": "pre", "answer": "for"})
    assert (out.status_code, out.text) == (
        409,
        "Error: 'ana' speaks in this session; the audience votes\n",
    )
    cy = joined(client, "cy")
    assert (
        '<p class="turn next" role="status">Yours is the next speech</p>' in cy.get("/phone").text
    )
    seen = parts(client, cy, "/phone/events", lambda: seminar("session", "next", "1"))
    assert "Yours is the next speech" in seen[0] and "Your speech is under way" in seen[-1]


def test_a_refused_form_without_script_shows_the_page_with_the_line(client: Any) -> None:
    phone = joined(client, "zed")
    out = phone.post("/vote", {"node": "99", "kind": "accept", "value": "1"}, fetch=False)
    assert out.status_code == 404
    assert '<p class="error" role="alert">Error: no claim or quote #99</p>' in out.text
    assert "<p>You are <strong>zed</strong></p>" in out.text


# -- forged, replayed and cross-origin writes -----------------------------------------------


def test_forged_and_cross_origin_writes_are_refused_and_change_nothing(
    seminar: Runner, client: Any
) -> None:
    phone, other = joined(client, "zed"), joined(client, "yan")
    before = seminar.dump()
    vote = {"node": "2", "kind": "accept", "value": "1"}
    stale = "Error: this form is out of date or not from this server: load the page again\n"
    good = phone.token
    phone.token = "0" * 64
    forged = phone.post("/vote", vote)
    assert (forged.status_code, forged.text) == (403, stale)
    phone.token = other.token  # another device's token
    assert phone.post("/vote", vote).text == stale
    phone.token = good
    cross = "Error: a write from another site is refused\n"
    for headers in ({"origin": "http://evil.example"}, {"sec-fetch-site": "cross-site"},
                    {"sec-fetch-site": "same-site"}):  # fmt: skip
        out = phone.post("/vote", vote, headers=headers)
        assert (out.status_code, out.text) == (403, cross), headers
    no_cookie = Device(client)
    no_cookie.token = good
    assert no_cookie.post("/vote", vote).text == stale
    assert seminar.dump() == before
    # the browser's own page: Origin null under no-referrer, with Sec-Fetch-Site
    same = phone.post("/vote", vote, headers={"origin": "null", "sec-fetch-site": "same-origin"})
    assert same.status_code == 200


def test_a_request_too_big_and_a_device_too_fast_are_refused(client: Any) -> None:
    phone = joined(client, "zed")
    big = phone.post("/vote", {"node": "2", "kind": "accept", "value": "1", "pad": "x" * 20_000})
    assert (big.status_code, big.text) == (
        413,
        "Error: the request is too big (the limit is 16 KiB)\n",
    )
    codes = [
        phone.post("/vote", {"node": "2", "kind": "accept", "value": "1"}).status_code
        for _ in range(40)
    ]
    assert codes[0] == 200 and 503 in codes
    slow = phone.post("/vote", {"node": "2", "kind": "accept", "value": "1"})
    assert slow.text in ("Error: too many writes from this device: wait a moment\n",
                         "Recorded your accept vote on #2: 1.\n")  # fmt: skip


# -- a judge --------------------------------------------------------------------------------


def test_a_judge_hands_in_a_ballot_on_their_own_link_only(run: Runner) -> None:
    run("claim", "add", "Fees fell")
    run("session", "new", "1", "--format", "ld", "--side", "aff:ana", "--side", "neg:cy",
        "--judge", "jo", "--judge", "kim")  # fmt: skip
    path = links(run)
    with serving(run) as client:
        judge = Device(client)
        page = judge.get(path["jo"])
        assert "<p>Judge: <strong>jo</strong></p>" in page.text
        assert re.findall(r'<form method="post" action="([^"]*)"', page.text) == [path["jo"]]
        assert '<input type="radio" name="winner" value="neg" required> neg</label>' in page.text
        assert (
            '<input id="points-1" name="points ana" type="number" inputmode="numeric" '
            'min="25" max="30" required>'
        ) in page.text
        ballot = {"winner": "neg", "points ana": "28", "points cy": "29", "reason": HOSTILE}
        early = judge.post(path["jo"], ballot)
        assert (early.status_code, early.text) == (
            409,
            "Error: ballots are handed in when the session has ended (`session end`)\n",
        )
        run("session", "start", "1")
        run("session", "end", "1")
        out_of_range = judge.post(path["jo"], {**ballot, "points cy": "31"})
        assert out_of_range.text == "Error: cy's points 31 are out of range: 25 to 30 in ld\n"
        assert judge.post(path["jo"], ballot).text == "Your ballot is in.\n"
        page = judge.get(path["jo"])
        assert "<h2>Your ballot</h2>" in page.text and "<p>Winner: neg</p>" in page.text
        assert "<li>ana: 28</li>" in page.text
        assert "&lt;script&gt;" in page.text and "<script>alert" not in page.text
        # jo's link writes jo's ballot, whoever's device uses it; kim's stays kim's
        kims = Device(client)
        assert "<strong>kim</strong>" in kims.get(path["kim"]).text
        kims.post(path["jo"], {**ballot, "winner": "aff"})
        result = run.json("session", "result", "1")
        assert [(b["judge"], b["winner"]) for b in result["ballots"]] == [("jo", "aff")]
        no_script = kims.post("/judge/not-a-token", ballot, fetch=False)
        assert no_script.status_code == 403
        assert "Error: this is not a judge&#39;s link of session 1 (or no longer)" in no_script.text
        bad = kims.post("/judge/not-a-token", ballot)
        assert (bad.status_code, bad.text) == (
            403,
            "Error: this is not a judge's link of session 1 (or no longer)\n",
        )
        assert kims.post(path["tester"].replace("chair", "judge"), ballot).status_code == 403


def test_a_ranking_ballot_places_each_team_once(run: Runner) -> None:
    run("claim", "add", "Fees fell")
    run("session", "new", "1", "--format", "bp", "--side", "OG:a1,a2", "--side", "OO:b1,b2",
        "--side", "CG:c1,c2", "--side", "CO:d1,d2", "--judge", "jo")  # fmt: skip
    run("session", "start", "1")
    run("session", "end", "1")
    path = links(run)["jo"]
    with serving(run) as client:
        judge = Device(client)
        page = judge.get(path)
        assert '<select id="rank-1" name="rank OG" required>' in page.text
        places = {"rank OG": "2", "rank OO": "1", "rank CG": "4", "rank CO": "3"}
        twice = judge.post(path, {**places, "rank CO": "2"})
        assert twice.text == "Error: give each team one place, 1 to 4 (OG, OO, CG, CO)\n"
        assert judge.post(path, places).text == "Your ballot is in.\n"
        assert "<p>Ranking: OO, OG, CO, CG</p>" in judge.get(path).text


# -- the chair ------------------------------------------------------------------------------


def test_the_chair_steps_the_clock_with_confirmations(seminar: Runner, client: Any) -> None:
    path = links(seminar)["cat"]
    chair = Device(client)
    page = chair.get(path)
    assert "<p>Chair: <strong>cat</strong></p>" in page.text
    assert set(re.findall(r'<form method="post" action="([^"]*)"', page.text)) == {path}
    seen = re.search(r'name="seen" value="([^"]*)"', page.text)
    assert seen is not None and seen.group(1) == "0 "  # speech 1 runs; none is next up yet
    early = chair.post(path, {"action": "next", "seen": "0 "})
    assert early.status_code == 409
    assert re.fullmatch(r"Error: this speech has run only \d+ s: confirm to end it\n", early.text)
    step = {"action": "next", "seen": "0 ", "confirm": "yes"}
    assert chair.post(path, step).text == "Done: next (the session is running).\n"
    replayed = chair.post(path, step)  # the same post again skips nothing
    assert (replayed.status_code, replayed.text) == (
        409,
        "Error: someone else moved the session on: speech 2 (A1) is now running\n",
    )
    assert seminar.json("session", "show", "1")["current"] == 1
    end = chair.post(path, {"action": "end", "seen": "1 "})
    assert end.text == "Error: ending the debate cannot be taken back: confirm it\n"
    ended = chair.post(path, {"action": "end", "seen": "1 ", "confirm": "yes"})
    assert ended.text == "Done: end (the session is ended).\n"
    phone = joined(client, "zed")
    assert "<h2>Result</h2>" not in phone.get("/phone").text
    assert "After the debate: where do you stand?" in phone.get("/phone").text
    assert chair.post(path, {"action": "reveal"}).text == "The result is on every screen.\n"
    shown = phone.get("/phone").text
    assert "<h2>Result</h2>" in shown and "After the debate: where do you stand?" not in shown
    late = phone.post("/poll", {"phase": "post", "answer": "for"})
    assert (late.status_code, late.text) == (
        409,
        "Error: the result has been shown: the poll after the debate is closed\n",
    )
    assert "<h2>Result</h2>" in Device(client).get("/screen").text


def test_no_chair_action_without_the_chairs_token(seminar: Runner, client: Any) -> None:
    path = links(seminar)
    someone = joined(client, "zed")
    before = seminar.dump()
    for where in ("/chair/guess", path["jo"].replace("judge", "chair")):
        out = someone.post(where, {"action": "pause"})
        assert (out.status_code, out.text) == (
            403,
            "Error: this is not a chair's link of session 1 (or no longer)\n",
        )
        assert someone.get(where).status_code == 403
    assert seminar.dump() == before
    old = path["cat"]
    seminar("session", "links", "1", "--new")
    assert someone.get(old).status_code == 403
    assert Device(client).get(links(seminar)["cat"]).status_code == 200


# -- live -----------------------------------------------------------------------------------


def parts(client: Any, device: Device, path: str, act: Any) -> list[str]:
    """The parts a stream sends (it ends after 3 s here): `act` runs once the first is in."""
    device._swap()
    seen: list[str] = []
    with client.stream("GET", path) as events:
        assert events.headers["content-type"].startswith("text/event-stream")
        acted, kind, data = False, "", []
        for line in events.iter_lines():
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                data.append(line[6:])
            elif line == "" and data:
                if kind == "part":
                    seen.append("\n".join(data))
                    if not acted:
                        act()
                        acted = True
                kind, data = "", []
    return seen


def test_a_step_typed_in_a_terminal_reaches_the_phone(seminar: Runner, client: Any) -> None:
    phone = joined(client, "zed")
    seen = parts(client, phone, "/phone/events", lambda: seminar("session", "next", "1"))
    assert 'class="speaker">ana' in seen[0]
    assert len(seen) >= 2 and 'class="speaker">cy' in seen[-1], seen


def test_a_vote_from_a_phone_moves_the_projectors_tree(seminar: Runner, client: Any) -> None:
    phone = joined(client, "zed")
    projector = Device(client)

    def vote() -> None:
        assert phone.post("/vote", {"node": "2", "kind": "accept", "value": "2"}).status_code == 200
        projector._swap()

    seen = parts(client, projector, "/screen/events", vote)
    strengths = [re.findall(r'aria-label="strength">([0-9.]+)<', part) for part in seen]
    assert len(seen) >= 2 and strengths[0] != strengths[-1], strengths


def test_text_from_an_old_store_cannot_forge_an_event(seminar: Runner, client: Any) -> None:
    """Typed text holds no carriage return, but an old store might: it ends a line in
    the stream, and must not start a field there."""
    seminar.sql("UPDATE sessions SET motion = ?", ("Fees\revent: forged\rid: 9",))
    with client.stream("GET", "/screen/events") as events:
        lines = []
        for line in events.iter_lines():
            lines.append(line)
            if line == "" and "event: part" in lines:
                break
    now = lines.index("event: now")
    assert lines[now + 1 : now + 3] == [lines[now + 1], ""] and lines[now + 1].startswith("data: ")
    part = lines.index("event: part")
    assert all(line.startswith("data: ") for line in lines[part + 1 : -1]), lines
    assert len(lines) - part > 3  # the part's lines, each a data line of its own


HOSTILE_TEXTS = [
    HOSTILE,
    '<a href="javascript:alert(3)">click</a> javascript:alert(4)',
    "\"><svg onload=alert(5)> ' onmouseover='alert(6)",
    "[link](http://e.vil) www.example.com \u202eright-to-left\u202c",
]


def test_hostile_texts_are_shown_never_obeyed_on_every_page(run: Runner) -> None:
    """Claims, names, the motion and a judge's reason hold markup and links: every
    page shows them as text, and none becomes a tag, an attribute or a link."""
    run("claim", "add", HOSTILE_TEXTS[0])
    for text in HOSTILE_TEXTS[1:]:
        run("claim", "add", text, "--pro", "1")
    names = ["<b>ana</b>", 'cy" onclick="x']
    run("session", "new", "1", "--format", "ld", "--side", f"aff:{names[0]}", "--side",
        f"neg:{names[1]}", "--judge", "<i>jo</i>", "--motion", HOSTILE_TEXTS[1])  # fmt: skip
    run("session", "start", "1")
    for text in HOSTILE_TEXTS[1:]:
        run("claim", "add", text, "--con", "1")
    run("session", "end", "1")
    path = links(run)
    with serving(run) as client:
        phone = joined(client, names[1])
        judge = Device(client)
        judge.get(path["<i>jo</i>"])
        ballot = {"winner": "aff", "points <b>ana</b>": "28", 'points cy" onclick="x': "27"}
        judge.post(path["<i>jo</i>"], {**ballot, "reason": HOSTILE})
        chair = Device(client)
        chair.get(path["tester"])
        chair.post(path["tester"], {"action": "reveal"})
        pages = {
            "join": Device(client).get("/").text,
            "phone": phone.get("/phone").text,
            "screen": Device(client).get("/screen").text,
            "judge": judge.get(path["<i>jo</i>"]).text,
            "chair": chair.get(path["tester"]).text,
        }
    for name, page in pages.items():
        assert_no_inline_code(page)
        assert "<b>" not in page and "<i>jo" not in page and "<svg onload" not in page, name
    assert "&lt;b&gt;ana&lt;/b&gt;" in pages["judge"] and "&lt;script&gt;" in pages["judge"]
    assert "&lt;a href=&#34;javascript:alert(3)&#34;&gt;" in pages["phone"]
    assert "cy&#34; onclick=&#34;x" in pages["chair"]


def test_the_demo_serves_its_finished_seminar(run: Runner) -> None:
    run("demo", "--db", run.address)
    with serving(run) as client:
        page = Device(client).get("/screen").text
    assert "<h2>Result</h2>" in page
    assert '<p class="decision">for wins on the swing (' in page
    assert '<svg class="chart"' in page and '<h2 class="title">The debate is over</h2>' in page
    assert page.count('aria-label="strength"') > 5  # the tree, weighed


def test_an_anonymous_room_counts_each_device_once_with_no_name(seminar: Runner) -> None:
    from starlette.testclient import TestClient

    from debate.web.server import make_app

    with TestClient(make_app(seminar.address, 1, stream_s=1.0, anonymous=True)) as client:
        first, second = Device(client), Device(client)
        page = first.get("/")
        assert "your answers and votes count once for this device" in page.text
        assert 'name="name"' not in page.text
        for device in (first, second):
            device.get("/")
            assert device.post("/join", {}).text == "You take part with no name.\n"
            assert device.post("/poll", {"phase": "pre", "answer": "for"}).status_code == 200
        assert first.post("/join", {}).text == "You take part with no name.\n"  # again: the same
        assert first.post("/poll", {"phase": "pre", "answer": "against"}).status_code == 200
        assert "You take part with no name" in first.get("/phone").text
    result = seminar.json("session", "result", "1")
    assert result["polls"]["pre"] == {"for": 1, "against": 1, "undecided": 0}
    names = {p["participant"] for p in seminar.json("participant", "list")}
    anonymous = sorted(n for n in names if n.startswith("anonymous "))
    assert len(anonymous) == 2 and all(
        re.fullmatch(r"anonymous [0-9a-f]{10}", n) for n in anonymous
    )


def test_serve_anonymous_refuses_a_session_that_lists_its_audience(run: Runner) -> None:
    run("claim", "add", "Fees fell")
    run("session", "new", "1", "--format", "oxford", "--side", "for:ana,ben",
        "--side", "against:cy,dee", "--audience", "pat,quinn")  # fmt: skip
    before = run.dump()
    result = run("serve", "1", "--anonymous", code=1)
    assert result.stderr == (
        "Error: session 1 lists its audience by name: serve it without --anonymous\n"
    )
    assert run.dump() == before


def test_an_internal_error_reaches_the_client_as_one_line(
    seminar: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from debate.web import pages

    def broken(*args: object) -> None:
        raise RuntimeError("a bug, with a secret path /home/x")

    monkeypatch.setattr(pages, "projector", broken)
    with serving(seminar, raise_server_exceptions=False) as client:
        page = client.get("/screen")
    assert (page.status_code, page.text) == (
        500,
        "Error: the server could not do that (an internal error)\n",
    )


@pytest.mark.postgresql_only("LISTEN/NOTIFY: several servers over one store")
def test_two_servers_over_one_store_follow_each_others_writes(seminar: Runner) -> None:
    with serving(seminar, stream_s=3.0) as first, serving(seminar, stream_s=3.0) as second:
        phone = joined(first, "zed")
        projector = Device(second)

        def vote() -> None:
            out = phone.post("/vote", {"node": "2", "kind": "accept", "value": "2"})
            assert out.status_code == 200
            projector._swap()

        seen = parts(second, projector, "/screen/events", vote)
    strengths = [re.findall(r'aria-label="strength">([0-9.]+)<', part) for part in seen]
    assert len(seen) >= 2 and strengths[0] != strengths[-1], strengths
