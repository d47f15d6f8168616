-- 0020_statement_level_designation_triggers.sql — the per-row work of two designation triggers
-- done once per statement, with the same results (issue 17, point 5: a file of 10 000
-- designations paid 13 000 separate UPDATEs and 36 000 deferred checks for them).
--
-- 1. designation_periods_ogc_refresh (0006) ran, for every period row written, its own
--    UPDATE of the period's designation (so the BEFORE trigger recomputes ogc_properties and
--    ogc_periods with the periods as they are now).  Now one statement-level trigger per event,
--    with the statement's rows as a transition table, touches each designation the statement
--    wrote periods of once.  The designation ends the same; a statement writing no period
--    touches nothing, as before.  A statement writing several periods of one designation now
--    bumps the change counter (0005) once instead of once a period: the counter only has to
--    grow.
--    The periods' foreign key to their designation becomes DEFERRABLE (INITIALLY IMMEDIATE: checked
--    at each statement as before) so that the import can write a file's periods before their
--    designations (SET CONSTRAINTS … DEFERRED): each designation row is then made once, with its
--    periods, instead of made and then rewritten by this refresh.
-- 2. designations_audited / designation_periods_audited (0002) queued, for every row written,
--    a deferred check of the audit log, each an index query at COMMIT.  Now statement-level
--    triggers note the changed designations in designation_audit_pending (once a designation
--    per transaction), and a deferred constraint trigger on that table checks them at COMMIT:
--    its first firing checks every noted designation of the transaction in one query and
--    marks the transaction checked (wvlv.designation_audit_checked, local to the transaction);
--    the others return at once.  A write after a check (SET CONSTRAINTS … IMMEDIATE) clears the
--    mark, so it is checked again.  The refusal is the same: 'designation % changed without an
--    audit row', SQLSTATE WV001.
--
-- Bulk loads that turn triggers off (session_replication_role = replica) turn these off too.
-- A later migration that rewrites a derived column of designations disables
-- designations_audit_note_insert/_update/_delete instead of designations_audited.
--
-- Forward-only: once applied anywhere, this file is never edited.

-- ---- 1. the periods' refresh of their designation ------------------------------------------
DROP TRIGGER designation_periods_ogc_refresh ON designation_periods;
DROP FUNCTION designation_periods_ogc_refresh();

CREATE FUNCTION designation_periods_ogc_refresh_statement() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF EXISTS (SELECT FROM old_periods) THEN
			UPDATE designations SET ogc_properties = NULL
			 WHERE id IN (SELECT designation_id FROM old_periods);
		END IF;
	ELSIF EXISTS (SELECT FROM new_periods) THEN
		UPDATE designations SET ogc_properties = NULL
		 WHERE id IN (SELECT designation_id FROM new_periods);
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER designation_periods_ogc_refresh_insert
	AFTER INSERT ON designation_periods REFERENCING NEW TABLE AS new_periods
	FOR EACH STATEMENT EXECUTE FUNCTION designation_periods_ogc_refresh_statement();
CREATE TRIGGER designation_periods_ogc_refresh_update
	AFTER UPDATE ON designation_periods REFERENCING NEW TABLE AS new_periods
	FOR EACH STATEMENT EXECUTE FUNCTION designation_periods_ogc_refresh_statement();
CREATE TRIGGER designation_periods_ogc_refresh_delete
	AFTER DELETE ON designation_periods REFERENCING OLD TABLE AS old_periods
	FOR EACH STATEMENT EXECUTE FUNCTION designation_periods_ogc_refresh_statement();

ALTER TABLE designation_periods
	ALTER CONSTRAINT designation_periods_designation_id_municipality_code_fkey
	DEFERRABLE INITIALLY IMMEDIATE;

-- ---- 2. every change of a designation has its audit row, checked once a transaction ---------
DROP TRIGGER designations_audited ON designations;
DROP TRIGGER designation_periods_audited ON designation_periods;
DROP FUNCTION designations_require_audit();
DROP FUNCTION designation_periods_require_audit();

-- The designations changed by the open transaction and not yet checked.  Each transaction
-- sees only its own rows; the check deletes them, so the table stays empty between writes.
CREATE TABLE designation_audit_pending (
	txid              bigint NOT NULL,
	municipality_code text NOT NULL,
	designation_id    uuid NOT NULL,
	PRIMARY KEY (txid, designation_id)
);
REVOKE ALL ON designation_audit_pending FROM PUBLIC;
ALTER TABLE designation_audit_pending ENABLE ROW LEVEL SECURITY;
ALTER TABLE designation_audit_pending FORCE ROW LEVEL SECURITY;
CREATE POLICY designation_audit_pending_own_transaction ON designation_audit_pending
	USING (txid = txid_current()) WITH CHECK (txid = txid_current());

CREATE FUNCTION designations_audit_note() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		INSERT INTO designation_audit_pending (txid, municipality_code, designation_id)
		SELECT txid_current(), o.municipality_code, o.id FROM old_designations o
		ON CONFLICT DO NOTHING;
	ELSE
		INSERT INTO designation_audit_pending (txid, municipality_code, designation_id)
		SELECT txid_current(), n.municipality_code, n.id FROM new_designations n
		ON CONFLICT DO NOTHING;
	END IF;
	PERFORM set_config('wvlv.designation_audit_checked', '', true);
	RETURN NULL;
END
$$;

CREATE FUNCTION designation_periods_audit_note() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		INSERT INTO designation_audit_pending (txid, municipality_code, designation_id)
		SELECT txid_current(), o.municipality_code, o.designation_id FROM old_periods o
		ON CONFLICT DO NOTHING;
	ELSE
		INSERT INTO designation_audit_pending (txid, municipality_code, designation_id)
		SELECT txid_current(), n.municipality_code, n.designation_id FROM new_periods n
		ON CONFLICT DO NOTHING;
	END IF;
	PERFORM set_config('wvlv.designation_audit_checked', '', true);
	RETURN NULL;
END
$$;

-- Deferred to COMMIT, so the audit row may be appended after the change, anywhere in the same
-- transaction.  SECURITY DEFINER and the policy audit_log_read_own_transaction (0002) let it
-- see the transaction's audit rows whatever the caller may read.
CREATE FUNCTION designation_audit_pending_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
	t       bigint := txid_current();
	missing uuid;
BEGIN
	IF current_setting('wvlv.designation_audit_checked', true) = t::text THEN
		RETURN NULL;
	END IF;
	SELECT p.designation_id INTO missing
	  FROM designation_audit_pending p
	 WHERE p.txid = t
	   AND NOT EXISTS (SELECT FROM audit_log a
			   WHERE a.municipality_code = p.municipality_code AND a.entity = 'designation'
			     AND a.entity_id = p.designation_id::text AND a.txid = t)
	 LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'designation % changed without an audit row', missing
			USING ERRCODE = 'WV001';
	END IF;
	DELETE FROM designation_audit_pending WHERE txid = t;
	PERFORM set_config('wvlv.designation_audit_checked', t::text, true);
	RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION designations_audit_note() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION designation_periods_audit_note() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION designation_audit_pending_check() FROM PUBLIC;

CREATE TRIGGER designations_audit_note_insert
	AFTER INSERT ON designations REFERENCING NEW TABLE AS new_designations
	FOR EACH STATEMENT EXECUTE FUNCTION designations_audit_note();
CREATE TRIGGER designations_audit_note_update
	AFTER UPDATE ON designations REFERENCING NEW TABLE AS new_designations
	FOR EACH STATEMENT EXECUTE FUNCTION designations_audit_note();
CREATE TRIGGER designations_audit_note_delete
	AFTER DELETE ON designations REFERENCING OLD TABLE AS old_designations
	FOR EACH STATEMENT EXECUTE FUNCTION designations_audit_note();
CREATE TRIGGER designation_periods_audit_note_insert
	AFTER INSERT ON designation_periods REFERENCING NEW TABLE AS new_periods
	FOR EACH STATEMENT EXECUTE FUNCTION designation_periods_audit_note();
CREATE TRIGGER designation_periods_audit_note_update
	AFTER UPDATE ON designation_periods REFERENCING NEW TABLE AS new_periods
	FOR EACH STATEMENT EXECUTE FUNCTION designation_periods_audit_note();
CREATE TRIGGER designation_periods_audit_note_delete
	AFTER DELETE ON designation_periods REFERENCING OLD TABLE AS old_periods
	FOR EACH STATEMENT EXECUTE FUNCTION designation_periods_audit_note();

CREATE CONSTRAINT TRIGGER designation_audit_pending_checked
	AFTER INSERT ON designation_audit_pending
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION designation_audit_pending_check();
