-- +goose Up
-- Times are stored as UTC TIMESTAMP text, dates as DATE text (YYYY-MM-DD),
-- booleans as 0/1 with a CHECK, JSON as TEXT decoded in Go. The postgres
-- folder has the same version with native types.

CREATE TABLE tenants (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kommun_code TEXT NOT NULL UNIQUE,
    police_area TEXT NOT NULL DEFAULT '',
    population  INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE districts (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
    key         TEXT NOT NULL,
    name        TEXT NOT NULL,
    geometry    TEXT NOT NULL,
    min_lon     REAL NOT NULL,
    min_lat     REAL NOT NULL,
    max_lon     REAL NOT NULL,
    max_lat     REAL NOT NULL,
    population  INTEGER NOT NULL DEFAULT 0,
    priority    INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)),
    approximate INTEGER NOT NULL DEFAULT 0 CHECK (approximate IN (0, 1)),
    source      TEXT NOT NULL DEFAULT '',
    UNIQUE (tenant_id, key)
);

CREATE TABLE agreements (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants(id),
    title      TEXT NOT NULL,
    valid_from DATE NOT NULL,
    valid_to   DATE NOT NULL
);

CREATE TABLE promises (
    id                  INTEGER PRIMARY KEY,
    tenant_id           INTEGER NOT NULL REFERENCES tenants(id),
    agreement_id        INTEGER REFERENCES agreements(id),
    slug                TEXT NOT NULL,
    title               TEXT NOT NULL,
    parties             TEXT NOT NULL DEFAULT '[]',
    signatories         TEXT NOT NULL DEFAULT '[]',
    valid_from          DATE NOT NULL,
    valid_to            DATE NOT NULL,
    background          TEXT NOT NULL DEFAULT '',
    goal                TEXT NOT NULL DEFAULT '',
    follow_up           TEXT NOT NULL DEFAULT '',
    follow_ups_per_year INTEGER NOT NULL DEFAULT 3,
    council             TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL CHECK (status IN ('draft', 'adopted', 'active', 'ended')),
    UNIQUE (tenant_id, slug)
);

CREATE TABLE focus_areas (
    id          INTEGER PRIMARY KEY,
    promise_id  INTEGER NOT NULL REFERENCES promises(id),
    key         TEXT NOT NULL,
    name        TEXT NOT NULL,
    name_en     TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (promise_id, key)
);

CREATE TABLE commitments (
    id         INTEGER PRIMARY KEY,
    promise_id INTEGER NOT NULL REFERENCES promises(id),
    party      TEXT NOT NULL,
    text       TEXT NOT NULL,
    examples   TEXT NOT NULL DEFAULT '[]',
    position   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE promise_districts (
    promise_id  INTEGER NOT NULL REFERENCES promises(id),
    district_id INTEGER NOT NULL REFERENCES districts(id),
    PRIMARY KEY (promise_id, district_id)
);

CREATE TABLE measures (
    id                 INTEGER PRIMARY KEY,
    tenant_id          INTEGER NOT NULL REFERENCES tenants(id),
    promise_id         INTEGER REFERENCES promises(id),
    parent_id          INTEGER REFERENCES measures(id),
    type               TEXT NOT NULL,
    horizon            TEXT NOT NULL CHECK (horizon IN ('short', 'long')),
    owner_party        TEXT NOT NULL,
    unit               TEXT NOT NULL DEFAULT '',
    title              TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    district_id        INTEGER REFERENCES districts(id),
    lat                REAL,
    lon                REAL,
    planned_start      DATE,
    planned_end        DATE,
    actual_start       DATE,
    actual_end         DATE,
    status             TEXT NOT NULL CHECK (status IN ('planned', 'started', 'done', 'cancelled', 'not_feasible')),
    status_reason      TEXT NOT NULL DEFAULT '',
    progress           INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    problem_focus_area TEXT NOT NULL DEFAULT '',
    problem_ref        TEXT NOT NULL DEFAULT '',
    synthetic          INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    -- The problem a measure answers is not optional (DESIGN.md §1.4).
    CHECK (problem_focus_area <> '' OR problem_ref <> '')
);
CREATE INDEX measures_tenant ON measures (tenant_id, status);

CREATE TABLE incidents (
    id            INTEGER PRIMARY KEY,
    tenant_id     INTEGER NOT NULL REFERENCES tenants(id),
    source        TEXT NOT NULL,
    external_id   TEXT NOT NULL DEFAULT '',
    parent_id     INTEGER REFERENCES incidents(id),
    category      TEXT NOT NULL DEFAULT '',
    focus_area    TEXT NOT NULL DEFAULT '',
    occurred_from TIMESTAMP NOT NULL,
    occurred_to   TIMESTAMP NOT NULL,
    published_at  TIMESTAMP,
    lat           REAL,
    lon           REAL,
    district_id   INTEGER REFERENCES districts(id),
    place         TEXT NOT NULL DEFAULT '',
    text          TEXT NOT NULL DEFAULT '',
    review_state  TEXT NOT NULL CHECK (review_state IN ('pending', 'accepted', 'rejected', 'merged')),
    synthetic     INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
    created_at    TIMESTAMP NOT NULL,
    CHECK (occurred_to >= occurred_from)
);
-- Re-importing a notice must not add it twice.
CREATE UNIQUE INDEX incidents_external ON incidents (tenant_id, source, external_id) WHERE external_id <> '';
CREATE INDEX incidents_time ON incidents (tenant_id, occurred_from);

CREATE TABLE survey_waves (
    id             INTEGER PRIMARY KEY,
    tenant_id      INTEGER NOT NULL REFERENCES tenants(id),
    survey         TEXT NOT NULL,
    name           TEXT NOT NULL,
    fieldwork_from DATE,
    fieldwork_to   DATE,
    survey_year    INTEGER NOT NULL,
    reference_year INTEGER NOT NULL,
    sample_size    INTEGER NOT NULL DEFAULT 0,
    response_rate  REAL NOT NULL DEFAULT 0,
    synthetic      INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
    UNIQUE (tenant_id, survey, name)
);

CREATE TABLE followups (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants(id),
    promise_id INTEGER NOT NULL REFERENCES promises(id),
    period     TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('draft', 'adopted')),
    snapshot   TEXT,
    adopted_at TIMESTAMP,
    UNIQUE (promise_id, period)
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    tenant_id INTEGER REFERENCES tenants(id),
    actor_id  INTEGER,
    actor     TEXT NOT NULL,
    at        TIMESTAMP NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL DEFAULT '',
    before    TEXT,
    after     TEXT
);
CREATE INDEX audit_tenant ON audit_log (tenant_id, at);

-- The log is append-only even for a user with a SQL prompt who forgets.
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE audit_log;
DROP TABLE followups;
DROP TABLE survey_waves;
DROP TABLE incidents;
DROP TABLE measures;
DROP TABLE promise_districts;
DROP TABLE commitments;
DROP TABLE focus_areas;
DROP TABLE promises;
DROP TABLE agreements;
DROP TABLE districts;
DROP TABLE tenants;
