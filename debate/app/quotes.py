"""Use cases for quotes: attach a verified quote to a claim, edit it, and the
evidence log.

Anchoring is slow on a long source, so it never runs while the store's write
lock is held: each command anchors outside any transaction, and then, inside
one, checks that the source text is still the one it anchored against (by its
hash) before it writes. If it changed meanwhile, the command anchors again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from debate.app.policy import require_live, retrying, stored_status
from debate.core import validate
from debate.core.graph import children_map, descendants
from debate.errors import Conflict, InvalidInput, NotFound, QuoteNotVerified
from debate.models import (
    STORED_OK,
    Anchor,
    Node,
    Source,
    Stance,
)
from debate.store import Store

if TYPE_CHECKING:  # anchoring and extraction load when a command needs them: not for `check`
    from debate.core.anchoring import Anchorer, PageLabels, Result


def _anchorer_for(store: Store, source: Source, text: str) -> tuple[Anchorer, bool]:
    """An anchorer over the source's kept normalized copy; True when there was none
    that fits (an older store, or a new normalization) and it was made now."""
    from debate.core.anchoring import Anchorer

    index = store.source_index(source.id)
    if index is not None and index.fits(source.text_sha256):
        return Anchorer.from_index(text, index), False
    return Anchorer.for_text(text), True


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
    anchor = anchorer.anchor_of(result.match, stored_status(result, confirm), pages)
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

    return retrying(f"the text of source {key}", attempt)


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

    return retrying(f"the text of source {quote.source_key}", attempt)


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
