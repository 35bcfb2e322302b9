-- +goose Up
-- A written lägesbild: what we see, why we think so, what it means for the
-- promise, with the figures it cites frozen as they were. Rows are never
-- changed: a new version is a new row pointing at the one it replaces.
CREATE TABLE assessments (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
    written_on  DATE NOT NULL,
    period_from DATE NOT NULL,
    period_to   DATE NOT NULL,
    title       TEXT NOT NULL,
    seen        TEXT NOT NULL,
    why         TEXT NOT NULL,
    meaning     TEXT NOT NULL,
    figures     TEXT NOT NULL,
    supersedes  INTEGER REFERENCES assessments(id),
    author_id   INTEGER REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX assessments_tenant ON assessments (tenant_id, written_on);

-- +goose Down
DROP TABLE assessments;
