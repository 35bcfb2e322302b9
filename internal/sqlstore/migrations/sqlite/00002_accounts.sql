-- +goose Up
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    superadmin    INTEGER NOT NULL DEFAULT 0 CHECK (superadmin IN (0, 1)),
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE memberships (
    user_id   INTEGER NOT NULL REFERENCES users(id),
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    role      TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'police', 'reporter', 'council')),
    PRIMARY KEY (user_id, tenant_id, role)
);
CREATE INDEX memberships_tenant ON memberships (tenant_id);

-- Only hashes of session, reset and API tokens are stored: a copy of the
-- database does not let anyone sign in.
CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE password_resets (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL REFERENCES tenants(id),
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'police', 'reporter', 'council')),
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);
CREATE INDEX api_tokens_tenant ON api_tokens (tenant_id);

-- +goose Down
DROP TABLE api_tokens;
DROP TABLE password_resets;
DROP TABLE sessions;
DROP TABLE memberships;
DROP TABLE users;
