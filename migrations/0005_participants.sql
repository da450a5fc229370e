-- A participant created by a typo in --as can be merged into the right one:
-- their votes and additions move over, and the event log keeps who did what.
ALTER TABLE participants ADD COLUMN merged_into INTEGER REFERENCES participants(id);
