-- +goose Up
-- A number that changes in every transaction that writes a tenant's
-- incidents, so that a process holding the tenant's incident facts in
-- memory (the lägesbild's cache) can tell with one cheap read whether
-- they are still the database's.
ALTER TABLE tenants ADD COLUMN incidents_version INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE tenants DROP COLUMN incidents_version;
