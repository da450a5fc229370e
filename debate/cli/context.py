"""What every command's click context shares. Kept apart from `options` and
`invocation`, whose imports `debate --help` does not need."""

from __future__ import annotations

from typing import Any

CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 88}
