/* designation_sql.h — SQL about designations that more than one store file
 * writes (private to lib/store/).
 *
 * SQL_STATUS(TODAY): the rule of wvlv_designation_status_on() over the
 * stored derived dates, on the day given as parameter TODAY (a "$n"):
 * withdrawn from the withdrawal date on, planned before the first start,
 * active up to the last designated day, expired after it.  designations.c
 * filters lists by it, ogc.c filters and answers with it.
 */
#ifndef WVLV_STORE_DESIGNATION_SQL_H
#define WVLV_STORE_DESIGNATION_SQL_H

#define SQL_STATUS(TODAY)                                                        \
	"CASE WHEN d.withdrawn_on IS NOT NULL AND d.withdrawn_on <= " TODAY "::date" \
	" THEN 'withdrawn'"                                                           \
	" WHEN " TODAY "::date < d.designated_from THEN 'planned'"                    \
	" WHEN d.designated_until >= " TODAY "::date THEN 'active'"                   \
	" ELSE 'expired' END"

/* SQL_PERIOD_START(TODAY), SQL_PERIOD_END(TODAY): the first and the last day
 * of the period in force on the day TODAY (a "$n"); NULL when none is, and
 * from the withdrawal date on (migrations/0013_ogc_flat_properties.sql).
 * ogc.c answers with them, ogc_filter.c filters and sorts by them. */
#define SQL_PERIOD_IN_FORCE(TODAY)                                                       \
	"(CASE WHEN d.withdrawn_on IS NULL OR d.withdrawn_on > " TODAY "::date"          \
	" THEN ogc_period_on(d.ogc_periods, " TODAY "::date) END)"
#define SQL_PERIOD_START(TODAY) "lower" SQL_PERIOD_IN_FORCE(TODAY)
#define SQL_PERIOD_END(TODAY)   "(upper" SQL_PERIOD_IN_FORCE(TODAY) " - 1)"

/* GeoJSON text + SRID parameters → the stored geometry. */
#define SQL_GEOM_IN(json, srid)                                                          \
	"ST_Multi(ST_Force2D(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(" json "), " srid \
	"::int), 28992)))"

/* Interiors intersect: overlapping in area; touching does not count. */
#define SQL_OVERLAPS(a, b) a " && " b " AND ST_Relate(" a ", " b ", 'T********')"

/* What an audit row of a designation d compares (a jsonb object): the fields
 * a client sees that a write can change (not createdAt/updatedAt), with the
 * geometry in CRS84 and the periods by sequence.  The row's own state is
 * SQL_SNAPSHOT_OF("d.designated_until", "d.withdrawn_on",
 * "d.withdrawal_reason", "d.version", "true") (designations.c).  It is made
 * of three parts with no key in common: SQL_SNAPSHOT_FIXED, the fields an
 * extension or a withdrawal never changes; the geometry; and
 * SQL_SNAPSHOT_CHANGING, the others, with the periods as the jsonb PERIODS
 * (SQL_SNAPSHOT_PERIODS: d's periods that meet the condition WHICH on
 * p.sequence).  The import (designation_import.c) builds the states a row
 * went through from the parts: the fixed ones and the geometry once, for its
 * create. */
#define SQL_SNAPSHOT_OF(UNTIL, WITHDRAWN_ON, REASON, VERSION, WHICH)                       \
	"(" SQL_SNAPSHOT_FIXED " || jsonb_build_object('geometry', d.geojson_crs84::jsonb)"    \
	" || " SQL_SNAPSHOT_CHANGING(UNTIL, WITHDRAWN_ON, REASON, VERSION,                    \
				     SQL_SNAPSHOT_PERIODS(WHICH)) ")"
#define SQL_SNAPSHOT_FIXED                                                                 \
	"jsonb_build_object("                                                                 \
	"'name', d.name, 'kind', d.kind, 'municipalityCode', d.municipality_code,"            \
	" 'measures', to_jsonb(d.measures), 'bagIds', to_jsonb(d.bag_ids),"                   \
	" 'designatedFrom', " SQL_DATE("d.designated_from") ")"
#define SQL_SNAPSHOT_CHANGING(UNTIL, WITHDRAWN_ON, REASON, VERSION, PERIODS)               \
	"jsonb_build_object("                                                                 \
	"'designatedUntil', " SQL_DATE(UNTIL) ","                                             \
	" 'withdrawnOn', " SQL_DATE(WITHDRAWN_ON) ","                                         \
	" 'withdrawalReason', " REASON ", 'version', " VERSION ", 'periods', " PERIODS ")"
#define SQL_SNAPSHOT_PERIODS(WHICH)                                                        \
	"COALESCE((SELECT jsonb_agg(jsonb_build_object("                                      \
	"'sequence', p.sequence, 'start', " SQL_DATE("p.start_date") ","                      \
	" 'end', " SQL_DATE("p.end_date") ", 'kind', p.kind,"                                 \
	" 'decisionReference', p.decision_reference) ORDER BY p.sequence)"                    \
	" FROM designation_periods p WHERE p.designation_id = d.id AND (" WHICH ")),"         \
	" '[]'::jsonb)"

#endif /* WVLV_STORE_DESIGNATION_SQL_H */
