-- 0013_ogc_flat_properties.sql — flat feature properties for GIS tools, next to the nested ones.
--
-- GDAL and QGIS map a JSON array to a list field that many formats cannot keep, and an array of
-- objects to a JSON string.  So the stored feature properties (designations.ogc_properties, see
-- 0006) get two flat members:
--   measuresText       the measures as one text, comma-separated ("art8,voorkeursrecht")
--   hasVoorkeursrecht  whether the preference right is one of them
-- and designations.ogc_periods keeps the periods as date ranges, so that the period in force on
-- a given day (currentPeriodStart, currentPeriodEnd; they depend on the day, like the status)
-- is read from the designation's own row, by the OGC role too, without the periods table.
--
-- Forward-only: once applied anywhere, this file is never edited.

ALTER TABLE designations ADD COLUMN ogc_periods daterange[] NOT NULL DEFAULT '{}';

-- Reads the periods as the caller (row-level security applies): a writer sees
-- its own designation's periods.
CREATE OR REPLACE FUNCTION designation_ogc_properties(d designations) RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, public
AS $$
	SELECT row_to_json(x)::text FROM (SELECT
		d.name,
		d.kind,
		d.municipality_code AS "municipalityCode",
		d.measures,
		array_to_string(d.measures, ',') AS "measuresText",
		'voorkeursrecht' = ANY (d.measures) AS "hasVoorkeursrecht",
		COALESCE((SELECT json_agg(p ORDER BY p.sequence) FROM (SELECT
				q.sequence,
				to_char(q.start_date, 'YYYY-MM-DD') AS "start",
				to_char(q.end_date, 'YYYY-MM-DD') AS "end",
				q.kind,
				q.decision_reference AS "decisionReference"
			FROM designation_periods q WHERE q.designation_id = d.id) p), '[]'::json)
			AS periods,
		to_char(d.designated_from, 'YYYY-MM-DD') AS "designatedFrom",
		to_char(d.designated_until, 'YYYY-MM-DD') AS "designatedUntil",
		to_char(d.withdrawn_on, 'YYYY-MM-DD') AS "withdrawnOn") x
$$;

CREATE FUNCTION designation_ogc_periods(d designations) RETURNS daterange[]
LANGUAGE sql STABLE
SET search_path = pg_catalog, public
AS $$
	SELECT COALESCE(array_agg(daterange(q.start_date, q.end_date, '[]') ORDER BY q.sequence),
			'{}')
	  FROM designation_periods q WHERE q.designation_id = d.id
$$;

CREATE OR REPLACE FUNCTION designations_ogc_properties_set() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
	NEW.ogc_properties := designation_ogc_properties(NEW);
	NEW.ogc_periods := designation_ogc_periods(NEW);
	RETURN NEW;
END
$$;

-- The period of periods (ranges, inclusive ends) that contains day; NULL when
-- none does (before the first, after the last, or in a gap).
CREATE FUNCTION ogc_period_on(periods daterange[], day date) RETURNS daterange
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog
AS $$
	SELECT r FROM unnest(periods) r WHERE r @> day ORDER BY lower(r) DESC LIMIT 1
$$;

GRANT SELECT (ogc_periods) ON designations TO wvlv_gis;
GRANT EXECUTE ON FUNCTION ogc_period_on(daterange[], date) TO wvlv_gis;

-- Fill both for the rows there are (as 0006 did): a derived column changes no
-- designation, so the audit check is off for this statement only, and the
-- national scope lets the functions read every municipality's periods.
ALTER TABLE designations DISABLE TRIGGER designations_audited;
SELECT set_config('wvlv.national', 'on', true);
UPDATE designations SET ogc_properties = NULL;
SELECT set_config('wvlv.national', 'off', true);
ALTER TABLE designations ENABLE TRIGGER designations_audited;
