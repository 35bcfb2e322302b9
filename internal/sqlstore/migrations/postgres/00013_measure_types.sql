-- +goose Up
-- Measure types a tenant adds to the built-in ones, as a JSON list of
-- names (e.g. "Klotterborttagning").
ALTER TABLE tenants ADD COLUMN measure_types TEXT NOT NULL DEFAULT '[]';

-- +goose Down
ALTER TABLE tenants DROP COLUMN measure_types;
