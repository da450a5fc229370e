"""Small immutable records passed between the store, the domain and the renderers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["claim", "quote"]
Stance = Literal["pro", "con"]
VoteKind = Literal["accept", "impact"]

ACCEPT_RANGE = (-2, 2)
IMPACT_RANGE = (0, 4)


@dataclass(frozen=True)
class Source:
    id: int
    uuid: str
    key: str
    title: str | None
    author: str | None
    year: int | None
    venue: str | None
    url: str | None
    has_text: bool
    text_sha256: str | None
    created_at: str
    format: str | None = None
    extractor: str | None = None
    original_sha256: str | None = None
    pages: tuple[tuple[int, str], ...] = ()  # (offset, printed label)

    def citation(self) -> str:
        """Family name (year), or the key when the source has no author."""
        who = self.author.split(",")[0].strip() if self.author else self.key
        return f"{who} ({self.year})" if self.year else who


@dataclass(frozen=True)
class Quote:
    """Evidence data of a quote node: where it stands in its source."""

    source_key: str
    start: int | None
    end: int | None
    typed: str
    locator: str | None
    note: str | None
    status: str  # see migrations/0003_evidence.sql
    verbatim: bool | None
    method: str | None = None  # exact | skeleton | fuzzy | elided
    similarity: float | None = None
    edits: int | None = None
    page: str | None = None  # the printed label of the page it starts on
    context_before: str | None = None
    context_after: str | None = None
    segments: tuple[tuple[int, int], ...] = ()

    STORED_OK = ("verified", "verified-with-differences", "confirmed")


@dataclass(frozen=True)
class Node:
    """A claim or an evidence quote; both share one numbering."""

    id: int
    uuid: str
    kind: Kind
    text: str
    created_by: str
    created_at: str
    archived_at: str | None = None
    quote: Quote | None = None


@dataclass(frozen=True)
class Link:
    parent: int
    child: int
    stance: Stance


@dataclass(frozen=True)
class Vote:
    node_id: int
    participant: str
    kind: VoteKind
    value: int
    cast_at: str


@dataclass(frozen=True)
class Event:
    id: int
    at: str
    participant: str
    action: str
    node_id: int | None
    source_key: str | None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ThesisSummary:
    id: int
    text: str
    claims: int
    quotes: int
    votes: int
    participants: int


@dataclass(frozen=True)
class VoteTally:
    """Count and sum of a node's current votes of one kind."""

    count: int = 0
    total: int = 0


@dataclass(frozen=True)
class GraphNode:
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
    status: str | None = None
    page: str | None = None


@dataclass(frozen=True)
class Graph:
    """Every live node of a store with its links: the input of scoring."""

    nodes: dict[int, GraphNode]
    links: list[Link]
    theses: list[int]  # live claims with no parent at all
    sources: dict[str, Source]
