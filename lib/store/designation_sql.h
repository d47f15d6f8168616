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

#endif /* WVLV_STORE_DESIGNATION_SQL_H */
