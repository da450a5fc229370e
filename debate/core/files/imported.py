"""A debate read from another tool's file, before it is stored. Pure.

Every importer (Kialo, and the formats after it) turns its file into one
`ImportedDebate`: claims with keys local to the file, links between keys,
sources and the citations of sources by claims, and what was left out, by
kind, with the reason. `check` holds the rules every importer shares, so that
a bad file is refused before anything is written, naming the line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from debate.core.graph import find_cycle
from debate.errors import BadFile
from debate.models import Stance


@dataclass(frozen=True)
class ImportedClaim:
    key: str  # local to the file: "1.2.3" in Kialo
    text: str
    where: str  # where the file states it, for messages: "line 7", "$.nodes[3]"


@dataclass(frozen=True)
class ImportedLink:
    parent: str
    child: str
    stance: Stance
    where: str
    reference: bool = False  # Kialo's "-> See": a claim stated elsewhere in the file


@dataclass(frozen=True)
class ImportedSource:
    key: str  # local to the file: a footnote number
    title: str  # the reference as written
    url: str | None


@dataclass(frozen=True)
class ImportedCitation:
    claim: str
    source: str
    label: str  # the marker as written: "1" for "[1]"


@dataclass(frozen=True)
class LeftOut:
    kind: str
    count: int
    reason: str


@dataclass(frozen=True)
class ImportedDebate:
    format: str
    title: str | None
    theses: tuple[str, ...]
    claims: tuple[ImportedClaim, ...]
    links: tuple[ImportedLink, ...]
    sources: tuple[ImportedSource, ...] = ()
    citations: tuple[ImportedCitation, ...] = ()
    left_out: tuple[LeftOut, ...] = field(default=())


def check(debate: ImportedDebate) -> None:
    """Keys unique, links between stated claims, no cycle, citations of given sources."""
    stated: dict[str, str] = {}
    for claim in debate.claims:
        if claim.key in stated:
            raise BadFile(
                f"{claim.where}: claim {claim.key} is stated twice (first at {stated[claim.key]})"
            )
        stated[claim.key] = claim.where
    children: dict[str, list[ImportedLink]] = {}
    for link in debate.links:
        for end in (link.parent, link.child):
            if end not in stated:
                raise BadFile(f"{link.where}: there is no claim {end}")
        children.setdefault(link.parent, []).append(link)
    cycle = find_cycle([*debate.theses, *stated], children)
    if cycle is not None:
        path, link = cycle
        raise BadFile(
            f"{link.where}: linking {link.child} under {link.parent} would make a cycle: "
            + " → ".join(path)
        )
    for source in {c.source for c in debate.citations} - {s.key for s in debate.sources}:
        raise BadFile(f"a claim cites source {source}, which the file does not give")


def without_cycles(
    links: list[ImportedLink], keys: list[str]
) -> tuple[list[ImportedLink], list[list[str]]]:
    """The links less each that would close a cycle (the first met, depth first from
    each key in turn), and those cycles: for formats whose graphs may have them."""
    kept = list(links)
    cycles: list[list[str]] = []
    while True:
        children: dict[str, list[ImportedLink]] = {}
        for link in kept:
            children.setdefault(link.parent, []).append(link)
        found = find_cycle(keys, children)
        if found is None:
            return kept, cycles
        cycle, closing = found
        cycles.append(cycle)
        kept.remove(closing)


def as_tree(
    links: list[ImportedLink], keys: list[str]
) -> tuple[list[ImportedLink], list[list[str]], tuple[str, ...]]:
    """For a graph that may have cycles and repeated links: the links without those
    that would close a cycle and without repeats, the cycles, and the theses (the
    keys under nothing), in the order of `keys`."""
    kept, cycles = without_cycles(links, keys)
    seen: set[tuple[str, str]] = set()
    unique = []
    for link in kept:
        if (link.parent, link.child) not in seen:
            seen.add((link.parent, link.child))
            unique.append(link)
    has_parent = {link.child for link in unique}
    return unique, cycles, tuple(key for key in keys if key not in has_parent)
