"""Where a store is: a file path, or a PostgreSQL URL; and that URL as it may be shown.

A password may be in the URL (as libpq allows); it is never printed, so every
message names the store by `shown(address)`.
"""

from __future__ import annotations

import re
from functools import cache

SERVER_SCHEMES = ("postgresql://", "postgres://")


@cache
def _passwords() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Where a password stands: user:password@ in the authority, password=… in the
    query string, and `password=…` in a libpq message that repeats a key=value
    connection string. Compiled on first use: most commands name only a file."""
    return (
        re.compile(r"^(?P<head>[a-z]+://[^/?#@:]*):[^/?#@]*@", re.IGNORECASE),
        re.compile(r"(?P<head>[?&]password=)[^&#]*", re.IGNORECASE),
        re.compile(r"(?P<head>\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)"),
    )


def is_server_url(address: str) -> bool:
    return address.lower().startswith(SERVER_SCHEMES)


def shown(address: str) -> str:
    """The address with any password replaced by ***."""
    authority, query, _ = _passwords()
    text = authority.sub(r"\g<head>:***@", address)
    return query.sub(r"\g<head>***", text)


def without_secrets(message: str, address: str) -> str:
    """A driver's message with the address and any password in it masked."""
    text = message.replace(address, shown(address))
    password = _password_of(address)
    if password:
        text = text.replace(password, "***")
    return _passwords()[2].sub(r"\g<head>***", text)


def _password_of(address: str) -> str | None:
    from urllib.parse import unquote, urlsplit

    try:
        parts = urlsplit(address)
        password = parts.password
    except ValueError:
        return None
    if password is None:
        match = re.search(r"[?&]password=([^&#]*)", address, re.IGNORECASE)
        password = unquote(match.group(1)) if match else None
    return password or None
