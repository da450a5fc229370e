-- Claims that cite a source without quoting it: the footnotes and links of a
-- Kialo export, and the like from other tools. A quote is a node of its own;
-- a citation is only a claim's reference, with the marker its text uses.

CREATE TABLE citations (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    node_id INTEGER NOT NULL REFERENCES nodes(id),
    source_id INTEGER NOT NULL REFERENCES sources(id),
    label TEXT NOT NULL,  -- the marker as the claim's text has it: "1" for "[1]"
    created_by INTEGER NOT NULL REFERENCES participants(id),
    created_at TEXT NOT NULL,
    UNIQUE (node_id, source_id, label)
);
CREATE INDEX citations_source ON citations(source_id);
