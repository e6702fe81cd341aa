-- Every interval the poller computes with must stay within what a timestamp can take: the claim
-- statement adds a check's interval to now, and one row with an interval of thousands of years made
-- it fail for every check on every replica ("timestamp out of range"). The API now refuses such
-- intervals (cairn.status.poll.max-interval); rows written before are brought within the bound here,
-- and the constraint keeps any other writer from storing one again. 31622400000 ms = 366 days, the
-- longest interval any setting may allow (StatusProperties.LONGEST_INTERVAL).
UPDATE status_check SET interval_ms = LEAST(GREATEST(interval_ms, 1), 31622400000)
    WHERE interval_ms < 1 OR interval_ms > 31622400000;

ALTER TABLE status_check ADD CONSTRAINT status_check_interval_bounded
    CHECK (interval_ms IS NULL OR interval_ms BETWEEN 1 AND 31622400000);
