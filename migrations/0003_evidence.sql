-- Evidence you can trust: where each source's text came from, how each quote
-- was matched and what surrounds it, and full-text search over both.

ALTER TABLE sources ADD COLUMN format TEXT;
ALTER TABLE sources ADD COLUMN extractor TEXT;
ALTER TABLE sources ADD COLUMN original_sha256 TEXT;
-- JSON list of [offset, printed label], one per page; NULL without pages.
ALTER TABLE sources ADD COLUMN pages TEXT;
ALTER TABLE sources ADD COLUMN bibtex TEXT;

-- A quote's status gains the outcomes of fuzzy matching and re-anchoring; SQLite
-- cannot change a CHECK constraint, so the table is rebuilt.
CREATE TABLE quotes_v3 (
    node_id INTEGER PRIMARY KEY REFERENCES nodes(id),
    source_id INTEGER NOT NULL REFERENCES sources(id),
    typed TEXT NOT NULL,
    start_offset INTEGER,
    end_offset INTEGER,
    locator TEXT,
    note TEXT,
    status TEXT NOT NULL CHECK (status IN (
        'unverified', 'verified', 'verified-with-differences', 'confirmed',
        'ambiguous', 'not-found', 'changed', 'orphaned')),
    verbatim INTEGER,
    method TEXT CHECK (method IN ('exact', 'skeleton', 'fuzzy', 'elided')),
    similarity REAL,
    edits INTEGER,
    page TEXT,
    context_before TEXT,
    context_after TEXT,
    -- JSON list of [start, end] for each anchored piece of an elided quote
    segments TEXT
);
INSERT INTO quotes_v3 (node_id, source_id, typed, start_offset, end_offset, locator, note,
                       status, verbatim, method, similarity, edits)
SELECT node_id, source_id, typed, start_offset, end_offset, locator, note, status, verbatim,
       CASE WHEN status = 'verified' THEN CASE WHEN verbatim THEN 'exact' ELSE 'skeleton' END END,
       CASE WHEN status = 'verified' THEN 1.0 END,
       CASE WHEN status = 'verified' THEN 0 END
FROM quotes;
DROP TABLE quotes;
ALTER TABLE quotes_v3 RENAME TO quotes;
CREATE INDEX quotes_source ON quotes(source_id);

-- Sentence-sized passages of every source text, for `debate search`.
CREATE TABLE passages (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    page TEXT
);
CREATE INDEX passages_source ON passages(source_id);
CREATE VIRTUAL TABLE passages_fts USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2');

-- Quotes are searchable too; debate keeps this index (of their readable text) itself.
CREATE VIRTUAL TABLE quotes_fts USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2');
