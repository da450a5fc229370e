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

-- The grants 0003 gives, then the room's: its links and key are for moderators.
ALTER FUNCTION debate_grant_privileges() RENAME TO debate_grant_tables;

CREATE FUNCTION debate_grant_privileges() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM debate_grant_tables();
    IF debate_group('moderator') IS NULL THEN
        RETURN;  -- no roles made yet: only the owner uses the store
    END IF;
    EXECUTE format('REVOKE SELECT ON room_links, room_keys FROM %I', debate_group('audience'));
    EXECUTE format('GRANT SELECT ON room_links, room_keys TO %I', debate_group('moderator'));
END
$$;
