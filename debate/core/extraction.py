"""Source files to text: plain text, Markdown, PDF (pypdf) and HTML (trafilatura),
with the pages, metadata and hashes a verifiable quote needs; BibTeX metadata
(bibtexparser); and the passages that full-text search indexes. No store, no CLI.

Offsets everywhere count code points of the extracted text, which has no BOM,
Unix line ends, and a form feed before every page after the first.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from debate.core.anchoring import page_starts, running_lines, without
from debate.core.text import readable
from debate.errors import InvalidInput

MAX_SOURCE_BYTES = 50 * 1024 * 1024  # a long book as PDF; a plain text is far smaller
TEXT_SUFFIXES = (".txt", ".md")
SUFFIXES = (*TEXT_SUFFIXES, ".pdf", ".html", ".htm")
MIN_HTML_WORDS = 10  # less is a navigation stub, not a text to quote from
TEXT_EXTRACTOR = "debate-text 1"  # UTF-8, BOM dropped, CRLF → LF


@dataclass(frozen=True)
class Extraction:
    text: str
    format: str  # txt, md, pdf or html
    extractor: str  # name and version, so a re-import can say what changed
    original_sha256: str  # of the file's bytes
    pages: tuple[tuple[int, str], ...] = ()  # (offset where the page starts, printed label)
    metadata: dict[str, Any] = field(default_factory=dict)  # found in the file

    @property
    def text_sha256(self) -> str:
        return sha256(self.text)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def extract(name: str, data: bytes) -> Extraction:
    """The text of a source file, by its suffix; refuses junk and empty extractions."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in SUFFIXES:
        raise InvalidInput(f"cannot read {name}: debate reads {', '.join(SUFFIXES)} files")
    if len(data) > MAX_SOURCE_BYTES:
        raise InvalidInput(f"{name} is over the {MAX_SOURCE_BYTES // 2**20} MB limit")
    digest = hashlib.sha256(data).hexdigest()
    if suffix == ".pdf":
        extraction = _pdf(name, data, digest)
    elif suffix in (".html", ".htm"):
        extraction = _html(name, data, digest)
    else:
        text = _clean(_decode_text(name, data))
        extraction = Extraction(text, suffix[1:], TEXT_EXTRACTOR, digest, _form_feed_pages(text))
    if not extraction.text.strip():
        raise InvalidInput(f"{name} has no text")
    return extraction


def _clean(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    return "\x00" in text or controls > 0.01 * len(sample)


def _decode_text(name: str, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InvalidInput(f"{name} is not UTF-8 text (byte {e.start}); is it binary?") from e
    if _looks_binary(text):
        raise InvalidInput(f"{name} looks like binary data, not text")
    return text


def _form_feed_pages(text: str) -> tuple[tuple[int, str], ...]:
    """A plain text with form feeds has pages 1, 2, …; without, none."""
    if "\f" not in text:
        return ()
    starts = [0] + [m.end() for m in re.finditer("\f", text)]
    return tuple((start, str(i)) for i, start in enumerate(starts, 1))


def _year(value: Any) -> int | None:
    match = re.search(r"(1[5-9]|20)\d\d", str(value or ""))
    return int(match.group()) if match else None


# -- PDF --------------------------------------------------------------------


def _pdf(name: str, data: bytes, digest: str) -> Extraction:
    import logging

    import pypdf

    # pypdf logs what it repairs in a damaged file; the user gets one error line instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR + 10)

    if not data.startswith(b"%PDF-"):
        raise InvalidInput(f"{name} is not a PDF (no %PDF- header)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise InvalidInput(f"{name} is encrypted; save a copy without a password")
            texts = [_clean(page.extract_text() or "") for page in reader.pages]
            labels = list(reader.page_labels)
            info = reader.metadata
    except InvalidInput:
        raise
    except Exception as e:  # pypdf raises many kinds on a damaged file
        raise InvalidInput(f"cannot read {name} as a PDF: {e}") from e
    if not any(t.strip() for t in texts):
        raise InvalidInput(
            f"{name} has no text layer ({len(texts)} page{'s' if len(texts) != 1 else ''}, "
            "no extractable text): is it a scanned PDF? Run OCR on it first"
        )
    pages, parts, offset = [], [], 0
    for i, page_text in enumerate(texts):
        if i:
            parts.append("\n\f")
            offset += 2
        pages.append((offset, labels[i] if i < len(labels) else str(i + 1)))
        parts.append(page_text)
        offset += len(page_text)
    metadata: dict[str, Any] = {}
    if info is not None:
        if info.title and info.title.strip():
            metadata["title"] = info.title.strip()
        if info.author and info.author.strip():
            metadata["author"] = info.author.strip()
        year = _year(info.get("/CreationDate"))
        if year:
            metadata["year"] = year
    return Extraction(
        "".join(parts), "pdf", f"pypdf {pypdf.__version__}", digest, tuple(pages), metadata
    )


# -- HTML -------------------------------------------------------------------


def _decode_html(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InvalidInput("cannot tell the encoding of this HTML file") from None
        return str(best)


def _html(name: str, data: bytes, digest: str) -> Extraction:
    import trafilatura

    html = _decode_html(data)
    if _looks_binary(html) or "<" not in html:
        raise InvalidInput(f"{name} does not look like HTML")
    document = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=True, with_metadata=True
    )
    found: dict[str, Any] = {}
    if document is not None:
        found = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    body = (found.get("text") or "").strip()
    if len(body.split()) < MIN_HTML_WORDS:
        raise InvalidInput(f"{name} has no readable text once navigation and boilerplate go")
    # trafilatura puts one paragraph on each line; a blank line between them reads better.
    text = re.sub(r"\n+", "\n\n", _clean(body)) + "\n"
    metadata: dict[str, Any] = {}
    for ours, theirs in (("title", "title"), ("author", "author"), ("venue", "sitename")):
        if found.get(theirs):
            metadata[ours] = str(found[theirs]).strip()
    if found.get("url"):
        metadata["url"] = found["url"]
    year = _year(found.get("date"))
    if year:
        metadata["year"] = year
    return Extraction(text, "html", f"trafilatura {trafilatura.__version__}", digest, (), metadata)


# -- BibTeX -----------------------------------------------------------------


def bibtex_entries(text: str) -> dict[str, dict[str, Any]]:
    """The entries of a BibTeX file by key, with LaTeX accents turned into Unicode."""
    import bibtexparser
    from bibtexparser.bparser import BibTexParser
    from bibtexparser.customization import convert_to_unicode

    parser = BibTexParser(common_strings=True)
    parser.customization = convert_to_unicode
    try:
        database = bibtexparser.loads(text, parser=parser)
    except Exception as e:  # the parser raises on malformed input
        raise InvalidInput(f"cannot parse the BibTeX file: {e}") from e
    return {entry["ID"]: entry for entry in database.entries}


def _names(field_value: str) -> str:
    """BibTeX "A and B" → "Family, Given; Family, Given"."""
    from bibtexparser.customization import splitname

    people = []
    for name in re.split(r"\s+and\s+", field_value.strip()):
        parts = splitname(name, strict_mode=False)
        family = " ".join(parts.get("von", []) + parts.get("last", []))
        given = " ".join(parts.get("first", []))
        people.append(f"{family}, {given}" if given else family)
    return "; ".join(p for p in people if p)


def bibtex_metadata(entry: dict[str, Any]) -> dict[str, Any]:
    def plain(key: str) -> str | None:
        value = entry.get(key)
        return re.sub(r"[{}]", "", " ".join(str(value).split())) if value else None

    venue = plain("journal") or plain("booktitle") or plain("publisher") or plain("howpublished")
    if venue and plain("volume"):
        venue += f" {plain('volume')}"
        if plain("number"):
            venue += f"({plain('number')})"
    if venue and plain("pages"):
        venue += f": {plain('pages')}".replace("--", "–")
    url = plain("url") or (f"https://doi.org/{plain('doi')}" if plain("doi") else None)
    metadata = {
        "title": plain("title"),
        "author": _names(entry["author"]) if entry.get("author") else plain("editor"),
        "year": _year(entry.get("year")),
        "venue": venue,
        "url": url,
    }
    return {k: v for k, v in metadata.items() if v}


# -- passages for full-text search --------------------------------------------

# A sentence ends at . ! ? or …, perhaps closing quotes and a footnote marker after it,
# before a capital; a blank line ends a passage too (a page break does not).
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])[\"'’”)\]]*(?:\d{1,3}|[\u00b9\u00b2\u00b3\u2070-\u2079]+)?\s+"
    r"(?=[\"'‘“(\[]?[A-Z0-9])|\n[ \t]*\n\s*"
)
MAX_PASSAGE = 600


def paged_passages(
    text: str, pages: Sequence[tuple[int, str]]
) -> list[tuple[int, int, str | None, str]]:
    """The passages with the printed page each starts on: what the search index holds,
    as (start, end, page, what it says)."""
    from debate.core.anchoring import PageLabels

    labels = PageLabels(pages)
    return [(a, b, labels.at(a), said) for a, b, said in passages(text)]


def passages(text: str) -> list[tuple[int, int, str]]:
    """Sentence-sized passages of a text (long sentences cut at word boundaries),
    read with running headers and footers left out, as (start, end, what it says)."""
    skip = running_lines(text, page_starts(text))
    body, where = without(text, skip)
    spans: list[tuple[int, int]] = []
    position = 0
    for m in [*_SENTENCE_END.finditer(body), None]:
        _add_passage(body, position, m.start() if m else len(body), spans)
        if m:
            position = m.end()
    return [(where.at(a), where.at(b - 1) + 1, searchable(body[a:b])) for a, b in spans]


def _add_passage(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_PASSAGE:
        cut = text.rfind(" ", start, start + MAX_PASSAGE)
        cut = cut if cut > start else start + MAX_PASSAGE
        spans.append((start, cut))
        start = cut + 1
    if end > start and any(c.isalnum() for c in text[start:end]):
        spans.append((start, end))


def searchable(text: str) -> str:
    """What the search index sees of a passage: one line, no hyphenation, NFKC."""
    return unicodedata.normalize("NFKC", readable(text))
