"""Human output: the rich views (with `sessions` beside it, the only home of rich).

User text always goes into `rich.text.Text` objects, never into markup
strings, so "[bold]" prints as written; and every piece of it passes through
`debate.core.text.visible` first, so an escape sequence in a claim is shown
(as ␛[2J), never obeyed. Data goes to stdout; messages go to stderr.

The views are by use case, one module each (`claims`, `voting`, `people`,
`sources`, `quotes`, `weighing`, `files`, `stores`, and `sessions` for seminars),
from the pieces in `common`; everything but the seminar views is also here,
by name, for the CLI.
"""

from __future__ import annotations

from debate.output.human.claims import details, node_lines, theses
from debate.output.human.common import (
    ASCII_LEGEND,
    LEGEND,
    SEMANTICS_LABEL,
    STANCE_STYLE,
    effect,
    indented,
    kv,
    node_text,
    perspective_line,
    short,
    shown,
    signed,
    stderr,
    stdout,
    user,
    user_block,
)
from debate.output.human.files import import_report
from debate.output.human.people import participants, team_list
from debate.output.human.quotes import check_report, evidence_log, quote_outcome
from debate.output.human.sources import search_hits, source, source_text, source_updated, sources
from debate.output.human.stores import demo_loaded, logins, store_info
from debate.output.human.voting import vote_line, vote_value, votes
from debate.output.human.weighing import (
    VERDICT_STYLE,
    Token,
    comparison,
    explanation,
    opinion_groups,
    tree_lines,
    verdict_table,
    weighted_trees,
)

__all__ = [
    "ASCII_LEGEND",
    "LEGEND",
    "SEMANTICS_LABEL",
    "STANCE_STYLE",
    "VERDICT_STYLE",
    "Token",
    "check_report",
    "comparison",
    "demo_loaded",
    "details",
    "effect",
    "evidence_log",
    "explanation",
    "import_report",
    "indented",
    "kv",
    "logins",
    "node_lines",
    "node_text",
    "opinion_groups",
    "participants",
    "perspective_line",
    "quote_outcome",
    "search_hits",
    "short",
    "shown",
    "signed",
    "source",
    "source_text",
    "source_updated",
    "sources",
    "stderr",
    "stdout",
    "store_info",
    "team_list",
    "theses",
    "tree_lines",
    "user",
    "user_block",
    "verdict_table",
    "vote_line",
    "vote_value",
    "votes",
    "weighted_trees",
]
