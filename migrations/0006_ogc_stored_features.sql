-- 0006_ogc_stored_features.sql — what /ogc/v1 serves is made when a designation is written.
--
-- 1. designations.ogc_properties: the public feature properties as compact JSON
--    text (name, kind, municipalityCode, measures, periods, designatedFrom,
--    designatedUntil, withdrawnOn), kept current by triggers on designations and
--    designation_periods.  The OGC handler splices it between the stored GeoJSON
--    geometry and the two values that depend on the day or on a domain rule kept
--    in C (status, capDate), so a page is built without JSON work per row.
-- 2. The change counter now also sends NOTIFY wvlv_designations_changed with the
--    new counter, delivered at commit: each server process keeps the counter in
--    memory instead of reading it per request.
--
-- Forward-only: once applied anywhere, this file is never edited.

ALTER TABLE designations ADD COLUMN ogc_properties text;

-- Reads the periods as the caller (row-level security applies): a writer sees
-- its own designation's periods.
CREATE FUNCTION designation_ogc_properties(d designations) RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, public
AS $$
	SELECT row_to_json(x)::text FROM (SELECT
		d.name,
		d.kind,
		d.municipality_code AS "municipalityCode",
		d.measures,
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

CREATE FUNCTION designations_ogc_properties_set() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
	NEW.ogc_properties := designation_ogc_properties(NEW);
	RETURN NEW;
END
$$;

-- A period written after its designation row (the same statement inserts both):
-- touch the row again so the BEFORE trigger sees the periods as they are now.
CREATE FUNCTION designation_periods_ogc_refresh() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
	UPDATE designations SET ogc_properties = NULL
	 WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.designation_id ELSE NEW.designation_id END;
	RETURN NULL;
END
$$;

CREATE TRIGGER designations_ogc_properties_set
	BEFORE INSERT OR UPDATE ON designations
	FOR EACH ROW EXECUTE FUNCTION designations_ogc_properties_set();
CREATE TRIGGER designation_periods_ogc_refresh
	AFTER INSERT OR UPDATE OR DELETE ON designation_periods
	FOR EACH ROW EXECUTE FUNCTION designation_periods_ogc_refresh();

-- Fill the column for the rows there are.  This derives a column; it changes no
-- designation, so the audit check is off for this statement only, and the
-- national scope lets the function read every municipality's periods.
ALTER TABLE designations DISABLE TRIGGER designations_audited;
SELECT set_config('wvlv.national', 'on', true);
UPDATE designations SET ogc_properties = NULL;
SELECT set_config('wvlv.national', 'off', true);
ALTER TABLE designations ENABLE TRIGGER designations_audited;
ALTER TABLE designations ALTER COLUMN ogc_properties SET NOT NULL;

CREATE OR REPLACE FUNCTION designations_change_counter_bump() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
	c bigint;
BEGIN
	UPDATE designations_change_counter SET counter = counter + 1 WHERE id RETURNING counter INTO c;
	PERFORM pg_notify('wvlv_designations_changed', c::text);
	RETURN NULL;
END
$$;
