-- keyset-seed.sql — the offers and audit rows of bench/keyset.sh, after bench/ogc-seed.sql (the
-- designations) and one offer made over HTTP (the row every other is cloned from).
--
--   psql -X -v ON_ERROR_STOP=1 -v offers=300000 -d "$URL" -f bench/keyset-seed.sql
--
-- Run as the superuser of a private bench cluster.  The rows are cloned in bulk with the
-- triggers off (session_replication_role = replica: the deferred "audited" checks, the parcel
-- register), so each offer gets its one audit row here.  :offers offers over ten years
-- (2016–2025, about 82 a day for 300 000, so receivedOn has many ties and the list's
-- tie-breakers matter), created in receipt order a few minutes apart with distinct
-- microseconds; 1 in 20 still `received`, 1 in 100 `court-requested` (so that
-- `status=received&deadlineBefore=…` matches more than 10 000), the others closed with one
-- event.  Fixed: every run gets the same rows (ids are random, their order is not).

BEGIN;
SET LOCAL session_replication_role = replica;

INSERT INTO sale_notifications (municipality_code, received_on, property, location, owner,
	asking_price, designation_id, status, response_deadline, court_filing_deadline,
	free_to_sell_until, last_event_on, created_at, updated_at)
SELECT s.municipality_code, x.day,
       jsonb_build_object('bagIds', '[]'::jsonb,
			  'cadastralParcels', jsonb_build_array('DDT01 B ' || i)),
       s.location, s.owner, 250000 + (i % 1000) * 100, s.designation_id,
       x.st, x.day + 42, CASE WHEN x.st = 'court-requested' THEN x.day + 70 END, NULL,
       x.day + 30, x.ts, x.ts
FROM generate_series(1, :offers) AS i
CROSS JOIN (SELECT * FROM sale_notifications ORDER BY created_at LIMIT 1) AS s
CROSS JOIN LATERAL (
	SELECT date '2016-01-01' + (i::bigint * 3650 / :offers)::int AS day,
	       timestamptz '2016-01-01 08:00Z' + i * (interval '315360000 seconds' / :offers)
		       + (i % 997) * interval '1 microsecond' AS ts,
	       CASE WHEN i % 20 = 0 THEN 'received' WHEN i % 100 = 1 THEN 'court-requested'
		    ELSE (ARRAY['lapsed', 'released', 'purchased', 'declined', 'withdrawn'])[1 + i % 5]
	       END AS st
) AS x;

INSERT INTO sale_notification_events (sale_notification_id, municipality_code, sequence, type,
				      on_date, actor)
SELECT id, municipality_code, 1, 'decision', last_event_on, 'bench/keyset-seed.sql'
FROM sale_notifications
WHERE status NOT IN ('received', 'court-requested')
  AND property -> 'cadastralParcels' ->> 0 LIKE 'DDT01 B %';

INSERT INTO audit_log (token_label, municipality_code, entity, entity_id, action, changes)
SELECT 'bench/keyset-seed.sql', municipality_code, 'sale-notification', id::text, 'create',
       '{"status": {"before": null, "after": "received"}}'::jsonb
FROM sale_notifications
WHERE property -> 'cadastralParcels' ->> 0 LIKE 'DDT01 B %'
ORDER BY created_at;

COMMIT;
ANALYZE;
