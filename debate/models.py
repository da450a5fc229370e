"""Small immutable records passed between the store, the domain and the renderers.

They are typed named tuples rather than frozen dataclasses: every command
imports this module, and a frozen dataclass costs about 0.8 ms to create
against 0.09 ms for a named tuple (twenty of them were half a vote's own
time); a named tuple is also the smaller object when a tree holds 100,000.
They are just as immutable, typed and named.
"""

from __future__ import annotations

import json
from typing import Any, Literal, NamedTuple, get_args

Kind = Literal["claim", "quote"]
Stance = Literal["pro", "con"]
VoteKind = Literal["accept", "impact"]
STANCES: tuple[Stance, ...] = get_args(Stance)

# The vote ranges, defined here alone: how far one accepts a claim, how much it bears
# on its parent.
ACCEPT_RANGE = (-2, 2)
IMPACT_RANGE = (0, 4)
VOTE_RANGES: dict[VoteKind, tuple[int, int]] = {"accept": ACCEPT_RANGE, "impact": IMPACT_RANGE}

QuoteStatus = Literal[
    "unverified",  # its source has no text yet
    "verified",
    "verified-with-differences",
    "confirmed",
    "ambiguous",
    "not-found",
    "changed",  # after `source update`: the passage now says something else
    "orphaned",  # after `source update`: the passage is gone
]
# A quote whose anchor a person can rely on.
STORED_OK: tuple[QuoteStatus, ...] = ("verified", "verified-with-differences", "confirmed")
Method = Literal["exact", "skeleton", "fuzzy", "elided"]

# Every action the event log records; the store refuses any other.
Action = Literal[
    "claim added",
    "claim edited",
    "claim archived",
    "claim unarchived",
    "quote archived",
    "quote unarchived",
    "linked",
    "unlinked",
    "moved",
    "quote added",
    "quote edited",
    "quote moved",
    "quote changed",
    "quote orphaned",
    "vote cast",
    "vote changed",
    "vote withdrawn",
    "source added",
    "source edited",
    "source text attached",
    "source updated",
    "team changed",
    "team deleted",
    "participant renamed",
    "participant merged",
    "debate imported",
    "role granted",
    "role revoked",
]
ACTIONS: frozenset[str] = frozenset(get_args(Action))


class SourceMetadata(NamedTuple):
    """What a bibliography needs of a source."""

    title: str | None = None
    author: str | None = None  # "Family, Given; Family, Given"
    year: int | None = None
    venue: str | None = None
    url: str | None = None

    def given(self) -> dict[str, Any]:
        """The fields that are set."""
        return {name: value for name, value in self._asdict().items() if value is not None}

    def over(self, other: SourceMetadata) -> SourceMetadata:
        """These fields where set, the other's elsewhere."""
        return SourceMetadata(**{**other.given(), **self.given()})

    def missing_from(self, other: SourceMetadata) -> SourceMetadata:
        """Only those of these fields that the other lacks."""
        return SourceMetadata(
            **{k: v for k, v in self.given().items() if getattr(other, k) is None}
        )


class SourceText(NamedTuple):
    """A source's extracted text and where it came from."""

    text: str
    text_sha256: str
    original_sha256: str  # of the file's bytes
    extractor: str  # name and version
    format: str  # txt, md, pdf or html
    filename: str | None = None
    pages: tuple[tuple[int, str], ...] = ()  # (offset where a page starts, printed label)


class Source(NamedTuple):
    id: int
    uuid: str
    key: str
    metadata: SourceMetadata
    has_text: bool
    text_sha256: str | None
    created_at: str
    format: str | None = None
    extractor: str | None = None
    original_sha256: str | None = None
    pages: tuple[tuple[int, str], ...] = ()  # (offset, printed label)

    def citation(self) -> str:
        """Family name (year), or the key when the source has no author."""
        m = self.metadata
        who = m.author.split(",")[0].strip() if m.author else self.key
        return f"{who} ({m.year})" if m.year else who


class Anchor(NamedTuple):
    """Where a quote stands in its source, and how it was matched."""

    status: QuoteStatus
    start: int | None = None  # code-point offsets into the source text
    end: int | None = None
    verbatim: bool | None = None
    method: Method | None = None
    similarity: float | None = None
    edits: int | None = None
    page: str | None = None  # the printed label of the page it starts on
    context_before: str | None = None
    context_after: str | None = None
    segments: tuple[tuple[int, int], ...] = ()  # each piece of an elided quote
    text_sha256: str | None = None  # of the source text it was anchored in

    @property
    def stored_ok(self) -> bool:
        return self.status in STORED_OK

    @property
    def span(self) -> tuple[int, int] | None:
        if self.start is None or self.end is None:
            return None
        return (self.start, self.end)

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """The anchored pieces: the segments of an elided quote, else the span."""
        if self.segments:
            return self.segments
        return (self.span,) if self.span else ()

    @classmethod
    def placeless(cls, status: QuoteStatus) -> Anchor:
        """A status without a place: unverified, not found, orphaned."""
        return cls(status)


class StoreInfo(NamedTuple):
    """What `db info` tells of a store."""

    engine: str  # "sqlite" or "postgresql"
    server_version: str  # of the engine's library or server
    schema_version: int  # the number of the last migration applied
    migration: str | None  # its name
    path: str
    claims: int
    quotes: int
    sources: int
    votes: int
    participants: int
    access: Access | None = None  # on a server: the login, its role, its participant


Role = Literal["moderator", "debater", "judge", "audience"]
ROLES: tuple[Role, ...] = get_args(Role)


class Access(NamedTuple):
    """What the connected login may do in a store on a server (PostgreSQL only: a
    SQLite file is one trust domain)."""

    login: str
    role: Role | None  # the role a moderator granted it; None: none
    owner: bool  # it owns the store's tables (and so could change them anyway)
    participant: str | None  # the participant it acts as, once granted a role
    roles_made: bool  # some login was granted a role: the server enforces them

    @property
    def standing(self) -> str | None:
        """The role as people name it: the one granted, else "owner" for the owner."""
        return self.role or ("owner" if self.owner else None)

    @property
    def trusted(self) -> bool:
        """May act as anyone and change anything: the owner and the moderators."""
        return self.owner or self.role == "moderator"


class LoginGrant(NamedTuple):
    """One login's role in a store on a server, and who granted it."""

    login: str
    role: Role | None
    participant: str
    granted_by: str
    granted_at: str


class QuoteSpan(NamedTuple):
    """What `check` reads first of a quote: where it is anchored, and in which text."""

    id: int
    text: str  # the node's text: what the source said there when it was anchored
    status: QuoteStatus
    start: int | None
    end: int | None
    segments: str | None  # JSON: the pieces of an elided quote
    anchored_here: bool  # in the source's text as it is now (the hashes agree)

    def spans(self) -> tuple[tuple[int, int], ...]:
        if self.segments:
            return tuple((a, b) for a, b in json.loads(self.segments))
        assert self.start is not None and self.end is not None
        return ((self.start, self.end),)


class Quote(NamedTuple):
    """Evidence data of a quote node."""

    source_key: str
    typed: str  # what the person typed, for audit
    locator: str | None
    note: str | None
    anchor: Anchor


class Node(NamedTuple):
    """A claim or an evidence quote; both share one numbering.

    A quote's `text` is the source's own span (`exact`), line breaks and
    hyphenation included; `readable()` in anchoring gives what people read.
    """

    id: int
    uuid: str
    kind: Kind
    text: str
    created_by: str
    created_at: str
    archived_at: str | None = None
    quote: Quote | None = None


class Link(NamedTuple):
    parent: int
    child: int
    stance: Stance


class Vote(NamedTuple):
    node_id: int
    participant: str
    kind: VoteKind
    value: int
    cast_at: str


class VoteChange(NamedTuple):
    """One vote cast, changed or withdrawn (value None)."""

    kind: VoteKind
    value: int | None
    previous: int | None


class Participant(NamedTuple):
    id: int
    name: str
    role: str | None
    created_at: str
    merged_into: str | None = None  # the name they were merged into
    nodes: int = 0  # claims and quotes added
    votes: int = 0  # current votes


class Team(NamedTuple):
    name: str
    members: tuple[str, ...]


class Event(NamedTuple):
    id: int
    at: str
    participant: str
    action: Action
    node_id: int | None
    source_key: str | None
    data: dict[str, Any]


class ThesisSummary(NamedTuple):
    id: int
    text: str
    claims: int
    quotes: int
    votes: int
    participants: int


class VoteTally(NamedTuple):
    """Count and sum of a node's current votes of one kind."""

    votes: int = 0
    total: int = 0


class GraphNode(NamedTuple):
    """What the tree builder needs of a node (no history, no full source)."""

    id: int
    kind: Kind
    text: str
    accept: VoteTally
    impact: VoteTally
    source_key: str | None = None
    start: int | None = None
    end: int | None = None
    locator: str | None = None
    status: QuoteStatus | None = None
    page: str | None = None

    @property
    def vote_count(self) -> int:
        return self.accept.votes + self.impact.votes


class Graph(NamedTuple):
    """Every live node of a store with the links between them: the input of scoring.

    Live: not archived, and a thesis or under at least one live claim.
    """

    nodes: dict[int, GraphNode]
    links: list[Link]
    theses: list[int]  # live claims with no parent at all
    sources: dict[str, Source]


class PassageHit(NamedTuple):
    """A sentence-sized passage of a source that a search found."""

    source_key: str
    start: int
    end: int
    page: str | None
    text: str  # readable: one line, no hyphenation, headers left out, NFKC


# -- seminar sessions -------------------------------------------------------------------

SessionRole = Literal["speaker", "chair", "judge", "audience"]
PollPhase = Literal["pre", "post"]
PollAnswerKind = Literal["for", "against", "undecided"]
POLL_ANSWERS: tuple[PollAnswerKind, ...] = ("for", "against", "undecided")


class SessionRecord(NamedTuple):
    id: int
    uuid: str
    thesis: int
    motion: str
    format_name: str
    format_json: str  # the format as it was when the session was made
    state: str
    current: int | None
    draw_seed: int | None
    created_at: str
    created_by: str


class SessionPerson(NamedTuple):
    participant: str
    role: SessionRole
    side: str | None = None
    speaker: int | None = None  # place in the side, from 1


class StepTime(NamedTuple):
    step: str
    at: float  # seconds since 1970
    at_text: str  # ISO 8601 in the offset it was given in
    speech: int | None  # the speech under way before the step
    thesis_strength: float | None  # start, next, end: the thesis's σ then


class PollAnswer(NamedTuple):
    phase: PollPhase
    participant: str | None  # None: a count from a show of hands
    answer: PollAnswerKind
    votes: int  # 1 for a person; a show of hands counts many
    is_current: bool
    cast_at: str


class Ballot(NamedTuple):
    judge: str
    winner: str | None
    ranking: tuple[str, ...]
    points: tuple[tuple[str, int], ...]  # (speaker, points)
    reason: str | None
    is_current: bool
    cast_at: str


class SessionEvent(NamedTuple):
    """Something done in a speech: a claim, quote, link or vote, from the event log."""

    speech: int
    at: str
    participant: str
    action: str
    node: int | None
    data: dict[str, Any]


class SaidIn(NamedTuple):
    """The speech a claim or quote was added in."""

    session: int
    speech: int  # from 0
    name: str
    short: str
    speaker: str | None


class RoomLink(NamedTuple):
    """A private link of the room (`debate serve`): the chair's, or a judge's."""

    session: int
    participant: str
    role: Literal["chair", "judge"]
    token: str  # random: the last part of /chair/TOKEN or /judge/TOKEN


class RoomSeat(NamedTuple):
    """A name in the room, and the device that holds it."""

    participant: str
    device: str
    taken_at: str


# -- what the store keeps for the domain -----------------------------------------

StepKind = Literal["start", "next", "pause", "resume", "end", "poi", "prep start", "prep stop"]


class Step(NamedTuple):
    kind: StepKind
    at: float  # seconds since 1970, UTC
    speech: int | None = None
    side: str | None = None  # prep: whose bank ("" for a shared prep before the debate)
    by: str | None = None  # poi: who offered
    by_side: str | None = None  # poi: the side of who offered
    accepted: bool | None = None  # poi: None when only offered


KEPT = ("dfquad", "qe", "euler", "mlp")  # the order of σ in a kept row


class KeptScore(NamedTuple):
    """A node's τ, w and σ under every semantics, from everyone's votes."""

    base: float
    weight: float
    dfquad: float
    qe: float
    euler: float
    mlp: float

    def strength(self, semantics: str) -> float:
        return float(getattr(self, semantics))
