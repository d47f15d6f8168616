-- 0010_offer_basis.sql — one open offer per cadastral parcel, and the alert
-- ledger open to every kind of lib/domain/alerts.c (issue 11, points 5 and 6).
--
-- Forward-only: never edited once applied; changes go into a new file.

-- ---- one open offer per cadastral parcel (docs/law.md §2.12) ------------------------
-- An offer names 1..100 cadastral parcels (normalised by the domain before
-- they are stored in property.cadastralParcels).  Each parcel of each offer
-- is a row here, kept by the trigger below, never by the server: `open` is
-- true while the offer's status is open (received, negotiating,
-- court-requested, in-court: wvlv_offer_status_is_open in lib/domain/offer.c;
-- the two lists must name the same statuses).  The partial unique index lets
-- a municipality have at most one open offer per parcel, so two registrations
-- racing each other cannot both succeed; the trigger turns the violation into
-- SQLSTATE WV002, which the store maps to 409 duplicate-offer.  The server
-- checks first (and names the open offer); the index is the backstop.
CREATE TABLE sale_notification_parcels (
	sale_notification_id  uuid NOT NULL,
	municipality_code     text NOT NULL,
	parcel                text NOT NULL CHECK (parcel <> ''),
	open                  boolean NOT NULL,
	PRIMARY KEY (sale_notification_id, parcel),
	FOREIGN KEY (sale_notification_id, municipality_code)
		REFERENCES sale_notifications (id, municipality_code)
);
CREATE UNIQUE INDEX sale_notification_parcels_one_open
	ON sale_notification_parcels (municipality_code, parcel) WHERE open;
-- The server role gets nothing: the trigger (SECURITY DEFINER, so as the
-- tables' owner) keeps the rows.  Row-level security as for every table with
-- a municipality_code (0002, 0004): a municipality's caller reads its own
-- rows, the owner everything (the trigger's writes).
REVOKE ALL ON sale_notification_parcels FROM PUBLIC;
ALTER TABLE sale_notification_parcels ENABLE ROW LEVEL SECURITY;
ALTER TABLE sale_notification_parcels FORCE ROW LEVEL SECURITY;
CREATE POLICY sale_notification_parcels_read ON sale_notification_parcels FOR SELECT
	USING (municipality_code = nullif(current_setting('wvlv.municipality', true), '')
	       OR current_setting('wvlv.national', true) = 'on');
CREATE POLICY sale_notification_parcels_owner ON sale_notification_parcels FOR ALL
	USING (pg_has_role(current_user,
			   (SELECT c.relowner FROM pg_class c
			    WHERE c.oid = 'sale_notification_parcels'::regclass), 'USAGE'))
	WITH CHECK (pg_has_role(current_user,
				(SELECT c.relowner FROM pg_class c
				 WHERE c.oid = 'sale_notification_parcels'::regclass),
				'USAGE'));

-- Offers registered before this migration: every parcel row, and the claim
-- (open) of the earliest open offer per parcel only, so that the unique index
-- can be built even where duplicates were accepted before.  Such a later
-- duplicate keeps running, without the claim (law.md §8).
INSERT INTO sale_notification_parcels (sale_notification_id, municipality_code, parcel, open)
SELECT DISTINCT s.id, s.municipality_code, p.parcel, false
FROM sale_notifications s,
     jsonb_array_elements_text(COALESCE(s.property -> 'cadastralParcels', '[]'::jsonb)) p(parcel)
WHERE p.parcel <> '';

UPDATE sale_notification_parcels sp SET open = true
FROM (SELECT DISTINCT ON (x.municipality_code, x.parcel) x.sale_notification_id, x.parcel
      FROM sale_notification_parcels x
      JOIN sale_notifications s ON s.id = x.sale_notification_id
      WHERE s.status IN ('received', 'negotiating', 'court-requested', 'in-court')
      ORDER BY x.municipality_code, x.parcel, s.received_on, s.created_at, s.id) first
WHERE sp.sale_notification_id = first.sale_notification_id AND sp.parcel = first.parcel;

-- Insert: the parcels, claimed when the offer is open.  Status change: an
-- offer that closes gives its claims up; one that opens again (a decision
-- recorded after a lapse, law.md §2.11) claims them again, which fails when
-- another open offer holds a parcel by then.  A change between two open
-- statuses changes nothing (a duplicate from before this migration stays
-- unclaimed).
CREATE FUNCTION sale_notification_parcels_keep() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
	open_statuses constant text[] :=
		ARRAY['received', 'negotiating', 'court-requested', 'in-court'];
	now_open  boolean := NEW.status = ANY (open_statuses);
	was_open  boolean;
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO sale_notification_parcels (sale_notification_id, municipality_code,
						       parcel, open)
		SELECT DISTINCT NEW.id, NEW.municipality_code, p.parcel, now_open
		FROM jsonb_array_elements_text(
			COALESCE(NEW.property -> 'cadastralParcels', '[]'::jsonb)) p(parcel)
		WHERE p.parcel <> '';
	ELSE
		was_open := OLD.status = ANY (open_statuses);
		IF was_open <> now_open THEN
			UPDATE sale_notification_parcels SET open = now_open
			WHERE sale_notification_id = NEW.id;
		END IF;
	END IF;
	RETURN NULL;
EXCEPTION WHEN unique_violation THEN
	RAISE EXCEPTION 'a cadastral parcel of sale notification % has an open offer already',
		NEW.id USING ERRCODE = 'WV002';
END
$$;
REVOKE EXECUTE ON FUNCTION sale_notification_parcels_keep() FROM PUBLIC;

CREATE TRIGGER sale_notification_parcels_kept
	AFTER INSERT OR UPDATE OF status ON sale_notifications
	FOR EACH ROW EXECUTE FUNCTION sale_notification_parcels_keep();

-- ---- the alert ledger takes every kind the domain names ---------------------------
-- 0004 listed the kinds in a CHECK; a new kind (decision-recorded-late, law.md
-- §6) would need that list rewritten by every migration that adds one.  The
-- kinds are the table wvlv_alert_kind_enum (lib/domain/alerts.c), the only
-- writer is the job; the database now checks only the shape of a name.
-- Whatever CHECK on `kind` an earlier migration left is dropped by its
-- definition, not its name.
DO $$
DECLARE
	c record;
BEGIN
	FOR c IN SELECT con.conname
		 FROM pg_constraint con
		 WHERE con.conrelid = 'alert_ledger'::regclass AND con.contype = 'c'
		   AND pg_get_constraintdef(con.oid) LIKE '%kind%'
	LOOP
		EXECUTE format('ALTER TABLE alert_ledger DROP CONSTRAINT %I', c.conname);
	END LOOP;
END
$$;
ALTER TABLE alert_ledger ADD CONSTRAINT alert_ledger_kind_named
	CHECK (kind ~ '^[a-z]+(-[a-z0-9]+)*$');
