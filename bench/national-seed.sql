-- national-seed.sql — the designations of bench/national.sh: :municipalities municipalities
-- (342 for the national register) and :designations designations (50 000) with realistic
-- polygons and periods, as of the night :'anchor' (the day the register is "now").
--
--   psql -X -v ON_ERROR_STOP=1 -v municipalities=342 -v designations=50000 \
--        -v anchor=2026-11-30 -d "$WVLV_DATABASE_URL" -f bench/national-seed.sql
--
-- Run as the superuser owner of a private bench cluster.  Rows as the API writes them (see
-- lib/store/designation_writes.c): the designation with its derived columns, its periods and
-- one audit row per designation, written in bulk (see "Bulk" below).  Fixed seed: every run
-- makes the same register.
--
-- Municipality k (1..:municipalities) is GM followed by 4 digits (GM0003, GM0006, …: 3k) and
-- owns a cell of an 18-column grid over the Netherlands in RD New (x 13 000–278 000, y 306 000–
-- 619 000).  Designation i belongs to municipality 1 + (i - 1) % :municipalities, its centre
-- uniformly in that cell, 8–40 vertices, a star-shaped ring (vertex k at an angle in the k-th
-- of n sectors, radius 55–100% of a radius of 60–400 m: simple and valid, as in
-- bench/ogc-seed.sql), every one with `voorkeursrecht` among its measures.  Periods: an initial
-- one of 3 years starting uniformly in the 10 years before the anchor, then 0–2 extensions of 3
-- years (so the register covers offers received over ten years).  bench_designation keeps,
-- per designation number, what national-offers.sql needs (centre, radius, period span).

BEGIN;

SELECT setseed(0.16342);

CREATE TABLE bench_designation (
	no        int PRIMARY KEY,
	id        uuid NOT NULL,
	code      text NOT NULL,
	cx        float8 NOT NULL,
	cy        float8 NOT NULL,
	r         float8 NOT NULL,
	from_day  date NOT NULL,
	until_day date NOT NULL
);

CREATE TEMP TABLE bench_seed ON COMMIT DROP AS
SELECT i, gen_random_uuid() AS id, m.code, m.k,
       (ARRAY['complex', 'street', 'area'])[1 + (i % 3)] AS kind,
       CASE i % 3 WHEN 0 THEN ARRAY['art8', 'art9', 'art10', 'voorkeursrecht']
		  WHEN 1 THEN ARRAY['voorkeursrecht'] ELSE ARRAY['art10', 'voorkeursrecht'] END AS measures,
       c.cx, c.cy, c.r, c.n, c.from_day, c.extensions,
       (c.from_day + (3 * (1 + c.extensions)) * interval '1 year' - interval '1 day')::date AS until_day
FROM generate_series(1, :designations) AS i
CROSS JOIN LATERAL (
	SELECT 1 + (i - 1) % :municipalities AS k,
	       'GM' || lpad((3 * (1 + (i - 1) % :municipalities))::text, 4, '0') AS code
) AS m
CROSS JOIN LATERAL (
	SELECT 13000 + ((m.k - 1) % 18 + 0.05 + random() * 0.9) * (265000 / 18.0) AS cx,
	       306000 + ((m.k - 1) / 18 + 0.05 + random() * 0.9) * (313000 / 19.0) AS cy,
	       60 + random() * 340 AS r, 8 + floor(random() * 33)::int AS n,
	       (:'anchor'::date - 3652 + floor(random() * 3287)::int) AS from_day,
	       floor(random() * 3)::int AS extensions
	WHERE i > 0  -- correlated, so evaluated per row
) AS c;

CREATE TEMP TABLE bench_geom ON COMMIT DROP AS
SELECT s.i, g.geom
FROM bench_seed s
CROSS JOIN LATERAL (
	SELECT ST_Multi(ST_MakePolygon(ST_MakeLine(pts || pts[1])))::geometry(MultiPolygon, 28992) AS geom
	FROM (
		SELECT array_agg(ST_SetSRID(ST_MakePoint(round((s.cx + rr * cos(a))::numeric, 3)::float8,
							 round((s.cy + rr * sin(a))::numeric, 3)::float8),
					    28992) ORDER BY a) AS pts
		FROM (SELECT 2 * pi() * (k + 0.1 + random() * 0.8) / s.n AS a,
			     s.r * (0.55 + random() * 0.45) AS rr
		      FROM generate_series(0, s.n - 1) AS k WHERE s.i > 0) AS v
	) AS w
) AS g;

DO $$
BEGIN
	IF EXISTS (SELECT FROM bench_geom WHERE NOT ST_IsValid(geom)) THEN
		RAISE EXCEPTION 'national-seed.sql: an invalid polygon was generated';
	END IF;
END
$$;

-- Bulk: the row triggers off (session_replication_role = replica: the deferred audit checks,
-- the foreign keys, designations_ogc_properties_set and designation_periods_ogc_refresh, which
-- would rewrite a designation once per period); what they would write is written here in
-- one statement each (ogc_periods directly, ogc_properties by the migrations' own function), and
-- the change counter bumped once.
SET LOCAL session_replication_role = replica;

INSERT INTO designations (id, municipality_code, kind, name, measures, geom, designated_from,
			  designated_until, created_at, updated_at, ogc_properties, ogc_periods)
SELECT s.id, s.code, s.kind, format('Voorkeursrecht %s nr. %s', s.code, s.i), s.measures, g.geom,
       s.from_day, s.until_day, s.from_day - 2 + interval '10 hours', s.from_day - 2 + interval '10 hours',
       '',
       ARRAY(SELECT daterange((s.from_day + (3 * (p - 1)) * interval '1 year')::date,
			      (s.from_day + (3 * p) * interval '1 year' - interval '1 day')::date, '[]')
	     FROM generate_series(1, 1 + s.extensions) AS p ORDER BY p)
FROM bench_seed s JOIN bench_geom g USING (i);

INSERT INTO designation_periods (designation_id, municipality_code, sequence, start_date, end_date,
				 kind, decision_reference)
SELECT s.id, s.code, p, (s.from_day + (3 * (p - 1)) * interval '1 year')::date,
       (s.from_day + (3 * p) * interval '1 year' - interval '1 day')::date,
       CASE p WHEN 1 THEN 'initial' ELSE 'extension' END,
       format('%s/VKR/%s-%s', s.code, s.i, p)
FROM bench_seed s, generate_series(1, 1 + s.extensions) AS p;

INSERT INTO audit_log (at, token_label, municipality_code, entity, entity_id, action, changes)
SELECT s.from_day - 2 + interval '10 hours', format('clerk %s', s.code), s.code, 'designation', s.id::text, 'create',
       jsonb_build_object('name', jsonb_build_object('before', NULL, 'after',
			  format('Voorkeursrecht %s nr. %s', s.code, s.i)),
			  'designatedFrom', jsonb_build_object('before', NULL, 'after', s.from_day),
			  'designatedUntil', jsonb_build_object('before', NULL, 'after', s.until_day))
FROM bench_seed s;

UPDATE designations d SET ogc_properties = designation_ogc_properties(d);
UPDATE designations_change_counter SET counter = counter + 1 WHERE id;

INSERT INTO bench_designation (no, id, code, cx, cy, r, from_day, until_day)
SELECT i, id, code, cx, cy, r, from_day, until_day FROM bench_seed;

COMMIT;

ANALYZE designations;
ANALYZE designation_periods;
ANALYZE bench_designation;
