-- 0005_ogc.sql — a change counter for the OGC API – Features (/ogc/v1).
--
-- Every statement that writes designations or designation_periods bumps one
-- counter in the same transaction, so a reader that sees the counter unchanged
-- knows that no committed change happened in between.  The server reads it
-- once per OGC request: it is part of the ETag and the key of the in-memory
-- response cache, which is therefore correct across worker threads and across
-- several server processes sharing one database.
--
-- Forward-only: once applied anywhere, this file is never edited.

CREATE TABLE designations_change_counter (
	id       boolean PRIMARY KEY DEFAULT true CHECK (id),
	counter  bigint NOT NULL DEFAULT 0
);

INSERT INTO designations_change_counter (id, counter) VALUES (true, 0);

-- SECURITY DEFINER: writers need no privilege on the counter table itself.
CREATE FUNCTION designations_change_counter_bump() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
	UPDATE designations_change_counter SET counter = counter + 1 WHERE id;
	RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION designations_change_counter_bump() FROM PUBLIC;

CREATE TRIGGER designations_change_counter_bump
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON designations
	FOR EACH STATEMENT EXECUTE FUNCTION designations_change_counter_bump();
CREATE TRIGGER designation_periods_change_counter_bump
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON designation_periods
	FOR EACH STATEMENT EXECUTE FUNCTION designations_change_counter_bump();

GRANT SELECT ON designations_change_counter TO wvlv_server;
