-- 0002_access_control.sql — API tokens, the append-only audit trail, and
-- row-level security on every tenant table (issue 3).
--
-- Forward-only: never edited once applied; changes go into a new file.
--
-- The caller of a transaction is set with set_config(…, true) (SET LOCAL) by
-- wvlv_db_set_caller() and read by the policies below:
--   wvlv.municipality  'GM0599', or '' for a national caller
--   wvlv.national      'on' for a national (read-only) caller, else 'off'
--   wvlv.token_id, wvlv.token_label, wvlv.request_id   (for the record only)
-- Without a caller nothing is visible and nothing can be written.  The
-- policies apply to every role (no TO clause) and FORCE makes them apply to
-- the tables' owner too; only a superuser bypasses them.

-- ---- API tokens ----------------------------------------------------------------
-- Only the SHA-256 of a token is stored.  The server role has no privilege on
-- this table at all: it authenticates through wvlv_authenticate() below.
CREATE TABLE api_tokens (
	id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	municipality_code  text CHECK (municipality_code ~ '^GM[0-9]{4}$'),  -- NULL: national
	national           boolean NOT NULL,
	role               text NOT NULL CHECK (role IN ('reader', 'clerk', 'admin')),
	label              text NOT NULL DEFAULT '' CHECK (octet_length(label) < 128),
	token_hash         text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
	created_at         timestamptz NOT NULL DEFAULT now(),
	revoked_at         timestamptz,
	last_used_at       timestamptz,
	CONSTRAINT api_tokens_national_has_no_municipality
		CHECK (national = (municipality_code IS NULL)),
	CONSTRAINT api_tokens_national_reads_only
		CHECK (NOT national OR role = 'reader')
);

REVOKE ALL ON api_tokens FROM PUBLIC;
REVOKE ALL ON api_tokens FROM wvlv_server;

-- The valid token with this hash (no row when unknown or revoked), recording
-- its use at most once a minute so that requests do not each write a row.  A
-- row another transaction is recording right now is skipped, never waited for.
CREATE FUNCTION wvlv_authenticate(hash text)
RETURNS TABLE (id uuid, municipality_code text, "national" boolean, role text, label text,
	       token_hash text)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
	WITH hit AS (
		SELECT t.id, t.municipality_code, t.national, t.role, t.label, t.token_hash
		FROM api_tokens t
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL
	), touched AS (
		UPDATE api_tokens t SET last_used_at = now()
		WHERE t.id IN (SELECT u.id FROM api_tokens u JOIN hit ON hit.id = u.id
			       WHERE u.last_used_at IS NULL
				  OR u.last_used_at < now() - interval '1 minute'
			       FOR UPDATE OF u SKIP LOCKED)
		RETURNING t.id
	)
	SELECT hit.id, hit.municipality_code, hit.national, hit.role, hit.label, hit.token_hash
	FROM hit
$$;

REVOKE EXECUTE ON FUNCTION wvlv_authenticate(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION wvlv_authenticate(text) TO wvlv_server;

-- ---- the audit trail -----------------------------------------------------------
-- One row per write, in the write's transaction.  municipality_code is ''
-- for actions that belong to no municipality (national tokens).  changes is
-- {field: {"before": …, "after": …}} over the fields that differ.  at and
-- txid are always set by the database (audit_log_guard), never by a client.
CREATE TABLE audit_log (
	id                 bigserial PRIMARY KEY,
	at                 timestamptz NOT NULL DEFAULT now(),
	token_id           uuid,
	token_label        text,
	municipality_code  text NOT NULL
		CHECK (municipality_code = '' OR municipality_code ~ '^GM[0-9]{4}$'),
	entity             text NOT NULL CHECK (entity <> ''),
	entity_id          text NOT NULL,
	action             text NOT NULL CHECK (action <> ''),
	changes            jsonb NOT NULL CHECK (jsonb_typeof(changes) = 'object'),
	request_id         text,
	txid               bigint NOT NULL DEFAULT txid_current()
);

CREATE INDEX audit_log_entity_idx ON audit_log (municipality_code, entity, entity_id, id);
CREATE INDEX audit_log_at_idx ON audit_log (at);

-- Append-only for everyone, the owner included: an insert gets the real time
-- and transaction; an update, delete or truncate is refused.
CREATE FUNCTION audit_log_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		NEW.at := now();
		NEW.txid := txid_current();
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'audit_log is append-only; % is not allowed', TG_OP
		USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_append_only
	BEFORE INSERT OR UPDATE OR DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
CREATE TRIGGER audit_log_no_truncate
	BEFORE TRUNCATE ON audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();

REVOKE ALL ON audit_log FROM PUBLIC;
GRANT SELECT ON audit_log TO wvlv_server;
-- every column but id, at and txid, which the database fills in
GRANT INSERT (token_id, token_label, municipality_code, entity, entity_id, action, changes,
	      request_id) ON audit_log TO wvlv_server;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM wvlv_server;
GRANT USAGE ON SEQUENCE audit_log_id_seq TO wvlv_server;

-- ---- every change of a designation has its audit row --------------------------
-- Checked at COMMIT (deferred), so the audit row may be appended after the
-- change, anywhere in the same transaction.  SECURITY DEFINER and the policy
-- audit_log_read_own_transaction let it see the transaction's audit rows
-- whatever the caller may read.
CREATE FUNCTION designations_require_audit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
	d_id   uuid;
	d_code text;
BEGIN
	IF TG_OP = 'DELETE' THEN
		d_id := OLD.id;
		d_code := OLD.municipality_code;
	ELSE
		d_id := NEW.id;
		d_code := NEW.municipality_code;
	END IF;
	IF NOT EXISTS (SELECT FROM audit_log a
		       WHERE a.municipality_code = d_code AND a.entity = 'designation'
			 AND a.entity_id = d_id::text AND a.txid = txid_current()) THEN
		RAISE EXCEPTION 'designation % changed without an audit row', d_id
			USING ERRCODE = 'WV001';
	END IF;
	RETURN NULL;
END
$$;

-- The same for the periods, which belong to their designation's record.
CREATE FUNCTION designation_periods_require_audit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
	d_id   uuid;
	d_code text;
BEGIN
	IF TG_OP = 'DELETE' THEN
		d_id := OLD.designation_id;
		d_code := OLD.municipality_code;
	ELSE
		d_id := NEW.designation_id;
		d_code := NEW.municipality_code;
	END IF;
	IF NOT EXISTS (SELECT FROM audit_log a
		       WHERE a.municipality_code = d_code AND a.entity = 'designation'
			 AND a.entity_id = d_id::text AND a.txid = txid_current()) THEN
		RAISE EXCEPTION 'designation % changed without an audit row', d_id
			USING ERRCODE = 'WV001';
	END IF;
	RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION designations_require_audit() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION designation_periods_require_audit() FROM PUBLIC;

CREATE CONSTRAINT TRIGGER designations_audited
	AFTER INSERT OR UPDATE OR DELETE ON designations
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION designations_require_audit();
CREATE CONSTRAINT TRIGGER designation_periods_audited
	AFTER INSERT OR UPDATE OR DELETE ON designation_periods
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION designation_periods_require_audit();

-- ---- row-level security ----------------------------------------------------------
-- Read: the caller's municipality, or everything for a national caller.
-- Write: only the caller's own municipality; a national caller writes nothing.

ALTER TABLE designations ENABLE ROW LEVEL SECURITY;
ALTER TABLE designations FORCE ROW LEVEL SECURITY;
CREATE POLICY designations_read ON designations FOR SELECT
	USING (municipality_code = nullif(current_setting('wvlv.municipality', true), '')
	       OR current_setting('wvlv.national', true) = 'on');
CREATE POLICY designations_insert ON designations FOR INSERT
	WITH CHECK (municipality_code = nullif(current_setting('wvlv.municipality', true), ''));
CREATE POLICY designations_update ON designations FOR UPDATE
	USING (municipality_code = nullif(current_setting('wvlv.municipality', true), ''))
	WITH CHECK (municipality_code = nullif(current_setting('wvlv.municipality', true), ''));
CREATE POLICY designations_delete ON designations FOR DELETE
	USING (municipality_code = nullif(current_setting('wvlv.municipality', true), ''));

ALTER TABLE designation_periods ENABLE ROW LEVEL SECURITY;
ALTER TABLE designation_periods FORCE ROW LEVEL SECURITY;
CREATE POLICY designation_periods_read ON designation_periods FOR SELECT
	USING (municipality_code = nullif(current_setting('wvlv.municipality', true), '')
	       OR current_setting('wvlv.national', true) = 'on');
CREATE POLICY designation_periods_insert ON designation_periods FOR INSERT
	WITH CHECK (municipality_code = nullif(current_setting('wvlv.municipality', true), ''));
CREATE POLICY designation_periods_update ON designation_periods FOR UPDATE
	USING (municipality_code = nullif(current_setting('wvlv.municipality', true), ''))
	WITH CHECK (municipality_code = nullif(current_setting('wvlv.municipality', true), ''));
CREATE POLICY designation_periods_delete ON designation_periods FOR DELETE
	USING (municipality_code = nullif(current_setting('wvlv.municipality', true), ''));

ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY idempotency_keys_read ON idempotency_keys FOR SELECT
	USING (municipality_code = nullif(current_setting('wvlv.municipality', true), '')
	       OR current_setting('wvlv.national', true) = 'on');
CREATE POLICY idempotency_keys_insert ON idempotency_keys FOR INSERT
	WITH CHECK (municipality_code = nullif(current_setting('wvlv.municipality', true), ''));
CREATE POLICY idempotency_keys_update ON idempotency_keys FOR UPDATE
	USING (municipality_code = nullif(current_setting('wvlv.municipality', true), ''))
	WITH CHECK (municipality_code = nullif(current_setting('wvlv.municipality', true), ''));
CREATE POLICY idempotency_keys_delete ON idempotency_keys FOR DELETE
	USING (municipality_code = nullif(current_setting('wvlv.municipality', true), ''));

-- The audit trail: no UPDATE or DELETE policy exists (nor the grants, nor
-- does the guard trigger allow them).  A transaction always sees the audit
-- rows it wrote itself (the deferred check above relies on it).  The owner
-- (the migrating user: `wvlv keys`, seed-demo) may append rows of any
-- municipality, '' included; the server role only its caller's.
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_log_read ON audit_log FOR SELECT
	USING (municipality_code = nullif(current_setting('wvlv.municipality', true), '')
	       OR current_setting('wvlv.national', true) = 'on');
CREATE POLICY audit_log_read_own_transaction ON audit_log FOR SELECT
	USING (txid = txid_current_if_assigned());
CREATE POLICY audit_log_insert ON audit_log FOR INSERT
	WITH CHECK (municipality_code = nullif(current_setting('wvlv.municipality', true), ''));
CREATE POLICY audit_log_insert_owner ON audit_log FOR INSERT
	WITH CHECK (pg_has_role(current_user,
				(SELECT c.relowner FROM pg_class c
				 WHERE c.oid = 'audit_log'::regclass), 'USAGE'));
