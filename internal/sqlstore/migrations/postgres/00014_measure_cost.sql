-- +goose Up
-- What a measure cost, in kronor; optional.
ALTER TABLE measures ADD COLUMN cost_sek INTEGER CHECK (cost_sek >= 0);

-- +goose Down
ALTER TABLE measures DROP COLUMN cost_sek;
