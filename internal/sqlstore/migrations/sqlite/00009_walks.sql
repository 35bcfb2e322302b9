-- +goose Up
-- A safety walk (trygghetsvandring): when, by day or after dark, where,
-- and how many took part from each group, as JSON (group → count). Never
-- who: there is no column for a name.
CREATE TABLE walks (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL REFERENCES tenants(id),
    walk_date    DATE NOT NULL,
    after_dark   INTEGER NOT NULL DEFAULT 0 CHECK (after_dark IN (0, 1)),
    district_id  INTEGER NOT NULL REFERENCES districts(id),
    participants TEXT NOT NULL DEFAULT '{}',
    note         TEXT NOT NULL DEFAULT '',
    synthetic    INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
    created_by   INTEGER REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX walks_date ON walks (tenant_id, walk_date);

-- A finding of a walk: where (a point, words or both), what, what would
-- fix it, who and by when; then the decision. What will be done is a
-- measure; what will not has its reason. A photo is kept only re-encoded,
-- without the EXIF block that would say where it was taken and with what.
CREATE TABLE walk_findings (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL REFERENCES tenants(id),
    walk_id      INTEGER NOT NULL REFERENCES walks(id) ON DELETE CASCADE,
    lat          REAL,
    lon          REAL,
    place        TEXT NOT NULL DEFAULT '',
    problem      TEXT NOT NULL CHECK (problem IN ('lighting', 'vegetation', 'sight_lines', 'vandalism', 'littering', 'other')),
    description  TEXT NOT NULL DEFAULT '',
    proposed_fix TEXT NOT NULL DEFAULT '',
    unit         TEXT NOT NULL DEFAULT '',
    due          DATE NOT NULL,
    decision     TEXT NOT NULL DEFAULT '' CHECK (decision IN ('', 'will_do', 'will_not')),
    reason       TEXT NOT NULL DEFAULT '',
    measure_id   INTEGER REFERENCES measures(id),
    photo        BLOB,
    photo_type   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    CHECK ((lat IS NULL) = (lon IS NULL)),
    CHECK (decision <> 'will_not' OR reason <> ''),
    CHECK (decision <> 'will_do' OR measure_id IS NOT NULL),
    CHECK (photo IS NULL OR photo_type IN ('image/jpeg', 'image/png'))
);
CREATE INDEX walk_findings_walk ON walk_findings (walk_id);
-- One finding, one measure: a second click makes no second measure.
CREATE UNIQUE INDEX walk_findings_measure ON walk_findings (measure_id) WHERE measure_id IS NOT NULL;

-- +goose Down
DROP TABLE walk_findings;
DROP TABLE walks;
