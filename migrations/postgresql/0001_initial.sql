-- The whole schema of a debate store on PostgreSQL, as the SQLite migrations
-- 0001 to 0009 leave it: the same tables and columns in the same order, so that
-- the store's shared SQL and `db copy` work on both engines.
--
-- Text is compared byte by byte (COLLATE "C"), as SQLite does, so that lists
-- sort alike on both engines whatever the database's locale. Times stay ISO
-- 8601 text, as the store writes them. Full-text search is PostgreSQL's own:
-- a configuration that folds accents (unaccent) and stems English (Snowball)
-- without dropping stop words, as SQLite's porter tokenizer keeps them.

CREATE EXTENSION IF NOT EXISTS unaccent;

-- A new row's id is one more than the largest, as SQLite gives it: writers hold
-- the store's lock, so this does not race, and a refused command leaves no gap
-- (a sequence would), so both engines number alike.
CREATE FUNCTION next_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        EXECUTE format('SELECT COALESCE(MAX(id), 0) + 1 FROM %I.%I',
                       TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO NEW.id;
    END IF;
    RETURN NEW;
END
$$;

CREATE TABLE store_info (
    key TEXT COLLATE "C" PRIMARY KEY,
    value TEXT COLLATE "C" NOT NULL
);
INSERT INTO store_info (key, value) VALUES ('application', 'debate');

CREATE TABLE participants (
    id BIGINT PRIMARY KEY,
    uuid TEXT COLLATE "C" NOT NULL UNIQUE,
    name TEXT COLLATE "C" NOT NULL UNIQUE,
    role TEXT COLLATE "C",
    created_at TEXT COLLATE "C" NOT NULL,
    merged_into BIGINT REFERENCES participants(id)
);

CREATE TABLE sources (
    id BIGINT PRIMARY KEY,
    uuid TEXT COLLATE "C" NOT NULL UNIQUE,
    key TEXT COLLATE "C" NOT NULL UNIQUE,
    title TEXT COLLATE "C",
    author TEXT COLLATE "C",
    year INTEGER,
    venue TEXT COLLATE "C",
    url TEXT COLLATE "C",
    filename TEXT COLLATE "C",
    text TEXT COLLATE "C",
    text_sha256 TEXT COLLATE "C",
    created_by BIGINT NOT NULL REFERENCES participants(id),
    created_at TEXT COLLATE "C" NOT NULL,
    format TEXT COLLATE "C",
    extractor TEXT COLLATE "C",
    original_sha256 TEXT COLLATE "C",
    pages TEXT COLLATE "C",
    bibtex TEXT COLLATE "C"
);

CREATE TABLE nodes (
    id BIGINT PRIMARY KEY,
    uuid TEXT COLLATE "C" NOT NULL UNIQUE,
    kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('claim', 'quote')),
    text TEXT COLLATE "C" NOT NULL CHECK (length(trim(text)) > 0),
    created_by BIGINT NOT NULL REFERENCES participants(id),
    created_at TEXT COLLATE "C" NOT NULL,
    archived_at TEXT COLLATE "C"
);
CREATE INDEX nodes_archived ON nodes (archived_at) WHERE archived_at IS NOT NULL;

CREATE TABLE links (
    id BIGINT PRIMARY KEY,
    uuid TEXT COLLATE "C" NOT NULL UNIQUE,
    parent_id BIGINT NOT NULL REFERENCES nodes(id),
    child_id BIGINT NOT NULL REFERENCES nodes(id),
    stance TEXT COLLATE "C" NOT NULL CHECK (stance IN ('pro', 'con')),
    created_by BIGINT NOT NULL REFERENCES participants(id),
    created_at TEXT COLLATE "C" NOT NULL,
    UNIQUE (parent_id, child_id),
    CHECK (parent_id <> child_id)
);
CREATE INDEX links_child ON links (child_id);

CREATE TABLE votes (
    id BIGINT PRIMARY KEY,
    uuid TEXT COLLATE "C" NOT NULL UNIQUE,
    node_id BIGINT NOT NULL REFERENCES nodes(id),
    participant_id BIGINT NOT NULL REFERENCES participants(id),
    kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('accept', 'impact')),
    value INTEGER NOT NULL,
    cast_at TEXT COLLATE "C" NOT NULL,
    UNIQUE (node_id, participant_id, kind),
    CHECK ((kind = 'accept' AND value BETWEEN -2 AND 2)
        OR (kind = 'impact' AND value BETWEEN 0 AND 4))
);
CREATE INDEX votes_tally ON votes (node_id, kind, participant_id, value);

CREATE TABLE teams (
    id BIGINT PRIMARY KEY,
    uuid TEXT COLLATE "C" NOT NULL UNIQUE,
    name TEXT COLLATE "C" NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    created_by BIGINT NOT NULL REFERENCES participants(id),
    created_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE team_members (
    team_id BIGINT NOT NULL REFERENCES teams(id),
    participant_id BIGINT NOT NULL REFERENCES participants(id),
    added_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (team_id, participant_id)
);

CREATE TABLE quotes (
    node_id BIGINT PRIMARY KEY REFERENCES nodes(id),
    source_id BIGINT NOT NULL REFERENCES sources(id),
    typed TEXT COLLATE "C" NOT NULL,
    start_offset INTEGER,
    end_offset INTEGER,
    locator TEXT COLLATE "C",
    note TEXT COLLATE "C",
    status TEXT COLLATE "C" NOT NULL CHECK (status IN (
        'unverified', 'verified', 'verified-with-differences', 'confirmed',
        'ambiguous', 'not-found', 'changed', 'orphaned')),
    verbatim INTEGER,
    method TEXT COLLATE "C" CHECK (method IN ('exact', 'skeleton', 'fuzzy', 'elided')),
    similarity DOUBLE PRECISION,
    edits INTEGER,
    page TEXT COLLATE "C",
    context_before TEXT COLLATE "C",
    context_after TEXT COLLATE "C",
    segments TEXT COLLATE "C",  -- JSON list of [start, end] for each piece of an elided quote
    text_sha256 TEXT COLLATE "C"
);
CREATE INDEX quotes_source ON quotes (source_id);

CREATE TABLE passages (
    id BIGINT PRIMARY KEY,
    source_id BIGINT NOT NULL REFERENCES sources(id),
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    page TEXT COLLATE "C"
);
CREATE INDEX passages_source ON passages (source_id);

-- The search configuration: accents folded, English stemmed, stop words kept.
CREATE TEXT SEARCH DICTIONARY debate_stem (TEMPLATE = snowball, LANGUAGE = english);
CREATE TEXT SEARCH CONFIGURATION debate_search (COPY = simple);
DO $$
DECLARE
    home TEXT;  -- the schema unaccent was installed in, here or before
BEGIN
    SELECT n.nspname INTO home FROM pg_ts_dict d
    JOIN pg_namespace n ON n.oid = d.dictnamespace WHERE d.dictname = 'unaccent';
    EXECUTE format(
        'ALTER TEXT SEARCH CONFIGURATION debate_search ALTER MAPPING FOR '
        'asciiword, asciihword, hword_asciipart, word, hword, hword_part '
        'WITH %I.unaccent, debate_stem', home);
END
$$;

-- The searchable text of each passage and quote (`rowid` as SQLite's FTS5 names it).
CREATE TABLE passages_fts (
    rowid BIGINT PRIMARY KEY,
    text TEXT COLLATE "C" NOT NULL,
    words TSVECTOR GENERATED ALWAYS AS (to_tsvector('debate_search', text)) STORED
);
CREATE INDEX passages_fts_words ON passages_fts USING gin (words);
CREATE TABLE quotes_fts (
    rowid BIGINT PRIMARY KEY,
    text TEXT COLLATE "C" NOT NULL,
    words TSVECTOR GENERATED ALWAYS AS (to_tsvector('debate_search', text)) STORED
);
CREATE INDEX quotes_fts_words ON quotes_fts USING gin (words);

CREATE TABLE source_index (
    source_id BIGINT PRIMARY KEY REFERENCES sources(id),
    text_sha256 TEXT COLLATE "C" NOT NULL,
    version INTEGER NOT NULL,
    normalized TEXT COLLATE "C" NOT NULL,
    runs BYTEA NOT NULL,
    skip TEXT COLLATE "C" NOT NULL  -- JSON list of [start, end] of running headers and footers
);

CREATE TABLE scores (
    node_id BIGINT PRIMARY KEY REFERENCES nodes(id),
    base DOUBLE PRECISION NOT NULL,
    weight DOUBLE PRECISION NOT NULL,
    dfquad DOUBLE PRECISION NOT NULL,
    qe DOUBLE PRECISION NOT NULL,
    euler DOUBLE PRECISION NOT NULL,
    mlp DOUBLE PRECISION NOT NULL
);

CREATE TABLE sessions (
    id BIGINT PRIMARY KEY,
    uuid TEXT COLLATE "C" NOT NULL UNIQUE,
    thesis_id BIGINT NOT NULL REFERENCES nodes(id),
    motion TEXT COLLATE "C" NOT NULL,
    format_name TEXT COLLATE "C" NOT NULL,
    format TEXT COLLATE "C" NOT NULL,  -- the whole format as JSON, fixed when the session was made
    state TEXT COLLATE "C" NOT NULL DEFAULT 'new'
        CHECK (state IN ('new', 'running', 'paused', 'ended')),
    current INTEGER,  -- the running or paused speech (from 0); NULL between speeches
    draw_seed BIGINT,  -- the seed of a random draw of speakers, to repeat it
    screen TEXT COLLATE "C",  -- the live screen that drives the session, and when it last said so
    screen_seen_at DOUBLE PRECISION,
    final_tree TEXT COLLATE "C",  -- the weighted tree when the session ended (JSON rows)
    created_by BIGINT NOT NULL REFERENCES participants(id),
    created_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE events (
    id BIGINT PRIMARY KEY,
    uuid TEXT COLLATE "C" NOT NULL UNIQUE,
    at TEXT COLLATE "C" NOT NULL,
    participant_id BIGINT NOT NULL REFERENCES participants(id),
    action TEXT COLLATE "C" NOT NULL,
    node_id BIGINT REFERENCES nodes(id),
    source_id BIGINT REFERENCES sources(id),
    data TEXT COLLATE "C" NOT NULL DEFAULT '{}',
    session_id BIGINT REFERENCES sessions(id),
    speech INTEGER
);
CREATE INDEX events_node ON events (node_id);
CREATE INDEX events_session ON events (session_id, speech) WHERE session_id IS NOT NULL;

CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event log is append-only';
END
$$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only();

CREATE TABLE session_people (
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    participant_id BIGINT NOT NULL REFERENCES participants(id),
    role TEXT COLLATE "C" NOT NULL CHECK (role IN ('speaker', 'chair', 'judge', 'audience')),
    side TEXT COLLATE "C",  -- a speaker's side (or team) and place in it, from 1
    speaker INTEGER,
    PRIMARY KEY (session_id, participant_id, role),
    CHECK ((role = 'speaker') = (side IS NOT NULL AND speaker IS NOT NULL))
);
CREATE UNIQUE INDEX session_speaker_places ON session_people (session_id, side, speaker);

CREATE TABLE session_steps (
    id BIGINT PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    step TEXT COLLATE "C" NOT NULL CHECK (
        step IN ('start', 'next', 'pause', 'resume', 'end', 'poi', 'prep start', 'prep stop')
    ),
    at DOUBLE PRECISION NOT NULL,  -- seconds since 1970 (UTC)
    at_text TEXT COLLATE "C" NOT NULL,  -- the same moment in ISO 8601, with its offset
    speech INTEGER,
    side TEXT COLLATE "C",
    participant_id BIGINT REFERENCES participants(id),
    accepted INTEGER,  -- poi: 1 accepted, 0 declined, NULL offered only
    thesis_strength DOUBLE PRECISION,
    recorded_by BIGINT NOT NULL REFERENCES participants(id),
    recorded_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX session_steps_session ON session_steps (session_id, id);

CREATE TABLE polls (
    id BIGINT PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    phase TEXT COLLATE "C" NOT NULL CHECK (phase IN ('pre', 'post')),
    participant_id BIGINT REFERENCES participants(id),
    answer TEXT COLLATE "C" NOT NULL CHECK (answer IN ('for', 'against', 'undecided')),
    count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 0),
    is_current INTEGER NOT NULL DEFAULT 1,
    cast_by BIGINT NOT NULL REFERENCES participants(id),
    cast_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX polls_session ON polls (session_id, phase, is_current);

CREATE TABLE ballots (
    id BIGINT PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    judge_id BIGINT NOT NULL REFERENCES participants(id),
    winner TEXT COLLATE "C",
    ranking TEXT COLLATE "C",  -- more than two sides: JSON list of teams, first place first
    reason TEXT COLLATE "C",
    is_current INTEGER NOT NULL DEFAULT 1,
    cast_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX ballots_session ON ballots (session_id, is_current);

CREATE TABLE ballot_points (
    ballot_id BIGINT NOT NULL REFERENCES ballots(id),
    participant_id BIGINT NOT NULL REFERENCES participants(id),
    points INTEGER NOT NULL,
    PRIMARY KEY (ballot_id, participant_id)
);

CREATE TABLE citations (
    id BIGINT PRIMARY KEY,
    uuid TEXT COLLATE "C" NOT NULL UNIQUE,
    node_id BIGINT NOT NULL REFERENCES nodes(id),
    source_id BIGINT NOT NULL REFERENCES sources(id),
    label TEXT COLLATE "C" NOT NULL,  -- the marker as the claim's text has it: "1" for "[1]"
    created_by BIGINT NOT NULL REFERENCES participants(id),
    created_at TEXT COLLATE "C" NOT NULL,
    UNIQUE (node_id, source_id, label)
);
CREATE INDEX citations_source ON citations (source_id);

-- Every table numbered as SQLite numbers it.
CREATE TRIGGER participants_next_id BEFORE INSERT ON participants FOR EACH ROW EXECUTE FUNCTION next_id();
CREATE TRIGGER sources_next_id BEFORE INSERT ON sources FOR EACH ROW EXECUTE FUNCTION next_id();
CREATE TRIGGER nodes_next_id BEFORE INSERT ON nodes FOR EACH ROW EXECUTE FUNCTION next_id();
CREATE TRIGGER links_next_id BEFORE INSERT ON links FOR EACH ROW EXECUTE FUNCTION next_id();
CREATE TRIGGER votes_next_id BEFORE INSERT ON votes FOR EACH ROW EXECUTE FUNCTION next_id();
CREATE TRIGGER teams_next_id BEFORE INSERT ON teams FOR EACH ROW EXECUTE FUNCTION next_id();
CREATE TRIGGER sessions_next_id BEFORE INSERT ON sessions FOR EACH ROW EXECUTE FUNCTION next_id();
CREATE TRIGGER events_next_id BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION next_id();
CREATE TRIGGER session_steps_next_id BEFORE INSERT ON session_steps FOR EACH ROW EXECUTE FUNCTION next_id();
CREATE TRIGGER polls_next_id BEFORE INSERT ON polls FOR EACH ROW EXECUTE FUNCTION next_id();
CREATE TRIGGER ballots_next_id BEFORE INSERT ON ballots FOR EACH ROW EXECUTE FUNCTION next_id();
CREATE TRIGGER citations_next_id BEFORE INSERT ON citations FOR EACH ROW EXECUTE FUNCTION next_id();
