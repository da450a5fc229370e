-- Perspectives: teams (named groups of participants, for `--perspective team:NAME`)
-- and an index for tallying votes.

CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    created_by INTEGER NOT NULL REFERENCES participants(id),
    created_at TEXT NOT NULL
);

CREATE TABLE team_members (
    team_id INTEGER NOT NULL REFERENCES teams(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    added_at TEXT NOT NULL,
    PRIMARY KEY (team_id, participant_id)
);

-- Tallying every node's votes (and a perspective's) reads this index alone,
-- already in GROUP BY order: 500,000 votes tally in a fraction of the time.
CREATE INDEX votes_tally ON votes (node_id, kind, participant_id, value);
