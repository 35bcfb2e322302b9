-- +goose Up
-- Camera surveillance since April 2025 needs a documented balancing of
-- interests (intresseavvägning) and a date by which it is reviewed.
ALTER TABLE measures ADD COLUMN camera_assessed DATE;
ALTER TABLE measures ADD COLUMN camera_decision TEXT NOT NULL DEFAULT '';
ALTER TABLE measures ADD COLUMN camera_document TEXT NOT NULL DEFAULT '';
ALTER TABLE measures ADD COLUMN camera_view TEXT NOT NULL DEFAULT '';
ALTER TABLE measures ADD COLUMN camera_review DATE;
-- Dated milestones, as a JSON list of {"date", "text", "done"}.
ALTER TABLE measures ADD COLUMN milestones TEXT NOT NULL DEFAULT '[]';

-- A police patrol: when, how, and in which districts.
CREATE TABLE patrols (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants(id),
    start_at   TIMESTAMP NOT NULL,
    end_at     TIMESTAMP NOT NULL,
    mode       TEXT NOT NULL CHECK (mode IN ('foot', 'bike', 'car')),
    note       TEXT NOT NULL DEFAULT '',
    synthetic  INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
    created_by INTEGER REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    CHECK (end_at > start_at)
);
CREATE INDEX patrols_time ON patrols (tenant_id, start_at);
CREATE TABLE patrol_districts (
    patrol_id   INTEGER NOT NULL REFERENCES patrols(id) ON DELETE CASCADE,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    PRIMARY KEY (patrol_id, district_id)
);

-- A tertial follow-up to the council. Commentary is the coordinator's,
-- per section; an adopted one keeps the report as it was adopted.
CREATE TABLE follow_ups (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants(id),
    period     TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('draft', 'adopted')),
    commentary TEXT NOT NULL DEFAULT '{}',
    snapshot   TEXT,
    adopted_at TIMESTAMP,
    adopted_by INTEGER REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (tenant_id, period)
);

-- +goose Down
DROP TABLE follow_ups;
DROP TABLE patrol_districts;
DROP TABLE patrols;
ALTER TABLE measures DROP COLUMN milestones;
ALTER TABLE measures DROP COLUMN camera_review;
ALTER TABLE measures DROP COLUMN camera_view;
ALTER TABLE measures DROP COLUMN camera_document;
ALTER TABLE measures DROP COLUMN camera_decision;
ALTER TABLE measures DROP COLUMN camera_assessed;
