-- 0009_national_admin.sql — national data is kept nationally (issue 11).
--
-- Forward-only: never edited once applied; changes go into a new file.
--
-- The days equated with holidays (Atw art. 3(3)) are the same for every
-- municipality, so a municipality no longer changes them: a national token
-- with the role admin does (`wvlv keys create --national --role admin`), and
-- changes nothing of any municipality (server/auth.c refuses its municipal
-- writes; the policies of 0002/0003 let a national caller write no
-- municipality's rows anyway).

-- A national token is a reader (reads every municipality) or an admin (also
-- keeps the national data); never a clerk.
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_national_reads_only;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_national_reader_or_admin
	CHECK (NOT national OR role IN ('reader', 'admin'));

-- The audit row of a change of national data belongs to no municipality
-- (municipality_code ''), and only a national caller appends one.
CREATE POLICY audit_log_insert_national ON audit_log FOR INSERT
	WITH CHECK (municipality_code = '' AND current_setting('wvlv.national', true) = 'on');

-- Everyone reads the equated days; only a national caller adds or removes
-- one.  Not FORCEd: the tables' owner (migrations, `wvlv` commands run as
-- the owner) is not held to it.
ALTER TABLE equated_holidays ENABLE ROW LEVEL SECURITY;
CREATE POLICY equated_holidays_read ON equated_holidays FOR SELECT USING (true);
CREATE POLICY equated_holidays_insert ON equated_holidays FOR INSERT
	WITH CHECK (current_setting('wvlv.national', true) = 'on');
CREATE POLICY equated_holidays_delete ON equated_holidays FOR DELETE
	USING (current_setting('wvlv.national', true) = 'on');

-- The municipalities with closed offers (lapsed, released) whose response or
-- filing deadline lies in [from_date, until_date]: a new equated day that
-- would have moved such a deadline is reported to that municipality (audit)
-- and in the answer, docs/law.md §2.10.  Codes only, never an offer.
CREATE FUNCTION wvlv_offer_municipalities_closed_with_deadline_between(from_date date,
								       until_date date)
RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
	SELECT DISTINCT s.municipality_code
	FROM sale_notifications s
	WHERE (s.status = 'lapsed' AND s.response_deadline BETWEEN $1 AND $2)
	   OR (s.status = 'released' AND s.court_filing_deadline BETWEEN $1 AND $2)
	ORDER BY 1
$$;

REVOKE EXECUTE ON FUNCTION wvlv_offer_municipalities_closed_with_deadline_between(date, date)
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION wvlv_offer_municipalities_closed_with_deadline_between(date, date)
	TO wvlv_server;

-- A national admin's write may carry an Idempotency-Key: its answer is kept
-- under the scope '' (lib/app/app.c), which only a national caller writes.
CREATE POLICY idempotency_keys_insert_national ON idempotency_keys FOR INSERT
	WITH CHECK (municipality_code = '' AND current_setting('wvlv.national', true) = 'on');
CREATE POLICY idempotency_keys_update_national ON idempotency_keys FOR UPDATE
	USING (municipality_code = '' AND current_setting('wvlv.national', true) = 'on')
	WITH CHECK (municipality_code = '' AND current_setting('wvlv.national', true) = 'on');
