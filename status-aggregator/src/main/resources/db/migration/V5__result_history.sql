-- Result history (issue 21): every poll result's outcome and response time, then hourly buckets.
--
-- status_result holds the raw results for cairn.status.history.raw-retention (1 day by default): one
-- narrow row per poll (10,000 checks every 30 s are about 29 million rows a day). status codes: 0 OK,
-- 1 Warning, 2 Critical, 3 Unknown (the Nagios codes). The BRIN index serves the deletion by age at
-- little write cost; the B-tree serves the hour roll-up and one check's recent results.
CREATE TABLE status_result (
    check_id     text NOT NULL,
    at           timestamptz NOT NULL,
    status       smallint NOT NULL CHECK (status BETWEEN 0 AND 3),
    response_ms  integer NOT NULL CHECK (response_ms >= 0)
);
CREATE INDEX status_result_check_at ON status_result (check_id, at);
CREATE INDEX status_result_at ON status_result USING brin (at);

-- One row per check and hour, rolled up from status_result once the hour is over and kept for
-- cairn.status.history.hourly-retention: counts per outcome, response-time sum, min and max, and
-- counts per response-time bucket (the bounds are HistoryBuckets.UPPER_BOUNDS_MS in the code), from
-- which the API estimates percentiles. Uptime and percentiles over 24 h, 7 d and 30 d read these rows
-- plus the raw rows of the hour in progress.
CREATE TABLE status_result_hourly (
    check_id       text NOT NULL,
    hour           timestamptz NOT NULL,
    ok             integer NOT NULL,
    warning        integer NOT NULL,
    critical       integer NOT NULL,
    unknown        integer NOT NULL,
    response_sum   bigint NOT NULL,
    response_min   integer NOT NULL,
    response_max   integer NOT NULL,
    buckets        integer[] NOT NULL,
    PRIMARY KEY (check_id, hour)
);
CREATE INDEX status_result_hourly_hour ON status_result_hourly (hour);

-- Hours that got raw results since they were last rolled up. A writer marks its hours in the
-- transaction that inserts the rows, taking the mark's row lock (ON CONFLICT DO UPDATE), and the
-- roll-up deletes the marks it handles before it reads the rows: so a roll-up either waits for a
-- writer and sees its rows, or leaves the hour marked for the next round. Several replicas may run
-- the roll-up at once; each hour's mark is taken by one of them.
CREATE TABLE status_result_dirty (
    hour  timestamptz PRIMARY KEY
);
