"""Human output: the rich views (with `sessions` beside it, the only home of rich).

User text always goes into `rich.text.Text` objects, never into markup
strings, so "[bold]" prints as written; and every piece of it passes through
`debate.core.text.visible` first, so an escape sequence in a claim is shown
(as ␛[2J), never obeyed. Data goes to stdout; messages go to stderr.

The views are by use case, one module each (`claims`, `voting`, `people`,
`sources`, `quotes`, `weighing`, `files`, `stores`, and `sessions` for seminars),
from the pieces in `common` and `labels`; `tree`, the weighted tree, needs no
rich at all. Every view is also here by name, for the CLI: a name is looked up
in its module on first use, so that importing this package loads nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from debate.output.names import on_first_use

if TYPE_CHECKING:
    from debate.output.human.claims import details, node_lines, theses
    from debate.output.human.common import (
        indented,
        kv,
        perspective_line,
        shown,
        stderr,
        stdout,
        user,
        user_block,
    )
    from debate.output.human.files import import_report
    from debate.output.human.labels import (
        ASCII_LEGEND,
        LEGEND,
        SEMANTICS_LABEL,
        STANCE_STYLE,
        effect,
        node_text,
        short,
        signed,
    )
    from debate.output.human.people import participants, team_list
    from debate.output.human.quotes import check_report, evidence_log, quote_outcome
    from debate.output.human.sessions import (
        LiveDisplay,
        big,
        format_table,
        formats_list,
        live_screen,
        room_links,
        session_list,
        session_result,
        session_view,
    )
    from debate.output.human.sources import (
        search_hits,
        source,
        source_list,
        source_text,
        source_updated,
    )
    from debate.output.human.stores import demo_loaded, logins, store_info
    from debate.output.human.tree import ONE_CELL, Token, tree_lines, unvoted_line, weighted_trees
    from debate.output.human.voting import vote_line, vote_value, votes
    from debate.output.human.weighing import (
        VERDICT_STYLE,
        comparison,
        explanation,
        opinion_groups,
        verdict_table,
    )

# Each view's module; tests/test_render.py holds this to what the modules define.
HOME = {
    "LiveDisplay": "sessions",
    "big": "sessions",
    "format_table": "sessions",
    "formats_list": "sessions",
    "live_screen": "sessions",
    "room_links": "sessions",
    "session_list": "sessions",
    "session_result": "sessions",
    "session_view": "sessions",
    "STANCE_STYLE": "labels",
    "SEMANTICS_LABEL": "labels",
    "LEGEND": "labels",
    "ASCII_LEGEND": "labels",
    "node_text": "labels",
    "signed": "labels",
    "effect": "labels",
    "short": "labels",
    "Token": "tree",
    "ONE_CELL": "tree",
    "tree_lines": "tree",
    "unvoted_line": "tree",
    "weighted_trees": "tree",
    "stdout": "common",
    "stderr": "common",
    "user": "common",
    "shown": "common",
    "user_block": "common",
    "kv": "common",
    "indented": "common",
    "perspective_line": "common",
    "node_lines": "claims",
    "details": "claims",
    "theses": "claims",
    "vote_value": "voting",
    "vote_line": "voting",
    "votes": "voting",
    "participants": "people",
    "team_list": "people",
    "source_list": "sources",
    "source": "sources",
    "source_text": "sources",
    "source_updated": "sources",
    "search_hits": "sources",
    "quote_outcome": "quotes",
    "check_report": "quotes",
    "evidence_log": "quotes",
    "explanation": "weighing",
    "comparison": "weighing",
    "VERDICT_STYLE": "weighing",
    "verdict_table": "weighing",
    "opinion_groups": "weighing",
    "import_report": "files",
    "logins": "stores",
    "store_info": "stores",
    "demo_loaded": "stores",
}

__all__ = [
    "ASCII_LEGEND",
    "LEGEND",
    "ONE_CELL",
    "SEMANTICS_LABEL",
    "STANCE_STYLE",
    "VERDICT_STYLE",
    "LiveDisplay",
    "Token",
    "big",
    "check_report",
    "comparison",
    "demo_loaded",
    "details",
    "effect",
    "evidence_log",
    "explanation",
    "format_table",
    "formats_list",
    "import_report",
    "indented",
    "kv",
    "live_screen",
    "logins",
    "node_lines",
    "node_text",
    "opinion_groups",
    "participants",
    "perspective_line",
    "quote_outcome",
    "room_links",
    "search_hits",
    "session_list",
    "session_result",
    "session_view",
    "short",
    "shown",
    "signed",
    "source",
    "source_list",
    "source_text",
    "source_updated",
    "stderr",
    "stdout",
    "store_info",
    "team_list",
    "theses",
    "tree_lines",
    "unvoted_line",
    "user",
    "user_block",
    "verdict_table",
    "vote_line",
    "vote_value",
    "votes",
    "weighted_trees",
]


# Hidden from mypy, which would otherwise take any name here for a view.
if not TYPE_CHECKING:
    __getattr__ = on_first_use(__name__, HOME)
