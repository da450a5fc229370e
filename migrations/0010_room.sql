-- The room (`debate serve`): the private links of a session's chair and judges,
-- the devices that hold the names of its people, and when the chair showed the
-- room the result.

CREATE TABLE room_links (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    role TEXT NOT NULL CHECK (role IN ('chair', 'judge')),
    token TEXT NOT NULL UNIQUE,  -- random (secrets.token_urlsafe): the link's last part
    made_at TEXT NOT NULL,
    PRIMARY KEY (session_id, participant_id, role)
);

-- A name is held by one device at a time, until the chair releases it.
CREATE TABLE room_seats (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    device TEXT NOT NULL,  -- the random id in the device's signed cookie
    taken_at TEXT NOT NULL,
    PRIMARY KEY (session_id, participant_id)
);
CREATE UNIQUE INDEX room_seats_device ON room_seats(session_id, device);

-- The key that signs the devices' cookies, one per store, so that a restarted
-- server (or a second one over the same store) knows the room's devices again.
CREATE TABLE room_keys (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL
);

ALTER TABLE sessions ADD COLUMN revealed_at TEXT;
