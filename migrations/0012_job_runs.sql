-- 0012_job_runs.sql — the last run of each nightly job (issue 13, point 2).
--
-- Forward-only: never edited once applied; changes go into a new file.
--
-- `wvlv alerts` and `wvlv purge` run as processes of their own (a timer, cron);
-- `wvlv serve` shows their last run on /metrics, so each run that took its
-- lock records itself here when it ends (a --dry-run records nothing): when it
-- started and ended, whether it succeeded (it ran to the end with no failure),
-- what it did (alerts reported; offers purged) and how many failures it had
-- (alert errors and webhook deliveries that failed; municipalities rolled
-- back).  One row per job, replaced by each run; last_success_at stays from
-- the last run that succeeded, so an alert rule can ask how long ago that was.
-- No personal data, no municipality: not under row-level security.

CREATE TABLE job_run (
	job              text PRIMARY KEY CHECK (job IN ('alerts', 'purge')),
	started_at       timestamptz NOT NULL,
	finished_at      timestamptz NOT NULL,
	succeeded        boolean NOT NULL,
	items            bigint NOT NULL CHECK (items >= 0),
	failures         bigint NOT NULL CHECK (failures >= 0),
	last_success_at  timestamptz,
	runs             bigint NOT NULL CHECK (runs >= 1)
);

REVOKE ALL ON job_run FROM PUBLIC;
-- the jobs connect as the server's role; the server reads it for /metrics
GRANT SELECT, INSERT, UPDATE ON job_run TO wvlv_server;
