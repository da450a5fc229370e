-- Seminar sessions: a debate run by a format's rules on a thesis, with its
-- people, the steps of its clock, the audience's polls and the judges' ballots.

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    thesis_id INTEGER NOT NULL REFERENCES nodes(id),
    motion TEXT NOT NULL,
    format_name TEXT NOT NULL,
    format TEXT NOT NULL,  -- the whole format as JSON, fixed when the session was made
    state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'running', 'paused', 'ended')),
    current INTEGER,  -- the running or paused speech (from 0); NULL between speeches
    draw_seed INTEGER,  -- the seed of a random draw of speakers, to repeat it
    screen TEXT,  -- the live screen that drives the session, and when it last said so
    screen_seen_at REAL,
    final_tree TEXT,  -- the weighted tree when the session ended (JSON rows), for the transcript
    created_by INTEGER NOT NULL REFERENCES participants(id),
    created_at TEXT NOT NULL
);

CREATE TABLE session_people (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    role TEXT NOT NULL CHECK (role IN ('speaker', 'chair', 'judge', 'audience')),
    side TEXT,  -- a speaker's side (or team) and place in it, from 1
    speaker INTEGER,
    PRIMARY KEY (session_id, participant_id, role),
    CHECK ((role = 'speaker') = (side IS NOT NULL AND speaker IS NOT NULL))
);
CREATE UNIQUE INDEX session_speaker_places ON session_people(session_id, side, speaker);

-- Every step of the clock, in time order: the speeches' times are replayed from them.
CREATE TABLE session_steps (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    step TEXT NOT NULL CHECK (
        step IN ('start', 'next', 'pause', 'resume', 'end', 'poi', 'prep start', 'prep stop')
    ),
    at REAL NOT NULL,  -- seconds since 1970 (UTC)
    at_text TEXT NOT NULL,  -- the same moment in ISO 8601 with the offset it was given in
    speech INTEGER,  -- the speech it happened in
    side TEXT,  -- prep: whose
    participant_id INTEGER REFERENCES participants(id),  -- poi: who offered
    accepted INTEGER,  -- poi: 1 accepted, 0 declined, NULL offered only
    thesis_strength REAL,  -- start, next, end: the thesis's σ (DF-QuAD) at that moment
    recorded_by INTEGER NOT NULL REFERENCES participants(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX session_steps_session ON session_steps(session_id, id);

-- One current answer per person and phase (older ones stay, not current);
-- a room's show of hands is a count with no participant.
CREATE TABLE polls (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    phase TEXT NOT NULL CHECK (phase IN ('pre', 'post')),
    participant_id INTEGER REFERENCES participants(id),
    answer TEXT NOT NULL CHECK (answer IN ('for', 'against', 'undecided')),
    count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 0),
    is_current INTEGER NOT NULL DEFAULT 1,
    cast_by INTEGER NOT NULL REFERENCES participants(id),
    cast_at TEXT NOT NULL
);
CREATE INDEX polls_session ON polls(session_id, phase, is_current);

CREATE TABLE ballots (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    judge_id INTEGER NOT NULL REFERENCES participants(id),
    winner TEXT,  -- two sides
    ranking TEXT,  -- more than two: JSON list of teams, first place first
    reason TEXT,
    is_current INTEGER NOT NULL DEFAULT 1,
    cast_at TEXT NOT NULL
);
CREATE INDEX ballots_session ON ballots(session_id, is_current);

CREATE TABLE ballot_points (
    ballot_id INTEGER NOT NULL REFERENCES ballots(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    points INTEGER NOT NULL,
    PRIMARY KEY (ballot_id, participant_id)
);

-- What is said in a speech: the event log notes the session and the speech.
ALTER TABLE events ADD COLUMN session_id INTEGER REFERENCES sessions(id);
ALTER TABLE events ADD COLUMN speech INTEGER;
CREATE INDEX events_session ON events(session_id, speech) WHERE session_id IS NOT NULL;
