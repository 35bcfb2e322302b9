-- +goose Up
-- Results as a survey's publisher printed them (a share or an index per
-- item and area, with n), for when only the police's report is at hand.
CREATE TABLE survey_published (
    wave_id INTEGER NOT NULL REFERENCES survey_waves(id) ON DELETE CASCADE,
    line    INTEGER NOT NULL,
    item    TEXT NOT NULL,
    area    TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('share', 'problem_index')),
    value   REAL NOT NULL,
    n       INTEGER NOT NULL CHECK (n > 0),
    PRIMARY KEY (wave_id, item, area)
);

-- +goose Down
DROP TABLE survey_published;
