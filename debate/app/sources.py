"""Use cases for sources: add (from a file, with its BibTeX), update, list, show,
and search their texts and the quotes.

Extracting and indexing a long source is slow, so it never runs while the store's
write lock is held: the text is prepared outside any transaction, and then,
inside one, the command checks that the source is still as it found it.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from debate.app.policy import retrying, stored_status
from debate.app.reading import read_bounded, shown
from debate.core import validate
from debate.errors import Conflict, InvalidInput, NotFound
from debate.models import (
    Anchor,
    Node,
    PassageHit,
    QuoteStatus,
    Source,
    SourceMetadata,
    SourceText,
)
from debate.store import Store

if TYPE_CHECKING:  # anchoring and extraction load when a command needs them: not for `check`
    from debate.core.anchoring import Anchorer, Outcome, PageLabels, SourceIndex


_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")


MAX_SEARCH = 1_000  # characters in a search


def check_key(key: str) -> str:
    if len(key) > validate.MAX_NAME or not _KEY.fullmatch(key or ""):
        shown = key if len(key) <= 40 else key[:40] + "…"
        raise InvalidInput(
            f"invalid source key {shown!r}: use letters, digits and _ . : - (no spaces), "
            f"at most {validate.MAX_NAME} characters"
        )
    return key


def check_metadata(metadata: SourceMetadata) -> SourceMetadata:
    fields: dict[str, Any] = {}
    for name, value in metadata.given().items():
        fields[name] = value if name == "year" else validate.optional_text(value, f"the {name}")
    return SourceMetadata(**fields)


def read_file(path: Path) -> bytes:
    from debate.core import extraction

    limit = extraction.MAX_SOURCE_BYTES
    return read_bounded(path, limit, f"{shown(path)} is over the {limit // 2**20} MB limit")


@dataclass(frozen=True)
class PreparedText:
    """A source file read and indexed, ready to be written in one transaction."""

    text: SourceText
    metadata: SourceMetadata  # found in the file
    passages: list[tuple[int, int, str | None, str]]  # (start, end, page, searchable text)
    index: SourceIndex | None = None  # its normalized copy, to keep

    @property
    def pages(self) -> PageLabels:
        from debate.core.anchoring import PageLabels

        return PageLabels(self.text.pages)

    def anchorer(self) -> Anchorer:
        from debate.core.anchoring import Anchorer

        if self.index is None:
            return Anchorer.for_text(self.text.text)
        return Anchorer.from_index(self.text.text, self.index)


def prepare_text(path: Path) -> PreparedText:
    """Read, extract and index a source file (slow; outside any transaction)."""
    from debate.core import extraction
    from debate.core.anchoring import Anchorer

    extracted = extraction.extract(path.name, read_file(path))
    text = SourceText(
        text=extracted.text,
        text_sha256=extracted.text_sha256,
        original_sha256=extracted.original_sha256,
        extractor=extracted.extractor,
        format=extracted.format,
        filename=path.name,
        pages=extracted.pages,
    )
    rows = extraction.paged_passages(extracted.text, extracted.pages)
    index = Anchorer.for_text(extracted.text).index()
    return PreparedText(text, check_metadata(SourceMetadata(**extracted.metadata)), rows, index)


@dataclass(frozen=True)
class Anchored:
    """Where one existing quote stands in a text; `exact` is its new text."""

    node_id: int
    anchor: Anchor
    exact: str | None


def anchor_typed(prepared: PreparedText, typed: list[str]) -> list[tuple[Anchor, str | None]]:
    """Anchor quotes typed before their source had a text (pure, slow): each one's
    anchor, and its text in the source when it was found."""
    anchorer = prepared.anchorer()
    out: list[tuple[Anchor, str | None]] = []
    for quote in typed:
        result = anchorer.anchor(quote)
        if result.storable and result.match is not None:
            anchor = anchorer.anchor_of(result.match, stored_status(result), prepared.pages)
            out.append((anchor, result.match.exact))
        else:
            status: QuoteStatus = "ambiguous" if result.status == "ambiguous" else "not-found"
            out.append((Anchor.placeless(status), None))
    return out


def anchor_existing(prepared: PreparedText, quotes: list[Node]) -> list[Anchored]:
    typed = [node.quote.typed for node in quotes if node.quote is not None]
    found = anchor_typed(prepared, typed)
    return [
        Anchored(node.id, anchor, exact)
        for node, (anchor, exact) in zip(quotes, found, strict=True)
    ]


def attach_text(
    store: Store,
    who: int,
    source: Source,
    prepared: PreparedText,
    anchored: list[Anchored],
    explicit: SourceMetadata,
    bibtex: str | None = None,
) -> None:
    """Write a text onto a known source without one, with its quotes' anchors (in a
    transaction; metadata the source already has stays unless given explicitly)."""
    found = prepared.metadata.missing_from(source.metadata)
    store.update_source(source.id, metadata=explicit.over(found), text=prepared.text, bibtex=bibtex)
    store.replace_passages(source.id, prepared.passages)
    if prepared.index is not None:
        store.save_source_index(source.id, prepared.index)
    for a in anchored:
        store.set_anchor(a.node_id, a.anchor, exact=a.exact)
    store.log(
        who,
        "source text attached",
        source=source.id,
        sha256=prepared.text.text_sha256,
        fields=explicit.given(),
        verified=[a.node_id for a in anchored if a.anchor.stored_ok],
        not_found=[a.node_id for a in anchored if not a.anchor.stored_ok],
    )


@dataclass(frozen=True)
class SourceAdded:
    source: Source
    created: bool
    text_attached: bool
    verified: int  # existing quotes found in the newly attached text
    not_found: list[int]  # existing quotes that the text does not contain


def _bibtex(path: Path | None, key: str | None) -> tuple[str | None, SourceMetadata, str | None]:
    """(key, metadata, raw entry) from a BibTeX file; the key picks the entry."""
    from debate.core import extraction

    if path is None:
        return key, SourceMetadata(), None
    try:
        text = read_file(path).decode("utf-8")
    except UnicodeDecodeError as e:
        raise InvalidInput(f"{path} is not UTF-8 text") from e
    entries = extraction.bibtex_entries(text)
    if not entries:
        raise InvalidInput(f"{path} has no BibTeX entries")
    if key is None:
        if len(entries) > 1:
            keys = ", ".join(sorted(entries))
            raise InvalidInput(f"{path} has {len(entries)} entries ({keys}); pick one with --key")
        key = next(iter(entries))
    if key not in entries:
        raise NotFound(f"no entry {key!r} in {path} (entries: {', '.join(sorted(entries))})")
    entry = entries[key]
    metadata = check_metadata(SourceMetadata(**extraction.bibtex_metadata(entry)))
    return key, metadata, json.dumps(entry, ensure_ascii=False)


def add_source(
    store: Store,
    actor: str,
    path: Path,
    key: str | None,
    metadata: SourceMetadata,
    *,
    bibtex: Path | None = None,
) -> SourceAdded:
    key, from_bibtex, raw_entry = _bibtex(bibtex, key)
    if key is None:
        raise InvalidInput("give the source a key with --key KEY (or --bibtex with one entry)")
    check_key(key)
    # Found in the file, bettered by a BibTeX entry, bettered by the command line.
    explicit = check_metadata(metadata).over(from_bibtex)
    started = time.monotonic()
    prepared = prepare_text(path)

    def attempt() -> SourceAdded | None:
        before = store.find_source(key)
        waiting = store.quotes_of_source(before.id) if before and not before.has_text else []
        anchored = anchor_existing(prepared, waiting)
        # Indexing took a while: the write waits for its turn at least as long.
        with store.waiting_at_least(time.monotonic() - started), store.transaction():
            existing = store.find_source(key)
            who = store.participant_id(actor)
            if existing is None:
                if before is not None:
                    return None
                source_id = store.add_source(
                    key, explicit.over(prepared.metadata), who, text=prepared.text, bibtex=raw_entry
                )
                if source_id is None:  # another command added it just now
                    return None
                store.replace_passages(source_id, prepared.passages)
                if prepared.index is not None:
                    store.save_source_index(source_id, prepared.index)
                store.log(
                    who,
                    "source added",
                    source=source_id,
                    key=key,
                    sha256=prepared.text.text_sha256,
                    original_sha256=prepared.text.original_sha256,
                    extractor=prepared.text.extractor,
                )
                return SourceAdded(store.source(key), True, True, 0, [])
            if existing.has_text:
                if existing.text_sha256 != prepared.text.text_sha256:
                    raise Conflict(
                        f"source {key} already has a different text; "
                        f"to replace it and re-anchor its quotes: debate source update {key} FILE"
                    )
                store.update_source(existing.id, metadata=explicit, bibtex=raw_entry)
                if explicit.given():
                    store.log(who, "source edited", source=existing.id, fields=explicit.given())
                return SourceAdded(store.source(key), False, False, 0, [])
            if before is None or [n.id for n in store.quotes_of_source(existing.id)] != [
                n.id for n in waiting
            ]:
                return None  # quotes came or went while anchoring: anchor again
            attach_text(store, who, existing, prepared, anchored, explicit, raw_entry)
            missing = [a.node_id for a in anchored if not a.anchor.stored_ok]
            return SourceAdded(
                store.source(key), False, True, len(anchored) - len(missing), missing
            )

    return retrying(f"source {key}", attempt)


@dataclass(frozen=True)
class QuoteReanchored:
    node: Node  # as it is now
    outcome: Outcome
    old: tuple[int, int] | None
    new: tuple[int, int] | None
    was: str  # the quote's text before the update


@dataclass(frozen=True)
class SourceUpdated:
    source: Source
    text_changed: bool
    quotes: list[QuoteReanchored]


def update_source(store: Store, actor: str, key: str, path: Path) -> SourceUpdated:
    """Import a new version of a source's text and re-anchor every quote of it."""
    from debate.core.anchoring import OUTCOMES, reanchor

    started = time.monotonic()
    prepared = prepare_text(path)

    def attempt() -> SourceUpdated | None:
        source = store.source(key)
        old_text = store.source_text(source.id)
        if old_text is None:
            raise Conflict(
                f"source {key} has no text yet: use `debate source add FILE --key {key}`"
            )
        quotes = store.quotes_of_source(source.id)
        if source.text_sha256 == prepared.text.text_sha256:
            unchanged = [
                QuoteReanchored(n, "unchanged", _span(n), _span(n), n.text) for n in quotes
            ]
            return SourceUpdated(source, False, unchanged)
        anchorer = prepared.anchorer()
        moves = []
        for node in quotes:
            assert node.quote is not None
            moves.append(
                (node, reanchor(node.quote, old_text, prepared.text.text, anchorer, prepared.pages))
            )
        with store.waiting_at_least(time.monotonic() - started), store.transaction():
            now = store.source(key)
            if now.text_sha256 != source.text_sha256 or [
                n.id for n in store.quotes_of_source(source.id)
            ] != [n.id for n in quotes]:
                return None
            who = store.participant_id(actor)
            store.update_source(source.id, text=prepared.text)
            store.replace_passages(source.id, prepared.passages)
            if prepared.index is not None:
                store.save_source_index(source.id, prepared.index)
            report = []
            for node, moved in moves:
                store.set_anchor(node.id, moved.anchor, exact=moved.exact)
                if moved.outcome != "unchanged":
                    store.log(
                        who,
                        f"quote {moved.outcome}",
                        node=node.id,
                        source=source.id,
                        old=_span(node),
                        new=[moved.anchor.start, moved.anchor.end],
                    )
                after = store.node(node.id)
                report.append(
                    QuoteReanchored(after, moved.outcome, _span(node), _span(after), node.text)
                )
            store.log(
                who,
                "source updated",
                source=source.id,
                sha256=prepared.text.text_sha256,
                outcomes={o: [r.node.id for r in report if r.outcome == o] for o in OUTCOMES},
            )
        return SourceUpdated(store.source(key), True, report)

    return retrying(f"source {key}", attempt)


def _span(node: Node) -> tuple[int, int] | None:
    return node.quote.anchor.span if node.quote else None


@dataclass(frozen=True)
class SearchHits:
    query: str
    passages: list[PassageHit]
    quotes: list[Node]


def search(store: Store, words: str, key: str | None = None, limit: int = 20) -> SearchHits:
    if len(words) > MAX_SEARCH:
        raise InvalidInput(f"the search is {len(words):,} characters long; at most {MAX_SEARCH:,}")
    source_id = store.source(key).id if key else None
    hits = store.search_passages(words, source_id, limit)
    ids = store.search_quotes(words, source_id, limit)
    nodes = store.nodes(ids)
    return SearchHits(words, hits, [nodes[i] for i in ids])


def sources(store: Store) -> list[Source]:
    return store.sources()


def source(store: Store, key: str, *, with_text: bool = False) -> tuple[Source, str | None]:
    """Source KEY, and with `with_text` its stored text (which it must have)."""
    found = store.source(key)
    if not with_text:
        return found, None
    text = store.source_text(found.id)
    if text is None:
        raise NotFound(f"source {key} has no text attached")
    return found, text
