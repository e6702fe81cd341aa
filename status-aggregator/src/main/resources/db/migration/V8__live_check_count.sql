-- The number of live (not deleted) checks, kept beside the version under the same row lock, so that the
-- limits.max-checks test of a new check reads one row instead of counting every check: adding n checks one by one
-- cost O(n^2), 53 checks a second at 43,000 checks (issue 18). CheckStore keeps it in the transactions that add,
-- revive and delete checks.
ALTER TABLE status_sync ADD COLUMN live_checks bigint NOT NULL DEFAULT 0;
UPDATE status_sync SET live_checks = (SELECT count(*) FROM status_check WHERE NOT deleted) WHERE id = 1;
