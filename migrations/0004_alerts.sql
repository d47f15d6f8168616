-- 0004_alerts.sql — the ledger of the nightly alert job (issue 5).
--
-- Forward-only: never edited once applied; changes go into a new file.
--
-- One row per alert and delivery channel: which alert (kind, the offer or
-- designation it is about, the deadline or last day it is about, the
-- threshold it was due at), since which night, and when it was delivered.
-- `wvlv alerts` sends an alert on a channel only when its row there has no
-- delivered_at yet, so a re-run the same night (or any later one) repeats
-- nothing:
--   stdout   recorded as delivered in the transaction that decides the alert
--            (for a missed deadline: the same one that records the lapse or
--            release), and printed right after that transaction committed;
--   webhook  recorded with delivered_at NULL and the JSON body (payload) before
--            the first attempt, and marked delivered only after a 2xx answer;
--            a row that stays NULL is tried again on the next run.
-- due_date belongs to the key: a deadline that moved later (an equated day)
-- or a designation that was extended starts its thresholds afresh.
--
-- The rows name offers and designations by id only, never an owner.  Like
-- every table with a municipality_code, the ledger is under row-level
-- security (as in 0002): the job reads it as a national caller and writes each
-- row in the scope of its offer's or designation's municipality, so no
-- municipality's transaction can read or change another's ledger.  The tables'
-- owner (the migrating user) may read, correct and delete every row, e.g. to
-- have an alert reported again; the server role has no DELETE.

CREATE TABLE alert_ledger (
	kind               text NOT NULL
		CHECK (kind IN ('response-approaching', 'filing-approaching', 'response-missed',
				'filing-missed', 'designation-ending')),
	entity_id          uuid NOT NULL,           -- the offer, or the designation
	due_date           date NOT NULL,           -- the deadline / the last designated day
	threshold          int NOT NULL CHECK (threshold BETWEEN 0 AND 365),
	channel            text NOT NULL CHECK (channel IN ('stdout', 'webhook')),
	municipality_code  text NOT NULL CHECK (municipality_code ~ '^GM[0-9]{4}$'),
	first_day          date NOT NULL,           -- the night (--today) it was first due
	delivered_at       timestamptz,             -- NULL: not (yet) delivered on this channel
	attempts           int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	last_attempt_at    timestamptz,
	last_error         text,
	payload            jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
	created_at         timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (kind, entity_id, due_date, threshold, channel)
);

-- the webhook deliveries still to be made
CREATE INDEX alert_ledger_pending_idx ON alert_ledger (channel, created_at)
	WHERE delivered_at IS NULL;
-- reporting per municipality and night
CREATE INDEX alert_ledger_municipality_idx ON alert_ledger (municipality_code, first_day);

REVOKE ALL ON alert_ledger FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON alert_ledger TO wvlv_server;

ALTER TABLE alert_ledger ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_ledger FORCE ROW LEVEL SECURITY;
CREATE POLICY alert_ledger_read ON alert_ledger FOR SELECT
	USING (municipality_code = nullif(current_setting('wvlv.municipality', true), '')
	       OR current_setting('wvlv.national', true) = 'on');
CREATE POLICY alert_ledger_insert ON alert_ledger FOR INSERT
	WITH CHECK (municipality_code = nullif(current_setting('wvlv.municipality', true), ''));
CREATE POLICY alert_ledger_update ON alert_ledger FOR UPDATE
	USING (municipality_code = nullif(current_setting('wvlv.municipality', true), ''))
	WITH CHECK (municipality_code = nullif(current_setting('wvlv.municipality', true), ''));
-- The owner: everything.  The server role is not a member of the owner, so this gives
-- it nothing (see sale_notifications_read_owner in 0003).
CREATE POLICY alert_ledger_owner ON alert_ledger FOR ALL
	USING (pg_has_role(current_user,
			   (SELECT c.relowner FROM pg_class c WHERE c.oid = 'alert_ledger'::regclass),
			   'USAGE'))
	WITH CHECK (pg_has_role(current_user,
				(SELECT c.relowner FROM pg_class c
				 WHERE c.oid = 'alert_ledger'::regclass),
				'USAGE'));
