-- +goose Up
-- merged_into points at incidents.id, a bigint; 00006 made it an integer.
ALTER TABLE incidents ALTER COLUMN merged_into TYPE bigint;

-- +goose Down
ALTER TABLE incidents ALTER COLUMN merged_into TYPE integer;
