"""--json documents of import."""

from __future__ import annotations

from typing import TYPE_CHECKING

from debate.output.json.common import Document

if TYPE_CHECKING:
    from debate.app.files import ImportReport


def import_report(report: ImportReport) -> Document:
    return {
        "path": report.path,
        "format": report.format,
        "title": report.title,
        "dry_run": report.dry_run,
        "theses": list(report.theses),
        "imported": dict(report.imported),
        "left_out": [
            {"kind": left.kind, "count": left.count, "reason": left.reason}
            for left in report.left_out
        ],
        "already": None if report.already is None else dict(report.already),
        "conflicts": [{"kind": c.kind, "uuid": c.uuid, "kept": c.kept} for c in report.conflicts],
    }
