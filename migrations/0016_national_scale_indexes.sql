-- 0016_national_scale_indexes.sql — indexes for a national register (issue 16).
--
-- bench/national.sh loads 342 municipalities, 50 000 designations and up to 2 000 000 offers and
-- logs the plan of every statement the server and the alert job send (auto_explain).  Two
-- plans read a whole table whatever they look for:
--
--   * the alert job's decision-recorded-late check (lib/store/offer_basis.c, SQL_LATE_DECISIONS)
--     looks for decisions whose data says recordedLate: a Seq Scan of sale_notification_events,
--     every event of the register every night.  A partial index on exactly its condition holds
--     only those (few) events, so the night's cost follows them, not the register;
--   * GET /deadlines and the alert job's designation-ending check (lib/store/deadlines.c,
--     SQL_DEADLINES) look for designations not withdrawn whose last period ends in a window: a
--     Seq Scan of designations.  An index on designated_until, for those not withdrawn.
--
-- Forward-only: once applied anywhere, this file is never edited.

CREATE INDEX sale_notification_events_recorded_late_idx
	ON sale_notification_events (recorded_at)
	WHERE type = 'decision' AND data @> '{"recordedLate": true}';

CREATE INDEX designations_until_idx
	ON designations (designated_until)
	WHERE withdrawn_on IS NULL;
