-- 0021_designation_geojson_trigger.sql — the two stored GeoJSON encodings of a designation
-- (0001: geojson_crs84, geojson_rd) made by a trigger instead of as generated columns, so that
-- the import can hand in the encodings its geometry check has just made (issue 17, point 5:
-- the transformation to CRS84 is the costliest step of writing a designation, and the import
-- made it three times for each one).
--
-- The values are the same expressions over geom as before: ST_AsGeoJSON(ST_Transform(geom,
-- 4326), 8, 0) and ST_AsGeoJSON(geom, 3, 0), made on every INSERT and on every UPDATE that
-- changes geom or either encoding (an UPDATE that leaves geom and both encodings as they were
-- keeps them: they are then still geom's).  A value written into either column is never
-- kept, with one exception: an INSERT made while the transaction-local setting
-- wvlv.designation_geojson_given is 'on' keeps the two encodings it gives when it gives both.
-- Only the import sets it (lib/store/designation_import.c), around its one INSERT of the file's
-- designations, with the encodings the API's geometry check made of the very geometry written
-- (set_config(…, true): it ends with the transaction, and with the savepoint when that is
-- rolled back).  No HTTP request can set a setting, and the API's writes never name the two
-- columns, so they are always made here.  (A check that a given encoding equals the one
-- computed would cost the computation it saves.)
--
-- The trigger is ENABLE ALWAYS: like the generated columns it replaces, it runs whatever
-- session_replication_role is (bench/national-seed.sql loads designations as a replica).
--
-- Forward-only: once applied anywhere, this file is never edited.

ALTER TABLE designations ALTER COLUMN geojson_crs84 DROP EXPRESSION;
ALTER TABLE designations ALTER COLUMN geojson_rd DROP EXPRESSION;

CREATE FUNCTION designations_geojson_set() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF NEW.geojson_crs84 IS NOT NULL AND NEW.geojson_rd IS NOT NULL
		   AND current_setting('wvlv.designation_geojson_given', true) = 'on' THEN
			RETURN NEW;
		END IF;
	ELSIF ST_AsEWKB(NEW.geom) = ST_AsEWKB(OLD.geom)
	      AND NEW.geojson_crs84 IS NOT DISTINCT FROM OLD.geojson_crs84
	      AND NEW.geojson_rd IS NOT DISTINCT FROM OLD.geojson_rd THEN
		RETURN NEW;
	END IF;
	NEW.geojson_crs84 := ST_AsGeoJSON(ST_Transform(NEW.geom, 4326), 8, 0);
	NEW.geojson_rd := ST_AsGeoJSON(NEW.geom, 3, 0);
	RETURN NEW;
END
$$;

CREATE TRIGGER designations_geojson_set
	BEFORE INSERT OR UPDATE ON designations
	FOR EACH ROW EXECUTE FUNCTION designations_geojson_set();
ALTER TABLE designations ENABLE ALWAYS TRIGGER designations_geojson_set;
