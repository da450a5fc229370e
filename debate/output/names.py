"""A package whose names are looked up in their modules on first use: importing
the package loads nothing, and a command loads only the modules it uses."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def on_first_use(package: str, home: Mapping[str, str]) -> Callable[[str], Any]:
    """The module `__getattr__` of `package`, where `home` maps each name to its
    module."""

    def __getattr__(name: str) -> Any:
        module = home.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
