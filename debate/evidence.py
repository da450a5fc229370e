"""Use cases for sources and evidence: add and update sources, quote, check, search,
and the evidence log.

Every write runs in one store transaction after every check, so a refused
command leaves the store as it was.
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from debate import extract
from debate.anchoring import Anchorer, Match, Result, page_of
from debate.app import clean_text, insert_quote, live_claim
from debate.errors import Conflict, InvalidInput, NotFound
from debate.graph import children_map, descendants
from debate.models import Node, Quote, Source, Stance
from debate.store import Store

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")
METADATA_FIELDS = ("title", "author", "year", "venue", "url")


def check_key(key: str) -> str:
    if not _KEY.fullmatch(key or ""):
        raise InvalidInput(
            f"invalid source key {key!r}: use letters, digits and _ . : - (no spaces)"
        )
    return key


def read_file(path: Path) -> bytes:
    if not path.is_file():
        raise NotFound(f"no such file: {path}")
    if path.stat().st_size > extract.MAX_SOURCE_BYTES:
        raise InvalidInput(f"{path} is over the {extract.MAX_SOURCE_BYTES // 2**20} MB limit")
    return path.read_bytes()


def read_source(path: Path) -> extract.Extraction:
    return extract.extract(path.name, read_file(path))


def _anchor_columns(
    anchorer: Anchorer, match: Match, status: str, pages: tuple[tuple[int, str], ...]
) -> dict[str, Any]:
    before, after = anchorer.context(match.start, match.end)
    return {
        "status": status,
        "start": match.start,
        "end": match.end,
        "verbatim": match.verbatim,
        "method": match.method,
        "similarity": match.similarity,
        "edits": match.edits,
        "page": page_of(match.start, pages),
        "context_before": before,
        "context_after": after,
        "segments": [list(s) for s in match.segments] if len(match.segments) > 1 else None,
    }


def _index(store: Store, source_id: int, text: str, pages: tuple[tuple[int, str], ...]) -> None:
    store.replace_passages(
        source_id,
        [(a, b, page_of(a, pages), said) for a, b, said in extract.passages(text)],
    )


# -- adding a source ------------------------------------------------------------


@dataclass(frozen=True)
class SourceAdded:
    source: Source
    created: bool
    text_attached: bool
    verified: int  # existing quotes found in the newly attached text
    not_found: list[int]  # existing quotes that the text does not contain


def _bibtex(path: Path | None, key: str | None) -> tuple[str | None, dict[str, Any], str | None]:
    """(key, metadata, raw entry) from a BibTeX file; the key picks the entry."""
    if path is None:
        return key, {}, None
    try:
        text = read_file(path).decode("utf-8")
    except UnicodeDecodeError as e:
        raise InvalidInput(f"{path} is not UTF-8 text") from e
    entries = extract.bibtex_entries(text)
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
    return key, extract.bibtex_metadata(entry), json.dumps(entry, ensure_ascii=False)


def add_source(
    store: Store,
    actor: str,
    path: Path,
    key: str | None,
    metadata: dict[str, str | int | None],
    *,
    bibtex: Path | None = None,
) -> SourceAdded:
    key, from_bibtex, raw_entry = _bibtex(bibtex, key)
    if key is None:
        raise InvalidInput("give the source a key with --key KEY (or --bibtex with one entry)")
    check_key(key)
    extraction = read_source(path)
    # Found in the file, bettered by a BibTeX entry, bettered by the command line.
    explicit: dict[str, Any] = {
        **from_bibtex,
        **{k: v for k, v in metadata.items() if v is not None},
    }
    if raw_entry:
        explicit["bibtex"] = raw_entry
    given = {**extraction.metadata, **explicit}
    attached = {
        "filename": path.name,
        "text": extraction.text,
        "text_sha256": extraction.text_sha256,
        "original_sha256": extraction.original_sha256,
        "extractor": extraction.extractor,
        "format": extraction.format,
        "pages": json.dumps(extraction.pages) if extraction.pages else None,
    }
    with store.write():
        who = store.participant(actor)
        existing = store.find_source(key)
        if existing is None:
            source_id = store.add_source(key, {**given, **attached}, who)
            _index(store, source_id, extraction.text, extraction.pages)
            store.log(
                who,
                "source added",
                source=source_id,
                key=key,
                sha256=extraction.text_sha256,
                original_sha256=extraction.original_sha256,
                extractor=extraction.extractor,
            )
            return SourceAdded(store.source(key), True, True, 0, [])
        if existing.has_text and existing.text_sha256 != extraction.text_sha256:
            raise Conflict(
                f"source {key} already has a different text; "
                f"to replace it and re-anchor its quotes: debate source update {key} FILE"
            )
        if existing.has_text:
            store.update_source(existing.id, explicit)
            if explicit:
                store.log(who, "source edited", source=existing.id, fields=explicit)
            return SourceAdded(store.source(key), False, False, 0, [])
        # A known key without a text (as in the demo): metadata already given stays.
        found = {k: v for k, v in extraction.metadata.items() if getattr(existing, k, None) is None}
        store.update_source(existing.id, {**found, **explicit, **attached})
        _index(store, existing.id, extraction.text, extraction.pages)
        verified, missing = _verify_quotes(store, existing.id, extraction.text, extraction.pages)
        store.log(
            who,
            "source text attached",
            source=existing.id,
            sha256=extraction.text_sha256,
            fields=explicit,
            verified=verified,
            not_found=missing,
        )
        return SourceAdded(store.source(key), False, True, verified, missing)


def _verify_quotes(
    store: Store, source_id: int, text: str, pages: tuple[tuple[int, str], ...]
) -> tuple[int, list[int]]:
    """Anchor every quote of a newly attached text; returns (verified, ids not verified)."""
    anchorer = Anchorer.for_text(text)
    verified, missing = 0, []
    for node in store.quotes_of_source(source_id):
        assert node.quote is not None
        result = anchorer.anchor(node.quote.typed)
        if result.storable and result.match is not None:
            store.set_anchor(
                node.id,
                _anchor_columns(anchorer, result.match, result.status, pages),
                exact=result.match.exact,
            )
            verified += 1
        else:
            status = "ambiguous" if result.status == "ambiguous" else "not-found"
            store.set_anchor(node.id, {"status": status})
            missing.append(node.id)
    return verified, missing


# -- quoting ----------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteOutcome:
    """What `debate quote` found, and the stored quote if it was stored."""

    status: str  # verified | verified-with-differences | confirmed | needs-confirmation
    #              | ambiguous | not-found
    result: Result
    typed: str
    key: str
    claim: int
    stance: Stance
    pages: tuple[tuple[int, str], ...]
    node: Node | None = None
    occurrence: int | None = None  # the occurrence anchored to, when there are several
    requested: int | None = None  # --occurrence as given
    contexts: tuple[tuple[str, str], ...] = ()  # around each occurrence, when several

    def page(self, match: Match) -> str | None:
        return page_of(match.start, self.pages)


def add_quote(
    store: Store,
    actor: str,
    claim: int,
    key: str,
    text: str,
    *,
    opposes: bool = False,
    locator: str | None = None,
    note: str | None = None,
    occurrence: int | None = None,
    confirm: bool = False,
) -> QuoteOutcome:
    typed = clean_text(text, "quote")
    if occurrence is not None and occurrence < 1:
        raise InvalidInput("--occurrence counts from 1")
    stance: Stance = "con" if opposes else "pro"
    with store.write():
        live_claim(store, claim)
        source = store.source(key)
        source_text = store.source_text(source.id)
        if source_text is None:
            raise InvalidInput(
                f"source {key} has no text yet: attach it with `debate source add FILE --key {key}`"
            )
        anchorer = Anchorer.for_text(source_text)
        result = anchorer.anchor(typed, occurrence)
        status: str = result.status
        if status == "needs-confirmation" and confirm:
            status = "confirmed"
        outcome = QuoteOutcome(
            status,
            result,
            typed,
            key,
            claim,
            stance,
            source.pages,
            requested=occurrence,
            contexts=tuple(anchorer.context(m.start, m.end) for m in result.occurrences),
        )
        if status not in Quote.STORED_OK or result.match is None:
            return outcome
        node_id = insert_quote(
            store,
            store.participant(actor),
            claim,
            source.id,
            stance,
            typed=typed,
            exact=result.match.exact,
            anchor=_anchor_columns(anchorer, result.match, status, source.pages),
            locator=locator,
            note=note,
        )
    return dataclasses.replace(
        outcome,
        node=store.node(node_id),
        occurrence=occurrence or (1 if len(result.occurrences) <= 1 else None),
    )


# -- checking -----------------------------------------------------------------


@dataclass(frozen=True)
class CheckRow:
    node: Node
    problem: str | None  # None: the quote still stands where it says


def check(store: Store, key: str | None = None) -> list[CheckRow]:
    """Re-verify every quote against its source's current text."""
    sources = [store.source(key)] if key else store.sources()
    rows = []
    for source in sources:
        text = store.source_text(source.id)
        anchorer = Anchorer.for_text(text) if text is not None else None
        for node in store.quotes_of_source(source.id):
            if node.archived_at:
                continue
            rows.append(CheckRow(node, _problem(node, anchorer)))
    rows.sort(key=lambda r: r.node.id)
    return rows


def _problem(node: Node, anchorer: Anchorer | None) -> str | None:
    q = node.quote
    assert q is not None
    if anchorer is None:
        return "unverified: the source has no text attached"
    if q.status not in Quote.STORED_OK:
        return {
            "not-found": "not found in the source",
            "orphaned": "orphaned: its passage is gone from the updated source",
            "changed": "changed: the updated source says something else here",
            "ambiguous": "ambiguous: the passage occurs more than once",
        }.get(q.status, q.status)
    if q.start is None or q.end is None:
        return "no position stored"
    spans = q.segments or ((q.start, q.end),)
    stored = " […] ".join(anchorer.exact_text(a, b) for a, b in spans)
    if stored != node.text:
        return f"the source no longer says this at [{q.start}:{q.end}]"
    if q.status == "confirmed":
        return None  # a person vouched for this match; the span still holds it
    result = anchorer.anchor(q.typed)
    places = {(m.start, m.end) for m in result.occurrences} | (
        {(result.match.start, result.match.end)} if result.match else set()
    )
    if (q.start, q.end) not in places or result.status in ("not-found", "needs-confirmation"):
        return "what was typed no longer anchors here"
    return None


# -- updating a source ----------------------------------------------------------


@dataclass(frozen=True)
class Reanchored:
    node: Node  # as it is now
    outcome: str  # unchanged | moved | changed | orphaned
    old: tuple[int, int] | None
    new: tuple[int, int] | None
    was: str  # the quote's text before the update


@dataclass(frozen=True)
class SourceUpdated:
    source: Source
    text_changed: bool
    quotes: list[Reanchored]


def update_source(store: Store, actor: str, key: str, path: Path) -> SourceUpdated:
    """Import a new version of a source's text and re-anchor every quote of it."""
    extraction = read_source(path)
    new_text = extraction.text
    with store.write():
        source = store.source(key)
        old_text = store.source_text(source.id)
        if old_text is None:
            raise Conflict(
                f"source {key} has no text yet: use `debate source add FILE --key {key}`"
            )
        if source.text_sha256 == extraction.text_sha256:
            unchanged = [
                Reanchored(n, "unchanged", _span(n), _span(n), n.text)
                for n in store.quotes_of_source(source.id)
            ]
            return SourceUpdated(source, False, unchanged)
        who = store.participant(actor)
        store.update_source(
            source.id,
            {
                "filename": path.name,
                "text": new_text,
                "text_sha256": extraction.text_sha256,
                "original_sha256": extraction.original_sha256,
                "extractor": extraction.extractor,
                "format": extraction.format,
                "pages": json.dumps(extraction.pages) if extraction.pages else None,
            },
        )
        _index(store, source.id, new_text, extraction.pages)
        anchorer = Anchorer.for_text(new_text)
        report = []
        for node in store.quotes_of_source(source.id):
            outcome, anchor, exact = _reanchor(node, old_text, new_text, anchorer, extraction.pages)
            store.set_anchor(node.id, anchor, exact=exact)
            if outcome != "unchanged":
                store.log(
                    who,
                    f"quote {outcome}",
                    node=node.id,
                    source=source.id,
                    old=_span(node),
                    new=[anchor.get("start"), anchor.get("end")],
                )
            after = store.node(node.id)
            report.append(Reanchored(after, outcome, _span(node), _span(after), node.text))
        store.log(
            who,
            "source updated",
            source=source.id,
            sha256=extraction.text_sha256,
            outcomes={o: [r.node.id for r in report if r.outcome == o] for o in _OUTCOMES},
        )
    return SourceUpdated(store.source(key), True, report)


_OUTCOMES = ("unchanged", "moved", "changed", "orphaned")


def _span(node: Node) -> tuple[int, int] | None:
    q = node.quote
    return (q.start, q.end) if q and q.start is not None and q.end is not None else None


def _reanchor(
    node: Node,
    old_text: str,
    new_text: str,
    anchorer: Anchorer,
    pages: tuple[tuple[int, str], ...],
) -> tuple[str, dict[str, Any], str | None]:
    """(outcome, anchor columns, new displayed text): by position, exact text, context."""
    q = node.quote
    assert q is not None
    span = _span(node)
    old_status = q.status if q.status in Quote.STORED_OK else None
    if span and old_status:
        start, end = span
        spans = q.segments or (span,)
        # 1. by position: the same characters at the same offsets
        if all(old_text[a:b] == new_text[a:b] for a, b in spans):
            match = _same_place(anchorer, spans, q)
            return "unchanged", _anchor_columns(anchorer, match, old_status, pages), None
        # 2. by its exact text: the passage, unchanged, somewhere else (nearest wins)
        if not q.segments:
            passage = old_text[start:end]
            found = [m.start() for m in re.finditer(re.escape(passage), new_text)]
            if found:
                at = min(found, key=lambda i: abs(i - start))
                match = _same_place(anchorer, ((at, at + len(passage)),), q)
                return "moved", _anchor_columns(anchorer, match, old_status, pages), match.exact
        # 3. by its stored context: what now stands between the old neighbours
        between = _between_context(q, new_text, end - start)
        if between is not None:
            a, b = between
            match = _same_place(anchorer, ((a, b),), q)
            changed = new_text[a:b] != old_text[start:end]
            outcome = "changed" if changed else "moved"
            status = "changed" if changed else old_status
            return outcome, _anchor_columns(anchorer, match, status, pages), match.exact
    # 4. what the person typed, through the whole pipeline
    result = anchorer.anchor(q.typed)
    if result.storable and result.match is not None:
        match = result.match
        return "moved", _anchor_columns(anchorer, match, result.status, pages), match.exact
    return "orphaned", {"status": "orphaned"}, None


def _same_place(anchorer: Anchorer, spans: tuple[tuple[int, int], ...], q: Quote) -> Match:
    """A match record for spans known in advance (no search)."""
    exact = " […] ".join(anchorer.exact_text(a, b) for a, b in spans)
    return Match(
        start=spans[0][0],
        end=spans[-1][1],
        exact=exact,
        method=q.method or "exact",  # type: ignore[arg-type]
        verbatim=bool(q.verbatim),
        differences=q.method != "exact",
        edits=q.edits or 0,
        similarity=q.similarity if q.similarity is not None else 1.0,
        accepted=True,
        segments=spans,
    )


def _between_context(q: Quote, text: str, length: int) -> tuple[int, int] | None:
    """The span between the quote's old context before and after, if both still stand."""
    before, after = q.context_before or "", q.context_after or ""
    if len(before.strip()) < 10 or len(after.strip()) < 10:
        return None
    for b in _occurrences(before, text):
        a_end = b + len(before)
        limit = a_end + max(3 * length, length + 200)
        c = text.find(after, a_end, limit + len(after))
        if c != -1:
            start, end = a_end, c
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            return (start, end) if end > start else None
    return None


def _occurrences(needle: str, text: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(needle), text)]


# -- search and the evidence log ---------------------------------------------------


@dataclass(frozen=True)
class PassageHit:
    key: str
    start: int
    end: int
    page: str | None
    text: str  # the passage, readable: one line, no hyphenation, headers left out, NFKC


@dataclass(frozen=True)
class SearchHits:
    query: str
    passages: list[PassageHit]
    quotes: list[Node]


def fts_query(words: str) -> str:
    """Every word of the query, each quoted so FTS5 syntax in user text stays text."""
    tokens = re.findall(r"\w+", unicodedata.normalize("NFKC", words))
    if not tokens:
        raise InvalidInput("the search has no words")
    return " ".join(f'"{t}"' for t in tokens)


def search(store: Store, words: str, key: str | None = None, limit: int = 20) -> SearchHits:
    match = fts_query(words)
    source_id = store.source(key).id if key else None
    pending = store.unindexed_sources()
    quotes_pending = store.quotes_unindexed()
    if pending or quotes_pending:
        with store.write():
            for node_id, quoted in quotes_pending:
                store.index_quote(node_id, extract.searchable(quoted))
            pages = {s.id: s.pages for s in store.sources()}
            for sid in pending:
                text = store.source_text(sid)
                if text is not None:
                    _index(store, sid, text, pages[sid])
    hits = [
        PassageHit(k, start, end, page, said)
        for k, start, end, page, said, _ in store.search_passages(match, source_id, limit)
    ]
    quotes = [store.node(i) for i in store.search_quotes(match, source_id, limit)]
    return SearchHits(words, hits, quotes)


@dataclass(frozen=True)
class EvidenceRow:
    node: Node
    source: Source
    claim: int  # what it supports or opposes
    claim_text: str
    stance: Stance


def evidence_log(
    store: Store, *, key: str | None = None, claim: int | None = None, by: str | None = None
) -> list[EvidenceRow]:
    """Every live quote, oldest first, with what it supports or opposes."""
    source_id = store.source(key).id if key else None
    under: set[int] | None = None
    if claim is not None:
        store.node(claim)
        under = descendants(claim, children_map(store.all_links()))
    if by is not None and store.find_participant(by) is None:
        raise NotFound(f"no participant named {by!r}")
    sources = {s.key: s for s in store.sources()}
    claim_texts: dict[int, str] = {}
    rows = []
    for node_id, parent, stance in store.evidence():
        if under is not None and (node_id not in under or parent not in under):
            continue
        node = store.node(node_id)
        assert node.quote is not None
        source = sources[node.quote.source_key]
        if source_id is not None and source.id != source_id:
            continue
        if by is not None and node.created_by != by:
            continue
        side: Stance = "con" if stance == "con" else "pro"
        if parent not in claim_texts:
            claim_texts[parent] = store.node(parent).text
        rows.append(EvidenceRow(node, source, parent, claim_texts[parent], side))
    return rows
