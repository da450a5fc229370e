"""The store's own small helpers, shared by its modules."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timezone
from functools import wraps
from typing import Any, TypeVar

from debate.errors import NoTransaction

T = TypeVar("T")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def new_uuid() -> str:
    """A random (version 4) UUID, made here: the uuid module costs milliseconds to import."""
    b = bytearray(os.urandom(16))
    b[6] = (b[6] & 0x0F) | 0x40
    b[8] = (b[8] & 0x3F) | 0x80
    h = b.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def writes(method: Callable[..., T]) -> Callable[..., T]:
    """Mark a method that writes: it fails loudly outside a transaction."""

    @wraps(method)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> T:
        if self._depth == 0:
            raise NoTransaction(f"Store.{method.__name__} writes, but no transaction is open")
        return method(self, *args, **kwargs)

    return guarded


def one_moment(method: Callable[..., T]) -> Callable[..., T]:
    """Mark a read of several statements: they all see one moment of the store
    (`snapshot`), so that what one statement finds, the next finds too."""

    @wraps(method)
    def in_snapshot(self: Any, *args: Any, **kwargs: Any) -> T:
        with self.snapshot():
            return method(self, *args, **kwargs)

    return in_snapshot
