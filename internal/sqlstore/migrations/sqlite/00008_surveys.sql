-- +goose Up
-- A questionnaire is versioned configuration: its questions, scales and
-- indicator definitions as JSON (internal/survey.Questionnaire).
CREATE TABLE surveys (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants(id),
    code       TEXT NOT NULL,
    version    TEXT NOT NULL,
    definition TEXT NOT NULL,
    UNIQUE (tenant_id, code)
);
-- One row per respondent of a wave; answers as JSON (question code →
-- answer code). No names, only the groups indicators are broken down by.
CREATE TABLE survey_respondents (
    wave_id       INTEGER NOT NULL REFERENCES survey_waves(id) ON DELETE CASCADE,
    respondent_id TEXT NOT NULL,
    district      TEXT NOT NULL DEFAULT '',
    area          TEXT NOT NULL DEFAULT '',
    gender        TEXT NOT NULL DEFAULT '',
    age_group     TEXT NOT NULL DEFAULT '',
    weight        REAL NOT NULL DEFAULT 1,
    answers       TEXT NOT NULL,
    PRIMARY KEY (wave_id, respondent_id)
);

-- +goose Down
DROP TABLE survey_respondents;
DROP TABLE surveys;
