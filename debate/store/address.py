"""Where a store is: a file path, or a PostgreSQL URL; and that URL as it may be shown.

A password may be in the URL (as libpq allows); it is never printed, so every
message names the store by `shown(address)`.
"""

from __future__ import annotations

import re

SERVER_SCHEMES = ("postgresql://", "postgres://")

# user:password@ in the authority, and password=… in the query string
_AUTHORITY_PASSWORD = re.compile(r"^(?P<head>[a-z]+://[^/?#@:]*):[^/?#@]*@", re.IGNORECASE)
_QUERY_PASSWORD = re.compile(r"(?P<head>[?&]password=)[^&#]*", re.IGNORECASE)
# and `password=…` in a libpq message that repeats a key=value connection string
_KEYWORD_PASSWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)")


def is_server_url(address: str) -> bool:
    return address.lower().startswith(SERVER_SCHEMES)


def shown(address: str) -> str:
    """The address with any password replaced by ***."""
    text = _AUTHORITY_PASSWORD.sub(r"\g<head>:***@", address)
    return _QUERY_PASSWORD.sub(r"\g<head>***", text)


def without_secrets(message: str, address: str) -> str:
    """A driver's message with the address and any password in it masked."""
    text = message.replace(address, shown(address))
    password = _password_of(address)
    if password:
        text = text.replace(password, "***")
    return _KEYWORD_PASSWORD.sub(r"\g<head>***", text)


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
