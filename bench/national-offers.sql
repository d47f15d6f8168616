-- national-offers.sql — offers :first..:last (numbers) of bench/national.sh's register, with
-- their events, cadastral-parcel rows and audit rows, as of the night :'anchor'.
--
--   psql -X -v ON_ERROR_STOP=1 -v first=1 -v last=10000 -v designations=50000 \
--        -v anchor=2026-11-30 -v due=0 -d "$WVLV_DATABASE_URL" -f bench/national-offers.sql
--
-- With due=1 the offers are the alert night's: received 6 weeks before the anchor (a Monday),
-- so their response deadline is the anchor itself, and still `received` (national.sh adds
-- NATIONAL_DUE of them, numbered from 10^9 + 1).  Their designation's periods need not cover
-- that day (the alert job does not look).
--
-- Needs national-seed.sql first (bench_designation).  Offer n is a function of n alone (every
-- draw is hashint8extended(n, k), not random()), so the register of 10^6 offers loaded in one
-- go or in steps of 10^4, 10^5, … is the same.
--
-- Bulk load: one INSERT … SELECT per table in one transaction with session_replication_role =
-- replica, which switches the row triggers off (the deferred audit checks, the parcel trigger,
-- audit_log_guard and the foreign-key checks): this file writes what they would (the parcel
-- rows, `at` and txid of the audit rows), and national.sh checks the foreign keys afterwards.
-- The generated columns (location_crs84, location_rd) are computed by PostgreSQL as always.
--
-- The rows are those the API writes (lib/store/offers.c, audit.c; compare a POST's rows):
--   offer: received on a day inside its designation's periods, before the anchor; the point
--     within half the designation's radius of its centre (inside the star-shaped polygon);
--     property {bagIds, address, cadastralParcels} with a parcel of its own, owner, asking
--     price; response deadline = receipt + 6 weeks, moved past a weekend (Atw art. 1; the
--     holidays of Atw are left out here);
--   state as of the anchor: still `received` when the deadline is after the anchor, otherwise
--     55% declined (decision not-willing within the term), 25% decision willing, then
--     purchased (agreement 2–19 weeks later, when before the anchor, else still
--     negotiating), 10% lapsed (event `lapse` by the system the day after the deadline, only
--     when that day is before the anchor: else declined), 5% withdrawn, 5% exempt (no term);
--   one audit row `create` per offer and one per event (action = the event's type), changes
--     {field: {before, after}} over the fields that differ, as lib/store/audit.c computes them.

BEGIN;
SET LOCAL session_replication_role = replica;

CREATE TEMP TABLE bench_offer ON COMMIT DROP AS
WITH u AS (
	SELECT n,
	       (hashint8extended(n, 1) & 140737488355327)::float8 / 140737488355328.0 AS u1,
	       (hashint8extended(n, 2) & 140737488355327)::float8 / 140737488355328.0 AS u2,
	       (hashint8extended(n, 3) & 140737488355327)::float8 / 140737488355328.0 AS u3,
	       (hashint8extended(n, 4) & 140737488355327)::float8 / 140737488355328.0 AS u4,
	       (hashint8extended(n, 5) & 140737488355327)::float8 / 140737488355328.0 AS u5,
	       (hashint8extended(n, 6) & 140737488355327)::float8 / 140737488355328.0 AS u6
	FROM generate_series(:first::bigint, :last::bigint) AS n
), r AS (
	SELECT u.*, d.id AS designation_id, d.code, d.cx, d.cy, d.r,
	       CASE WHEN :due = 1 THEN :'anchor'::date - 42
		    ELSE d.from_day + floor(u.u2 * (least(d.until_day, :'anchor'::date - 1) - d.from_day + 1))::int
	       END AS received_on
	FROM u JOIN bench_designation d ON d.no = 1 + floor(u.u1 * :designations)::int
), dl AS (
	SELECT r.*, r.received_on + 42 + CASE extract(isodow FROM r.received_on + 42)
					     WHEN 6 THEN 2 WHEN 7 THEN 1 ELSE 0 END AS deadline
	FROM r
)
SELECT dl.n, gen_random_uuid() AS id, dl.code, dl.designation_id, dl.received_on,
       ST_SetSRID(ST_MakePoint(round((dl.cx + 0.5 * dl.r * sqrt(dl.u4) * cos(2 * pi() * dl.u5))::numeric, 3)::float8,
			       round((dl.cy + 0.5 * dl.r * sqrt(dl.u4) * sin(2 * pi() * dl.u5))::numeric, 3)::float8),
		  28992) AS location,
       (150000 + 1000 * floor(dl.u6 * 900))::numeric(14, 2) AS asking_price,
       CASE WHEN :due = 1 THEN 'open'
	    WHEN dl.u3 >= 0.95 THEN 'exempt'
	    WHEN dl.deadline > :'anchor'::date THEN 'open'
	    WHEN dl.u3 < 0.55 THEN 'declined'
	    WHEN dl.u3 < 0.80 THEN 'willing'
	    WHEN dl.u3 < 0.90 AND dl.deadline + 1 < :'anchor'::date THEN 'lapsed'
	    WHEN dl.u3 < 0.90 THEN 'declined'
	    ELSE 'withdrawn' END AS outcome,
       CASE WHEN dl.u3 >= 0.95 AND :due = 0 THEN NULL ELSE dl.deadline END AS response_deadline,
       dl.received_on + 7 + floor(dl.u4 * 35)::int AS d1,
       dl.received_on + 7 + floor(dl.u4 * 35)::int + 14 + floor(dl.u6 * 120)::int AS d2,
       dl.received_on + interval '9 hours' + dl.u5 * interval '8 hours' AS created_at,
       md5('clerk ' || dl.code)::uuid AS clerk_token,
       -- a cadastral designation of its own (docs/law.md, "Cadastral designation"): municipality N + two letters +
       -- two digits from the code, section K (D for the due offers), number and apartment index
       format('N%s%s%s %s %s A %s', chr(65 + substr(dl.code, 3)::int / 26 % 26), chr(65 + substr(dl.code, 3)::int % 26),
	      lpad((substr(dl.code, 3)::int % 100)::text, 2, '0'), CASE WHEN :due = 1 THEN 'D' ELSE 'K' END,
	      dl.n % 100000, 1 + dl.n / 100000 % 9999) AS parcel
FROM dl;

-- the events: seq 1 (and 2 for an agreement) with the state after each
CREATE TEMP TABLE bench_event ON COMMIT DROP AS
SELECT o.id, o.code, 1 AS seq,
       CASE o.outcome WHEN 'lapsed' THEN 'lapse' WHEN 'withdrawn' THEN 'withdrawal' ELSE 'decision' END AS type,
       CASE o.outcome WHEN 'lapsed' THEN o.response_deadline + 1
		      WHEN 'withdrawn' THEN o.received_on + (o.d1 - o.received_on) / 2 ELSE o.d1 END AS on_date,
       CASE o.outcome WHEN 'declined' THEN '{"decision": "not-willing"}'::jsonb
		      WHEN 'willing' THEN '{"decision": "willing"}'::jsonb ELSE '{}'::jsonb END AS data,
       CASE o.outcome WHEN 'declined' THEN 'declined' WHEN 'willing' THEN 'negotiating'
		      WHEN 'lapsed' THEN 'lapsed' ELSE 'withdrawn' END AS status_before_next,
       o.clerk_token, o.outcome = 'lapsed' AS by_system, NULL::date AS prev_on,
       CASE o.outcome WHEN 'declined' THEN (o.d1 + interval '3 years')::date
		      WHEN 'lapsed' THEN (o.response_deadline + interval '3 years')::date END AS free_after
FROM bench_offer o WHERE o.outcome IN ('declined', 'willing', 'lapsed', 'withdrawn')
UNION ALL
SELECT o.id, o.code, 2, 'agreement', o.d2, jsonb_build_object('price', (o.asking_price * 0.95)::numeric(14, 2)::text),
       'purchased', o.clerk_token, false, o.d1, NULL::date
FROM bench_offer o WHERE o.outcome = 'willing' AND o.d2 < :'anchor'::date;

-- the final state of each offer
CREATE TEMP TABLE bench_state ON COMMIT DROP AS
SELECT o.id,
       COALESCE(l.status_before_next, CASE o.outcome WHEN 'exempt' THEN 'exempt' ELSE 'received' END) AS status,
       l.free_after AS free_to_sell_until,
       l.on_date AS last_event_on, 1 + COALESCE(l.seq, 0) AS version,
       COALESCE(l.on_date + interval '11 hours', o.created_at) AS updated_at
FROM bench_offer o
LEFT JOIN (SELECT DISTINCT ON (e.id) * FROM bench_event e ORDER BY e.id, e.seq DESC) l ON l.id = o.id;

INSERT INTO sale_notifications (id, municipality_code, received_on, property, location, owner,
				asking_price, exemption, designation_id, status, response_deadline,
				court_filing_deadline, free_to_sell_until, last_event_on, version,
				created_at, updated_at)
SELECT o.id, o.code, o.received_on,
       jsonb_build_object('bagIds', '[]'::jsonb,
			  'address', jsonb_build_object('city', 'Plaats ' || o.code, 'street', 'Straat ' || (o.n % 997),
							'postalCode', lpad((1000 + o.n % 8999)::text, 4, '0') || ' AB',
							'houseNumber', (1 + o.n % 250)::text),
			  'cadastralParcels', jsonb_build_array(o.parcel)),
       o.location,
       jsonb_build_object('name', 'Eigenaar ' || o.n, 'email', format('eigenaar%s@example.nl', o.n)),
       o.asking_price,
       CASE WHEN o.outcome = 'exempt' THEN (ARRAY['family', 'marital-or-estate-division', 'will',
						  'public-body', 'forced-sale'])[1 + o.n % 5] END,
       o.designation_id, s.status, o.response_deadline, NULL, s.free_to_sell_until,
       s.last_event_on, s.version, o.created_at, s.updated_at
FROM bench_offer o JOIN bench_state s USING (id);

INSERT INTO sale_notification_parcels (sale_notification_id, municipality_code, parcel, open)
SELECT o.id, o.code, o.parcel, s.status IN ('received', 'negotiating')
FROM bench_offer o JOIN bench_state s USING (id);

INSERT INTO sale_notification_events (sale_notification_id, municipality_code, sequence, type,
				      on_date, actor, actor_token_id, recorded_at, data)
SELECT e.id, e.code, e.seq, e.type, e.on_date,
       CASE WHEN e.by_system THEN 'system' ELSE 'clerk ' || e.code END,
       CASE WHEN e.by_system THEN NULL ELSE e.clerk_token END,
       e.on_date + interval '11 hours', e.data
FROM bench_event e;

INSERT INTO audit_log (at, token_id, token_label, municipality_code, entity, entity_id, action,
		       changes, request_id, txid)
SELECT o.created_at, o.clerk_token, 'clerk ' || o.code, o.code, 'sale-notification', o.id::text,
       'create',
       jsonb_build_object(
	       'status', jsonb_build_object('before', NULL, 'after', CASE o.outcome WHEN 'exempt' THEN 'exempt' ELSE 'received' END),
	       'version', jsonb_build_object('before', NULL, 'after', 1),
	       'receivedOn', jsonb_build_object('before', NULL, 'after', o.received_on),
	       'askingPrice', jsonb_build_object('before', NULL, 'after', o.asking_price::text),
	       'designationId', jsonb_build_object('before', NULL, 'after', o.designation_id))
       || CASE WHEN o.outcome = 'exempt'
	       THEN jsonb_build_object('exemption', jsonb_build_object('before', NULL, 'after',
			(ARRAY['family', 'marital-or-estate-division', 'will', 'public-body', 'forced-sale'])[1 + o.n % 5]))
	       ELSE jsonb_build_object('responseDeadline', jsonb_build_object('before', NULL, 'after', o.response_deadline)) END,
       md5(o.id::text || 'c')::text, txid_current()
FROM bench_offer o;

INSERT INTO audit_log (at, token_id, token_label, municipality_code, entity, entity_id, action,
		       changes, request_id, txid)
SELECT e.on_date + interval '11 hours', CASE WHEN e.by_system THEN NULL ELSE e.clerk_token END,
       CASE WHEN e.by_system THEN 'system' ELSE 'clerk ' || e.code END,
       e.code, 'sale-notification', e.id::text, e.type,
       jsonb_build_object(
	       'status', jsonb_build_object('before', CASE e.seq WHEN 1 THEN 'received' ELSE 'negotiating' END,
					    'after', e.status_before_next),
	       'version', jsonb_build_object('before', e.seq, 'after', e.seq + 1),
	       'lastEvent', jsonb_build_object(
		       'before', CASE WHEN e.seq = 2 THEN jsonb_build_object('on', e.prev_on, 'data', '{"decision": "willing"}'::jsonb,
									       'type', 'decision', 'sequence', 1)
				 ELSE 'null'::jsonb END,
		       'after', jsonb_build_object('on', e.on_date, 'data', e.data, 'type', e.type, 'sequence', e.seq)))
       || CASE WHEN e.free_after IS NOT NULL
	       THEN jsonb_build_object('freeToSellUntil', jsonb_build_object('before', NULL, 'after', e.free_after))
	       ELSE '{}'::jsonb END,
       md5(e.id::text || e.seq)::text, txid_current()
FROM bench_event e;

COMMIT;
