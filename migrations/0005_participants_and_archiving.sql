-- A participant created by a typo in --as can be merged into the right one:
-- their votes and additions move over, and the event log keeps who did what.
ALTER TABLE participants ADD COLUMN merged_into INTEGER REFERENCES participants(id);

-- Archiving is rare: with this index, "is anything archived?" costs nothing,
-- and a store with nothing archived needs no walk to know a node is live.
CREATE INDEX nodes_archived ON nodes (archived_at) WHERE archived_at IS NOT NULL;
