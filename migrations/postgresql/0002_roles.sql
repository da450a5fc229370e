-- Who may do what in a store on a shared server, enforced by the server itself, so
-- that a student with psql cannot do more than with debate.
--
-- Four group roles per store (made by the first `debate db grant`, which needs
-- CREATEROLE): audience, judge, debater and moderator. Each holds the one before
-- it (judge and debater hold audience; moderator holds them all), and a login is
-- made a member of one of them:
--   - grants say which tables a role may write at all (debate_grant_privileges);
--   - row-level security says which rows: your own, as the participant your login
--     stands for (the `logins` table), unless you are trusted;
--   - a trigger refuses loudly, with a reason, the change or removal of someone
--     else's row, which row-level security would skip without a word.
-- Trusted are the store's owner (who owns its tables and could change them anyway)
-- and the moderators. Until the first grant, nobody but the owner can use the store.

-- Each login that may use the store, and the participant it acts as.
CREATE TABLE logins (
    login TEXT COLLATE "C" PRIMARY KEY,  -- a PostgreSQL role that logs in
    participant_id BIGINT NOT NULL REFERENCES participants(id),
    granted_by TEXT COLLATE "C" NOT NULL,
    granted_at TEXT COLLATE "C" NOT NULL
);

-- The functions below read this store's tables whatever the caller's search_path:
-- a table of the same name in another schema, or a temporary one (pg_temp, which
-- would otherwise come first), cannot stand in for `logins`.
DO $$
BEGIN
    EXECUTE format($f$
        CREATE FUNCTION debate_me() RETURNS BIGINT STABLE LANGUAGE sql
        SET search_path = %1$I, pg_catalog, pg_temp AS $b$
            SELECT COALESCE(p.merged_into, p.id) FROM logins l
            JOIN participants p ON p.id = l.participant_id
            WHERE l.login = current_user
        $b$;

        CREATE FUNCTION debate_group(which TEXT) RETURNS TEXT STABLE LANGUAGE sql
        SET search_path = %1$I, pg_catalog, pg_temp AS $b$
            SELECT value FROM store_info WHERE key = 'role ' || which
        $b$;

        CREATE FUNCTION debate_is(which TEXT) RETURNS BOOLEAN STABLE LANGUAGE sql
        SET search_path = %1$I, pg_catalog, pg_temp AS $b$
            SELECT COALESCE(pg_has_role(debate_group(which), 'MEMBER'), false)
        $b$;

        CREATE FUNCTION debate_trusted() RETURNS BOOLEAN STABLE LANGUAGE sql
        SET search_path = %1$I, pg_catalog, pg_temp AS $b$
            SELECT pg_has_role((SELECT relowner FROM pg_class
                                WHERE oid = '%1$I.store_info'::regclass), 'MEMBER')
                OR debate_is('moderator')
        $b$;

        -- May the current login write a row that belongs to participant `owner`?
        CREATE FUNCTION debate_may(owner BIGINT) RETURNS BOOLEAN STABLE LANGUAGE sql
        SET search_path = %1$I, pg_catalog, pg_temp AS $b$
            SELECT owner = debate_me() OR debate_trusted()
        $b$;

        -- Forgets the kept scores that a statement by someone who may not keep them
        -- can move: those of the nodes it touched and of all their ancestors (a
        -- score depends only on what is below it). TG_ARGV[0]: the column of the
        -- changed rows (transition table changed_rows) that names the node.
        CREATE FUNCTION debate_forget_scores() RETURNS trigger LANGUAGE plpgsql
        SET search_path = %1$I, pg_catalog, pg_temp AS $b$
        BEGIN
            IF debate_trusted() THEN
                RETURN NULL;  -- they keep scores themselves (or repair them)
            END IF;
            EXECUTE format($q$
                WITH RECURSIVE up(id) AS (
                    SELECT %%I FROM changed_rows
                    UNION
                    SELECT l.parent_id FROM links l JOIN up ON l.child_id = up.id
                )
                DELETE FROM scores WHERE node_id IN (SELECT id FROM up)
            $q$, TG_ARGV[0]);
            RETURN NULL;
        END
        $b$;

        -- Refuses the change or removal of a row that is not the login's own.
        -- TG_ARGV[0]: the row's owner, an expression over the old row's columns;
        -- TG_ARGV[1]: what the row is, for the message.
        CREATE FUNCTION debate_only_own() RETURNS trigger LANGUAGE plpgsql
        SET search_path = %1$I, pg_catalog, pg_temp AS $b$
        DECLARE
            owner BIGINT;
        BEGIN
            IF debate_trusted() THEN
                RETURN COALESCE(NEW, OLD);
            END IF;
            EXECUTE 'SELECT ' || TG_ARGV[0] || ' FROM (SELECT ($1).*) AS old_row'
                INTO owner USING OLD;
            IF owner IS DISTINCT FROM debate_me() THEN
                RAISE EXCEPTION 'only its author or a moderator may %% this %%',
                    CASE TG_OP WHEN 'DELETE' THEN 'remove' ELSE 'change' END, TG_ARGV[1]
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN COALESCE(NEW, OLD);
        END
        $b$;
    $f$, current_schema());
END
$$;

-- Rows that name their participant. Everyone reads everything.
DO $$
DECLARE
    t RECORD;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('nodes', 'created_by', 'claim or quote'),
        ('links', 'created_by', 'link'),
        ('sources', 'created_by', 'source'),
        ('citations', 'created_by', 'citation'),
        ('votes', 'participant_id', 'vote'),
        ('events', 'participant_id', 'event'),
        ('polls', 'participant_id', 'poll answer'),
        ('ballots', 'judge_id', 'ballot'),
        -- rows that belong to another row's participant
        ('quotes', '(SELECT created_by FROM nodes WHERE id = node_id)', 'quote'),
        ('quotes_fts', '(SELECT created_by FROM nodes WHERE id = rowid)', 'quote'),
        ('passages', '(SELECT created_by FROM sources WHERE id = source_id)', 'source'),
        ('source_index', '(SELECT created_by FROM sources WHERE id = source_id)', 'source'),
        ('passages_fts', '(SELECT s.created_by FROM passages p JOIN sources s '
                         'ON s.id = p.source_id WHERE p.id = rowid)', 'source'),
        ('ballot_points', '(SELECT judge_id FROM ballots WHERE id = ballot_id)', 'ballot')
    ) AS v (name, owner, what)
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.name);
        EXECUTE format('CREATE POLICY everyone_reads ON %I FOR SELECT USING (true)', t.name);
        EXECUTE format('CREATE POLICY adds_own ON %I FOR INSERT WITH CHECK (debate_may(%s))',
                       t.name, t.owner);
        -- Which old rows may change is the trigger's to say, with a reason.
        EXECUTE format('CREATE POLICY keeps_own ON %I FOR UPDATE USING (true) '
                       'WITH CHECK (debate_may(%s))', t.name, t.owner);
        EXECUTE format('CREATE POLICY removes ON %I FOR DELETE USING (true)', t.name);
        EXECUTE format('CREATE TRIGGER only_own BEFORE UPDATE OR DELETE ON %I FOR EACH ROW '
                       'EXECUTE FUNCTION debate_only_own(%L, %L)', t.name, t.owner, t.what);
    END LOOP;
END
$$;

-- A poll answer with a count is the room's, counted by hand: a moderator's.
CREATE POLICY one_answer_each ON polls AS RESTRICTIVE FOR INSERT
    WITH CHECK (debate_trusted() OR (count = 1 AND cast_by = debate_me()));

-- What each role may write at all. Run when the roles are made and again after
-- every migration, so that tables a later migration adds are covered; a later
-- migration that adds a table adds it here (CREATE OR REPLACE).
CREATE FUNCTION debate_grant_privileges() RETURNS void LANGUAGE plpgsql AS $$
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
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON ballot_points TO %I', judge);
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON nodes, links, sources, citations, quotes, '
                   'quotes_fts, passages, passages_fts, source_index TO %I', debater);
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I',
                   current_schema(), moderator);
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON store_info, %I FROM %I',
                   '_debate_migrations', moderator);
END
$$;

-- Makes the four group roles of this store and grants them their privileges; the
-- caller needs CREATEROLE. Names are readable where they fit in 63 bytes.
CREATE FUNCTION debate_create_roles() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    base TEXT := current_database() || '.' || current_schema();
    which TEXT;
    name TEXT;
BEGIN
    IF length(base) > 50 THEN
        base := 'debate_' || left(md5(base), 12);
    END IF;
    FOREACH which IN ARRAY ARRAY['audience', 'judge', 'debater', 'moderator'] LOOP
        name := base || ':' || which;
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', name);
        END IF;
        EXECUTE format('COMMENT ON ROLE %I IS %L', name,
                       'debate store ' || current_database() || '.' || current_schema()
                       || ': ' || which);
        INSERT INTO store_info (key, value) VALUES ('role ' || which, name)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value;
    END LOOP;
    EXECUTE format('GRANT %I TO %I', debate_group('audience'), debate_group('judge'));
    EXECUTE format('GRANT %I TO %I', debate_group('audience'), debate_group('debater'));
    EXECUTE format('GRANT %I, %I TO %I', debate_group('judge'), debate_group('debater'),
                   debate_group('moderator'));
    PERFORM debate_watch_scores();
    PERFORM debate_grant_privileges();
END
$$;

-- However a member writes, with debate or with psql, the kept scores it moves are
-- forgotten, so that no reader is shown a stale weight. Made with the roles, so
-- that a store without them (a new one, a bulk copy) pays nothing for it.
CREATE FUNCTION debate_watch_scores() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t RECORD;
    event TEXT;
BEGIN
    FOR t IN SELECT * FROM (VALUES ('votes', 'node_id'), ('links', 'parent_id'),
                                   ('nodes', 'id')) AS v (name, node) LOOP
        FOREACH event IN ARRAY ARRAY['insert new', 'update new', 'update old', 'delete old']
        LOOP
            EXECUTE format(
                'DROP TRIGGER IF EXISTS %1$I ON %2$I; '
                'CREATE TRIGGER %1$I AFTER %3$s ON %2$I REFERENCING %4$s TABLE AS changed_rows '
                'FOR EACH STATEMENT EXECUTE FUNCTION debate_forget_scores(%5$L)',
                'forget_scores_' || replace(event, ' ', '_'), t.name,
                split_part(event, ' ', 1), split_part(event, ' ', 2), t.node);
        END LOOP;
    END LOOP;
END
$$;

-- Gives `login` one role in this store (making the roles on first use), in place of
-- any it had. A moderator gets the admin option on every role, to grant them in turn.
-- Runs with the caller's rights: the server checks that the caller may do this.
CREATE FUNCTION debate_grant(login TEXT, which TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    each_role TEXT;
BEGIN
    IF debate_group('moderator') IS NULL THEN
        PERFORM debate_create_roles();
    END IF;
    PERFORM debate_revoke(login);
    IF which = 'moderator' THEN
        FOREACH each_role IN ARRAY ARRAY['audience', 'judge', 'debater', 'moderator'] LOOP
            EXECUTE format('GRANT %I TO %I WITH ADMIN OPTION', debate_group(each_role), login);
        END LOOP;
    ELSE
        EXECUTE format('GRANT %I TO %I', debate_group(which), login);
    END IF;
END
$$;

-- Takes away every role `login` holds in this store.
CREATE FUNCTION debate_revoke(login TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    each_role TEXT;
BEGIN
    FOREACH each_role IN ARRAY ARRAY['audience', 'judge', 'debater', 'moderator'] LOOP
        IF EXISTS (SELECT 1 FROM pg_auth_members m
                   JOIN pg_roles g ON g.oid = m.roleid AND g.rolname = debate_group(each_role)
                   JOIN pg_roles r ON r.oid = m.member AND r.rolname = login) THEN
            EXECUTE format('REVOKE %I FROM %I', debate_group(each_role), login);
        END IF;
    END LOOP;
END
$$;

-- The role a login was granted directly (the highest, where several).
CREATE FUNCTION debate_role_of(login TEXT) RETURNS TEXT STABLE LANGUAGE sql AS $$
    SELECT which FROM unnest(ARRAY['moderator', 'debater', 'judge', 'audience'])
        WITH ORDINALITY AS r (which, rank)
    WHERE EXISTS (SELECT 1 FROM pg_auth_members m
                  JOIN pg_roles g ON g.oid = m.roleid AND g.rolname = debate_group(r.which)
                  JOIN pg_roles l ON l.oid = m.member AND l.rolname = login)
    ORDER BY rank LIMIT 1
$$;
