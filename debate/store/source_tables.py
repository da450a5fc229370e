"""The store's SQL for sources, their texts and passages, and full-text search."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from debate.errors import (
    InvalidInput,
    NotFound,
)
from debate.models import (
    PassageHit,
    Source,
    SourceMetadata,
    SourceText,
)
from debate.store.base import StoreBase
from debate.store.engine import Row
from debate.store.guards import new_uuid, now, writes

if TYPE_CHECKING:
    from debate.core.anchoring import SourceIndex


MAX_SEARCH_WORDS = 64


def search_words(words: str) -> list[str]:
    """The words of a search, as both engines look for them."""
    tokens = re.findall(r"\w+", unicodedata.normalize("NFKC", words))
    if not tokens:
        raise InvalidInput("the search has no words")
    if len(tokens) > MAX_SEARCH_WORDS:
        raise InvalidInput(f"the search has {len(tokens)} words; at most {MAX_SEARCH_WORDS}")
    return tokens


class SourceTables(StoreBase):
    # -- sources ----------------------------------------------------------------------------

    _SOURCE_COLUMNS = (
        "id, uuid, key, title, author, year, venue, url, text IS NOT NULL AS has_text,"
        " text_sha256, created_at, format, extractor, original_sha256, pages"
    )

    @staticmethod
    def _source_from_row(r: Row) -> Source:
        pages = (
            tuple((int(o), str(label)) for o, label in json.loads(r["pages"])) if r["pages"] else ()
        )
        return Source(
            id=r["id"],
            uuid=r["uuid"],
            key=r["key"],
            metadata=SourceMetadata(r["title"], r["author"], r["year"], r["venue"], r["url"]),
            has_text=bool(r["has_text"]),
            text_sha256=r["text_sha256"],
            created_at=r["created_at"],
            format=r["format"],
            extractor=r["extractor"],
            original_sha256=r["original_sha256"],
            pages=pages,
        )

    def source(self, key: str) -> Source:
        found = self.find_source(key)
        if found is None:
            raise NotFound(f"no source with key {key!r}")
        return found

    def find_source(self, key: str) -> Source | None:
        row = self._one(f"SELECT {self._SOURCE_COLUMNS} FROM sources WHERE key = ?", [key])
        return self._source_from_row(row) if row else None

    def sources(self) -> list[Source]:
        rows = self._all(f"SELECT {self._SOURCE_COLUMNS} FROM sources ORDER BY key")
        return [self._source_from_row(r) for r in rows]

    def source_text(self, source_id: int) -> str | None:
        row = self._one("SELECT text FROM sources WHERE id = ?", [source_id])
        return None if row is None else row["text"]

    @staticmethod
    def _text_columns(text: SourceText) -> dict[str, Any]:
        return {
            "text": text.text,
            "text_sha256": text.text_sha256,
            "original_sha256": text.original_sha256,
            "extractor": text.extractor,
            "format": text.format,
            "filename": text.filename,
            "pages": json.dumps(text.pages) if text.pages else None,
        }

    @writes
    def add_source(
        self,
        key: str,
        metadata: SourceMetadata,
        actor: int,
        *,
        text: SourceText | None = None,
        bibtex: str | None = None,
        uuid_: str | None = None,
    ) -> int | None:
        """A new source's id; None when the key is taken (one upsert)."""
        row = {
            "uuid": uuid_ or new_uuid(),
            "key": key,
            **metadata.given(),
            "bibtex": bibtex,
            **(self._text_columns(text) if text else {}),
            "created_by": actor,
            "created_at": now(),
        }
        names = ", ".join(row)
        marks = ", ".join("?" * len(row))
        found = self._one(
            f"INSERT INTO sources ({names}) VALUES ({marks}) "
            "ON CONFLICT (key) DO NOTHING RETURNING id",
            list(row.values()),
        )
        return int(found["id"]) if found else None

    @writes
    def add_citation(
        self,
        node_id: int,
        source_id: int,
        label: str,
        actor: int,
        *,
        uuid_: str | None = None,
        created_at: str | None = None,
    ) -> bool:
        """A claim's reference to a source; False when it was there already."""
        found = self._one(
            "INSERT INTO citations (uuid, node_id, source_id, label, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
            [uuid_ or new_uuid(), node_id, source_id, label, actor, created_at or now()],
        )
        return found is not None

    def citations(self, node_ids: Collection[int]) -> dict[int, list[tuple[str, Source]]]:
        """Each node's (marker, source) citations, in the order they were made."""
        out: dict[int, list[tuple[str, Source]]] = {}
        if not node_ids:
            return out
        self._temp_ids("cited_nodes", node_ids)
        rows = self._all(
            "SELECT c.node_id, c.label, s.* FROM cited_nodes n"
            f" {self._join_in_order} citations c ON c.node_id = n.id"
            f" JOIN (SELECT {self._SOURCE_COLUMNS} FROM sources) s ON s.id = c.source_id"
            " ORDER BY c.id"
        )
        for r in rows:
            out.setdefault(r["node_id"], []).append((r["label"], self._source_from_row(r)))
        return out

    @writes
    def update_source(
        self,
        source_id: int,
        *,
        metadata: SourceMetadata | None = None,
        text: SourceText | None = None,
        bibtex: str | None = None,
    ) -> None:
        """Set the given metadata fields, the text and its provenance, or the BibTeX entry."""
        fields: dict[str, Any] = {}
        if metadata is not None:
            fields.update(metadata.given())
        if text is not None:
            fields.update(self._text_columns(text))
        if bibtex is not None:
            fields["bibtex"] = bibtex
        if not fields:
            return
        assignments = ", ".join(f"{name} = ?" for name in fields)
        self._run(f"UPDATE sources SET {assignments} WHERE id = ?", [*fields.values(), source_id])

    @writes
    def save_source_index(self, source_id: int, index: SourceIndex) -> None:
        self._run(
            "INSERT INTO source_index (source_id, text_sha256, version, normalized, runs, skip) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source_id) DO UPDATE SET "
            "text_sha256 = excluded.text_sha256, version = excluded.version, "
            "normalized = excluded.normalized, runs = excluded.runs, skip = excluded.skip",
            [
                source_id,
                index.text_sha256,
                index.version,
                index.normalized,
                index.runs,
                json.dumps([list(span) for span in index.skip]),
            ],
        )

    def source_index(self, source_id: int) -> SourceIndex | None:
        from debate.core.anchoring import SourceIndex

        row = self._one(
            "SELECT version, text_sha256, normalized, runs, skip FROM source_index "
            "WHERE source_id = ?",
            [source_id],
        )
        if row is None:
            return None
        skip = tuple((a, b) for a, b in json.loads(row["skip"]))
        return SourceIndex(row["version"], row["text_sha256"], row["normalized"], row["runs"], skip)

    # -- full-text search ----------------------------------------------------------------

    @writes
    def replace_passages(
        self, source_id: int, rows: list[tuple[int, int, str | None, str]]
    ) -> None:
        """Index a source's passages: (start, end, page, searchable text) each."""
        self._run(
            "DELETE FROM passages_fts WHERE rowid IN (SELECT id FROM passages WHERE source_id = ?)",
            [source_id],
        )
        self._run("DELETE FROM passages WHERE source_id = ?", [source_id])
        first = self._one("SELECT COALESCE(MAX(id), 0) + 1 AS next FROM passages")
        assert first is not None
        start_id = int(first["next"])
        self._many(
            "INSERT INTO passages (id, source_id, start_offset, end_offset, page) "
            "VALUES (?, ?, ?, ?, ?)",
            ((start_id + i, source_id, a, b, page) for i, (a, b, page, _) in enumerate(rows)),
        )
        self._many(
            "INSERT INTO passages_fts (rowid, text) VALUES (?, ?)",
            ((start_id + i, said) for i, (_, _, _, said) in enumerate(rows)),
        )

    def search_passages(self, words: str, source_id: int | None, limit: int) -> list[PassageHit]:
        """Passages where every word occurs, best first."""
        where = "AND p.source_id = ?" if source_id is not None else ""
        search = self._engine.full_text("passages_fts")
        params: list[Any] = [self._engine.search_terms(search_words(words))]
        params += [source_id] if source_id is not None else []
        rows = self._all(
            f"""
            SELECT s.key, p.start_offset, p.end_offset, p.page, f.text
            FROM {search.source}
            JOIN passages p ON p.id = f.rowid
            JOIN sources s ON s.id = p.source_id
            WHERE {search.condition} {where}
            ORDER BY {search.rank}, p.id
            LIMIT ?
            """,
            [*params, limit],
        )
        return [
            PassageHit(r["key"], r["start_offset"], r["end_offset"], r["page"], r["text"])
            for r in rows
        ]

    def search_quotes(self, words: str, source_id: int | None, limit: int) -> list[int]:
        """Ids of live quotes whose text has every word, best first."""
        where = "AND q.source_id = ?" if source_id is not None else ""
        search = self._engine.full_text("quotes_fts")
        params: list[Any] = [self._engine.search_terms(search_words(words))]
        params += [source_id] if source_id is not None else []
        return [
            r["rowid"]
            for r in self._all(
                self._live()
                + f"""
                SELECT f.rowid FROM {search.source}
                JOIN quotes q ON q.node_id = f.rowid
                JOIN live ON live.id = f.rowid
                WHERE {search.condition} {where}
                ORDER BY {search.rank}, f.rowid
                LIMIT ?
                """,
                [*params, limit],
            )
        ]
