-- +goose Up
-- PostgreSQL's merged_into became a bigint like the id it points at; in
-- SQLite every INTEGER is already 64 bits, so nothing changes here. The
-- file keeps the two dialects' versions in step.
SELECT 1;

-- +goose Down
SELECT 1;
