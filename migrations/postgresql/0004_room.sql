-- The room (`debate serve`), as the SQLite migration 0010 makes it: the private
-- links of a session's chair and judges, the devices that hold the names of its
-- people, the key that signs the devices' cookies, and when the result was shown.
--
-- Links and the key are secrets: only moderators (and the owner, who runs the
-- server) may read them; a member's login reads neither (debate_grant_privileges,
-- which the store runs after every migration).

CREATE TABLE room_links (
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    participant_id BIGINT NOT NULL REFERENCES participants(id),
    role TEXT COLLATE "C" NOT NULL CHECK (role IN ('chair', 'judge')),
    token TEXT COLLATE "C" NOT NULL UNIQUE,
    made_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (session_id, participant_id, role)
);

CREATE TABLE room_seats (
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    participant_id BIGINT NOT NULL REFERENCES participants(id),
    device TEXT COLLATE "C" NOT NULL,
    taken_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (session_id, participant_id)
);
CREATE UNIQUE INDEX room_seats_device ON room_seats(session_id, device);

CREATE TABLE room_keys (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    secret TEXT COLLATE "C" NOT NULL
);

ALTER TABLE sessions ADD COLUMN revealed_at TEXT COLLATE "C";

-- Every write to a table the room shows tells the servers listening, once per
-- statement (the payload says nothing: a server reads what it shows again).
CREATE FUNCTION debate_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('debate_changes', '');
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['nodes', 'links', 'votes', 'quotes', 'sessions', 'session_people',
                             'session_steps', 'polls', 'ballots', 'ballot_points', 'events',
                             'participants', 'room_seats', 'room_links']
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION debate_notify_change()',
                       t || '_notify', t);
    END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION debate_grant_privileges() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    audience TEXT := debate_group('audience');
    judge TEXT := debate_group('judge');
    debater TEXT := debate_group('debater');
    moderator TEXT := debate_group('moderator');
BEGIN
    IF moderator IS NULL THEN
        RETURN;  -- no roles made yet: only the owner uses the store
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), audience);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', current_schema(), audience);
    EXECUTE format('REVOKE SELECT ON room_links, room_keys FROM %I', audience);
    EXECUTE format('GRANT DELETE ON scores TO %I', audience);
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON votes TO %I', audience);
    EXECUTE format('GRANT INSERT ON events TO %I', audience);
    EXECUTE format('GRANT INSERT, UPDATE ON polls TO %I', audience);
    EXECUTE format('GRANT INSERT, UPDATE ON ballots TO %I', judge);
    EXECUTE format('REVOKE UPDATE, DELETE ON ballot_points FROM %I', judge);
    EXECUTE format('GRANT INSERT ON ballot_points TO %I', judge);
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON nodes, links, sources, citations, quotes, '
                   'quotes_fts, passages, passages_fts, source_index TO %I', debater);
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I',
                   current_schema(), moderator);
    EXECUTE format('GRANT SELECT ON room_links, room_keys TO %I', moderator);
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON store_info, %I, row_journal FROM %I',
                   '_debate_migrations', moderator);
    PERFORM debate_watch_records();
END
$$;
