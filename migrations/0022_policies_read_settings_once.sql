-- 0022_policies_read_settings_once.sql — the row-level security policies read the session's
-- scope once per statement, not once per row.
--
-- Every policy compares a row's municipality_code with the caller's scope: the settings
-- wvlv.municipality and wvlv.national (set per transaction by the server), and for the tables'
-- owner pg_has_role().  Written as plain calls, PostgreSQL evaluates them for every row a scan
-- passes: counting the 23 000 open offers a national reader lists at 10^6 offers took 8 ms, of
-- which 6.5 ms were these calls (bench/national.sh).  Each call is now a scalar sub-select,
-- which the planner evaluates once per statement (an InitPlan) and the scan compares as a
-- parameter: the same verdict for every row, since nothing changes the settings while a
-- statement runs.  Who may read or write what is unchanged (test_access_matrix).
--
-- Forward-only: once applied anywhere, this file is never edited.

-- ---- the session's scope, each read once ----------------------------------------------------
-- (written out in every policy: a policy's expression is stored as it is written)

-- reading: the caller's municipality, or every municipality for a national caller
ALTER POLICY sale_notifications_read ON sale_notifications
	USING (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), ''))
	       OR (SELECT current_setting('wvlv.national', true) = 'on'));
ALTER POLICY sale_notification_events_read ON sale_notification_events
	USING (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), ''))
	       OR (SELECT current_setting('wvlv.national', true) = 'on'));
ALTER POLICY sale_notification_parcels_read ON sale_notification_parcels
	USING (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), ''))
	       OR (SELECT current_setting('wvlv.national', true) = 'on'));
ALTER POLICY designations_read ON designations
	USING (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), ''))
	       OR (SELECT current_setting('wvlv.national', true) = 'on'));
ALTER POLICY designation_periods_read ON designation_periods
	USING (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), ''))
	       OR (SELECT current_setting('wvlv.national', true) = 'on'));
ALTER POLICY audit_log_read ON audit_log
	USING (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), ''))
	       OR (SELECT current_setting('wvlv.national', true) = 'on'));
ALTER POLICY alert_ledger_read ON alert_ledger
	USING (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), ''))
	       OR (SELECT current_setting('wvlv.national', true) = 'on'));
ALTER POLICY idempotency_keys_read ON idempotency_keys
	USING (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), ''))
	       OR (SELECT current_setting('wvlv.national', true) = 'on'));

-- writing: the caller's own municipality only
ALTER POLICY sale_notifications_insert ON sale_notifications
	WITH CHECK (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')));
ALTER POLICY sale_notifications_update ON sale_notifications
	USING (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')))
	WITH CHECK (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')));
ALTER POLICY sale_notifications_delete ON sale_notifications
	USING (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')));
ALTER POLICY sale_notification_events_insert ON sale_notification_events
	WITH CHECK (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')));
ALTER POLICY sale_notification_events_update ON sale_notification_events
	USING (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')))
	WITH CHECK (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')));
ALTER POLICY sale_notification_events_delete ON sale_notification_events
	USING (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')));
ALTER POLICY designations_insert ON designations
	WITH CHECK (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')));
ALTER POLICY designations_update ON designations
	USING (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')))
	WITH CHECK (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')));
ALTER POLICY designations_delete ON designations
	USING (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')));
ALTER POLICY designation_periods_insert ON designation_periods
	WITH CHECK (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')));
ALTER POLICY designation_periods_update ON designation_periods
	USING (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')))
	WITH CHECK (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')));
ALTER POLICY designation_periods_delete ON designation_periods
	USING (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')));
ALTER POLICY audit_log_insert ON audit_log
	WITH CHECK (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')));
ALTER POLICY alert_ledger_insert ON alert_ledger
	WITH CHECK (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')));
ALTER POLICY alert_ledger_update ON alert_ledger
	USING (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')))
	WITH CHECK (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')));
ALTER POLICY idempotency_keys_insert ON idempotency_keys
	WITH CHECK (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')));
ALTER POLICY idempotency_keys_update ON idempotency_keys
	USING (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')))
	WITH CHECK (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')));
ALTER POLICY idempotency_keys_delete ON idempotency_keys
	USING (municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), '')));

-- writing across municipalities: a national caller's own rows (municipality_code '')
ALTER POLICY audit_log_insert_national ON audit_log
	WITH CHECK (municipality_code = '' AND (SELECT current_setting('wvlv.national', true) = 'on'));
ALTER POLICY idempotency_keys_insert_national ON idempotency_keys
	WITH CHECK (municipality_code = '' AND (SELECT current_setting('wvlv.national', true) = 'on'));
ALTER POLICY idempotency_keys_update_national ON idempotency_keys
	USING (municipality_code = '' AND (SELECT current_setting('wvlv.national', true) = 'on'))
	WITH CHECK (municipality_code = '' AND (SELECT current_setting('wvlv.national', true) = 'on'));
ALTER POLICY equated_holidays_insert ON equated_holidays
	WITH CHECK ((SELECT current_setting('wvlv.national', true) = 'on'));
ALTER POLICY equated_holidays_delete ON equated_holidays
	USING ((SELECT current_setting('wvlv.national', true) = 'on'));

-- the tables' owner (the alert job and the migrations) reads every row
ALTER POLICY sale_notifications_read_owner ON sale_notifications
	USING ((SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c
		WHERE c.oid = 'sale_notifications'::regclass));
ALTER POLICY sale_notification_parcels_owner ON sale_notification_parcels
	USING ((SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c
		WHERE c.oid = 'sale_notification_parcels'::regclass))
	WITH CHECK ((SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c
		     WHERE c.oid = 'sale_notification_parcels'::regclass));
ALTER POLICY alert_ledger_owner ON alert_ledger
	USING ((SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c
		WHERE c.oid = 'alert_ledger'::regclass))
	WITH CHECK ((SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c
		     WHERE c.oid = 'alert_ledger'::regclass));
ALTER POLICY audit_log_insert_owner ON audit_log
	WITH CHECK ((SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c
		     WHERE c.oid = 'audit_log'::regclass));
