-- The room's server acts for a device with no more rights than the device's
-- participant has: inside a device's write it lowers itself to a group role
-- (SET LOCAL ROLE: the audience's, or the judges') and names the participant
-- (SET LOCAL debate.acting_for). The grants and row-level security of that role
-- then hold, and the checks of 0003 treat the write as a member's: journalled,
-- and held to what the participant did. Only a trusted login (the owner, a
-- moderator) can act for anyone; a member who sets debate.acting_for only gives
-- up the trust it never had.

DO $$
BEGIN
    EXECUTE format($f$
        -- Whether this transaction acts for a device (so: trusts nobody).
        CREATE FUNCTION debate_acting_for() RETURNS BIGINT STABLE LANGUAGE sql
        SET search_path = %1$I, pg_catalog, pg_temp AS $b$
            SELECT NULLIF(current_setting('debate.acting_for', true), '')::bigint
        $b$;

        CREATE OR REPLACE FUNCTION debate_login_trusted() RETURNS BOOLEAN STABLE LANGUAGE sql
        SET search_path = %1$I, pg_catalog, pg_temp AS $b$
            SELECT (pg_has_role(session_user, (SELECT relowner FROM pg_class
                                WHERE oid = '%1$I.store_info'::regclass), 'MEMBER')
                    OR COALESCE(pg_has_role(session_user, debate_group('moderator'), 'MEMBER'),
                                false))
                AND debate_acting_for() IS NULL
        $b$;

        -- The participant the current login stands for; inside a trusted login's
        -- write for a device, that device's participant.
        CREATE OR REPLACE FUNCTION debate_me() RETURNS BIGINT STABLE LANGUAGE sql
        SET search_path = %1$I, pg_catalog, pg_temp AS $b$
            SELECT COALESCE(
                (SELECT COALESCE(p.merged_into, p.id) FROM logins l
                 JOIN participants p ON p.id = l.participant_id WHERE l.login = current_user),
                (SELECT COALESCE(p.merged_into, p.id) FROM participants p
                 WHERE p.id = debate_acting_for()
                   AND (pg_has_role(session_user, (SELECT relowner FROM pg_class
                                    WHERE oid = '%1$I.store_info'::regclass), 'MEMBER')
                        OR COALESCE(pg_has_role(session_user, debate_group('moderator'),
                                                'MEMBER'), false))))
        $b$;
    $f$, current_schema());
END
$$;
