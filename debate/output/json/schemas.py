"""Which JSON Schema each command's --json document follows.

The schemas lie beside the modules that build the documents: `common.schema.json`
for the pieces every document is made of, and one file per use case
(`claims.schema.json`, …). Each file holds `$defs` only, named uniquely across
the files; `schema(command)` puts a command's together into one self-contained
JSON Schema (draft 2020-12). A key that changes changes its schema, and the
change goes in CHANGELOG.md.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
DIALECT = "https://json-schema.org/draft/2020-12/schema"

# command → (the schema file's use case, the definition its document follows)
SCHEMAS: dict[str, tuple[str, str]] = {
    "ballot": ("sessions", "session_result"),
    "check": ("quotes", "check"),
    "claim add": ("claims", "claim_added"),
    "claim archive": ("common", "node"),
    "claim edit": ("common", "node"),
    "claim unarchive": ("common", "node"),
    "compare": ("weighing", "comparison"),
    "db copy": ("stores", "copied"),
    "db grant": ("stores", "granted"),
    "db info": ("stores", "store_info"),
    "db logins": ("stores", "login_grants"),
    "db path": ("stores", "store_path"),
    "db repair": ("stores", "repaired"),
    "db revoke": ("stores", "revoked"),
    "demo": ("stores", "demo"),
    "evidence": ("quotes", "evidence_rows"),
    "explain": ("weighing", "explanation"),
    "export": ("weighing", "exported"),
    "format list": ("sessions", "debate_formats"),
    "format show": ("sessions", "debate_format"),
    "groups": ("weighing", "opinion_groups"),
    "import": ("files", "import_report"),
    "link": ("claims", "linked"),
    "list": ("claims", "theses"),
    "move": ("claims", "moved"),
    "participant list": ("people", "participants"),
    "participant merge": ("people", "merged"),
    "participant rename": ("people", "renamed"),
    "poll": ("sessions", "session_result"),
    "quote add": ("quotes", "quote_outcome"),
    "quote edit": ("quotes", "quote_edited"),
    "rebut": ("claims", "linked"),
    "search": ("sources", "search"),
    "session end": ("sessions", "session"),
    "session links": ("sessions", "room_links"),
    "session list": ("sessions", "session_list"),
    "session new": ("sessions", "session"),
    "session next": ("sessions", "session"),
    "session pause": ("sessions", "session"),
    "session poi": ("sessions", "session"),
    "session prep": ("sessions", "session"),
    "session result": ("sessions", "session_result"),
    "session resume": ("sessions", "session"),
    "session show": ("sessions", "session"),
    "session start": ("sessions", "session"),
    "show": ("claims", "details"),
    "source add": ("sources", "source_added"),
    "source list": ("sources", "sources"),
    "source show": ("sources", "source_with_text"),
    "source update": ("sources", "source_updated"),
    "support": ("claims", "linked"),
    "team add": ("people", "team_change"),
    "team list": ("people", "teams"),
    "team remove": ("people", "team_change"),
    "transcript": ("sessions", "transcript"),
    "tree": ("weighing", "weighted_trees"),
    "unlink": ("claims", "unlinked"),
    "verdict": ("weighing", "verdicts"),
    "vote": ("voting", "vote_outcome"),
    "votes": ("voting", "votes"),
}


@cache
def _definitions(use_case: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((HERE / f"{use_case}.schema.json").read_text("utf-8"))
    return data["$defs"]


def schema(command: str) -> dict[str, Any]:
    """The JSON Schema of `debate COMMAND --json`'s document, whole."""
    use_case, name = SCHEMAS[command]
    definitions = {**_definitions("common"), **_definitions(use_case)}
    return {"$schema": DIALECT, "$ref": f"#/$defs/{name}", "$defs": definitions}
