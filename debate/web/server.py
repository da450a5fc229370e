"""The web server's routes: parse the request, call one use case, render, map errors.

This first step serves the projector: `/screen` shows what the terminal's live
screen shows (speaker, side, clock, POIs, what comes next, the prep banks), and
`/events` streams the screen again whenever it changes, by Server-Sent Events,
so that a page follows `session next` typed in any terminal within a second.
Without JavaScript the page still shows the state (and reloads itself every few
seconds). Nothing comes from the internet: the script and the style ship here.

One store is opened for the server's life, in the event loop's thread, and every
request reads it there in a snapshot of its own.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from debate.app import sessions
from debate.core.seminar.screen import Screen, countdown, screen
from debate.errors import DebateError
from debate.store import Store

HERE = Path(__file__).parent
TICK_S = 1.0  # how often a stream looks at the session again
STREAM_S = 600.0  # a stream ends after this long; the browser's EventSource reconnects
HEADERS = {
    "Content-Security-Policy": "default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)


class SecurityHeaders:
    """Every response says what the page may load (its own origin only), and that
    its types are not to be guessed nor its address passed on."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def make_app(address: str, session_id: int, *, stream_s: float = STREAM_S) -> Starlette:
    """The server over the store at `address`, showing session `session_id`."""
    state: dict[str, Store] = {}

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state["store"] = Store.open(address, create=False, writable=False)
        try:
            yield
        finally:
            state.pop("store").close()

    def current() -> Screen:
        store = state["store"]
        with store.snapshot():
            return screen(sessions.view(store, session_id, now=time.time()))

    def body(shown: Screen) -> str:
        return templates.get_template("screen_body.html").render(s=shown, left=countdown(shown))

    async def projector(request: Request) -> Response:
        try:
            shown = current()
        except DebateError as e:
            return HTMLResponse(error_page(str(e)), status_code=404)
        page = templates.get_template("screen.html").render(s=shown, body=body(shown))
        return HTMLResponse(page)

    async def events(request: Request) -> Response:
        async def changes() -> AsyncIterator[str]:
            last, ends = "", time.monotonic() + stream_s
            while time.monotonic() < ends and not await request.is_disconnected():
                try:
                    now = body(current())
                except DebateError as e:
                    now = error_page(str(e))
                if now != last:
                    last = now
                    # Every line break (a CR too, in text from an old store) starts a
                    # new data line: no user text can end the event or start a field.
                    data = "".join(f"data: {line}\n" for line in now.splitlines())
                    yield f"event: screen\n{data}\n"
                await asyncio.sleep(TICK_S)

        return StreamingResponse(
            changes(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
        )

    async def home(request: Request) -> Response:
        return RedirectResponse("/screen", status_code=303)

    return Starlette(
        routes=[
            Route("/", home),
            Route("/screen", projector),
            Route("/events", events),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        middleware=[Middleware(SecurityHeaders)],
        lifespan=lifespan,
    )


def error_page(message: str) -> str:
    """A refusal in one line, as the CLI gives it, escaped."""
    return templates.from_string("<p>Error: {{ m }}</p>").render(m=message)
