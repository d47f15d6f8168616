-- ogc-seed.sql — the data set of bench/ogc.sh: 2 000 designations with realistic polygons.
--
--   psql -X -v ON_ERROR_STOP=1 -d "$WVLV_DATABASE_URL" -f bench/ogc-seed.sql
--
-- Run as the superuser owner of a private bench cluster (scripts/pg.sh; row-level security does
-- not apply to a superuser).  Every designation and its period get their audit row in the same
-- transaction, as the deferred checks designations_audited / designation_periods_audited
-- demand; the change counter triggers fire as for any write, so the OGC ETags are honest.
--
-- Each designation: a centre uniformly in lon 4.3–4.8, lat 51.75–51.95 (Rotterdam/Dordrecht),
-- 8–40 vertices, a star-shaped polygon built in RD New (metres): vertex k at an angle inside
-- the k-th of n equal sectors (so the angles are sorted and distinct) and a radius between
-- 55% and 100% of a per-designation radius of 60–400 m, which makes a simple (valid,
-- non-self-intersecting) ring around the centre.  West of lon 4.6 GM0599 (Rotterdam), east of
-- it GM0505 (Dordrecht).  One initial period of four years (starts 2021–2025).  Fixed seed:
-- every run gets the same shapes.

BEGIN;

SELECT setseed(0.20240901);

CREATE TEMP TABLE bench_seed ON COMMIT DROP AS
SELECT i,
       gen_random_uuid() AS id,
       CASE WHEN c.lon < 4.6 THEN 'GM0599' ELSE 'GM0505' END AS code,
       (ARRAY['complex', 'street', 'area'])[1 + (i % 3)] AS kind,
       CASE i % 4 WHEN 0 THEN ARRAY['art8', 'art9', 'art10'] WHEN 1 THEN ARRAY['voorkeursrecht']
		  WHEN 2 THEN ARRAY['art10', 'voorkeursrecht'] ELSE ARRAY['art9'] END AS measures,
       g.geom,
       c.from_day,
       (c.from_day + interval '4 years' - interval '1 day')::date AS until_day,
       now() - (2001 - i) * interval '1 minute' AS created
FROM generate_series(1, 2000) AS i
CROSS JOIN LATERAL (
	SELECT 4.3 + random() * 0.5 AS lon, 51.75 + random() * 0.2 AS lat,
	       8 + floor(random() * 33)::int AS n, 60 + random() * 340 AS r,
	       (date '2021-01-01' + floor(random() * 1826)::int) AS from_day
	WHERE i > 0  -- correlated, so evaluated per row
) AS c
CROSS JOIN LATERAL (
	SELECT ST_X(p) AS x, ST_Y(p) AS y
	FROM ST_Transform(ST_SetSRID(ST_MakePoint(c.lon, c.lat), 4326), 28992) AS p
) AS ctr
CROSS JOIN LATERAL (
	SELECT ST_Multi(ST_MakePolygon(ST_MakeLine(pts || pts[1])))::geometry(MultiPolygon, 28992) AS geom
	FROM (
		SELECT array_agg(ST_SetSRID(ST_MakePoint(round((ctr.x + rr * cos(a))::numeric, 3)::float8,
							 round((ctr.y + rr * sin(a))::numeric, 3)::float8),
					    28992) ORDER BY a) AS pts
		FROM (SELECT 2 * pi() * (k + 0.1 + random() * 0.8) / c.n AS a,
			     c.r * (0.55 + random() * 0.45) AS rr
		      FROM generate_series(0, c.n - 1) AS k) AS v
	) AS w
) AS g;

DO $$
BEGIN
	IF EXISTS (SELECT FROM bench_seed WHERE NOT ST_IsValid(geom)) THEN
		RAISE EXCEPTION 'ogc-seed.sql: an invalid polygon was generated';
	END IF;
END
$$;

INSERT INTO designations (id, municipality_code, kind, name, measures, geom, designated_from,
			  designated_until, created_at, updated_at)
SELECT id, code, kind,
       format('Bench %s %s', CASE code WHEN 'GM0599' THEN 'Rotterdam' ELSE 'Dordrecht' END, i),
       measures, geom, from_day, until_day, created, created
FROM bench_seed;

INSERT INTO designation_periods (designation_id, municipality_code, sequence, start_date, end_date,
				 kind, decision_reference)
SELECT id, code, 1, from_day, until_day, 'initial', format('BENCH-%s', i)
FROM bench_seed;

INSERT INTO audit_log (token_label, municipality_code, entity, entity_id, action, changes)
SELECT 'bench/ogc-seed.sql', code, 'designation', id::text, 'create',
       jsonb_build_object('name', jsonb_build_object('before', NULL, 'after',
			  format('Bench %s', i)))
FROM bench_seed;

COMMIT;

ANALYZE designations;
ANALYZE designation_periods;

SELECT count(*) AS designations,
       min(ST_NPoints(geom)) - 1 AS min_vertices,
       max(ST_NPoints(geom)) - 1 AS max_vertices,
       round(avg(ST_NPoints(geom) - 1), 1) AS avg_vertices
FROM designations;
