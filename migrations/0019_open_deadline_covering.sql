-- 0019_open_deadline_covering.sql — the open-deadline indexes carry what row-level security and
-- the lists' filters read, so that counting the open offers of a deadline reads no table row.
--
-- GET /api/v1/sale-notifications?deadlineBefore=… gives numberMatched on its first page: the
-- offers received whose response deadline is before the day, plus those court-requested whose
-- filing deadline is.  Each is a range of a partial index of migration 0003; but the policies of
-- row-level security read municipality_code (and the filter designationId designation_id), which
-- those indexes did not hold, so every match was fetched from the table: 20 000 random heap
-- reads for a national reader at 10^6 offers (bench/national.sh).  The same indexes with
-- INCLUDE (municipality_code, designation_id) answer the count by an index-only scan.  They
-- replace 0003's, of which they are the same key and predicate (GET /deadlines, the alert job
-- and the equated-day moves use them as before).
--
-- Forward-only: once applied anywhere, this file is never edited.

CREATE INDEX sale_notifications_received_deadline_idx
	ON sale_notifications (response_deadline) INCLUDE (municipality_code, designation_id)
	WHERE status = 'received';
CREATE INDEX sale_notifications_court_deadline_idx
	ON sale_notifications (court_filing_deadline) INCLUDE (municipality_code, designation_id)
	WHERE status = 'court-requested';
DROP INDEX sale_notifications_response_deadline_idx;
DROP INDEX sale_notifications_filing_deadline_idx;
