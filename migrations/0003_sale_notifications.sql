-- 0003_sale_notifications.sql — sale offers under the preference right, their
-- events, and the days equated with holidays by Royal Decree (issue 4).
--
-- Forward-only: never edited once applied; changes go into a new file.
--
-- The store decides no legal rule: status, deadlines and freeToSellUntil are
-- computed by the domain (lib/offer.c, lib/deadline.c) and stored here for
-- queries.  The checks below only refuse states the law does not know.

-- ---- sale notifications -----------------------------------------------------------
-- One offer (DOMAIN.md §2).  location is the one stored geometry (Point, RD
-- New); both GeoJSON encodings are derived from it when a row is written, as
-- for designations.  owner is personal data: NULL once purged
-- (owner_purged_at says when).  The designation is of the same municipality
-- (the composite foreign key).
CREATE TABLE sale_notifications (
	id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	municipality_code      text NOT NULL CHECK (municipality_code ~ '^GM[0-9]{4}$'),
	received_on            date NOT NULL,
	property               jsonb NOT NULL CHECK (jsonb_typeof(property) = 'object'),
	location               geometry(Point, 28992) NOT NULL,
	location_crs84         text NOT NULL
		GENERATED ALWAYS AS (ST_AsGeoJSON(ST_Transform(location, 4326), 8, 0)) STORED,
	location_rd            text NOT NULL
		GENERATED ALWAYS AS (ST_AsGeoJSON(location, 3, 0)) STORED,
	owner                  jsonb CHECK (owner IS NULL OR jsonb_typeof(owner) = 'object'),
	owner_purged_at        timestamptz,
	asking_price           numeric(14, 2) CHECK (asking_price >= 0),
	exemption              text CHECK (exemption IN ('family', 'marital-or-estate-division',
							 'will', 'public-body', 'forced-sale',
							 'registered-prior-contract')),
	designation_id         uuid NOT NULL,
	status                 text NOT NULL
		CHECK (status IN ('received', 'negotiating', 'court-requested', 'in-court',
				  'purchased', 'released', 'declined', 'lapsed', 'withdrawn',
				  'exempt')),
	response_deadline      date,
	court_filing_deadline  date,
	free_to_sell_until     date,
	last_event_on          date,
	version                int NOT NULL DEFAULT 1 CHECK (version >= 1),
	created_at             timestamptz NOT NULL DEFAULT now(),
	updated_at             timestamptz NOT NULL DEFAULT now(),
	UNIQUE (id, municipality_code),
	FOREIGN KEY (designation_id, municipality_code)
		REFERENCES designations (id, municipality_code),
	-- an exempt offer is recorded with its ground and has no response term
	CONSTRAINT sale_notifications_exempt_has_ground
		CHECK ((status = 'exempt') = (exemption IS NOT NULL)),
	CONSTRAINT sale_notifications_deadline_unless_exempt
		CHECK ((response_deadline IS NULL) = (exemption IS NOT NULL)),
	-- the filing term starts with the owner's court request
	CONSTRAINT sale_notifications_court_requested_has_deadline
		CHECK (status <> 'court-requested' OR court_filing_deadline IS NOT NULL),
	CONSTRAINT sale_notifications_purged_owner_is_gone
		CHECK (owner_purged_at IS NULL OR owner IS NULL)
);

CREATE INDEX sale_notifications_status_idx ON sale_notifications (municipality_code, status);
-- the open deadlines (GET /deadlines, the alert job)
CREATE INDEX sale_notifications_response_deadline_idx ON sale_notifications (response_deadline)
	WHERE status = 'received';
CREATE INDEX sale_notifications_filing_deadline_idx ON sale_notifications (court_filing_deadline)
	WHERE status = 'court-requested';
-- statistics per designation and year of receipt
CREATE INDEX sale_notifications_designation_idx ON sale_notifications (designation_id, received_on);

-- The history of an offer: every event, numbered 1, 2, … per offer in the
-- order recorded.  actor is the token's label, or 'system' for the alert
-- job's own events; data holds the event's own members ({"decision": …},
-- {"price": …}).  Append-only for the server: no UPDATE or DELETE grant.
CREATE TABLE sale_notification_events (
	sale_notification_id  uuid NOT NULL,
	municipality_code     text NOT NULL CHECK (municipality_code ~ '^GM[0-9]{4}$'),
	sequence              int NOT NULL CHECK (sequence >= 1),
	type                  text NOT NULL
		CHECK (type IN ('decision', 'agreement', 'court-requested', 'court-filed',
				'court-withdrawn', 'withdrawal', 'lapse', 'release',
				'deadline-moved')),
	on_date               date NOT NULL,
	actor                 text NOT NULL,
	actor_token_id        uuid,
	recorded_at           timestamptz NOT NULL DEFAULT now(),
	data                  jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(data) = 'object'),
	PRIMARY KEY (sale_notification_id, sequence),
	FOREIGN KEY (sale_notification_id, municipality_code)
		REFERENCES sale_notifications (id, municipality_code)
);

-- ---- days equated with holidays (Atw art. 3(3)) ----------------------------------
-- National data, the same for every municipality: no municipality_code and no
-- row-level security.  Years as the holiday calendar of lib/deadline.c.
CREATE TABLE equated_holidays (
	date        date PRIMARY KEY CHECK (date BETWEEN '1900-01-01' AND '2199-12-31'),
	reference   text NOT NULL CHECK (reference <> ''),
	created_at  timestamptz NOT NULL DEFAULT now()
);

-- ---- grants ----------------------------------------------------------------------
-- No DELETE: offers are never removed (owner data is purged by UPDATE), and
-- their history is never rewritten.
GRANT SELECT, INSERT, UPDATE ON sale_notifications TO wvlv_server;
GRANT SELECT, INSERT ON sale_notification_events TO wvlv_server;
GRANT SELECT, INSERT, DELETE ON equated_holidays TO wvlv_server;

-- ---- every change of an offer has its audit row -------------------------------------
-- As for designations (0002): checked at COMMIT, against the audit rows of
-- the same transaction, entity 'sale-notification'.  An event belongs to its
-- offer's record.
CREATE FUNCTION sale_notifications_require_audit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
	s_id   uuid;
	s_code text;
BEGIN
	IF TG_OP = 'DELETE' THEN
		s_id := OLD.id;
		s_code := OLD.municipality_code;
	ELSE
		s_id := NEW.id;
		s_code := NEW.municipality_code;
	END IF;
	IF NOT EXISTS (SELECT FROM audit_log a
		       WHERE a.municipality_code = s_code AND a.entity = 'sale-notification'
			 AND a.entity_id = s_id::text AND a.txid = txid_current()) THEN
		RAISE EXCEPTION 'sale notification % changed without an audit row', s_id
			USING ERRCODE = 'WV001';
	END IF;
	RETURN NULL;
END
$$;

CREATE FUNCTION sale_notification_events_require_audit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
	s_id   uuid;
	s_code text;
BEGIN
	IF TG_OP = 'DELETE' THEN
		s_id := OLD.sale_notification_id;
		s_code := OLD.municipality_code;
	ELSE
		s_id := NEW.sale_notification_id;
		s_code := NEW.municipality_code;
	END IF;
	IF NOT EXISTS (SELECT FROM audit_log a
		       WHERE a.municipality_code = s_code AND a.entity = 'sale-notification'
			 AND a.entity_id = s_id::text AND a.txid = txid_current()) THEN
		RAISE EXCEPTION 'sale notification % changed without an audit row', s_id
			USING ERRCODE = 'WV001';
	END IF;
	RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sale_notifications_require_audit() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION sale_notification_events_require_audit() FROM PUBLIC;

CREATE CONSTRAINT TRIGGER sale_notifications_audited
	AFTER INSERT OR UPDATE OR DELETE ON sale_notifications
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION sale_notifications_require_audit();
CREATE CONSTRAINT TRIGGER sale_notification_events_audited
	AFTER INSERT OR UPDATE OR DELETE ON sale_notification_events
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION sale_notification_events_require_audit();

-- ---- row-level security ----------------------------------------------------------
-- As 0002 for designations.  Read: the caller's municipality, or everything
-- for a national caller.  Write: only the caller's own municipality.

ALTER TABLE sale_notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE sale_notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY sale_notifications_read ON sale_notifications FOR SELECT
	USING (municipality_code = nullif(current_setting('wvlv.municipality', true), '')
	       OR current_setting('wvlv.national', true) = 'on');
CREATE POLICY sale_notifications_insert ON sale_notifications FOR INSERT
	WITH CHECK (municipality_code = nullif(current_setting('wvlv.municipality', true), ''));
CREATE POLICY sale_notifications_update ON sale_notifications FOR UPDATE
	USING (municipality_code = nullif(current_setting('wvlv.municipality', true), ''))
	WITH CHECK (municipality_code = nullif(current_setting('wvlv.municipality', true), ''));
CREATE POLICY sale_notifications_delete ON sale_notifications FOR DELETE
	USING (municipality_code = nullif(current_setting('wvlv.municipality', true), ''));
-- The tables' owner reads every offer: FORCE holds the owner to the policies,
-- and wvlv_offer_municipalities_with_deadline_between() below runs as the
-- owner to look across municipalities.  The server role is not the owner nor
-- a member of it (the owner is a member of the server role, not the reverse),
-- so this grants the server nothing; a superuser owner bypasses it anyway.
CREATE POLICY sale_notifications_read_owner ON sale_notifications FOR SELECT
	USING (pg_has_role(current_user,
			   (SELECT c.relowner FROM pg_class c
			    WHERE c.oid = 'sale_notifications'::regclass), 'USAGE'));

ALTER TABLE sale_notification_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE sale_notification_events FORCE ROW LEVEL SECURITY;
CREATE POLICY sale_notification_events_read ON sale_notification_events FOR SELECT
	USING (municipality_code = nullif(current_setting('wvlv.municipality', true), '')
	       OR current_setting('wvlv.national', true) = 'on');
CREATE POLICY sale_notification_events_insert ON sale_notification_events FOR INSERT
	WITH CHECK (municipality_code = nullif(current_setting('wvlv.municipality', true), ''));
CREATE POLICY sale_notification_events_update ON sale_notification_events FOR UPDATE
	USING (municipality_code = nullif(current_setting('wvlv.municipality', true), ''))
	WITH CHECK (municipality_code = nullif(current_setting('wvlv.municipality', true), ''));
CREATE POLICY sale_notification_events_delete ON sale_notification_events FOR DELETE
	USING (municipality_code = nullif(current_setting('wvlv.municipality', true), ''));

-- ---- across municipalities --------------------------------------------------------
-- The municipalities with open offers whose deadline lies in [from_date,
-- until_date]: status received with the response deadline in range, or
-- court-requested with the filing deadline in range.  Adding an equated day
-- moves such deadlines in every municipality; the caller then scopes one
-- transaction step per municipality (wvlv_db_set_caller) to move them.
-- Codes only, never an offer.
CREATE FUNCTION wvlv_offer_municipalities_with_deadline_between(from_date date, until_date date)
RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
	SELECT DISTINCT s.municipality_code
	FROM sale_notifications s
	WHERE (s.status = 'received' AND s.response_deadline BETWEEN $1 AND $2)
	   OR (s.status = 'court-requested' AND s.court_filing_deadline BETWEEN $1 AND $2)
	ORDER BY 1
$$;

REVOKE EXECUTE ON FUNCTION wvlv_offer_municipalities_with_deadline_between(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION wvlv_offer_municipalities_with_deadline_between(date, date)
	TO wvlv_server;
