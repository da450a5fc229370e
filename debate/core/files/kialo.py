"""Kialo's plain-text export, both dialects, in and out. Pure.

Current dialect (since about 2020)::

    Discussion Name:
    The title

    1. Thesis:
    The thesis.

      1.1. Pro:
      A claim, on one line or several.[1]

        1.1.1. Con:
        -> See 1.2.

    Sources:
    [1] A reference, on one line or several.

Older dialect: a `Discussion Title: …` line, then one line per claim, such as
`1. The thesis` and `1.1. Con: A claim`, with Markdown links (parentheses in
their targets escaped) as sources.

Structure comes from the numbers, not the indentation: a number's parent is the
number without its last part, and siblings count up from 1. `-> See 1.2.` in
place of a text links the claim stated under that number.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence

from debate.core.files.imported import (
    ImportedCitation,
    ImportedClaim,
    ImportedDebate,
    ImportedLink,
    ImportedSource,
    LeftOut,
    check,
)
from debate.core.text import readable, visible, visible_lines
from debate.core.tree import TreeItem, walk
from debate.errors import BadFile
from debate.models import Stance

_HEADING = re.compile(r"^[ \t]*(\d+(?:\.\d+)*)\.[ \t]+(?:(Thesis|Pro|Con):)?[ \t]*(.*?)[ \t]*$")
_SEE = re.compile(r"^->[ \t]*See[ \t]+(\d+(?:\.\d+)*)\.?$")
# A link into another discussion, which the file does not hold: its claim's text.
_SEE_ELSEWHERE = re.compile(r"^->[ \t]*See[ \t]+discussion[ \t]+#?(\d+)[ \t]*:?[ \t]*(.*)$", re.S)
_FOOTNOTE = re.compile(r"\[(\d+)\]")
_ENTRY = re.compile(r"^[ \t]*\[(\d+)\][ \t]*(.*?)[ \t]*$")
_URL = re.compile(r"https?://[^\s<>\"]+")
# A Markdown link, its target's parentheses escaped as Kialo writes them.
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\(((?:\\.|[^()\\\s])+)\)")


def looks_like(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:40]
    return head.startswith(("Discussion Name:", "Discussion Title:"))


def parse(text: str) -> ImportedDebate:
    lines = text.removeprefix("\ufeff").splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise BadFile("line 1: the file is empty")
    opening = lines[first].strip()
    if opening.startswith("Discussion Name:"):
        debate = _Reader(lines, first).current()
    elif opening.startswith("Discussion Title:"):
        debate = _Reader(lines, first).older()
    else:
        raise BadFile(
            f"line {first + 1}: a Kialo export opens with 'Discussion Name:' or 'Discussion Title:'"
        )
    check(debate)
    return debate


class _Reader:
    def __init__(self, lines: list[str], first: int) -> None:
        self.lines = lines
        self.first = first
        self.claims: list[ImportedClaim] = []
        self.links: list[ImportedLink] = []
        self.sources: dict[str, ImportedSource] = {}
        self.cited: list[tuple[str, str]] = []  # (claim, label) in text order
        self.stated: dict[str, int] = {}  # number → line
        self.last_child: dict[str, int] = {}  # parent number → last sibling seen
        self.nested_theses = 0
        self.references: set[str] = set()  # the numbers of "-> See" items
        self.elsewhere = 0  # links into other discussions, imported as their text

    def current(self) -> ImportedDebate:
        lines = self.lines
        title = lines[self.first].strip().removeprefix("Discussion Name:").strip()
        i = self.first + 1
        if not title:  # the title stands on the next line
            while i < len(lines) and not lines[i].strip():
                i += 1
            if i < len(lines) and not _HEADING.match(lines[i]):
                title = lines[i].strip()
                i += 1
        heading: tuple[int, str, str | None, list[str]] | None = None
        while i < len(lines):
            line = lines[i]
            match = _HEADING.match(line)
            if line.strip() == "Sources:" and (heading is None or heading[3]):
                break  # (the line under a heading is its text, whatever it says)
            if match and match[2] and (heading is None or heading[3]):
                # A new claim: a numbered line with its label, once the last has a text
                # (the line under a heading is always its text, whatever it says).
                if heading is not None:
                    self._claim(*heading)
                heading = (i + 1, match[1], match[2], [match[3]] if match[3] else [])
            elif heading is None:
                if line.strip():
                    raise BadFile(f"line {i + 1}: expected a numbered claim such as '1. Thesis:'")
            else:
                heading[3].append(line.strip())
            i += 1
        if heading is not None:
            self._claim(*heading)
        self._sources(i + 1)
        return self._debate(title)

    def older(self) -> ImportedDebate:
        lines = self.lines
        title = lines[self.first].strip().removeprefix("Discussion Title:").strip()
        current: list[str] | None = None
        i = self.first + 1
        pending: tuple[int, str, str | None, list[str]] | None = None
        while i < len(lines):
            line = lines[i]
            match = _HEADING.match(line)
            # A claim: a number with a stance, or the root; a text runs over lines.
            if match and (match[2] or pending is None or "." in match[1]):
                if pending is not None:
                    self._claim(*pending, older=True)
                current = [match[3]]
                pending = (i + 1, match[1], match[2], current)
            elif line.strip():
                if current is None:
                    raise BadFile(f"line {i + 1}: expected a numbered claim such as '1. …'")
                current.append(line.strip())  # a text that runs over lines
            i += 1
        if pending is not None:
            self._claim(*pending, older=True)
        return self._debate(title)

    def _claim(
        self,
        line: int,
        number: str,
        stance: str | None,
        text_lines: list[str],
        *,
        older: bool = False,
    ) -> None:
        text = "\n".join(text_lines).strip()
        text = re.sub(r"\n{3,}", "\n\n", text)
        if number in self.stated:
            raise BadFile(
                f"line {line}: claim {number} is stated twice (first on line {self.stated[number]})"
            )
        parent, _, last = number.rpartition(".")
        if not parent:
            if number != "1" or self.claims:
                raise BadFile(f"line {line}: the thesis must be claim 1, stated first")
        else:
            if parent not in self.stated:
                raise BadFile(f"line {line}: claim {number} comes before claim {parent}")
            if parent in self.references:
                raise BadFile(f"line {line}: claim {number} stands under a '-> See' reference")
            expected = self.last_child.get(parent, 0) + 1
            if last != str(expected):
                if last.isdigit() and int(last) > expected:
                    raise BadFile(
                        f"line {line}: claim {number} skips {parent}.{expected} "
                        "(a gap in the numbering)"
                    )
                raise BadFile(f"line {line}: claim {number} is out of order")
            self.last_child[parent] = expected
            if stance is None:
                raise BadFile(f"line {line}: claim {number} needs 'Pro:' or 'Con:'")
            if stance == "Thesis":  # a position under a multi-thesis question
                self.nested_theses += 1
        self.stated[number] = line
        see = _SEE.match(text)
        if see is not None:
            if not parent:
                raise BadFile(f"line {line}: the thesis cannot be a '-> See' reference")
            self.links.append(
                ImportedLink(parent, see[1], _stance(stance), f"line {line}", reference=True)
            )
            self.references.add(number)
            return
        elsewhere = _SEE_ELSEWHERE.match(text)
        if elsewhere is not None:  # the claim it links to, citing its discussion
            text = elsewhere[2].strip()
            key = f"Kialo discussion #{elsewhere[1]}"
            self.sources.setdefault(key, ImportedSource(key, key, None))
            self.cited.append((number, key))
            self.elsewhere += 1
        if not text:
            raise BadFile(f"line {line}: claim {number} has no text")
        links = list(_MD_LINK.finditer(text)) if older else []
        if older:
            text = _unescape(text)
        self.claims.append(ImportedClaim(number, text, f"line {line}"))
        if parent:
            self.links.append(ImportedLink(parent, number, _stance(stance), f"line {line}"))
        for m in _FOOTNOTE.finditer(text):
            self.cited.append((number, m[1]))
        for m in links:
            url = _unescape(m[2])
            key = "link:" + url
            if key not in self.sources:
                self.sources[key] = ImportedSource(key, m[1].strip() or url, url)
            self.cited.append((number, key))

    def _sources(self, start: int) -> None:
        entry: list[str] | None = None
        number = ""
        for i in range(start, len(self.lines)):
            line = self.lines[i]
            match = _ENTRY.match(line)
            if match:
                if entry is not None:
                    self._source(number, entry)
                number, entry = match[1], [match[2]]
            elif line.strip():
                if entry is None:
                    raise BadFile(f"line {i + 1}: expected a source such as '[1] …'")
                entry.append(line.strip())
        if entry is not None:
            self._source(number, entry)

    def _source(self, number: str, entry: list[str]) -> None:
        title = " ".join(part for part in entry if part)
        url = _URL.search(title)
        self.sources[number] = ImportedSource(number, title, url[0] if url else None)

    def _debate(self, title: str) -> ImportedDebate:
        citations: list[ImportedCitation] = []
        unmatched = 0
        seen: set[tuple[str, str]] = set()
        for claim, label in self.cited:
            if label not in self.sources:
                unmatched += 1
                continue
            if (claim, label) not in seen:
                seen.add((claim, label))
                citations.append(ImportedCitation(claim, label, label.removeprefix("link:")))
        left_out = []
        if unmatched:
            left_out.append(LeftOut("footnote marker", unmatched, "no entry in the Sources list"))
        if self.elsewhere:
            left_out.append(
                LeftOut(
                    "link to another discussion",
                    self.elsewhere,
                    "imported as a claim with the text it links to, citing that discussion",
                )
            )
        if self.nested_theses:
            left_out.append(
                LeftOut(
                    "thesis label",
                    self.nested_theses,
                    "positions under a multi-thesis question are imported as its pros",
                )
            )
        return ImportedDebate(
            "kialo",
            title or None,
            ("1",) if self.claims else (),
            tuple(self.claims),
            tuple(self.links),
            tuple(self.sources.values()),
            tuple(citations),
            tuple(left_out),
        )


def _stance(word: str | None) -> Stance:
    return "con" if word == "Con" else "pro"


def _unescape(text: str) -> str:
    r"""Kialo escapes the parentheses in a link's target: `\(` and `\)`."""
    return text.replace("\\(", "(").replace("\\)", ")") if "\\" in text else text


# -- export -------------------------------------------------------------------------


def write(
    item: TreeItem,
    title: str,
    citations: Mapping[int, Sequence[tuple[str, str]]],
    quote_sources: Mapping[int, str],
) -> str:
    """The tree in Kialo's current dialect.

    `citations`: for each claim, its (marker, reference) pairs, the marker as it
    stands in the claim's text. `quote_sources`: each quote's reference; a quote
    is written as a claim quoting its source, with a footnote.
    """
    out = ["Discussion Name:", _one_line(title), ""]
    numbers: dict[int, str] = {}
    footnotes: dict[str, str] = {}  # marker → reference, in order of first use
    next_marker = 1 + max(
        (int(m) for refs in citations.values() for m, _ in refs if m.isdigit()), default=0
    )
    for t, numbered in _numbered(item):
        n = t.node
        indent = "  " * (numbered.count("."))
        label = "Thesis" if t.stance is None else t.stance.capitalize()
        out.append(f"{indent}{numbered}. {label}:")
        if t.ref:
            out.append(f"{indent}-> See {numbers[n.id]}.")
        else:
            numbers[n.id] = numbered
            if n.kind == "quote":
                marker = str(next_marker)
                next_marker += 1
                footnotes[marker] = quote_sources.get(n.id, n.source_key or "")
                text = f"“{readable(n.text)}” [{marker}]"
            else:
                text = n.text
                for marker, reference in citations.get(n.id, ()):
                    if marker.isdigit():  # a footnote; a Markdown link stands in the text
                        footnotes.setdefault(marker, reference)
            out.extend(f"{indent}{line}" if line else "" for line in as_written(text))
        out.append("")
    if footnotes:
        out.append("Sources:")
        out.extend(f"[{m}] {_one_line(r)}" for m, r in footnotes.items())
        out.append("")
    return "\n".join(out)


def _numbered(item: TreeItem) -> Iterator[tuple[TreeItem, str]]:
    """Each item in display order with its Kialo number."""
    numbers: list[str] = []  # the number at each level of the current path
    children: list[int] = []  # how many children each of them has had so far
    for t, level, _ in walk(item):
        del numbers[level:], children[level:]
        if level == 0:
            numbers.append("1")
        else:
            children[level - 1] += 1
            numbers.append(f"{numbers[level - 1]}.{children[level - 1]}")
        children.append(0)
        yield t, numbers[level]


def as_written(text: str) -> list[str]:
    """A claim's text as the lines to write, which read back as that one text: no
    line of it may read as structure (a numbered claim, the sources, a reference),
    and no control character is written raw. Kialo has no escapes, so a text with a
    line that would is folded onto one line (the line under a heading is always
    text), and a text that is itself a reference is quoted."""
    lines = [line.strip() for line in visible_lines(text).strip().split("\n")]
    if any(_reads_as_structure(line) for line in lines[1:]):
        lines = [_one_line(text)]
    if _SEE.match(" ".join(lines)):
        lines = [f"“{' '.join(lines)}”"]
    return lines


def _reads_as_structure(line: str) -> bool:
    heading = _HEADING.match(line)
    return bool(heading and heading[2]) or line == "Sources:"


def _one_line(text: str) -> str:
    return visible(" ".join(text.split()))


def source_key(reference: str) -> str:
    """A stable key for a source known only by its reference: the same footnote in
    two imports is one source."""
    return "kialo-" + hashlib.sha256(reference.encode("utf-8")).hexdigest()[:10]
