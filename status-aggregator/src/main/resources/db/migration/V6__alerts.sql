-- Per-check alerts (issue 21): the alerts open now. The replica holding the 'alerts' lease keeps
-- them here as it sends, so that a restart, or another replica taking the lease over, neither
-- opens an alert again nor forgets to resolve it, and reminders keep their rhythm.
CREATE TABLE status_alert (
    check_id      text PRIMARY KEY,
    status        text NOT NULL,
    opened_at     timestamptz NOT NULL,
    last_sent_at  timestamptz NOT NULL,
    -- the provider names it was sent to (comma-separated), which are sent its resolve
    providers     text NOT NULL
);
