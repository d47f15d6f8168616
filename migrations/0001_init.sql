-- 0001_init.sql — designations, their periods, idempotency keys, and the
-- server role.
--
-- Forward-only: once applied anywhere, this file is never edited (its SHA-256
-- is recorded in schema_migrations); changes go into a new NNNN_name.sql.
-- Every tenant table carries municipality_code, ready for row-level security.

CREATE EXTENSION IF NOT EXISTS postgis;

-- A designated complex, street or area (DOMAIN.md §1).  geom is the one
-- stored geometry (MultiPolygon, RD New); both GeoJSON encodings are derived
-- from it when a row is written, so reads never transform.
-- designated_from/designated_until are what the domain derived from the
-- periods and the withdrawal, stored for queries (until is NULL when the
-- designation was withdrawn on its first day).
CREATE TABLE designations (
	id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	municipality_code  text NOT NULL CHECK (municipality_code ~ '^GM[0-9]{4}$'),
	kind               text NOT NULL CHECK (kind IN ('complex', 'street', 'area')),
	name               text NOT NULL CHECK (name <> ''),
	measures           text[] NOT NULL
		CHECK (cardinality(measures) > 0
		       AND measures <@ ARRAY['art8', 'art9', 'art10', 'voorkeursrecht']),
	geom               geometry(MultiPolygon, 28992) NOT NULL,
	geojson_crs84      text NOT NULL
		GENERATED ALWAYS AS (ST_AsGeoJSON(ST_Transform(geom, 4326), 8, 0)) STORED,
	geojson_rd         text NOT NULL
		GENERATED ALWAYS AS (ST_AsGeoJSON(geom, 3, 0)) STORED,
	bag_ids            text[] NOT NULL DEFAULT '{}',
	designated_from    date NOT NULL,
	designated_until   date,
	withdrawn_on       date,
	withdrawal_reason  text,
	version            int NOT NULL DEFAULT 1 CHECK (version >= 1),
	created_at         timestamptz NOT NULL DEFAULT now(),
	updated_at         timestamptz NOT NULL DEFAULT now(),
	UNIQUE (id, municipality_code),
	CONSTRAINT designations_until_after_from
		CHECK (designated_until IS NULL OR designated_until >= designated_from),
	CONSTRAINT designations_until_null_only_when_withdrawn
		CHECK (designated_until IS NOT NULL OR withdrawn_on IS NOT NULL),
	CONSTRAINT designations_reason_needs_withdrawal
		CHECK (withdrawal_reason IS NULL OR withdrawn_on IS NOT NULL)
);

CREATE INDEX designations_geom_idx ON designations USING gist (geom);
CREATE INDEX designations_municipality_idx ON designations (municipality_code, created_at, id);
CREATE INDEX designations_created_idx ON designations (created_at, id);

-- The initial period and up to four extensions; start/end inclusive.
CREATE TABLE designation_periods (
	designation_id      uuid NOT NULL,
	municipality_code   text NOT NULL CHECK (municipality_code ~ '^GM[0-9]{4}$'),
	sequence            int NOT NULL CHECK (sequence BETWEEN 1 AND 5),
	start_date          date NOT NULL,
	end_date            date NOT NULL,
	kind                text NOT NULL CHECK (kind IN ('initial', 'extension')),
	decision_reference  text,
	PRIMARY KEY (designation_id, sequence),
	FOREIGN KEY (designation_id, municipality_code)
		REFERENCES designations (id, municipality_code) ON DELETE CASCADE,
	CONSTRAINT designation_periods_end_after_start CHECK (end_date >= start_date),
	CONSTRAINT designation_periods_first_is_initial CHECK ((sequence = 1) = (kind = 'initial'))
);

-- Remembered responses for Idempotency-Key, per municipality (the caller's;
-- '' for a national caller).
CREATE TABLE idempotency_keys (
	municipality_code text NOT NULL,
	key           text NOT NULL,
	request_hash  text NOT NULL,
	status        int NOT NULL,
	body          text NOT NULL,
	headers       jsonb NOT NULL DEFAULT '{}',  -- response headers to replay (Location, ETag, Content-Crs)
	created_at    timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (municipality_code, key)
);

CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- The role `wvlv serve` switches to with SET ROLE.  Roles are cluster-wide
-- while migrations run per database, and several databases of one cluster
-- (test runs) may migrate at the same moment: a concurrent CREATE ROLE or
-- GRANT fails with duplicate_object or unique_violation, which means the
-- other run did it already.
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'wvlv_server') THEN
		CREATE ROLE wvlv_server NOLOGIN;
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
		       WHERE r.rolname = 'wvlv_server' AND u.rolname = current_user) THEN
		GRANT wvlv_server TO CURRENT_USER;
	END IF;
EXCEPTION
	WHEN duplicate_object OR unique_violation THEN
		NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO wvlv_server;
-- No DELETE: designations are withdrawn, never removed.
GRANT SELECT, INSERT, UPDATE ON designations, designation_periods TO wvlv_server;
-- DELETE to purge expired keys.
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO wvlv_server;
