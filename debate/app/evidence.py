"""Use cases for sources and evidence: add and update sources, quote, edit a quote,
check, search, and the evidence log.

Anchoring is slow on a long source, so it never runs while the store's write
lock is held: each write command reads what it needs, extracts and anchors
outside any transaction, and then, inside one, checks that the source text
is still the one it anchored against (by its hash) before it writes. If it
changed meanwhile, the command anchors again.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from debate.app.policy import require_live
from debate.core import validate
from debate.core.graph import children_map, descendants
from debate.errors import Conflict, InvalidInput, NotFound, QuoteNotVerified
from debate.models import (
    STORED_OK,
    Anchor,
    Node,
    PassageHit,
    QuoteSpan,
    QuoteStatus,
    Source,
    SourceMetadata,
    SourceText,
    Stance,
)
from debate.store import Store

if TYPE_CHECKING:  # anchoring and extraction load when a command needs them: not for `check`
    from debate.core.anchoring import Anchorer, Outcome, PageLabels, Result, SourceIndex

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")
MAX_SEARCH = 1_000  # characters in a search
RETRIES = 3  # times a command anchors again when the source changed under it

T = TypeVar("T")


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

    try:
        if not path.is_file():
            raise NotFound(f"no such file: {path}")
        if path.stat().st_size > extraction.MAX_SOURCE_BYTES:
            raise InvalidInput(
                f"{path} is over the {extraction.MAX_SOURCE_BYTES // 2**20} MB limit"
            )
        return path.read_bytes()
    except OSError as e:
        shown = str(path) if len(str(path)) <= 200 else str(path)[:100] + "…"
        raise InvalidInput(f"cannot read {shown}: {e.strerror or e}") from e


def _retrying(what: str, attempt: Callable[[], T | None]) -> T:
    """Run an optimistic step until it finds the store as it prepared for."""
    for _ in range(RETRIES):
        done = attempt()
        if done is not None:
            return done
    raise Conflict(f"{what} kept changing while this command ran; try again")


# -- source texts ------------------------------------------------------------------


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


def _anchorer_for(store: Store, source: Source, text: str) -> tuple[Anchorer, bool]:
    """An anchorer over the source's kept normalized copy; True when there was none
    that fits (an older store, or a new normalization) and it was made now."""
    from debate.core.anchoring import Anchorer

    index = store.source_index(source.id)
    if index is not None and index.fits(source.text_sha256):
        return Anchorer.from_index(text, index), False
    return Anchorer.for_text(text), True


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
            anchor = anchorer.anchor_of(result.match, _stored_status(result), prepared.pages)
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


def _stored_status(result: Result, confirm: bool = False) -> QuoteStatus:
    if result.status == "verified":
        return "verified"
    if result.status == "verified-with-differences":
        return "verified-with-differences"
    if result.status == "needs-confirmation" and confirm:
        return "confirmed"
    raise ValueError(f"a {result.status} result is not stored")


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


# -- adding a source --------------------------------------------------------------------


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
    prepared = prepare_text(path)

    def attempt() -> SourceAdded | None:
        before = store.find_source(key)
        waiting = store.quotes_of_source(before.id) if before and not before.has_text else []
        anchored = anchor_existing(prepared, waiting)
        with store.transaction():
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

    return _retrying(f"source {key}", attempt)


# -- quoting ----------------------------------------------------------------------------


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
    pages: PageLabels
    node: Node | None = None
    occurrence: int | None = None  # the occurrence anchored to, when there are several
    requested: int | None = None  # --occurrence as given
    contexts: tuple[tuple[str, str], ...] = ()  # around each listed occurrence

    def refusal(self) -> str:
        """Why it was not stored, in one line."""
        n = self.result.total
        if self.status == "ambiguous" and self.requested is not None:
            listed = len(self.result.occurrences)
            if n > listed and self.requested > listed:
                return (
                    f"--occurrence {self.requested}: only the first {listed} of {n:,} "
                    f"occurrences in {self.key} can be picked; quote a longer passage"
                )
            return (
                f"--occurrence {self.requested}: the passage occurs {n} time"
                + ("" if n == 1 else "s")
                + f" in {self.key}"
            )
        if self.status == "ambiguous":
            return f"the passage occurs {n:,} times in {self.key}; pick one with --occurrence K" + (
                f" (1 to {min(n, len(self.result.occurrences))})" if n else ""
            )
        if self.status == "needs-confirmation":
            return "the closest match differs too much to store it without --confirm"
        return f"quote not found in {self.key}"


def _source_with_text(store: Store, key: str) -> tuple[Source, str]:
    source = store.source(key)
    text = store.source_text(source.id)
    if text is None:
        raise InvalidInput(
            f"source {key} has no text yet: attach it with `debate source add FILE --key {key}`"
        )
    return source, text


def _duplicate_check(
    store: Store, claim: int, source: Source, anchor: Anchor, node: int | None
) -> None:
    existing = store.quote_on_claim(claim, source.id, anchor.spans)
    if existing is not None and existing != node:
        raise Conflict(
            f"claim #{claim} already has this passage of {source.key}: quote #{existing}"
        )


def _anchored_quote(
    anchorer: Anchorer,
    source: Source,
    typed: str,
    claim: int,
    stance: Stance,
    occurrence: int | None,
    confirm: bool,
) -> tuple[QuoteOutcome, Anchor, str]:
    """Where a typed quote stands (slow; outside any transaction), the anchor to store
    and the source's own text of it; QuoteNotVerified, carrying what was found, when
    it may not be stored."""
    from debate.core.anchoring import PageLabels

    result = anchorer.anchor(typed, occurrence)
    status: str = result.status
    if status == "needs-confirmation" and confirm:
        status = "confirmed"
    pages = PageLabels(source.pages)
    outcome = QuoteOutcome(
        status,
        result,
        typed,
        source.key,
        claim,
        stance,
        pages,
        requested=occurrence,
        contexts=tuple(anchorer.context(m.start, m.end) for m in result.occurrences),
    )
    if status not in STORED_OK or result.match is None:
        raise QuoteNotVerified(outcome.refusal(), outcome)
    anchor = anchorer.anchor_of(result.match, _stored_status(result, confirm), pages)
    return outcome, anchor, result.match.exact


def write_quote(
    store: Store,
    who: int,
    claim: int,
    source: int,
    stance: Stance,
    *,
    typed: str,
    exact: str | None,
    anchor: Anchor,
    locator: str | None,
    note: str | None,
    uuid_: str | None = None,
) -> int:
    """Store a checked quote under a claim (inside a transaction); its text is the
    source's own span when it was found, else what was typed."""
    node_id = store.add_node("quote", exact or typed, who, uuid_=uuid_)
    store.add_quote(node_id, source, typed=typed, locator=locator, note=note, anchor=anchor)
    store.add_link(claim, node_id, stance, who)
    store.log(
        who,
        "quote added",
        node=node_id,
        source=source,
        claim=claim,
        stance=stance,
        start=anchor.start,
        end=anchor.end,
        status=anchor.status,
        method=anchor.method,
        typed=typed,
    )
    return node_id


def add_quote(
    store: Store,
    actor: str,
    claim: int,
    key: str,
    text: str | None,
    *,
    opposes: bool = False,
    locator: str | None = None,
    note: str | None = None,
    occurrence: int | None = None,
    confirm: bool = False,
) -> QuoteOutcome:
    """Anchor a quote and store it under the claim; refused (QuoteNotVerified) unless
    it stands in the source, unambiguously, or --confirm accepts a looser match."""
    typed = validate.required_text(text, "quote", validate.MAX_QUOTE)
    locator = validate.optional_text(locator, "the locator")
    note = validate.optional_text(note, "the note", validate.MAX_NOTE)
    if occurrence is not None and occurrence < 1:
        raise InvalidInput("--occurrence counts from 1")
    stance: Stance = "con" if opposes else "pro"
    require_live(store, claim, "claim")

    def attempt() -> QuoteOutcome | None:
        source, source_text = _source_with_text(store, key)
        anchorer, new_index = _anchorer_for(store, source, source_text)
        outcome, anchor, exact = _anchored_quote(
            anchorer, source, typed, claim, stance, occurrence, confirm
        )
        with store.transaction():
            if store.source(key).text_sha256 != source.text_sha256:
                return None  # the text changed while we anchored
            require_live(store, claim, "claim")
            _duplicate_check(store, claim, source, anchor, None)
            if new_index:  # kept for the next quote (made above, outside the lock)
                store.save_source_index(source.id, anchorer.index())
            who = store.participant_id(actor)
            node_id = write_quote(
                store,
                who,
                claim,
                source.id,
                stance,
                typed=typed,
                exact=exact,
                anchor=anchor,
                locator=locator,
                note=note,
            )
        picked = occurrence or (1 if outcome.result.total <= 1 else None)
        return dataclasses.replace(outcome, node=store.node(node_id), occurrence=picked)

    return _retrying(f"the text of source {key}", attempt)


@dataclass(frozen=True)
class QuoteEdited:
    node: Node
    changed: tuple[str, ...]  # the fields that changed: typed, anchor, locator, note
    outcome: QuoteOutcome | None  # when it was re-anchored


def edit_quote(
    store: Store,
    actor: str,
    node_id: int,
    *,
    text: str | None = None,
    locator: str | None = None,
    note: str | None = None,
    reanchor_it: bool = False,
    occurrence: int | None = None,
    confirm: bool = False,
) -> QuoteEdited:
    """Change a quote's note or locator ("" clears one), retype it, or re-anchor it
    against its source's current text."""
    node = require_live(store, node_id)
    if node.quote is None:
        raise InvalidInput(f"#{node_id} is a claim, not a quote; see `debate claim edit`")
    quote = node.quote
    typed = (
        validate.required_text(text, "quote", validate.MAX_QUOTE)
        if text is not None
        else quote.typed
    )
    new_locator = (
        quote.locator if locator is None else validate.optional_text(locator, "the locator")
    )
    new_note = (
        quote.note if note is None else validate.optional_text(note, "the note", validate.MAX_NOTE)
    )
    anchoring = text is not None or reanchor_it
    if not anchoring and (occurrence is not None or confirm):
        raise InvalidInput("--occurrence and --confirm go with --text or --reanchor")

    def attempt() -> QuoteEdited | None:
        source, source_text = _source_with_text(store, quote.source_key)
        outcome: QuoteOutcome | None = None
        anchor: Anchor | None = None
        exact: str | None = None
        if anchoring:
            parents = store.parents(node_id)
            claim, stance = (parents[0][0].parent, parents[0][0].stance) if parents else (0, "pro")
            anchorer, _ = _anchorer_for(store, source, source_text)
            outcome, anchor, exact = _anchored_quote(
                anchorer, source, typed, claim, stance, occurrence, confirm
            )
        with store.transaction():
            if store.source(quote.source_key).text_sha256 != source.text_sha256:
                return None
            current = require_live(store, node_id)
            assert current.quote is not None
            changed = []
            if typed != current.quote.typed:
                changed.append("typed")
            if new_locator != current.quote.locator:
                changed.append("locator")
            if new_note != current.quote.note:
                changed.append("note")
            if anchor is not None and anchor != current.quote.anchor:
                changed.append("anchor")
                for link, _ in store.parents(node_id):
                    _duplicate_check(store, link.parent, source, anchor, node_id)
            if not changed:
                return QuoteEdited(current, (), outcome)
            who = store.participant_id(actor)
            store.set_quote_details(node_id, typed=typed, locator=new_locator, note=new_note)
            if anchor is not None:
                store.set_anchor(node_id, anchor, exact=exact)
            store.log(
                who,
                "quote edited",
                node=node_id,
                source=source.id,
                changed=changed,
                typed=typed,
                locator=new_locator,
                note=new_note,
                start=anchor.start if anchor else None,
                end=anchor.end if anchor else None,
            )
        return QuoteEdited(store.node(node_id), tuple(changed), outcome)

    return _retrying(f"the text of source {quote.source_key}", attempt)


# -- checking -----------------------------------------------------------------------------


class CheckRow(NamedTuple):
    id: int  # the quote
    source: str  # its source's key
    status: QuoteStatus  # as stored
    problem: str | None  # None: the quote still stands where it says


def check(store: Store, key: str | None = None) -> list[CheckRow]:
    """Re-verify every live quote against its source's current text.

    A quote anchored in the text the source has now (same hash) is checked by
    its offsets alone, from a few columns; only a quote whose source changed
    since, or whose span no longer holds its text, is read whole and anchored
    again.
    """
    sources = [store.source(key)] if key else store.sources()
    rows = []
    for source in sources:
        text = store.source_text(source.id)
        checker = _Checker(store, source, text)
        for span in store.quote_spans(source.id, source.text_sha256):
            problem = checker.quick(span)
            if problem is _LOOK_CLOSER:
                problem = checker.closer(store.node(span.id))
            rows.append(CheckRow(span.id, source.key, span.status, problem))
    rows.sort(key=lambda r: r.id)
    return rows


_LOOK_CLOSER = "look closer"  # the quick check cannot tell: read the quote whole


_PROBLEMS = {
    "not-found": "not found in the source",
    "orphaned": "orphaned: its passage is gone from the updated source",
    "changed": "changed: the updated source says something else here",
    "ambiguous": "ambiguous: the passage occurs more than once",
}


class _Checker:
    """Checks the quotes of one source; normalizes it only if one needs anchoring."""

    def __init__(self, store: Store, source: Source, text: str | None):
        self.store = store
        self.source = source
        self.text = text
        self._anchorer: Anchorer | None = None

    @property
    def anchorer(self) -> Anchorer:
        from debate.core.anchoring import Anchorer

        if self._anchorer is None:
            assert self.text is not None
            index = self.store.source_index(self.source.id)
            if index is not None and index.fits(self.source.text_sha256):
                self._anchorer = Anchorer.from_index(self.text, index)
            else:
                self._anchorer = Anchorer.for_text(self.text)
        return self._anchorer

    def quick(self, span: QuoteSpan) -> str | None:
        """What the stored offsets say: None when a quote anchored in this very text
        still reads the same there; `_LOOK_CLOSER` when only a closer look can tell."""
        if self.text is None:
            return "unverified: the source has no text attached"
        if span.status not in STORED_OK:
            return _PROBLEMS.get(span.status, span.status)
        if span.start is None or span.end is None:
            return "no position stored"
        if (
            span.anchored_here
            and " […] ".join(self.text[a:b] for a, b in span.spans()) == span.text
        ):
            return None
        return _LOOK_CLOSER

    def closer(self, node: Node) -> str | None:
        """A quote `quick` could not vouch for: anchored in another text, or its span
        no longer reads the same. Its words are looked for as the anchorer reads them."""
        q = node.quote
        assert q is not None
        anchor = q.anchor
        same_text = anchor.text_sha256 is not None and anchor.text_sha256 == self.source.text_sha256
        stored = " […] ".join(self.anchorer.exact_text(a, b) for a, b in anchor.spans)
        if stored != node.text:
            return f"the source no longer says this at [{anchor.start}:{anchor.end}]"
        if same_text or anchor.status == "confirmed":
            return None  # a running header lies inside; or a person vouched for the match
        result = self.anchorer.anchor(q.typed)
        places = {(m.start, m.end) for m in result.occurrences} | (
            {(result.match.start, result.match.end)} if result.match else set()
        )
        if anchor.span not in places or result.status in ("not-found", "needs-confirmation"):
            return "what was typed no longer anchors here"
        return None


# -- updating a source ----------------------------------------------------------------------


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
        with store.transaction():
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

    return _retrying(f"source {key}", attempt)


def _span(node: Node) -> tuple[int, int] | None:
    return node.quote.anchor.span if node.quote else None


# -- search and the evidence log ----------------------------------------------------------


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
        require_live(store, claim)
        under = descendants(claim, children_map(store.all_links()))
    by_name: str | None = None
    if by is not None:
        who = store.find_participant(by)
        if who is None:
            raise NotFound(f"no participant named {by!r}")
        by_name = store.participant_names()[who]
    sources = {s.key: s for s in store.sources()}
    rows = [
        (node_id, parent, stance)
        for node_id, parent, stance in store.evidence()
        if under is None or (node_id in under and parent in under)
    ]
    nodes = store.nodes({i for row in rows for i in row[:2]})
    out = []
    for node_id, parent, stance in rows:
        node = nodes[node_id]
        assert node.quote is not None
        source = sources[node.quote.source_key]
        if source_id is not None and source.id != source_id:
            continue
        if by_name is not None and node.created_by != by_name:
            continue
        out.append(EvidenceRow(node, source, parent, nodes[parent].text, stance))
    return out
