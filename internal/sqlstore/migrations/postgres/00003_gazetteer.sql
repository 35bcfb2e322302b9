-- +goose Up
-- A tenant's gazetteer: place names that point to a district, for texts
-- with no coordinates (police notices), and phrases that must never match.
CREATE TABLE gazetteer_entries (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   bigint NOT NULL REFERENCES tenants(id),
    name        TEXT NOT NULL,
    district_id bigint NOT NULL REFERENCES districts(id),
    variants    TEXT NOT NULL DEFAULT '[]',
    UNIQUE (tenant_id, name)
);

CREATE TABLE gazetteer_exclusions (
    tenant_id bigint NOT NULL REFERENCES tenants(id),
    phrase    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, phrase)
);

-- +goose Down
DROP TABLE gazetteer_exclusions;
DROP TABLE gazetteer_entries;
