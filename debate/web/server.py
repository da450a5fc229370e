"""The room's web server: parse the request, call one use case, render, map errors.

Pages, each for its own screen:
- `/` the join page: a device takes a name (one device a name), by a signed cookie;
- `/phone` the audience's (and a speaker's) phone: the polls, the speech under way,
  the claims and quotes added in the speeches with their votes, the result once shown;
- `/screen` the projector: what the terminal's live screen shows, the polls'
  counts, the tree with its strengths, and the swing once the result is shown;
- `/judge/TOKEN` a judge's ballot; `/chair/TOKEN` the chair's clock and room.

Every write is one use case (one transaction), with the CLI's checks and its
one-line refusals; a form posts without JavaScript too, and the script makes the
same post without leaving the page. Pages follow the store by Server-Sent
Events: one watcher (a store of its own, in a thread) notices every commit, from
this server or any other process, and each open stream then renders its page's
part again. The clock counts on in the page's script between updates.

One store is opened for the server's life, in the event loop's thread, and every
request reads it there in a snapshot of its own.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from debate.app import room, sessions, votes
from debate.errors import (
    Conflict,
    DebateError,
    InvalidInput,
    NotAllowed,
    NotFound,
    StoreBusy,
)
from debate.store import Store
from debate.web import pages
from debate.web.security import (
    COOKIE,
    COOKIE_DAYS,
    BodyLimit,
    Devices,
    RateLimit,
    SecurityHeaders,
    from_own_page,
)

HERE = Path(__file__).parent
STREAM_S = 600.0  # a stream ends after this long; the browser's EventSource reconnects
QUIET_S = 15.0  # a stream says something this often, so that a dead one is noticed
GAP_S = 0.2  # a stream sends at most this often; a burst of writes is one update
BUMP_S = 0.2  # the watcher tells the streams at most this often

templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)

Page = Callable[..., Response]  # (request, error line, status) -> the page, drawn
STATUS = [
    (NotAllowed, 403),
    (NotFound, 404),
    (StoreBusy, 503),
    (Conflict, 409),
    (InvalidInput, 400),
]


def status_of(e: DebateError) -> int:
    return next((code for kind, code in STATUS if isinstance(e, kind)), 400)


class Changes:
    """The store's writes, as a number that grows: a thread waits on a store of its
    own for commits by anyone, and wakes the streams waiting in the event loop."""

    def __init__(self) -> None:
        self.version = 0
        self._moved = asyncio.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, address: str) -> None:
        loop = asyncio.get_running_loop()

        def watch() -> None:
            watcher = Store.open(address, create=False, writable=False)  # this thread's own
            try:
                while not self._stop.is_set():
                    if watcher.wait_for_change(0.5):
                        loop.call_soon_threadsafe(self.bump)
                        self._stop.wait(BUMP_S)  # what comes meanwhile is in the next
            finally:
                watcher.close()

        self._thread = threading.Thread(target=watch, name="debate-watch", daemon=True)
        self._thread.start()

    def bump(self) -> None:
        self.version += 1
        self._moved.set()
        self._moved = asyncio.Event()

    async def after(self, version: int, timeout: float) -> int:
        """The version once it has moved past `version`, or after `timeout`."""
        if self.version == version:
            with suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._moved.wait(), timeout)
        return self.version

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)


@dataclass
class Serving:
    """What the server holds while it runs."""

    address: str
    session_id: int
    stream_s: float
    store: Store | None = None
    devices: Devices | None = None
    code: str = ""  # the room code, for the join page
    changes: Changes = field(default_factory=Changes)
    limit: RateLimit = field(default_factory=RateLimit)

    @property
    def open_store(self) -> Store:
        assert self.store is not None
        return self.store


def make_app(
    address: str, session_id: int, *, stream_s: float = STREAM_S, anonymous: bool = False
) -> Starlette:
    """The server over the store at `address`, for session `session_id`; with
    `anonymous`, phones join with no name (one answer and one vote a device)."""
    here = Serving(address, session_id, stream_s)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        here.store = Store.open(address, create=False)
        here.devices = Devices(room.cookie_key(here.store))
        here.code = app.state.room_code = room.room_code(here.store, session_id)
        here.changes.start(address)
        try:
            yield
        finally:
            here.changes.stop()
            here.store.close()

    def read(build: Callable[..., Any], *args: Any) -> Any:
        store = here.open_store
        with store.snapshot():
            return build(store, session_id, *args)

    def device_of(request: Request) -> str | None:
        assert here.devices is not None
        return here.devices.device_in(request)

    def render(name: str, request: Request, status: int = 200, **values: Any) -> Response:
        """A page, with a device cookie for a device that has none yet."""
        assert here.devices is not None
        device = device_of(request)
        new = device is None
        if device is None:
            device = room.new_device()
        values.setdefault("error", "")
        page = templates.get_template(name).render(
            form_token=here.devices.form_token(device),
            session=session_id,
            now=f"{time.time():.3f}",
            **values,
        )
        response = HTMLResponse(page, status_code=status)
        if new:
            with_cookie(response, device)
        return response

    def with_cookie(response: Response, device: str) -> None:
        assert here.devices is not None
        response.set_cookie(
            COOKIE,
            here.devices.cookie_for(device),
            max_age=COOKIE_DAYS * 86400,
            httponly=True,
            samesite="strict",
            path="/",
        )

    async def checked_form(request: Request) -> tuple[str, FormData]:
        """The posted form of a device, refused unless it came from one of this
        server's pages, with the device's token, within the device's rate."""
        assert here.devices is not None
        if not from_own_page(request):
            raise NotAllowed("a write from another site is refused")
        device = device_of(request)
        form = await request.form()
        token = form.get("form_token")
        if (
            device is None
            or not isinstance(token, str)
            or not here.devices.token_is_good(device, token)
        ):
            raise NotAllowed(
                "this form is out of date or not from this server: load the page again"
            )
        if not here.limit.allow(device):
            raise StoreBusy("too many writes from this device: wait a moment")
        return device, form

    def answer(request: Request, done: str, back: str) -> Response:
        """After a write: a script's post gets the line; a form's goes back to its page."""
        if request.headers.get("x-debate-fetch"):
            return PlainTextResponse(done + "\n")
        return RedirectResponse(back, status_code=303)

    def refused(request: Request, e: DebateError, page: Callable[[str, int], Response]) -> Response:
        line = f"Error: {e}"
        if request.headers.get("x-debate-fetch"):
            return PlainTextResponse(line + "\n", status_code=status_of(e))
        try:
            return page(line, status_of(e))
        except DebateError:  # no page to show it on (a link that is not, or no longer)
            return error_response(e)

    def writes(
        page: Callable[[Request, str, int], Response],
    ) -> Callable[[Callable[[Request, str, FormData], Awaitable[Response]]], Any]:
        """A route that writes: its form checked; a refusal shown on its page (or to
        the script) in one line; the store's own errors too, never a traceback."""

        def wrap(route: Callable[[Request, str, FormData], Awaitable[Response]]) -> Any:
            async def endpoint(request: Request) -> Response:
                try:
                    device, form = await checked_form(request)
                    return await route(request, device, form)
                except DebateError as e:
                    return refused(request, e, lambda line, code: page(request, line, code))

            return endpoint

        return wrap

    # -- the join page and the phone -------------------------------------------------------

    def join_page(request: Request, error: str = "", status: int = 200) -> Response:
        page = read(pages.join)
        given = str(request.query_params.get("code") or "")
        right = room.code_is_right(given, here.code)
        if given and not right and not error:
            error, status = "Error: that is not this room's code (it is on the projector)", 403
        values = {"page": page, "error": error, "anonymous": anonymous}
        return render("join.html", request, status, code=here.code if right else "", **values)

    async def home(request: Request) -> Response:
        device = device_of(request)
        if device and read(room.seated, device):
            return RedirectResponse("/phone", status_code=303)
        try:
            return join_page(request)
        except DebateError as e:
            return error_response(e)

    @writes(join_page)
    async def join(request: Request, device: str, form: FormData) -> Response:
        if not room.code_is_right(str(request.query_params.get("code") or ""), here.code):
            raise NotAllowed("that is not this room's code (it is on the projector)")
        if anonymous:
            room.join_anonymously(here.open_store, session_id, device)
            return answer(request, "You take part with no name.", "/phone")
        name = room.join(here.open_store, session_id, device, str(form.get("name") or ""))
        return answer(request, f"You are {name}.", "/phone")

    def phone_page(request: Request, error: str = "", status: int = 200) -> Response:
        device = device_of(request)
        name = read(room.seated, device) if device else None
        if name is None:
            return RedirectResponse("/", status_code=303)
        page = read(pages.phone, name)
        return render("phone.html", request, status, page=page, error=error, anonymous=anonymous)

    def seated_name(device: str) -> str:
        name = read(room.seated, device)
        if name is None:
            raise NotAllowed("this device has not joined: give your name first")
        return str(name)

    @writes(phone_page)
    async def poll(request: Request, device: str, form: FormData) -> Response:
        name = seated_name(device)
        phase, choice = str(form.get("phase") or ""), str(form.get("answer") or "")
        if phase not in ("pre", "post") or choice not in ("for", "against", "undecided"):
            raise InvalidInput("a poll's answer is for, against or undecided, before or after")
        with room.as_device(here.open_store, session_id, name):
            sessions.poll(here.open_store, name, session_id, phase, choice)
        return answer(request, f"Recorded: {choice}.", "/phone")

    @writes(phone_page)
    async def vote(request: Request, device: str, form: FormData) -> Response:
        name = seated_name(device)
        kind, value = room.check_vote_value(
            str(form.get("kind") or ""), str(form.get("value") or "")
        )
        node = str(form.get("node") or "")
        if not node.isdigit():
            raise InvalidInput(f"{node[:20]!r} is not a claim's number")
        with room.as_device(here.open_store, session_id, name):
            votes.vote(
                here.open_store,
                name,
                int(node),
                accept=value if kind == "accept" else None,
                impact=value if kind == "impact" else None,
            )
        return answer(request, f"Recorded your {kind} vote on #{node}: {value}.", "/phone")

    # -- the projector ------------------------------------------------------------------

    def projector_page(request: Request, error: str = "", status: int = 200) -> Response:
        page = read(pages.projector)
        return render("screen.html", request, status, page=page, error=error, code=here.code)

    # -- a judge ------------------------------------------------------------------------

    def private_page(role: room.LinkRole, template: str, build: Callable[..., Any]) -> Page:
        """The page of a private link (/judge/TOKEN, /chair/TOKEN), for its holder."""

        def page(request: Request, error: str = "", status: int = 200) -> Response:
            token = request.path_params["token"]
            holder = read(room.link, token, role)
            shown = read(build, holder.participant)
            return render(template, request, status, page=shown, token=token, error=error)

        return page

    judge_page = private_page("judge", "judge.html", pages.judge)

    @writes(judge_page)
    async def ballot(request: Request, device: str, form: FormData) -> Response:
        token = request.path_params["token"]
        holder = read(room.link, token, "judge")
        v = read(sessions.view)
        fmt = v.format
        ranking = None
        if fmt.decision == "ranking":
            places = {side: str(form.get(f"rank {side}") or "") for side in fmt.sides}
            if sorted(places.values()) != [str(i) for i in range(1, len(fmt.sides) + 1)]:
                raise InvalidInput(
                    f"give each team one place, 1 to {len(fmt.sides)} ({', '.join(fmt.sides)})"
                )
            ranking = sorted(fmt.sides, key=lambda side: int(places[side]))
        points = {}
        for p in v.people:
            given = str(form.get(f"points {p.participant}") or "").strip()
            if p.role == "speaker" and given:
                if not given.lstrip("-").isdigit():
                    raise InvalidInput(f"{p.participant}'s points: {given[:10]!r} is not a number")
                points[p.participant] = int(given)
        reason = str(form.get("reason") or "").strip() or None
        with room.as_device(here.open_store, session_id, holder.participant):
            sessions.ballot(
                here.open_store,
                holder.participant,
                session_id,
                winner=(str(form.get("winner") or "") or None) if ranking is None else None,
                ranking=ranking,
                points=points,
                reason=reason,
            )
        return answer(request, "Your ballot is in.", f"/judge/{token}")

    # -- the chair ----------------------------------------------------------------------

    chair_page = private_page("chair", "chair.html", pages.chair)

    @writes(chair_page)
    async def chair_action(request: Request, device: str, form: FormData) -> Response:
        token = request.path_params["token"]
        holder = read(room.link, token, "chair")
        action, confirmed = str(form.get("action") or ""), form.get("confirm") == "yes"
        store, me = here.open_store, holder.participant
        done = chair_step(store, me, action, form, confirmed)
        return answer(request, done, f"/chair/{token}")

    def chair_step(store: Store, me: str, action: str, form: FormData, confirmed: bool) -> str:
        if action == "release":
            name = str(form.get("name") or "")
            held = room.release(store, session_id, name)
            return f"{name} is free for another device." if held else f"{name} held no device."
        if action == "reveal":
            room.reveal(store, session_id)
            return "The result is on every screen."
        kinds = {
            "start": "start", "next": "next", "pause": "pause", "resume": "resume",
            "end": "end", "poi accepted": "poi", "poi declined": "poi",
            "prep start": "prep start", "prep stop": "prep stop",
        }  # fmt: skip
        if action not in kinds:
            raise InvalidInput(f"{action[:30]!r} is not something the chair can do")
        seen = _seen(form)
        if not confirmed:
            ask = sessions.needs_a_yes(read(sessions.view), kinds[action])  # type: ignore[arg-type]
            if ask:
                raise Conflict(ask)
        side = str(form.get("side") or "") or None
        stepped = sessions.step(
            store,
            me,
            session_id,
            kinds[action],  # type: ignore[arg-type]
            side=side if action.startswith("prep") else None,
            accepted=(action == "poi accepted") if action.startswith("poi") else None,
            seen=seen,
        )
        return f"Done: {action} (the session is {stepped.view.timeline.state})."

    # -- the streams --------------------------------------------------------------------

    parts: dict[tuple[str, ...], tuple[int, str]] = {}

    def shared(key: tuple[str, ...], version: int, draw: Callable[[], str]) -> str:
        """A part drawn once for each version of the store, however many streams show
        it: a write then costs one drawing of each kind of page, not one a phone."""
        kept = parts.get(key)
        if kept is None or kept[0] != version:
            try:
                html = draw()
            except DebateError as e:
                html = error_line(str(e))
            kept = parts[key] = (version, html)
        return kept[1]

    def stream(request: Request, key: tuple[str, ...], draw: Callable[[], str]) -> Response:
        async def changes() -> AsyncIterator[str]:
            last, version = None, -1
            ends = time.monotonic() + here.stream_s
            while time.monotonic() < ends and not await request.is_disconnected():
                version = await here.changes.after(version, min(QUIET_S, ends - time.monotonic()))
                now = shared(key, version, draw)
                if now != last:
                    last = now
                    # Every line break (a CR too, in text from an old store) starts a
                    # new data line: no user text can end the event or start a field.
                    data = "".join(f"data: {line}\n" for line in now.splitlines())
                    yield f"event: now\ndata: {time.time():.3f}\n\nevent: part\n{data}\n"
                else:
                    yield ": still here\n\n"
                await asyncio.sleep(GAP_S)

        return StreamingResponse(
            changes(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
        )

    def part(name: str, **values: Any) -> str:
        return templates.get_template(name).render(session=session_id, form_token="", **values)

    async def screen_events(request: Request) -> Response:
        return stream(
            request,
            ("screen",),
            lambda: part("screen_body.html", page=read(pages.projector), code=here.code),
        )

    async def phone_events(request: Request) -> Response:
        device = device_of(request)
        name = read(room.seated, device) if device else None
        if name is None:
            return PlainTextResponse("Error: this device has not joined\n", status_code=403)
        speaker = name if read(pages.speaks, name) else None
        return stream(
            request,
            ("phone", speaker or ""),  # one part for the audience, one a speaker
            lambda: part("phone_body.html", page=read(pages.phone_part, speaker)),
        )

    async def chair_events(request: Request) -> Response:
        token = request.path_params["token"]
        try:
            holder = read(room.link, token, "chair")
        except DebateError as e:
            return PlainTextResponse(f"Error: {e}\n", status_code=status_of(e))
        return stream(
            request,
            ("chair", token),
            lambda: part(
                "chair_body.html", page=read(pages.chair, holder.participant), token=token
            ),
        )

    return Starlette(
        routes=[
            Route("/", home),
            Route("/join", join, methods=["POST"]),
            Route("/phone", showing(phone_page)),
            Route("/phone/events", phone_events),
            Route("/poll", poll, methods=["POST"]),
            Route("/vote", vote, methods=["POST"]),
            Route("/screen", showing(projector_page)),
            Route("/screen/events", screen_events),
            Route("/judge/{token}", showing(judge_page)),
            Route("/judge/{token}", ballot, methods=["POST"]),
            Route("/chair/{token}", showing(chair_page)),
            Route("/chair/{token}", chair_action, methods=["POST"]),
            Route("/chair/{token}/events", chair_events),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        middleware=[Middleware(SecurityHeaders), Middleware(BodyLimit)],
        lifespan=lifespan,
        exception_handlers={Exception: internal_error},
    )


def showing(page: Page) -> Callable[[Request], Awaitable[Response]]:
    """A page as a GET route: a refusal (no such link, no such session) in one line."""

    async def endpoint(request: Request) -> Response:
        try:
            return page(request)
        except DebateError as e:
            return error_response(e)

    return endpoint


def _seen(form: FormData) -> tuple[int | None, int | None] | None:
    """(the running speech, the next) as the chair's page showed them, so that a
    second press of `next` on a page not yet updated skips nothing."""
    text = str(form.get("seen") or "")
    if not text:
        return None
    current, _, upcoming = text.partition(" ")
    return (
        int(current) if current.isdigit() else None,
        int(upcoming) if upcoming.isdigit() else None,
    )


def error_line(message: str) -> str:
    """A refusal in one line, as the CLI gives it, escaped."""
    return templates.from_string('<p class="error" role="alert">Error: {{ m }}</p>').render(
        m=message
    )


def error_response(e: DebateError) -> Response:
    page = templates.get_template("error.html").render(message=str(e))
    return HTMLResponse(page, status_code=status_of(e))


async def internal_error(request: Request, e: Exception) -> Response:
    """Whatever went wrong inside: one line to the client, never a traceback."""
    return PlainTextResponse(
        "Error: the server could not do that (an internal error)\n", status_code=500
    )
