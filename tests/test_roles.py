"""Roles on a PostgreSQL server: the server itself enforces who may do what, through
the CLI and through raw SQL alike. Engine-specific by nature: a SQLite file is one
trust domain, where --as says who acts (the last test shows it refuses roles)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debate.store import Store
from tests.conftest import TEST_PG, Runner, pg_schema_url
from tests.test_kept_scores import OPERATIONS, apply, assert_kept_equal_recomputed

PASSWORD = "role-test-pw"
server = pytest.mark.postgresql  # skipped, with the suite's one line, without a server
GIVEN = {
    "alice": "debater",
    "bob": "debater",
    "carol": "audience",
    "judy": "judge",
    "mod": "moderator",
}
PEOPLE = tuple(GIVEN)


class Seminar:
    """A store on the server, made by its owner (the test server's administrator),
    with five logins: alice and bob debaters, carol audience, judy judge, mod
    moderator. Alice made claim #2, a pro of thesis #1, and voted on it."""

    def __init__(self, run: Runner, schema: str):
        self.run = run
        self.schema = schema
        self.owner = pg_schema_url(TEST_PG, schema)
        self.logins = {name: f"{schema}_{name}" for name in PEOPLE}

    def url(self, name: str) -> str:
        """The store's URL as that person logs in."""
        parts = urlsplit(self.owner)
        host = parts.netloc.rsplit("@", 1)[-1]
        return urlunsplit(parts._replace(netloc=f"{self.logins[name]}:{PASSWORD}@{host}"))

    def __call__(self, name: str, *args: str, code: int = 0) -> Any:
        return self.run(*args, "--db", self.url(name), code=code)

    def json(self, name: str, *args: str) -> Any:
        return self.run.json(*args, "--db", self.url(name))

    def login(self, name: str) -> Any:
        """A raw psycopg connection as that person, on the store's schema."""
        import psycopg

        return psycopg.connect(self.url(name), autocommit=True)


@pytest.fixture
def seminar(
    environment: Path, pg_server: Any, pg_schema: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Seminar]:
    monkeypatch.setenv("DEBATE_DB", pg_schema_url(TEST_PG, pg_schema))  # the owner's
    s = Seminar(Runner(environment, "postgresql"), pg_schema)
    for login in s.logins.values():
        pg_server.execute(f"CREATE ROLE \"{login}\" LOGIN PASSWORD '{PASSWORD}'")
    try:
        s.run("claim", "add", "The partnership is thick", "--as", "owner")
        for name, role in GIVEN.items():
            s.run("db", "grant", s.logins[name], "--role", role, "--participant", name)
        s("alice", "claim", "add", "They share norms", "--pro", "1")
        s("alice", "vote", "2", "--accept", "1", "--impact", "3")
        yield s
    finally:
        s.run.close()
        groups = [
            r[0]
            for r in pg_server.execute(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", [f"%.{pg_schema}:%"]
            )
        ]
        pg_server.execute(f"DROP SCHEMA {pg_schema} CASCADE; CREATE SCHEMA {pg_schema}")
        for role in [*s.logins.values(), *groups]:
            pg_server.execute(f'DROP OWNED BY "{role}"; DROP ROLE "{role}"')


def refused(s: Seminar, who: str, role: str, reason: str) -> str:
    return f"Error: login {s.logins[who]} ({role}) may not do that: {reason}\n"


@server
def test_a_debater_cannot_change_or_archive_anothers_claim(seminar: Seminar) -> None:
    s = seminar
    before = s.run.dump()
    result = s("bob", "claim", "edit", "2", "Bob was here", code=1)
    assert result.output == refused(
        s, "bob", "debater", "only its author or a moderator may change this claim or quote"
    )
    result = s("bob", "claim", "archive", "2", code=1)
    assert result.output == refused(
        s, "bob", "debater", "only its author or a moderator may change this claim or quote"
    )
    assert s.run.dump() == before
    s("alice", "claim", "edit", "2", "They share some norms")  # her own
    s("mod", "claim", "edit", "2", "They share norms, in part")  # a moderator: anyone's
    assert s.json("carol", "show", "2")["text"] == "They share norms, in part"


@server
def test_a_debater_cannot_vote_as_another(seminar: Seminar) -> None:
    s = seminar
    before = s.run.dump()
    result = s("bob", "vote", "2", "--accept", "-2", "--as", "alice", code=1)
    assert result.output == (
        f"Error: the login '{s.logins['bob']}' acts as participant 'bob' in this store; "
        "only a moderator may act as someone else (--as 'alice')\n"
    )
    assert s.run.dump() == before
    s("bob", "vote", "2", "--accept", "-2")  # as himself
    votes = {
        v["participant"]: v["value"]
        for v in s.json("bob", "votes", "2")["votes"]
        if v["kind"] == "accept"
    }
    assert votes == {"alice": 1, "bob": -2}


@server
def test_an_audience_member_cannot_add_a_claim(seminar: Seminar) -> None:
    s = seminar
    before = s.run.dump()
    result = s("carol", "claim", "add", "A claim", "--pro", "1", code=1)
    assert result.output == refused(
        s,
        "carol",
        "audience",
        "permission denied for table nodes (only a debater or a moderator may write in it)",
    )
    assert s.run.dump() == before
    s("carol", "vote", "2", "--accept", "2")  # what the audience may do


@server
def test_raw_sql_as_a_debater_gets_one_clear_error_and_changes_nothing(
    seminar: Seminar,
) -> None:
    import psycopg

    s = seminar
    before = s.run.dump()
    alice = "(SELECT id FROM participants WHERE name = 'alice')"
    attempts = {
        "UPDATE nodes SET text = 'x' WHERE id = 2": (
            "only its author or a moderator may change this claim or quote"
        ),
        f"UPDATE nodes SET created_by = {alice} WHERE id = 2": (
            "only its author or a moderator may change this claim or quote"
        ),
        "UPDATE votes SET value = -2": "only its author or a moderator may change this vote",
        "DELETE FROM votes": "only its author or a moderator may remove this vote",
        "DELETE FROM links": "only its author or a moderator may remove this link",
        "INSERT INTO votes (uuid, node_id, participant_id, kind, value, cast_at) "
        f"VALUES ('u', 1, {alice}, 'accept', 2, 't')": (
            'new row violates row-level security policy for table "votes"'
        ),
        "INSERT INTO nodes (uuid, kind, text, created_by, created_at) "
        f"VALUES ('u', 'claim', 'forged', {alice}, 't')": (
            'new row violates row-level security policy for table "nodes"'
        ),
        "INSERT INTO events (uuid, at, participant_id, action) "
        f"VALUES ('u', 't', {alice}, 'claim added')": (
            "an event must record a change made by the same login in the same transaction"
        ),
        "UPDATE scores SET dfquad = 1": "permission denied for table scores",
        "INSERT INTO scores VALUES (1, 1, 1, 1, 1, 1, 1)": "permission denied for table scores",
        "UPDATE participants SET name = 'x'": "permission denied for table participants",
        "INSERT INTO logins VALUES ('x', 1, 'x', 'x')": "permission denied for table logins",
        f'GRANT "{s.run.sql("SELECT debate_group(?)", ("moderator",))[0][0]}" '
        f'TO "{s.logins["bob"]}"': "must have admin option on role",
    }
    with s.login("bob") as bob:
        for statement, reason in attempts.items():
            with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
                bob.execute(statement)
            assert str(caught.value).splitlines()[0].startswith(reason), statement
        # A table of his own named `logins`, first in his search path, does not make
        # him alice: the rules read the store's own.
        bob.execute(
            f"CREATE TEMP TABLE logins AS SELECT '{s.logins['bob']}'::text AS login, "
            f"{alice}::bigint AS participant_id"
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bob.execute(
                "INSERT INTO votes (uuid, node_id, participant_id, kind, value, cast_at) "
                f"VALUES ('u', 1, {alice}, 'accept', 2, 't')"
            )
    assert s.run.dump() == before


@server
def test_raw_sql_as_audience_cannot_add_a_claim_nor_count_the_room(seminar: Seminar) -> None:
    import psycopg

    s = seminar
    s.run("session", "new", "1", "--format", "oxford", "--side", "for:alice,mod", "--side",
          "against:bob,carol", "--judge", "judy", "--as", "owner")  # fmt: skip
    before = s.run.dump()
    carol = "(SELECT id FROM participants WHERE name = 'carol')"
    with s.login("carol") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="table nodes"):
            conn.execute(
                "INSERT INTO nodes (uuid, kind, text, created_by, created_at) "
                f"VALUES ('u', 'claim', 'mine', {carol}, 't')"
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="a speaker in this"):
            conn.execute(
                "INSERT INTO polls (session_id, phase, participant_id, answer, count, "
                f"cast_by, cast_at) VALUES (1, 'pre', {carol}, 'for', 50, {carol}, 't')"
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="table ballots"):
            conn.execute(
                "INSERT INTO ballots (session_id, judge_id, winner, cast_at) "
                f"VALUES (1, {carol}, 'prop', 't')"
            )
    assert s.run.dump() == before


@server
def test_a_members_votes_move_the_weights_everyone_reads(seminar: Seminar) -> None:
    """A member may not keep scores (they could forge them): their write forgets the
    scores it moves, and every reader scores those again, alike."""
    s = seminar
    s("carol", "vote", "2", "--accept", "-2")
    s("bob", "claim", "add", "Only on paper", "--con", "2")
    s("carol", "vote", "3", "--accept", "2", "--impact", "4")
    assert s.run.sql("SELECT COUNT(*) FROM scores WHERE node_id IN (1, 2, 3)") == [(0,)]
    as_carol = s.json("carol", "tree")
    assert s.json("mod", "tree") == as_carol
    assert s.json("bob", "show", "2")["strength"] == as_carol[0]["children"][0]["strength"]
    # The trusted keep them all again; the weights do not move.
    s.run("db", "repair")
    assert s.run.sql("SELECT COUNT(*) FROM scores") == [(3,)]
    assert s.json("carol", "tree") == as_carol
    # Bob's own vote, behind the tool's back: the server forgets what it moves too.
    with s.login("bob") as bob:
        bob.execute(
            "INSERT INTO votes (uuid, node_id, participant_id, kind, value, cast_at) "
            "VALUES ('raw', 3, (SELECT id FROM participants WHERE name = 'bob'), 'impact', 0, 't')"
        )
    assert s.run.sql("SELECT node_id FROM scores ORDER BY node_id") == []
    after = s.json("carol", "tree")
    assert after != as_carol
    s.run("db", "repair")
    assert s.json("carol", "tree") == after
    # A copy keeps them all too, and gives the same tree.
    home = str(Path("home.db").resolve())
    s.run("db", "copy", s.url("carol"), home)
    assert s.run.json("tree", "--db", home) == after


@server
def test_a_moderator_grants_and_revokes(seminar: Seminar) -> None:
    s = seminar
    carol = s.logins["carol"]
    out = s.json("mod", "db", "grant", carol, "--role", "judge")
    assert {k: out[k] for k in ("login", "role", "participant", "granted_by", "previous_role")} == {
        "login": carol,
        "role": "judge",
        "participant": carol,
        "granted_by": s.logins["mod"],
        "previous_role": "audience",
    }
    logins = s.json("carol", "db", "logins")
    assert [(g["login"], g["role"]) for g in logins] == sorted(
        (s.logins[n], r) for n, r in {**GIVEN, "carol": "judge"}.items()
    )
    assert s.json("mod", "db", "revoke", carol) == {
        "login": carol,
        "role": None,
        "previous_role": "judge",
    }
    result = s("carol", "tree", code=1)
    assert result.output.startswith(f"Error: the login '{carol}' has no role in the store ")
    assert result.output.endswith(
        f"; a moderator gives it one: debate db grant {carol} --role audience\n"
    )
    assert PASSWORD not in result.output


@server
def test_only_a_moderator_grants_and_only_to_a_login_that_exists(seminar: Seminar) -> None:
    s = seminar
    before = s.run.dump()
    result = s("bob", "db", "grant", s.logins["carol"], "--role", "moderator", code=1)
    assert result.output == (
        f"Error: only a moderator may grant roles (the login {s.logins['bob']!r} is debater here)\n"
    )
    result = s("mod", "db", "grant", "nobody_here", "--role", "audience", code=1)
    assert result.output == (
        "Error: there is no PostgreSQL login 'nobody_here'; a database administrator "
        "makes one: CREATE ROLE \"nobody_here\" LOGIN PASSWORD '…'\n"
    )
    result = s("carol", "db", "revoke", s.logins["alice"], code=1)
    assert result.output.startswith("Error: only a moderator may revoke roles")
    assert s.run.dump() == before


def test_roles_are_refused_on_sqlite(environment: Path) -> None:
    run = Runner(environment)
    run("claim", "add", "A thesis")
    before = run.dump()
    refusal = (
        "Error: roles apply only on a PostgreSQL store: a SQLite file is one trust "
        "domain, where --as says who acts\n"
    )
    assert run("db", "grant", "ann", "--role", "audience", code=1).output == refusal
    assert run("db", "revoke", "ann", code=1).output == refusal
    assert run("db", "logins", code=1).output == refusal
    assert run.dump() == before


@server
def test_the_audience_polls_and_the_judge_casts_ballots_only_as_themselves(
    seminar: Seminar,
) -> None:
    s = seminar
    s("mod", "session", "new", "1", "--format", "ld", "--side", "aff:alice", "--side",
      "neg:bob", "--judge", "judy")  # fmt: skip
    result = s("alice", "session", "start", "1", code=1)
    assert result.output == refused(
        s,
        "alice",
        "debater",
        "permission denied for table session_steps (only a moderator may write in it)",
    )
    s("mod", "session", "start", "1")
    s("carol", "poll", "1", "pre", "--for")
    result = s("carol", "poll", "1", "pre", "--count", "for=10,against=3,undecided=2", code=1)
    assert result.output == refused(
        s,
        "carol",
        "audience",
        "only a moderator may record the room's counts or answer for another",
    )
    s("mod", "session", "end", "1")
    result = s("carol", "ballot", "1", "--winner", "neg", "--as", "judy", code=1)
    assert result.output.startswith(f"Error: the login '{s.logins['carol']}' acts as ")
    s("judy", "ballot", "1", "--winner", "aff")
    out = s.json("carol", "session", "result", "1")
    assert [(b["judge"], b["winner"]) for b in out["ballots"]] == [("judy", "aff")]


@server
def test_a_debater_adds_evidence_and_everyone_finds_it(seminar: Seminar, source_file: Path) -> None:
    s = seminar
    s("bob", "source", "add", str(source_file), "--key", "harbour")
    s("bob", "quote", "2", "--source", "harbour", "the new harbour would bring trade")
    hits = s.json("carol", "search", "harbours")
    assert {h["source"] for h in hits["passages"]} == {"harbour"}
    assert [q["id"] for q in hits["quotes"]] == [3]
    assert s.json("carol", "check")["verified"] == 1
    before = s.run.dump()
    result = s("alice", "quote", "edit", "3", "--note", "mine now", code=1)
    assert result.output == refused(
        s, "alice", "debater", "only its author or a moderator may change this quote"
    )
    assert s.run.dump() == before
    s("bob", "quote", "edit", "3", "--note", "the council's view")


@server
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(OPERATIONS, st.lists(st.booleans(), min_size=40, max_size=40))
def test_kept_scores_hold_whoever_writes(
    seminar: Seminar, operations: list[tuple[str, int, int]], as_bob: list[bool]
) -> None:
    """Writes by the owner (who keeps scores) and by debater bob (whose writes forget
    the scores they move) in any order: what each reads equals the whole graph
    scored from scratch. Bob's refused writes change nothing."""
    with Store.open(seminar.owner) as owner, Store.open(seminar.url("bob")) as bob:
        for (op, a, b), by_bob in zip(operations, as_bob, strict=False):
            if by_bob:
                apply(bob, "bob", op, a, b)
            else:
                apply(owner, ("ann", "ben", "cat", "bne")[a % 4], op, a, b)
        assert_kept_equal_recomputed(owner)
        assert_kept_equal_recomputed(bob)


@server
def test_who_acts_on_a_server(seminar: Seminar, monkeypatch: pytest.MonkeyPatch) -> None:
    """A login with a role is its participant, whatever $DEBATE_USER says; the owner,
    without one, is --as, else $DEBATE_USER, else the database login's name."""
    s = seminar
    s("bob", "claim", "add", "By bob", "--pro", "1")  # $DEBATE_USER is "tester" here
    s.run("claim", "add", "By the owner", "--pro", "1", "--as", "olga")
    s.run("claim", "add", "By tester", "--pro", "1")
    monkeypatch.delenv("DEBATE_USER")
    s.run("claim", "add", "By the login", "--pro", "1")
    authors = [s.json("carol", "show", str(n))["created_by"] for n in (3, 4, 5, 6)]
    [(admin,)] = s.run.sql("SELECT current_user")
    assert authors == ["bob", "olga", "tester", admin]


@server
def test_a_member_cannot_upgrade_the_store(seminar: Seminar) -> None:
    """A store behind this version of debate (here, made to look so) is upgraded by its
    owner only; a member is told so, and nothing changes."""
    s = seminar
    s.run.sql("DELETE FROM _debate_migrations WHERE name = '0002_roles'")
    before = s.run.dump()
    result = s("carol", "tree", code=1)
    assert result.output.endswith(
        "needs an upgrade to this version of debate, which only its owner may make: "
        "the owner runs any debate command on it\n"
    )
    assert s.run.dump() == before


@server
def test_db_info_says_who_is_connected(seminar: Seminar) -> None:
    s = seminar
    info = s.json("bob", "db", "info")
    assert (info["login"], info["role"], info["participant"]) == (s.logins["bob"], "debater", "bob")
    assert s("bob", "db", "info").stdout.splitlines()[-1] == (
        f" login         {s.logins['bob']} (debater, acting as bob)"
    )


@server
def test_the_first_grant_needs_createrole(
    environment: Path, pg_server: Any, pg_schema: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An owner without CREATEROLE makes a store, but not its roles: it is told what to
    ask of the database administrator, and nothing changes."""
    login = f"{pg_schema}_owner"
    pg_server.execute(f"CREATE ROLE \"{login}\" LOGIN PASSWORD '{PASSWORD}'")
    pg_server.execute(f'ALTER SCHEMA {pg_schema} OWNER TO "{login}"')
    monkeypatch.setenv("DEBATE_DB", pg_schema_url(TEST_PG, pg_schema))  # for dumps
    s = Seminar(Runner(environment, "postgresql"), pg_schema)
    s.logins["owner"] = login
    try:
        s("owner", "claim", "add", "A thesis")
        before = s.run.dump()
        result = s("owner", "db", "grant", login, "--role", "audience", code=1)
        assert result.output == (
            "Error: the first grant in a store makes its four roles, which needs "
            f'CREATEROLE: a database administrator runs it, or gives it: ALTER ROLE "{login}" '
            "CREATEROLE\n"
        )
        assert s.run.dump() == before
    finally:
        s.run.close()
        pg_server.execute(f"ALTER SCHEMA {pg_schema} OWNER TO CURRENT_USER")
        pg_server.execute(f"DROP SCHEMA {pg_schema} CASCADE; CREATE SCHEMA {pg_schema}")
        pg_server.execute(f'DROP OWNED BY "{login}"; DROP ROLE "{login}"')


def test_the_cli_offers_the_roles_the_store_knows() -> None:
    from debate.cli.db import ROLE_CHOICE
    from debate.models import ROLES

    assert list(ROLE_CHOICE.choices) == list(ROLES)


@server
def test_a_login_follows_its_participant_into_a_merge(seminar: Seminar) -> None:
    s = seminar
    s("mod", "participant", "merge", "carol", "bob")
    logins = {g["login"]: g["participant"] for g in s.json("mod", "db", "logins")}
    assert logins[s.logins["carol"]] == "bob"
    assert s.json("carol", "db", "info")["participant"] == "bob"


# -- raw SQL against the records the server checks itself ---------------------------


def raw_refusal(s: Seminar, who: str, *statements: str) -> str:
    """Run the statements as that login in one transaction, which the server must
    refuse (at a statement or at commit); the first line of its reason."""
    import psycopg

    with s.login(who) as conn:
        conn.autocommit = False
        with pytest.raises(psycopg.Error) as caught:
            for statement in statements:
                conn.execute(statement)
            conn.commit()
        conn.rollback()
    return str(caught.value).splitlines()[0]


def raw(s: Seminar, who: str, *statements: str) -> None:
    """Run the statements as that login in one transaction, which the server accepts."""
    with s.login(who) as conn:
        conn.autocommit = False
        for statement in statements:
            conn.execute(statement)
        conn.commit()


def person(name: str) -> str:
    return f"(SELECT id FROM participants WHERE name = '{name}')"


@pytest.fixture
def debate_on(seminar: Seminar) -> Seminar:
    """The seminar's motion in an Oxford debate, carol in the audience, under way."""
    s = seminar
    s("mod", "session", "new", "1", "--format", "oxford", "--side", "for:alice,mod",
      "--side", "against:bob,owner", "--judge", "judy")  # fmt: skip
    s("mod", "session", "start", "1")
    return s


@server
def test_the_audience_cannot_stuff_a_poll(debate_on: Seminar) -> None:
    s = debate_on
    s("carol", "poll", "1", "pre", "--for")
    before = s.run.dump()
    carol = person("carol")
    answer = (
        "polls (session_id, phase, participant_id, answer, count, is_current, cast_by, cast_at)"
    )
    attempts = {
        f"UPDATE polls SET count = 500 WHERE participant_id = {carol}": (
            "a poll answer may only be replaced, by casting again"
        ),
        "UPDATE polls SET answer = 'against'": "a poll answer may only be replaced",
        f"INSERT INTO {answer} SELECT 1, 'pre', {carol}, 'for', 1, 1, {carol}, 't' "
        "FROM generate_series(1, 50)": "duplicate key value violates unique constraint",
        f"INSERT INTO {answer} SELECT 1, 'pre', {carol}, 'for', 1, 0, {carol}, 't' "
        "FROM generate_series(1, 50)": "new row violates row-level security policy",
        f"INSERT INTO {answer} VALUES (1, 'pre', {carol}, 'against', 50, 1, {carol}, 't')": (
            "new row violates row-level security policy"
        ),
        "DELETE FROM polls": "permission denied for table polls",
    }
    for statement, reason in attempts.items():
        assert raw_refusal(s, "carol", statement).startswith(reason), statement
    assert s.run.dump() == before
    # Casting again replaces her answer, through debate as through psql.
    raw(
        s,
        "carol",
        f"UPDATE polls SET is_current = 0 WHERE participant_id = {carol}",
        f"INSERT INTO {answer} VALUES (1, 'pre', {carol}, 'against', 1, 1, {carol}, 't')",
    )
    pre = s.json("mod", "session", "result", "1")["polls"]["pre"]
    assert (pre["for"], pre["against"]) == (0, 1)
    # Nor answer a poll that is closed, or that is not the audience's to answer.
    s("mod", "session", "next", "1")
    before = s.run.dump()
    retire = f"UPDATE polls SET is_current = 0 WHERE participant_id = {carol}"
    again = f"INSERT INTO {answer} VALUES (1, 'pre', {carol}, 'for', 1, 1, {carol}, 't')"
    assert raw_refusal(s, "carol", retire, again) == (
        "the first speech is over: the poll before the debate is closed"
    )
    post = again.replace("'pre'", "'post'")
    assert raw_refusal(s, "carol", post) == "the poll after the debate opens with the last speech"
    bob = person("bob")
    speaker = f"INSERT INTO {answer} VALUES (1, 'pre', {bob}, 'for', 1, 1, {bob}, 't')"
    assert raw_refusal(s, "bob", speaker.replace("'pre'", "'post'")).startswith(
        "the poll after the debate"
    )
    assert s.run.dump() == before
    s("mod", "session", "end", "1")
    before = s.run.dump()
    assert raw_refusal(s, "bob", speaker.replace("'pre'", "'post'")) == (
        "a speaker in this session does not answer its polls; the audience does"
    )
    assert s.run.dump() == before


@server
def test_nobody_but_the_trusted_writes_an_event_that_did_not_happen(debate_on: Seminar) -> None:
    s = debate_on
    before = s.run.dump()
    edit = "INSERT INTO events (uuid, at, participant_id, action, node_id, data{}) VALUES "
    forged = '{"old": "They share norms", "new": "FORGED"}'
    for who in ("carol", "alice"):  # the audience, and the claim's own author
        me = person(who)
        assert raw_refusal(
            s, who, edit.format("") + f"('u', 't', {me}, 'claim edited', 2, '{forged}')"
        ).startswith("an event must record a change made by the same login")
        assert raw_refusal(
            s,
            who,
            edit.format(", session_id, speech")
            + f"('u', 't', {me}, 'claim added', 2, '{{}}', 1, 0)",
        ).startswith("an event must record a change made by the same login")
    alice = person("alice")
    # She changes her claim, and records an edit it was not.
    assert raw_refusal(
        s, "alice", "UPDATE nodes SET text = 'FORGED' WHERE id = 2",
        edit.format("") + f"""('u', 't', {alice}, 'claim edited', 2,
        '{{"old": "The opposite", "new": "FORGED"}}')""",
    ) == "an event must agree with the row it records"  # fmt: skip
    assert raw_refusal(
        s, "alice", "UPDATE votes SET value = -2 WHERE node_id = 2 AND kind = 'accept'",
        edit.format("") + f"""('u', 't', {alice}, 'vote changed', 2,
        '{{"kind": "accept", "value": 2, "previous": 1}}')""",
    ) == "an event must agree with the row it records"  # fmt: skip
    for statement in ("UPDATE events SET data = '{}'", "DELETE FROM events"):
        assert raw_refusal(s, "alice", statement) == "permission denied for table events"
    assert s.run.dump() == before
    assert "FORGED" not in s("carol", "show", "2").stdout
    # What did happen may be recorded, and the server says in which speech: the
    # first, under way, whatever the row said.
    raw(s, "alice", "UPDATE nodes SET text = 'Shared norms' WHERE id = 2",
        edit.format(", session_id, speech") + f"""('u2', 't', {alice}, 'claim edited', 2,
        '{{"old": "They share norms", "new": "Shared norms"}}', 1, 5)""")  # fmt: skip
    assert s.run.sql("SELECT session_id, speech FROM events WHERE uuid = 'u2'") == [(1, 0)]


@server
def test_a_debater_cannot_store_words_a_source_never_said_as_verified(
    seminar: Seminar, source_file: Path
) -> None:
    s = seminar
    s.run("source", "add", str(source_file), "--key", "harbour", "--as", "owner")
    s("alice", "quote", "2", "--source", "harbour", "bring trade to the town")
    [(quote, start)] = s.run.sql("SELECT node_id, start_offset FROM quotes")
    before = s.run.dump()
    alice = person("alice")
    fabricated = (
        "INSERT INTO nodes (id, uuid, kind, text, created_by, created_at) "
        f"VALUES (90, 'f', 'quote', 'the council opposed the harbour', {alice}, 't')",
        "INSERT INTO quotes (node_id, source_id, typed, start_offset, end_offset, status, "
        "method, text_sha256) SELECT 90, id, 'the council opposed the harbour', 0, 31, "
        "'verified', 'exact', text_sha256 FROM sources",
        f"INSERT INTO links (uuid, parent_id, child_id, stance, created_by, created_at) "
        f"VALUES ('l', 2, 90, 'pro', {alice}, 't')",
    )
    stored_as = "quote #{} is stored as verified but its words are not the source's at its anchor"
    assert raw_refusal(s, "alice", *fabricated).startswith(stored_as.format(90))
    assert raw_refusal(s, "alice", fabricated[0], fabricated[2]) == (
        "quote #90 has no anchor in a source"
    )
    for change in (
        f"UPDATE nodes SET text = 'bring no trade to the town' WHERE id = {quote}",
        f"UPDATE quotes SET start_offset = {start + 6} WHERE node_id = {quote}",
        f"UPDATE quotes SET status = 'verified', text_sha256 = 'x' WHERE node_id = {quote}",
    ):
        assert raw_refusal(s, "alice", change).startswith(stored_as.format(quote)), change
    assert raw_refusal(s, "bob", f"UPDATE quotes SET status = 'verified' WHERE node_id = {quote}")
    assert s.run.dump() == before
    assert s.json("carol", "check")["verified"] == 1
    # Saying less of one's own quote is no forgery.
    raw(s, "alice", f"UPDATE quotes SET status = 'unverified' WHERE node_id = {quote}")


@server
def test_ballots_links_scores_and_grants_hold_against_raw_sql(seminar: Seminar) -> None:
    s = seminar
    s("alice", "claim", "add", "Norms are shared in deed", "--pro", "2")
    s("mod", "session", "new", "1", "--format", "ld", "--side", "aff:alice", "--side",
      "neg:bob", "--judge", "judy")  # fmt: skip
    s("mod", "session", "start", "1")
    s("mod", "session", "end", "1")
    s("judy", "ballot", "1", "--winner", "aff")
    before = s.run.dump()
    alice, bob = person("alice"), person("bob")
    attempts = {
        ("judy", "UPDATE ballots SET winner = 'neg'"): "a ballot may only be replaced",
        ("judy", "INSERT INTO ballot_points SELECT b.id, p.id, 99 FROM ballots b, "
                 "participants p WHERE p.name = 'alice'"): (
            "a ballot's points are given when the ballot is cast"
        ),
        ("judy", "UPDATE ballot_points SET points = 99"): "permission denied for table ballot_",
        ("judy", "DELETE FROM ballot_points"): "permission denied for table ballot_points",
        ("judy", "DELETE FROM ballots"): "permission denied for table ballots",
        ("alice", "UPDATE links SET parent_id = 3 WHERE child_id = 2"): (
            "a claim may not stand below itself (#2 under #3)"
        ),
        ("alice", "INSERT INTO links (uuid, parent_id, child_id, stance, created_by, created_at) "
                  f"SELECT 'c', 3, 1, 'pro', {alice}, 't'"): "a claim may not stand below itself",
        ("alice", "UPDATE links SET created_by = " + bob): "new row violates row-level security",
        ("bob", "DELETE FROM links WHERE child_id = 3"): (
            "only its author or a moderator may remove this link"
        ),
        ("alice", "INSERT INTO votes (uuid, node_id, participant_id, kind, value, cast_at) "
                  "SELECT 'v' || n, 2, p.id, 'accept', 2, 't' FROM participants p, "
                  "generate_series(1, 3) n WHERE p.name <> 'alice'"): (
            "new row violates row-level security policy"
        ),
        ("alice", f"UPDATE votes SET participant_id = {bob}"): "new row violates row-level",
        ("alice", "INSERT INTO scores SELECT id, 1, 1, 1, 1, 1, 1 FROM nodes"): (
            "permission denied for table scores"
        ),
        ("alice", "UPDATE scores SET dfquad = 1"): "permission denied for table scores",
        ("alice", "DELETE FROM nodes WHERE id = 1"): (
            "only its author or a moderator may remove this claim or quote"
        ),
        ("mod", "INSERT INTO row_journal (xact, what, op) SELECT txid_current(), 'nodes', "
                "'INSERT'"): "permission denied for table row_journal",
        ("carol", f"INSERT INTO logins SELECT 'x', {alice}, 'x', 'x'"): (
            "permission denied for table logins"
        ),
        ("carol", "UPDATE logins SET participant_id = " + alice): "permission denied for table",
        ("carol", "DELETE FROM logins"): "permission denied for table logins",
    }  # fmt: skip
    for (who, statement), reason in attempts.items():
        assert raw_refusal(s, who, statement).startswith(reason), statement
    assert s.run.dump() == before


@server
def test_a_debater_renaming_a_participant_is_told_who_may(seminar: Seminar) -> None:
    s = seminar
    before = s.run.dump()
    result = s("alice", "participant", "rename", "bob", "B", code=1)
    assert result.output == refused(
        s,
        "alice",
        "debater",
        "permission denied for table participants (only a moderator may write in it)",
    )
    assert s.run.dump() == before
    s("mod", "participant", "rename", "bob", "Bob")


@server
def test_a_debaters_own_evidence_passes_the_servers_check(seminar: Seminar, tmp_path: Path) -> None:
    """What the server checks of verified quotes holds for what `debate quote` and
    `source update` really store: a quote across a page break, its running header
    and footer cut out; a typo'd one; one moved by a new edition, and one changed."""
    from tests.test_anchoring import PAGED

    s = seminar
    path = tmp_path / "paged.txt"
    path.write_text(PAGED, encoding="utf-8")
    s("bob", "source", "add", str(path), "--key", "harbour")

    def quote(text: str) -> Any:
        return s.json("bob", "quote", "2", "--source", "harbour", text)

    across = quote("The committee will meet again in the spring to decide on the fees.")
    typo = quote("Most members of the counsil agreed that the new harbor would bring trade")
    fees = quote("Officials said the harbour fees were fine.")
    assert [q["status"] for q in (across, typo, fees)] == [
        "verified", "verified-with-differences", "verified-with-differences"
    ]  # fmt: skip
    edition = tmp_path / "paged-v2.txt"
    edition.write_text(
        "A preface.\n\n" + PAGED.replace("were “ﬁne”.", "were “too high”."), encoding="utf-8"
    )
    report = s.json("bob", "source", "update", "harbour", str(edition))
    outcomes = {q["id"]: q["outcome"] for q in report["quotes"]}
    assert outcomes == {across["id"]: "moved", typo["id"]: "moved", fees["id"]: "changed"}
    checked = json.loads(s("carol", "check", "--json", code=1).stdout)  # one changed
    assert (checked["checked"], checked["verified"]) == (3, 2)


@server
def test_the_room_acts_for_a_device_with_no_more_than_its_participants_rights(
    seminar: Seminar,
) -> None:
    """`debate serve` runs as the owner, yet a phone's write is the audience's (a
    judge's, the judge's): the server's own grants, row-level security and checks
    hold it, as they hold that member's own login."""
    from starlette.testclient import TestClient

    from debate.web.server import make_app
    from tests.test_room import Device, joined, links

    s = seminar
    s.run("session", "new", "1", "--format", "ld", "--side", "aff:alice", "--side", "neg:bob",
          "--judge", "judy")  # fmt: skip
    s.run("session", "start", "1")
    with TestClient(make_app(s.owner, 1, stream_s=1.0)) as client:
        phone = joined(client, "zed")  # a name with no login of its own
        assert phone.post("/poll", {"phase": "pre", "answer": "for"}).text == "Recorded: for.\n"
        assert phone.post("/vote", {"node": "2", "kind": "accept", "value": "2"}).status_code == 200
        _refused_as_a_device(s)
        s.run("session", "end", "1")
        judge = Device(client)
        path = links(s.run)["judy"]
        judge.get(path)
        assert judge.post(
            path, {"winner": "neg", "points alice": "27", "points bob": "28"}
        ).text == ("Your ballot is in.\n")
    result = s.json("carol", "session", "result", "1")
    assert result["polls"]["pre"] == {"for": 1, "against": 0, "undecided": 0}
    assert [(b["judge"], b["winner"]) for b in result["ballots"]] == [("judy", "neg")]
    votes = s.json("carol", "votes", "2")["votes"]
    assert ("zed", "accept", 2) in [(v["participant"], v["kind"], v["value"]) for v in votes]


def _refused_as_a_device(s: Seminar) -> None:
    """What the use cases would never ask, the server itself refuses a device."""
    from debate.app import room, sessions
    from debate.errors import NotAllowed

    store = Store.open(s.owner, create=False)
    try:
        before = s.run.dump()
        with pytest.raises(NotAllowed) as refused_count, room.as_device(store, 1, "zed"):
            sessions.poll(store, "zed", 1, "pre", counts={"for": 40, "against": 0, "undecided": 0})
        assert "only a moderator may record the room's counts" in str(refused_count.value)
        with pytest.raises(NotAllowed) as refused_step, room.as_device(store, 1, "zed"):
            sessions.step(store, "zed", 1, "pause")
        assert "permission denied for table session_steps" in str(refused_step.value)
        assert s.run.dump() == before
    finally:
        store.close()


@server
def test_the_rooms_links_and_key_are_for_moderators_only(seminar: Seminar) -> None:
    s = seminar
    s.run("session", "new", "1", "--format", "ld", "--side", "aff:alice", "--side", "neg:bob",
          "--judge", "judy")  # fmt: skip
    s.run("session", "links", "1")  # made by the owner
    for who in ("carol", "alice", "judy"):
        for table in ("room_links", "room_keys"):
            refusal = raw_refusal(s, who, f"SELECT * FROM {table}")
            assert refusal == f"permission denied for table {table}", (who, table)
    with s.login("mod") as conn:
        assert len(conn.execute("SELECT token FROM room_links").fetchall()) == 2
    links = s.json("mod", "session", "links", "1")["links"]
    assert [(k["role"], k["participant"]) for k in links] == [
        ("chair", "tester"),
        ("judge", "judy"),
    ]
