-- +goose Up
-- What every incident carries once imported or reported: its darkness, a
-- link back to the source row, the reporter and how unsafe it felt (EST),
-- a content hash so that re-importing a row changes nothing, and review.
ALTER TABLE incidents ADD COLUMN darkness TEXT NOT NULL DEFAULT '' CHECK (darkness IN ('', 'dark', 'twilight', 'light'));
ALTER TABLE incidents ADD COLUMN dark_fraction REAL NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN source_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN unsafety INTEGER CHECK (unsafety BETWEEN 1 AND 5);
ALTER TABLE incidents ADD COLUMN reporter_id INTEGER REFERENCES users(id);
ALTER TABLE incidents ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN reviewed_by INTEGER REFERENCES users(id);
ALTER TABLE incidents ADD COLUMN reviewed_at TIMESTAMP;
ALTER TABLE incidents ADD COLUMN review_note TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN updated_at TIMESTAMP;
CREATE INDEX incidents_review ON incidents (tenant_id, review_state);

-- Brå's reported crime per kommun and year; national rows have code ''.
CREATE TABLE bra_stats (
    year        INTEGER NOT NULL,
    kommun_code TEXT NOT NULL,
    kommun_name TEXT NOT NULL,
    count       INTEGER,
    per_100k    REAL,
    PRIMARY KEY (year, kommun_code)
);

-- +goose Down
DROP TABLE bra_stats;
DROP INDEX incidents_review;
ALTER TABLE incidents DROP COLUMN updated_at;
ALTER TABLE incidents DROP COLUMN review_note;
ALTER TABLE incidents DROP COLUMN reviewed_at;
ALTER TABLE incidents DROP COLUMN reviewed_by;
ALTER TABLE incidents DROP COLUMN content_hash;
ALTER TABLE incidents DROP COLUMN reporter_id;
ALTER TABLE incidents DROP COLUMN unsafety;
ALTER TABLE incidents DROP COLUMN source_ref;
ALTER TABLE incidents DROP COLUMN dark_fraction;
ALTER TABLE incidents DROP COLUMN darkness;
