-- Sessions as revocable opaque tokens (only their SHA-256 is stored), and the
-- failed sign-ins that rate-limit guessing, per account and per address.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    officer_id  UUID NOT NULL REFERENCES officers (id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX sessions_by_officer ON sessions (officer_id);

CREATE TABLE sign_in_failures (
    limit_key  TEXT NOT NULL,
    at         BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_by_key ON sign_in_failures (limit_key, at);
