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

-- ---- the caller's municipality, and national reading ---------------------------------------
DO $$
DECLARE
	own      constant text := $e$municipality_code = (SELECT nullif(current_setting('wvlv.municipality', true), ''))$e$;
	national constant text := $e$(SELECT current_setting('wvlv.national', true) = 'on')$e$;
	t        text;
BEGIN
	-- reading: the caller's municipality, or every municipality for a national caller
	FOREACH t IN ARRAY ARRAY['sale_notifications', 'sale_notification_events',
				 'sale_notification_parcels', 'designations', 'designation_periods',
				 'audit_log', 'alert_ledger', 'idempotency_keys'] LOOP
		EXECUTE format('ALTER POLICY %I ON %I USING (%s OR %s)', t || '_read', t, own, national);
	END LOOP;
	-- writing: the caller's own municipality only
	FOREACH t IN ARRAY ARRAY['sale_notifications', 'sale_notification_events', 'designations',
				 'designation_periods', 'audit_log', 'alert_ledger',
				 'idempotency_keys'] LOOP
		EXECUTE format('ALTER POLICY %I ON %I WITH CHECK (%s)', t || '_insert', t, own);
	END LOOP;
	FOREACH t IN ARRAY ARRAY['sale_notifications', 'sale_notification_events', 'designations',
				 'designation_periods', 'alert_ledger', 'idempotency_keys'] LOOP
		EXECUTE format('ALTER POLICY %I ON %I USING (%s) WITH CHECK (%s)', t || '_update', t,
			       own, own);
	END LOOP;
	FOREACH t IN ARRAY ARRAY['sale_notifications', 'sale_notification_events', 'designations',
				 'designation_periods', 'idempotency_keys'] LOOP
		EXECUTE format('ALTER POLICY %I ON %I USING (%s)', t || '_delete', t, own);
	END LOOP;
	-- a national caller's own rows (municipality_code ''), and the equated days
	EXECUTE format('ALTER POLICY audit_log_insert_national ON audit_log'
		       ' WITH CHECK (municipality_code = %L AND %s)', '', national);
	EXECUTE format('ALTER POLICY idempotency_keys_insert_national ON idempotency_keys'
		       ' WITH CHECK (municipality_code = %L AND %s)', '', national);
	EXECUTE format('ALTER POLICY idempotency_keys_update_national ON idempotency_keys'
		       ' USING (municipality_code = %L AND %s) WITH CHECK (municipality_code = %L AND %s)',
		       '', national, '', national);
	EXECUTE format('ALTER POLICY equated_holidays_insert ON equated_holidays WITH CHECK (%s)',
		       national);
	EXECUTE format('ALTER POLICY equated_holidays_delete ON equated_holidays USING (%s)',
		       national);
END
$$;

-- ---- the tables' owner (the alert job, the migrations) reads every row ------------------------
DO $$
DECLARE
	owner constant text := $e$(SELECT pg_has_role(current_user, c.relowner, 'USAGE')
				  FROM pg_class c WHERE c.oid = %L::regclass)$e$;
BEGIN
	EXECUTE format('ALTER POLICY sale_notifications_read_owner ON sale_notifications USING (%s)',
		       format(owner, 'sale_notifications'));
	EXECUTE format('ALTER POLICY sale_notification_parcels_owner ON sale_notification_parcels'
		       ' USING (%s) WITH CHECK (%s)', format(owner, 'sale_notification_parcels'),
		       format(owner, 'sale_notification_parcels'));
	EXECUTE format('ALTER POLICY alert_ledger_owner ON alert_ledger USING (%s) WITH CHECK (%s)',
		       format(owner, 'alert_ledger'), format(owner, 'alert_ledger'));
	EXECUTE format('ALTER POLICY audit_log_insert_owner ON audit_log WITH CHECK (%s)',
		       format(owner, 'audit_log'));
END
$$;
