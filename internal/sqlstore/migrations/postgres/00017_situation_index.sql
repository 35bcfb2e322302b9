-- +goose Up
-- The lägesbild reads one kommun's period: this index carries every column
-- it counts, so that PostgreSQL answers with an index-only scan (once
-- vacuum has marked the pages all-visible). It replaces incidents_time.
DROP INDEX incidents_time;
CREATE INDEX incidents_situation ON incidents (tenant_id, occurred_from)
    INCLUDE (id, review_state, district_id, source, category, focus_area, darkness, dark_fraction, occurred_to);

-- +goose Down
DROP INDEX incidents_situation;
CREATE INDEX incidents_time ON incidents (tenant_id, occurred_from);
