-- Records that a member could otherwise forge with psql, checked by the server:
--   - the event log: an event a member writes must record a change that member made
--     in the same transaction, and agree with it (the row journal below);
--   - verified quotes: a quote stored as verified must be the source's own words at
--     its anchor, which the server reads for itself;
--   - polls: answered while open, by the audience, one current answer per person,
--     counted once, changed only by being replaced; ballots likewise, their points
--     written with the ballot;
--   - links: no cycle, whoever writes them.
-- The trusted (the owner, moderators) are not checked: they could change the rules.

-- What untrusted logins changed, per transaction, for the event log's check. Written
-- only by the trigger below (members have no right to write it); rows of finished
-- transactions are cleared by the next transaction that writes one.
CREATE TABLE row_journal (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    xact BIGINT NOT NULL,  -- txid_current(): the top-level transaction, savepoints or not
    what TEXT COLLATE "C" NOT NULL,  -- the table
    op TEXT COLLATE "C" NOT NULL,  -- INSERT, UPDATE or DELETE
    node_id BIGINT,
    source_id BIGINT,
    ballot_id BIGINT,
    old_text TEXT COLLATE "C"  -- a node's text before an update
);
CREATE INDEX row_journal_xact ON row_journal (xact);

-- Is the login (session_user: these run as the store's owner) trusted?
DO $$
BEGIN
    EXECUTE format($f$
        CREATE FUNCTION debate_login_trusted() RETURNS BOOLEAN STABLE LANGUAGE sql
        SET search_path = %1$I, pg_catalog, pg_temp AS $b$
            SELECT pg_has_role(session_user, (SELECT relowner FROM pg_class
                               WHERE oid = '%1$I.store_info'::regclass), 'MEMBER')
                OR COALESCE(pg_has_role(session_user, debate_group('moderator'), 'MEMBER'),
                            false)
        $b$;

        -- Journals a row an untrusted login changed. TG_ARGV: the columns of the row
        -- that name its node, its source and its ballot ('' where it has none).
        CREATE FUNCTION debate_journal() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = %1$I, pg_catalog, pg_temp AS $b$
        DECLARE
            changed JSONB := to_jsonb(COALESCE(NEW, OLD));
        BEGIN
            IF debate_login_trusted() THEN
                RETURN NULL;
            END IF;
            IF NOT EXISTS (SELECT 1 FROM row_journal WHERE xact = txid_current()) THEN
                DELETE FROM row_journal WHERE seq IN (
                    SELECT seq FROM row_journal
                    WHERE xact < txid_snapshot_xmin(txid_current_snapshot())
                    FOR UPDATE SKIP LOCKED);
            END IF;
            INSERT INTO row_journal (xact, what, op, node_id, source_id, ballot_id, old_text)
            VALUES (txid_current(), TG_TABLE_NAME, TG_OP,
                    (changed ->> NULLIF(TG_ARGV[0], ''))::bigint,
                    (changed ->> NULLIF(TG_ARGV[1], ''))::bigint,
                    (changed ->> NULLIF(TG_ARGV[2], ''))::bigint,
                    CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) ->> 'text' END);
            RETURN NULL;
        END
        $b$;

        -- An event by an untrusted login records a change of theirs in this
        -- transaction and agrees with the row it names; the server says which speech.
        CREATE FUNCTION debate_check_event() RETURNS trigger LANGUAGE plpgsql
        SET search_path = %1$I, pg_catalog, pg_temp AS $b$
        DECLARE
            data JSONB;
            this_xact BIGINT := txid_current();
            mine BIGINT := debate_me();
        BEGIN
            IF debate_trusted() THEN
                RETURN NEW;
            END IF;
            data := NEW.data::jsonb;
            IF (NEW.node_id IS NULL AND NEW.source_id IS NULL)
               OR (NEW.node_id IS NOT NULL AND NOT EXISTS (
                   SELECT 1 FROM row_journal j WHERE j.xact = this_xact AND j.node_id = NEW.node_id))
               OR (NEW.source_id IS NOT NULL AND NOT EXISTS (
                   SELECT 1 FROM row_journal j
                   WHERE j.xact = this_xact AND j.source_id = NEW.source_id))
               OR (NEW.action IN ('claim added', 'quote added') AND NOT EXISTS (
                   SELECT 1 FROM row_journal j WHERE j.xact = this_xact AND j.what = 'nodes'
                   AND j.op = 'INSERT' AND j.node_id = NEW.node_id))
            THEN
                RAISE EXCEPTION 'an event must record a change made by the same login '
                    'in the same transaction' USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF (NEW.action = 'claim added'
                AND data ->> 'text' IS DISTINCT FROM (SELECT text FROM nodes WHERE id = NEW.node_id))
               OR (NEW.action = 'claim edited' AND (
                   data ->> 'new' IS DISTINCT FROM (SELECT text FROM nodes WHERE id = NEW.node_id)
                   OR data ->> 'old' IS DISTINCT FROM (
                       SELECT j.old_text FROM row_journal j WHERE j.xact = this_xact
                       AND j.what = 'nodes' AND j.op = 'UPDATE' AND j.node_id = NEW.node_id
                       ORDER BY j.seq LIMIT 1)))
               OR (NEW.action IN ('vote cast', 'vote changed')
                   AND (data ->> 'value')::integer IS DISTINCT FROM (
                       SELECT value FROM votes WHERE node_id = NEW.node_id
                       AND participant_id = mine AND kind = data ->> 'kind'))
               OR (NEW.action = 'vote withdrawn' AND EXISTS (
                   SELECT 1 FROM votes WHERE node_id = NEW.node_id
                   AND participant_id = mine AND kind = data ->> 'kind'))
            THEN
                RAISE EXCEPTION 'an event must agree with the row it records'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            -- What is done on the tree while a speech is under way was said in it.
            NEW.session_id := NULL;
            NEW.speech := NULL;
            IF NEW.node_id IS NOT NULL THEN
                SELECT s.id, s.current INTO NEW.session_id, NEW.speech
                FROM sessions s
                WHERE s.current IS NOT NULL AND s.thesis_id IN (
                    WITH RECURSIVE up(id) AS (
                        SELECT NEW.node_id
                        UNION SELECT l.parent_id FROM links l JOIN up ON l.child_id = up.id
                    ) SELECT id FROM up)
                ORDER BY s.id DESC LIMIT 1;
            END IF;
            RETURN NEW;
        END
        $b$;

        -- A quote's words without what its anchoring may add or leave out: white
        -- space, and the marks of an elision.
        CREATE FUNCTION debate_bare_words(words TEXT) RETURNS TEXT IMMUTABLE LANGUAGE sql
        SET search_path = %1$I, pg_catalog, pg_temp AS $b$
            SELECT regexp_replace(replace(words, '[…]', ''),
                                  '[[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u0085]+',
                                  '', 'g')
        $b$;

        -- The source's own words over a quote's spans, with its running headers and
        -- footers (`skip`) cut out, as the anchoring reads them.
        CREATE FUNCTION debate_span_words(source TEXT, spans JSONB, skip JSONB)
        RETURNS TEXT IMMUTABLE LANGUAGE plpgsql
        SET search_path = %1$I, pg_catalog, pg_temp AS $b$
        DECLARE
            span JSONB;
            cut JSONB;
            a INTEGER;
            b INTEGER;
            at_char INTEGER;
            words TEXT := '';
        BEGIN
            FOR span IN SELECT * FROM jsonb_array_elements(spans) LOOP
                a := (span ->> 0)::integer;
                b := (span ->> 1)::integer;
                IF a < 0 OR b < a OR b > length(source) THEN
                    RETURN NULL;
                END IF;
                at_char := a;
                FOR cut IN SELECT * FROM jsonb_array_elements(COALESCE(skip, '[]'))
                           ORDER BY (value ->> 0)::integer LOOP
                    IF (cut ->> 1)::integer <= a OR (cut ->> 0)::integer >= b THEN
                        CONTINUE;
                    END IF;
                    IF (cut ->> 0)::integer > at_char THEN
                        words := words || substr(source, at_char + 1,
                                                 (cut ->> 0)::integer - at_char);
                    END IF;
                    at_char := greatest(at_char, (cut ->> 1)::integer);
                END LOOP;
                IF b > at_char THEN
                    words := words || substr(source, at_char + 1, b - at_char);
                END IF;
            END LOOP;
            RETURN debate_bare_words(words);
        END
        $b$;

        -- At commit: every quote an untrusted login wrote, or whose words or source
        -- they changed, has an anchor, and if it says it was found (verified,
        -- with differences, or confirmed) its words are the source's at that anchor.
        CREATE FUNCTION debate_check_quotes() RETURNS trigger LANGUAGE plpgsql
        SET search_path = %1$I, pg_catalog, pg_temp AS $b$
        DECLARE
            q RECORD;
        BEGIN
            IF debate_trusted() THEN
                RETURN NULL;
            END IF;
            FOR q IN
                SELECT n.id, n.text AS words, qu.node_id AS anchored, qu.status,
                       qu.text_sha256 AS anchored_on, s.text AS source, s.text_sha256,
                       COALESCE(qu.segments::jsonb,
                                jsonb_build_array(jsonb_build_array(qu.start_offset,
                                                                    qu.end_offset))) AS spans,
                       (SELECT si.skip::jsonb FROM source_index si
                        WHERE si.source_id = s.id AND si.text_sha256 = s.text_sha256) AS skip
                FROM nodes n
                LEFT JOIN quotes qu ON qu.node_id = n.id
                LEFT JOIN sources s ON s.id = qu.source_id
                WHERE n.kind = 'quote' AND CASE TG_TABLE_NAME
                    WHEN 'sources' THEN qu.source_id = (to_jsonb(NEW) ->> 'id')::bigint
                    WHEN 'quotes' THEN n.id = (to_jsonb(NEW) ->> 'node_id')::bigint
                    ELSE n.id = (to_jsonb(NEW) ->> 'id')::bigint END
            LOOP
                IF q.anchored IS NULL THEN
                    RAISE EXCEPTION 'quote #%% has no anchor in a source', q.id
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
                IF q.status IN ('verified', 'verified-with-differences', 'confirmed') AND (
                    q.anchored_on IS DISTINCT FROM q.text_sha256
                    OR q.text_sha256 IS DISTINCT FROM encode(sha256(convert_to(q.source, 'UTF8')), 'hex')
                    OR debate_span_words(q.source, q.spans, q.skip)
                       IS DISTINCT FROM debate_bare_words(q.words))
                THEN
                    RAISE EXCEPTION 'quote #%% is stored as %% but its words are not the '
                        'source''s at its anchor; only the server''s own check may say so '
                        '(debate quote, debate check)', q.id, q.status
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
            END LOOP;
            RETURN NULL;
        END
        $b$;

        -- Poll answers and ballots are replaced, never changed: a member's update may
        -- only retire their current one.
        CREATE FUNCTION debate_only_retire() RETURNS trigger LANGUAGE plpgsql
        SET search_path = %1$I, pg_catalog, pg_temp AS $b$
        BEGIN
            IF debate_trusted() THEN
                RETURN NEW;
            END IF;
            IF NEW.is_current <> 0
               OR to_jsonb(NEW) - 'is_current' IS DISTINCT FROM to_jsonb(OLD) - 'is_current' THEN
                RAISE EXCEPTION '%% may only be replaced, by casting again', TG_ARGV[0]
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END
        $b$;

        -- A member answers a poll while it is open, and only if they are in the
        -- audience: as `debate poll` allows.
        CREATE FUNCTION debate_poll_open() RETURNS trigger LANGUAGE plpgsql
        SET search_path = %1$I, pg_catalog, pg_temp AS $b$
        DECLARE
            s RECORD;
        BEGIN
            IF debate_trusted() THEN
                RETURN NEW;
            END IF;
            SELECT state, current, jsonb_array_length(format::jsonb -> 'speeches') AS speeches
                INTO s FROM sessions WHERE id = NEW.session_id;
            IF NEW.phase = 'pre' AND EXISTS (
                SELECT 1 FROM session_steps
                WHERE session_id = NEW.session_id AND step IN ('next', 'end'))
            THEN
                RAISE EXCEPTION 'the first speech is over: the poll before the debate is closed'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF NEW.phase = 'post' AND s.state <> 'ended'
               AND s.current IS DISTINCT FROM s.speeches - 1 THEN
                RAISE EXCEPTION 'the poll after the debate opens with the last speech'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF EXISTS (SELECT 1 FROM session_people WHERE session_id = NEW.session_id
                       AND participant_id = NEW.participant_id AND role = 'speaker') THEN
                RAISE EXCEPTION 'a speaker in this session does not answer its polls; the '
                    'audience does' USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF EXISTS (SELECT 1 FROM session_people WHERE session_id = NEW.session_id
                       AND role = 'audience')
               AND NOT EXISTS (SELECT 1 FROM session_people WHERE session_id = NEW.session_id
                               AND participant_id = NEW.participant_id AND role = 'audience')
            THEN
                RAISE EXCEPTION 'only the session''s audience answers its polls'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END
        $b$;

        -- A ballot's points are written with it, in the transaction that casts it.
        CREATE FUNCTION debate_points_with_ballot() RETURNS trigger LANGUAGE plpgsql
        SET search_path = %1$I, pg_catalog, pg_temp AS $b$
        BEGIN
            IF debate_trusted() THEN
                RETURN NEW;
            END IF;
            IF NOT EXISTS (SELECT 1 FROM row_journal WHERE xact = txid_current()
                           AND what = 'ballots' AND op = 'INSERT'
                           AND ballot_id = NEW.ballot_id) THEN
                RAISE EXCEPTION 'a ballot''s points are given when the ballot is cast'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END
        $b$;

        -- No claim may come to stand below itself. (debate's own writes check it
        -- as they link; the trusted are not checked again.)
        CREATE FUNCTION debate_no_cycle() RETURNS trigger LANGUAGE plpgsql
        SET search_path = %1$I, pg_catalog, pg_temp AS $b$
        BEGIN
            IF debate_trusted() THEN
                RETURN NULL;
            END IF;
            IF EXISTS (
                WITH RECURSIVE up(id) AS (
                    SELECT NEW.parent_id
                    UNION SELECT l.parent_id FROM links l JOIN up ON l.child_id = up.id
                ) SELECT 1 FROM up WHERE id = NEW.child_id)
            THEN
                RAISE EXCEPTION 'a claim may not stand below itself (#%% under #%%)',
                    NEW.child_id, NEW.parent_id USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NULL;
        END
        $b$;
    $f$, current_schema());
END
$$;

-- The checks above, on the tables they watch. Made with the roles (by
-- debate_grant_privileges below, which runs when they are made and after every
-- migration), so that a store without them, which only its owner uses, pays
-- nothing for them.
CREATE FUNCTION debate_watch_records() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DROP TRIGGER IF EXISTS journal ON nodes;
    CREATE TRIGGER journal AFTER INSERT OR UPDATE OR DELETE ON nodes
        FOR EACH ROW EXECUTE FUNCTION debate_journal('id', '', '');
    DROP TRIGGER IF EXISTS journal ON links;
    CREATE TRIGGER journal AFTER INSERT OR UPDATE OR DELETE ON links
        FOR EACH ROW EXECUTE FUNCTION debate_journal('child_id', '', '');
    DROP TRIGGER IF EXISTS journal ON votes;
    CREATE TRIGGER journal AFTER INSERT OR UPDATE OR DELETE ON votes
        FOR EACH ROW EXECUTE FUNCTION debate_journal('node_id', '', '');
    DROP TRIGGER IF EXISTS journal ON quotes;
    CREATE TRIGGER journal AFTER INSERT OR UPDATE OR DELETE ON quotes
        FOR EACH ROW EXECUTE FUNCTION debate_journal('node_id', 'source_id', '');
    DROP TRIGGER IF EXISTS journal ON citations;
    CREATE TRIGGER journal AFTER INSERT OR UPDATE OR DELETE ON citations
        FOR EACH ROW EXECUTE FUNCTION debate_journal('node_id', 'source_id', '');
    DROP TRIGGER IF EXISTS journal ON sources;
    CREATE TRIGGER journal AFTER INSERT OR UPDATE OR DELETE ON sources
        FOR EACH ROW EXECUTE FUNCTION debate_journal('', 'id', '');
    DROP TRIGGER IF EXISTS journal ON ballots;
    CREATE TRIGGER journal AFTER INSERT ON ballots
        FOR EACH ROW EXECUTE FUNCTION debate_journal('', '', 'id');
    DROP TRIGGER IF EXISTS agrees ON events;
    CREATE TRIGGER agrees BEFORE INSERT ON events
        FOR EACH ROW EXECUTE FUNCTION debate_check_event();
    DROP TRIGGER IF EXISTS words_are_the_sources ON quotes;
    CREATE CONSTRAINT TRIGGER words_are_the_sources AFTER INSERT OR UPDATE ON quotes
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION debate_check_quotes();
    DROP TRIGGER IF EXISTS words_are_the_sources ON nodes;
    CREATE CONSTRAINT TRIGGER words_are_the_sources AFTER INSERT OR UPDATE OF text, kind ON nodes
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION debate_check_quotes();
    DROP TRIGGER IF EXISTS words_are_the_sources ON sources;
    CREATE CONSTRAINT TRIGGER words_are_the_sources AFTER UPDATE OF text, text_sha256 ON sources
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION debate_check_quotes();
    DROP TRIGGER IF EXISTS only_retire ON polls;
    CREATE TRIGGER only_retire BEFORE UPDATE ON polls
        FOR EACH ROW EXECUTE FUNCTION debate_only_retire('a poll answer');
    DROP TRIGGER IF EXISTS only_retire ON ballots;
    CREATE TRIGGER only_retire BEFORE UPDATE ON ballots
        FOR EACH ROW EXECUTE FUNCTION debate_only_retire('a ballot');
    DROP TRIGGER IF EXISTS while_open ON polls;
    CREATE TRIGGER while_open BEFORE INSERT ON polls
        FOR EACH ROW EXECUTE FUNCTION debate_poll_open();
    DROP TRIGGER IF EXISTS with_ballot ON ballot_points;
    CREATE TRIGGER with_ballot BEFORE INSERT ON ballot_points
        FOR EACH ROW EXECUTE FUNCTION debate_points_with_ballot();
    DROP TRIGGER IF EXISTS no_cycle ON links;
    CREATE TRIGGER no_cycle AFTER INSERT OR UPDATE OF parent_id, child_id ON links
        FOR EACH ROW EXECUTE FUNCTION debate_no_cycle();
END
$$;

-- A member's answer goes in as their current one: no retired answers stuffed in.
ALTER POLICY one_answer_each ON polls
    WITH CHECK (debate_trusted() OR (count = 1 AND cast_by = debate_me() AND is_current = 1));

-- One current answer per person and phase (the room's counts, with no participant,
-- are a moderator's). Answers stuffed in before this rule are retired, the latest kept.
UPDATE polls SET is_current = 0
WHERE is_current = 1 AND participant_id IS NOT NULL AND id NOT IN (
    SELECT max(id) FROM polls WHERE is_current = 1 AND participant_id IS NOT NULL
    GROUP BY session_id, phase, participant_id);
CREATE UNIQUE INDEX polls_one_current ON polls (session_id, phase, participant_id)
    WHERE is_current = 1 AND participant_id IS NOT NULL;

-- What each role may write at all (as in 0002_roles, now without changing or removing
-- a ballot's points, which are only ever written with their ballot), and the checks
-- on what they write.
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
    -- Kept scores are derived: anyone's write may only forget them (a reader then
    -- scores again what is missing); only the trusted keep new ones.
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
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON store_info, %I, row_journal FROM %I',
                   '_debate_migrations', moderator);
    PERFORM debate_watch_records();
END
$$;
