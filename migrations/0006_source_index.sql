-- Each source's normalized copy and the map back to its text, made when the
-- text is added: quoting a 10 MB source then reads it instead of normalizing
-- the whole text again. Made anew when the text or the normalization changes.
CREATE TABLE source_index (
    source_id INTEGER PRIMARY KEY REFERENCES sources(id),
    text_sha256 TEXT NOT NULL,
    version INTEGER NOT NULL,
    normalized TEXT NOT NULL,
    runs BLOB NOT NULL,
    skip TEXT NOT NULL  -- JSON list of [start, end] of the running headers and footers
);
