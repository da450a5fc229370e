-- A participant created by a typo in --as can be merged into the right one:
-- their votes and additions move over, and the event log keeps who did what.
ALTER TABLE participants ADD COLUMN merged_into INTEGER REFERENCES participants(id);

-- Archiving is rare: with this index, "is anything archived?" costs nothing,
-- and a store with nothing archived needs no walk to know a node is live.
CREATE INDEX nodes_archived ON nodes (archived_at) WHERE archived_at IS NOT NULL;

-- The hash of the source text each quote was anchored in: `check` verifies a
-- quote by hash and offsets, and anchors again only what changed. A stored
-- quote was anchored in its source's current text (updates re-anchor them all).
ALTER TABLE quotes ADD COLUMN text_sha256 TEXT;
UPDATE quotes SET text_sha256 = (SELECT s.text_sha256 FROM sources s WHERE s.id = quotes.source_id)
WHERE status IN ('verified', 'verified-with-differences', 'confirmed');
