-- +goose Up
-- A citizen dialogue (medborgardialog, youth dialogue, walk-and-talk): who
-- took part, by group and number, never by name; the themes raised as
-- category keys; what was said, masked before it is stored. Participants
-- are a JSON object (group → count), themes a JSON list of keys.
CREATE TABLE dialogues (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL REFERENCES tenants(id),
    held_on      DATE NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('citizen', 'youth', 'walk_and_talk')),
    place        TEXT NOT NULL DEFAULT '',
    target_group TEXT NOT NULL DEFAULT '',
    participants TEXT NOT NULL DEFAULT '{}',
    themes       TEXT NOT NULL DEFAULT '[]',
    summary      TEXT NOT NULL DEFAULT '',
    synthetic    INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
    created_by   INTEGER REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX dialogues_held_on ON dialogues (tenant_id, held_on);
-- The places named, in the order recorded. Each is also an incident of
-- source 'dialogue' (external id dialogue-ID-N), which is what counts in
-- the lägesbild; this row is what was recorded.
CREATE TABLE dialogue_places (
    dialogue_id INTEGER NOT NULL REFERENCES dialogues(id) ON DELETE CASCADE,
    n           INTEGER NOT NULL,
    district_id INTEGER REFERENCES districts(id),
    lat         REAL,
    lon         REAL,
    description TEXT NOT NULL DEFAULT '',
    after_dark  INTEGER NOT NULL DEFAULT 0 CHECK (after_dark IN (0, 1)),
    theme       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (dialogue_id, n)
);

-- +goose Down
DROP TABLE dialogue_places;
DROP TABLE dialogues;
