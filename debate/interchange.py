"""Bringing debates in from other tools' files (issue 9): Kialo so far.

A file is read, decoded, checked and parsed before the store is touched, so a
bad file is refused before any write and nothing slow runs under the write
lock; then everything is written in one transaction, or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from debate import inputs
from debate.errors import BadFile, InvalidInput
from debate.formats import kialo
from debate.formats.imported import ImportedDebate, LeftOut
from debate.models import SourceMetadata
from debate.store import Store
from debate.text import describe_control, first_control

MAX_FILE_BYTES = 20 * 1024 * 1024  # a 3,000-claim Kialo export is about 1 MB
IMPORT_FORMATS = ("kialo",)
# The kinds an import report always counts, whatever the format holds.
KINDS = ("claims", "links", "quotes", "sources", "citations", "votes", "participants")


@dataclass(frozen=True)
class ImportReport:
    path: str
    format: str
    title: str | None
    dry_run: bool
    theses: tuple[int, ...]  # the new theses' ids; none on a dry run
    imported: dict[str, int]  # by kind, as KINDS
    left_out: tuple[LeftOut, ...]


def read_text(path: Path) -> str:
    """The file's text: at most MAX_FILE_BYTES, UTF-8 (a byte-order mark is dropped),
    no control characters but tab and newline (and CR before a newline)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BadFile(f"{path} is {size:,} bytes; at most {MAX_FILE_BYTES:,} can be imported")
        data = path.read_bytes()
    except OSError as e:
        raise InvalidInput(f"cannot read {path}: {e.strerror or e}") from e
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise BadFile(f"line {line}: not valid UTF-8 (byte {e.start + 1} of the file)") from None
    control = first_control(text.replace("\r\n", "\n"))
    if control is not None:
        line = text.count("\n", 0, text.index(control)) + 1
        raise BadFile(f"line {line}: the control character {describe_control(control)}")
    return text


def guess_format(path: Path, text: str) -> str:
    if kialo.looks_like(text):
        return "kialo"
    raise BadFile(
        f"cannot tell the format of {path.name}; give it with --format "
        f"({', '.join(IMPORT_FORMATS)})"
    )


def parse(text: str, fmt: str) -> ImportedDebate:
    if fmt == "kialo":
        debate = kialo.parse(text)
    else:
        raise InvalidInput(f"unknown format {fmt!r}; choose from {', '.join(IMPORT_FORMATS)}")
    for claim in debate.claims:  # the rules of `claim add`, with the line named
        inputs.required_text(claim.text, f"line {claim.line}: claim {claim.key}")
    if not debate.theses:
        raise BadFile("the file holds no thesis")
    return debate


def read_file(path: Path, fmt: str | None = None) -> ImportedDebate:
    """The file, read, decoded, parsed and checked: before any store is opened, so a
    bad file changes nothing (and a dry run needs no store)."""
    text = read_text(path)
    return parse(text, fmt or guess_format(path, text))


def report(path: Path, debate: ImportedDebate, theses: tuple[int, ...] = ()) -> ImportReport:
    """What the file holds, by kind; with the new theses once it is imported."""
    imported = dict.fromkeys(KINDS, 0)
    imported.update(
        claims=len(debate.claims),
        links=len(debate.links),
        sources=len(debate.sources),
        citations=len(debate.citations),
    )
    return ImportReport(
        str(path), debate.format, debate.title, not theses, theses, imported, debate.left_out
    )


def import_debate(store: Store, actor: str, path: Path, debate: ImportedDebate) -> ImportReport:
    """Everything the file holds, in one transaction, or nothing."""
    return report(path, debate, _write(store, actor, path, debate))


def _write(store: Store, actor: str, path: Path, debate: ImportedDebate) -> tuple[int, ...]:
    with store.transaction():
        who = store.participant_id(actor)
        ids: dict[str, int] = {}
        for claim in debate.claims:
            ids[claim.key] = store.add_node("claim", claim.text.strip(), who)
        for link in debate.links:
            store.add_link(ids[link.parent], ids[link.child], link.stance, who)
        parents = {link.child: link for link in debate.links if not link.reference}
        for claim in debate.claims:
            above = parents.get(claim.key)
            store.log(
                who,
                "claim added",
                node=ids[claim.key],
                text=claim.text.strip(),
                parent=None if above is None else ids[above.parent],
                stance=None if above is None else above.stance,
            )
        source_ids: dict[str, int] = {}
        for source in debate.sources:
            key = kialo.source_key(source.title)
            title = inputs.optional_text(source.title[: inputs.MAX_FIELD], "a source's title")
            url = source.url if source.url and len(source.url) <= inputs.MAX_FIELD else None
            found = store.add_source(key, SourceMetadata(title=title, url=url), who)
            source_ids[source.key] = found if found is not None else store.source(key).id
        for citation in debate.citations:
            store.add_citation(
                ids[citation.claim], source_ids[citation.source], citation.label, who
            )
        theses = tuple(ids[key] for key in debate.theses)
        for thesis in theses:
            store.log(
                who,
                "debate imported",
                node=thesis,
                file=path.name,
                format=debate.format,
                title=debate.title,
                claims=len(debate.claims),
            )
    return theses
