"""What guards the room's server: its headers, the size of a request, who a device
is (a signed cookie), that a write comes from one of the server's own pages (a
CSRF token tied to the device, and the browser's word on the request's origin),
and how often one device may write."""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass, field

from itsdangerous import BadSignature, Signer
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADERS = {
    "Content-Security-Policy": "default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
MAX_BODY = 16 * 1024  # bytes: the biggest form (a ballot with its reason) is far smaller
COOKIE = "debate_device"
COOKIE_DAYS = 2  # a seminar's day, and the next


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


class BodyLimit:
    """A request bigger than MAX_BODY is refused (413) before it is read, whether it
    says its length or streams without one."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and (not value.isdigit() or int(value) > self.limit):
                await _too_big(send, self.limit)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise TooBig
            return message

        try:
            await self.app(scope, counted, send)
        except TooBig:
            await _too_big(send, self.limit)


class TooBig(Exception):
    pass


async def _too_big(send: Send, limit: int) -> None:
    body = f"Error: the request is too big (the limit is {limit // 1024} KiB)\n".encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *((k.lower().encode(), v.encode()) for k, v in HEADERS.items()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


# -- who the device is, and its forms' tokens ------------------------------------------------


class Devices:
    """A device's id travels in a cookie signed with the store's room key; its forms
    carry a token made from the same id, which another site cannot read or make."""

    def __init__(self, key: str):
        self._cookie = Signer(key, salt="debate device")
        self._key = key.encode()

    def cookie_for(self, device: str) -> str:
        return self._cookie.sign(device).decode()

    def device_in(self, request: Request) -> str | None:
        value = request.cookies.get(COOKIE)
        if not value:
            return None
        try:
            return self._cookie.unsign(value).decode()
        except BadSignature:
            return None

    def form_token(self, device: str) -> str:
        return hmac.new(self._key, b"csrf " + device.encode(), hashlib.sha256).hexdigest()

    def token_is_good(self, device: str | None, token: str) -> bool:
        return device is not None and hmac.compare_digest(self.form_token(device), token)


def from_own_page(request: Request) -> bool:
    """Whether the browser says the request comes from this server's own pages: by
    Sec-Fetch-Site where it sends that, else by Origin against the host asked for.
    (Under Referrer-Policy: no-referrer a same-origin form posts 'Origin: null',
    which only Sec-Fetch-Site tells apart from a sandboxed page's.)"""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return True  # not a browser's cross-site request: the CSRF token still decides
    host = request.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")


# -- how often a device writes ----------------------------------------------------------------


@dataclass
class RateLimit:
    """A token bucket per device: `burst` writes at once, `per_second` after that."""

    per_second: float = 5.0
    burst: float = 20.0
    buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # tokens, when

    def allow(self, device: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        tokens, then = self.buckets.get(device, (self.burst, now))
        tokens = min(self.burst, tokens + (now - then) * self.per_second)
        if tokens < 1:
            self.buckets[device] = (tokens, now)
            return False
        self.buckets[device] = (tokens - 1, now)
        if len(self.buckets) > 10_000:  # forget the oldest devices, not the room
            for old in sorted(self.buckets, key=lambda d: self.buckets[d][1])[:5_000]:
                del self.buckets[old]
        return True
