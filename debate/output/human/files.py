"""The view of an import."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich.table import Table

from debate.output.human.common import indented, stdout, user
from debate.output.messages import count, message

if TYPE_CHECKING:
    from debate.app.files import ImportReport


def import_report(report: ImportReport) -> None:
    """What a file brought (or would bring, on a dry run), by kind; what it left out."""
    name = report.path.rsplit("/", 1)[-1]  # user text: message() shows it, never obeys it
    if report.dry_run:
        message(f"Checked {name} ({report.format}): it can be imported; nothing was written.")
    else:
        theses = ", ".join(f"#{i}" for i in report.theses)
        message(f"Imported {name} ({report.format}) as thesis {theses}.", "green")
    columns = ["kind", "imported" if not report.dry_run else "in the file"]
    if report.already is not None:
        columns.append("there already")
    table = Table(*columns, box=None)
    for kind, n in report.imported.items():
        there = [] if report.already is None else [f"{report.already.get(kind, 0):,}"]
        table.add_row(kind, f"{n:,}", *there)
    indented(stdout(), table, 0)
    if report.conflicts:
        kept = Counter((c.kind, c.kept) for c in report.conflicts)
        message(
            f"{count(len(report.conflicts), 'row')} changed on both sides: the later change "
            "kept ("
            + ", ".join(f"{n} {kind} from the {side}" for (kind, side), n in sorted(kept.items()))
            + "); the other stays in the history.",
            "yellow",
        )
    if report.left_out:
        out = Table("left out", "count", "why", box=None)
        for left in report.left_out:
            out.add_row(user(left.kind), f"{left.count:,}", user(left.reason))
        indented(stdout(), out, 0)
