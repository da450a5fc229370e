"""Every `--json` document, built in one place so that the same thing has the same
key everywhere:

- `id` is a claim's or quote's number; `thesis` is a thesis's number, `is_thesis`
  whether a node is one;
- `votes` is always a list of votes (`participant`, `kind`, `value`, `cast_at`),
  `vote_counts` the counts by kind;
- `semantics` is the name of the semantics used, `strength_by_semantics` a σ
  under each;
- `participant`, `team`, `perspective` and `source` are the name (or key) of one;
- a quote's `text` is its readable text, `exact` the source's raw span.

Scores are rounded to six decimals, and never read -0.

The documents are built by use case, one module each (`claims`, `voting`,
`people`, `sources`, `quotes`, `weighing`, `files`, `sessions`, `stores`), from
the pieces in `common`; each module's JSON Schema lies beside it
(`claims.schema.json`, …), and `schemas.py` says which schema each command's
document follows. Every builder is also here by name, for the CLI: a name is
looked up in its module on first use, so that importing this package loads
nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from debate.output.names import on_first_use

if TYPE_CHECKING:
    from debate.output.json.claims import details, linked, moved, theses, unlinked
    from debate.output.json.common import (
        C_ENCODER_DEPTH,
        Document,
        dumps,
        event,
        node,
        number,
        participant,
        perspective,
        root_fields,
        source,
        team,
        tree,
        tree_node,
        tree_node_json,
        vote,
    )
    from debate.output.json.files import import_report
    from debate.output.json.people import merged, renamed, team_change
    from debate.output.json.quotes import check, evidence_row, quote_edited, quote_outcome
    from debate.output.json.sessions import (
        ballot,
        debate_format,
        room_links,
        session,
        session_list,
        session_result,
        transcript,
    )
    from debate.output.json.sources import search, source_added, source_updated, source_with_text
    from debate.output.json.stores import (
        copied,
        demo,
        granted,
        login_grant,
        repaired,
        revoked,
        store_info,
        store_path,
    )
    from debate.output.json.voting import vote_changes, votes
    from debate.output.json.weighing import (
        comparison,
        explanation,
        exported,
        opinion_groups,
        verdicts,
        weighted_trees,
        write_weighted_trees,
    )

# Each builder's module; tests/test_json_schemas.py holds this to the modules.
HOME = {
    "Document": "common",
    "number": "common",
    "C_ENCODER_DEPTH": "common",
    "dumps": "common",
    "node": "common",
    "vote": "common",
    "event": "common",
    "source": "common",
    "participant": "common",
    "team": "common",
    "perspective": "common",
    "tree_node": "common",
    "root_fields": "common",
    "tree": "common",
    "tree_node_json": "common",
    "linked": "claims",
    "unlinked": "claims",
    "moved": "claims",
    "details": "claims",
    "theses": "claims",
    "vote_changes": "voting",
    "votes": "voting",
    "team_change": "people",
    "renamed": "people",
    "merged": "people",
    "source_with_text": "sources",
    "source_added": "sources",
    "source_updated": "sources",
    "search": "sources",
    "quote_outcome": "quotes",
    "quote_edited": "quotes",
    "check": "quotes",
    "evidence_row": "quotes",
    "weighted_trees": "weighing",
    "write_weighted_trees": "weighing",
    "exported": "weighing",
    "explanation": "weighing",
    "comparison": "weighing",
    "verdicts": "weighing",
    "opinion_groups": "weighing",
    "import_report": "files",
    "debate_format": "sessions",
    "session": "sessions",
    "room_links": "sessions",
    "session_list": "sessions",
    "ballot": "sessions",
    "session_result": "sessions",
    "transcript": "sessions",
    "store_path": "stores",
    "repaired": "stores",
    "demo": "stores",
    "copied": "stores",
    "login_grant": "stores",
    "granted": "stores",
    "revoked": "stores",
    "store_info": "stores",
}
__all__ = [
    "C_ENCODER_DEPTH",
    "Document",
    "ballot",
    "check",
    "comparison",
    "copied",
    "debate_format",
    "demo",
    "details",
    "dumps",
    "event",
    "evidence_row",
    "explanation",
    "exported",
    "granted",
    "import_report",
    "linked",
    "login_grant",
    "merged",
    "moved",
    "node",
    "number",
    "opinion_groups",
    "participant",
    "perspective",
    "quote_edited",
    "quote_outcome",
    "renamed",
    "repaired",
    "revoked",
    "room_links",
    "root_fields",
    "search",
    "session",
    "session_list",
    "session_result",
    "source",
    "source_added",
    "source_updated",
    "source_with_text",
    "store_info",
    "store_path",
    "team",
    "team_change",
    "theses",
    "transcript",
    "tree",
    "tree_node",
    "tree_node_json",
    "unlinked",
    "verdicts",
    "vote",
    "vote_changes",
    "votes",
    "weighted_trees",
    "write_weighted_trees",
]


# Hidden from mypy, which would otherwise take any name here for a builder.
if not TYPE_CHECKING:
    __getattr__ = on_first_use(__name__, HOME)
