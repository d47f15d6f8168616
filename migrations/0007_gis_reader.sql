-- 0007_gis_reader.sql — a role that can read the public designation columns and nothing else.
--
-- /ogc/v1 publishes every municipality's designations.  Its connections switch
-- to wvlv_gis instead of wvlv_server: the role may SELECT the public columns of
-- designations and the change counter, sees every row (a policy of its own), and
-- has no grant on offers, owners, periods, tokens or the audit trail, so no query
-- made through it can return personal data.  Reading through it needs no
-- transaction and no caller scope: one statement per page.
--
-- Forward-only: once applied anywhere, this file is never edited.

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'wvlv_gis') THEN
		CREATE ROLE wvlv_gis NOLOGIN;
	END IF;
EXCEPTION
	WHEN duplicate_object OR unique_violation THEN
		NULL;
END
$$;

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_auth_members m
		       JOIN pg_catalog.pg_roles r ON r.oid = m.roleid
		       JOIN pg_catalog.pg_roles u ON u.oid = m.member
		       WHERE r.rolname = 'wvlv_gis' AND u.rolname = current_user) THEN
		GRANT wvlv_gis TO CURRENT_USER;
	END IF;
EXCEPTION
	WHEN duplicate_object OR unique_violation THEN
		NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO wvlv_gis;
GRANT SELECT (id, municipality_code, kind, name, measures, geom, geojson_crs84, geojson_rd,
	      designated_from, designated_until, withdrawn_on, ogc_properties, created_at)
	ON designations TO wvlv_gis;
GRANT SELECT ON designations_change_counter TO wvlv_gis;

CREATE POLICY designations_public_read ON designations FOR SELECT TO wvlv_gis USING (true);
