-- +goose Up
-- The same schema as sqlite/00001_init.sql with native types: timestamptz,
-- date, boolean, bigint identity keys. JSON stays text, decoded in Go, so
-- both engines scan the same way.

CREATE TABLE tenants (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kommun_code TEXT NOT NULL UNIQUE,
    police_area TEXT NOT NULL DEFAULT '',
    population  INTEGER NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL
);

CREATE TABLE districts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   bigint NOT NULL REFERENCES tenants(id),
    key         TEXT NOT NULL,
    name        TEXT NOT NULL,
    geometry    TEXT NOT NULL,
    min_lon     double precision NOT NULL,
    min_lat     double precision NOT NULL,
    max_lon     double precision NOT NULL,
    max_lat     double precision NOT NULL,
    population  INTEGER NOT NULL DEFAULT 0,
    priority    boolean NOT NULL DEFAULT false,
    approximate boolean NOT NULL DEFAULT false,
    source      TEXT NOT NULL DEFAULT '',
    UNIQUE (tenant_id, key)
);

CREATE TABLE agreements (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id  bigint NOT NULL REFERENCES tenants(id),
    title      TEXT NOT NULL,
    valid_from date NOT NULL,
    valid_to   date NOT NULL
);

CREATE TABLE promises (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id           bigint NOT NULL REFERENCES tenants(id),
    agreement_id        bigint REFERENCES agreements(id),
    slug                TEXT NOT NULL,
    title               TEXT NOT NULL,
    parties             TEXT NOT NULL DEFAULT '[]',
    signatories         TEXT NOT NULL DEFAULT '[]',
    valid_from          date NOT NULL,
    valid_to            date NOT NULL,
    background          TEXT NOT NULL DEFAULT '',
    goal                TEXT NOT NULL DEFAULT '',
    follow_up           TEXT NOT NULL DEFAULT '',
    follow_ups_per_year INTEGER NOT NULL DEFAULT 3,
    council             TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL CHECK (status IN ('draft', 'adopted', 'active', 'ended')),
    UNIQUE (tenant_id, slug)
);

CREATE TABLE focus_areas (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    promise_id  bigint NOT NULL REFERENCES promises(id),
    key         TEXT NOT NULL,
    name        TEXT NOT NULL,
    name_en     TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (promise_id, key)
);

CREATE TABLE commitments (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    promise_id bigint NOT NULL REFERENCES promises(id),
    party      TEXT NOT NULL,
    text       TEXT NOT NULL,
    examples   TEXT NOT NULL DEFAULT '[]',
    position   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE promise_districts (
    promise_id  bigint NOT NULL REFERENCES promises(id),
    district_id bigint NOT NULL REFERENCES districts(id),
    PRIMARY KEY (promise_id, district_id)
);

CREATE TABLE measures (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id          bigint NOT NULL REFERENCES tenants(id),
    promise_id         bigint REFERENCES promises(id),
    parent_id          bigint REFERENCES measures(id),
    type               TEXT NOT NULL,
    horizon            TEXT NOT NULL CHECK (horizon IN ('short', 'long')),
    owner_party        TEXT NOT NULL,
    unit               TEXT NOT NULL DEFAULT '',
    title              TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    district_id        bigint REFERENCES districts(id),
    lat                double precision,
    lon                double precision,
    planned_start      date,
    planned_end        date,
    actual_start       date,
    actual_end         date,
    status             TEXT NOT NULL CHECK (status IN ('planned', 'started', 'done', 'cancelled', 'not_feasible')),
    status_reason      TEXT NOT NULL DEFAULT '',
    progress           INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    problem_focus_area TEXT NOT NULL DEFAULT '',
    problem_ref        TEXT NOT NULL DEFAULT '',
    synthetic          boolean NOT NULL DEFAULT false,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    -- The problem a measure answers is not optional (DESIGN.md §1.4).
    CHECK (problem_focus_area <> '' OR problem_ref <> '')
);
CREATE INDEX measures_tenant ON measures (tenant_id, status);

CREATE TABLE incidents (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id     bigint NOT NULL REFERENCES tenants(id),
    source        TEXT NOT NULL,
    external_id   TEXT NOT NULL DEFAULT '',
    parent_id     bigint REFERENCES incidents(id),
    category      TEXT NOT NULL DEFAULT '',
    focus_area    TEXT NOT NULL DEFAULT '',
    occurred_from timestamptz NOT NULL,
    occurred_to   timestamptz NOT NULL,
    published_at  timestamptz,
    lat           double precision,
    lon           double precision,
    district_id   bigint REFERENCES districts(id),
    place         TEXT NOT NULL DEFAULT '',
    text          TEXT NOT NULL DEFAULT '',
    review_state  TEXT NOT NULL CHECK (review_state IN ('pending', 'accepted', 'rejected', 'merged')),
    synthetic     boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL,
    CHECK (occurred_to >= occurred_from)
);
-- Re-importing a notice must not add it twice.
CREATE UNIQUE INDEX incidents_external ON incidents (tenant_id, source, external_id) WHERE external_id <> '';
CREATE INDEX incidents_time ON incidents (tenant_id, occurred_from);

CREATE TABLE survey_waves (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id      bigint NOT NULL REFERENCES tenants(id),
    survey         TEXT NOT NULL,
    name           TEXT NOT NULL,
    fieldwork_from date,
    fieldwork_to   date,
    survey_year    INTEGER NOT NULL,
    reference_year INTEGER NOT NULL,
    sample_size    INTEGER NOT NULL DEFAULT 0,
    response_rate  double precision NOT NULL DEFAULT 0,
    synthetic      boolean NOT NULL DEFAULT false,
    UNIQUE (tenant_id, survey, name)
);

CREATE TABLE followups (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id  bigint NOT NULL REFERENCES tenants(id),
    promise_id bigint NOT NULL REFERENCES promises(id),
    period     TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('draft', 'adopted')),
    snapshot   TEXT,
    adopted_at timestamptz,
    UNIQUE (promise_id, period)
);

CREATE TABLE audit_log (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id bigint REFERENCES tenants(id),
    actor_id  bigint,
    actor     TEXT NOT NULL,
    at        timestamptz NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL DEFAULT '',
    before    TEXT,
    after     TEXT
);
CREATE INDEX audit_tenant ON audit_log (tenant_id, at);

-- The log is append-only even for a user with a SQL prompt who forgets.
-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
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
