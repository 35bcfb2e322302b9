-- +goose Up
-- A citizen report has no account: a private status link (only its hash is
-- kept) and, if the citizen wants a reply, an e-mail address that is never
-- shown on any page or in the API.
ALTER TABLE incidents ADD COLUMN status_token_hash TEXT;
ALTER TABLE incidents ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX incidents_status_token ON incidents (status_token_hash) WHERE status_token_hash IS NOT NULL;

-- +goose Down
DROP INDEX incidents_status_token;
ALTER TABLE incidents DROP COLUMN contact_email;
ALTER TABLE incidents DROP COLUMN status_token_hash;
