-- The first schema of a debate store. Ids are what people type; UUIDs are
-- what exports and merges use.

CREATE TABLE store_info (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO store_info (key, value) VALUES ('application', 'debate');

CREATE TABLE participants (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    role TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    title TEXT,
    author TEXT,
    year INTEGER,
    venue TEXT,
    url TEXT,
    filename TEXT,
    text TEXT,
    text_sha256 TEXT,
    created_by INTEGER NOT NULL REFERENCES participants(id),
    created_at TEXT NOT NULL
);

-- Claims and evidence quotes share one numbering.
CREATE TABLE nodes (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('claim', 'quote')),
    text TEXT NOT NULL CHECK (length(trim(text)) > 0),
    created_by INTEGER NOT NULL REFERENCES participants(id),
    created_at TEXT NOT NULL,
    archived_at TEXT
);

CREATE TABLE quotes (
    node_id INTEGER PRIMARY KEY REFERENCES nodes(id),
    source_id INTEGER NOT NULL REFERENCES sources(id),
    typed TEXT NOT NULL,
    start_offset INTEGER,
    end_offset INTEGER,
    locator TEXT,
    note TEXT,
    status TEXT NOT NULL CHECK (status IN ('unverified', 'verified', 'not-found')),
    verbatim INTEGER
);
CREATE INDEX quotes_source ON quotes(source_id);

CREATE TABLE links (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    parent_id INTEGER NOT NULL REFERENCES nodes(id),
    child_id INTEGER NOT NULL REFERENCES nodes(id),
    stance TEXT NOT NULL CHECK (stance IN ('pro', 'con')),
    created_by INTEGER NOT NULL REFERENCES participants(id),
    created_at TEXT NOT NULL,
    UNIQUE (parent_id, child_id),
    CHECK (parent_id <> child_id)
);
CREATE INDEX links_child ON links(child_id);

-- One current vote per participant, node and kind; older values live in events.
CREATE TABLE votes (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    node_id INTEGER NOT NULL REFERENCES nodes(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    kind TEXT NOT NULL CHECK (kind IN ('accept', 'impact')),
    value INTEGER NOT NULL,
    cast_at TEXT NOT NULL,
    UNIQUE (node_id, participant_id, kind),
    CHECK ((kind = 'accept' AND value BETWEEN -2 AND 2)
        OR (kind = 'impact' AND value BETWEEN 0 AND 4))
);

-- The append-only history every transcript is built from.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    action TEXT NOT NULL,
    node_id INTEGER REFERENCES nodes(id),
    source_id INTEGER REFERENCES sources(id),
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_node ON events(node_id);

CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;

CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;
