-- Pushed checks (issue 21): a service reports its own state with a per-check token; the replica
-- that polls the check reads the latest report from here, so a report taken by any replica counts
-- and survives restarts. The token is stored as its SHA-256 hash only (shown once, at creation).
-- since: when the token was issued; the first TTL runs from then.
CREATE TABLE status_push (
    check_id     text PRIMARY KEY,
    token_hash   text NOT NULL,
    since        timestamptz NOT NULL,
    reported_at  timestamptz,
    status       text,
    message      text
);
