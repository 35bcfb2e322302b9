-- +goose Up
-- A correction of an adopted follow-up is a new version with its reason;
-- the versions before it are kept here, newest last.
ALTER TABLE follow_ups ADD COLUMN corrections TEXT NOT NULL DEFAULT '[]';

-- +goose Down
ALTER TABLE follow_ups DROP COLUMN corrections;
