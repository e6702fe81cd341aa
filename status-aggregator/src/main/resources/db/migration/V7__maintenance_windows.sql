-- Scheduled maintenance (issue 21): windows for one check or for a group (every check with the
-- group as a tag), either once (starts_at + duration) or recurring (a Spring cron expression in a
-- time zone + duration). Stored here so that every replica opens and closes the same windows.
CREATE TABLE status_maintenance_window (
    id           text PRIMARY KEY,
    check_id     text,
    group_name   text,
    starts_at    timestamptz,
    cron         text,
    zone         text,
    duration_ms  bigint NOT NULL CHECK (duration_ms > 0 AND duration_ms <= 31622400000),
    reason       text,
    created_at   timestamptz NOT NULL,
    CONSTRAINT status_maintenance_window_target CHECK ((check_id IS NULL) <> (group_name IS NULL)),
    CONSTRAINT status_maintenance_window_when CHECK ((starts_at IS NULL) <> (cron IS NULL)),
    CONSTRAINT status_maintenance_window_zone CHECK (cron IS NULL OR zone IS NOT NULL)
);
