/* audit_sql.h — the diff of an audit row, shared by audit.c (one row) and
 * designation_import.c (the import's rows in bulk); private to lib/store/.
 *
 * SQL_AUDIT_CHANGES(B, A): from the two jsonb snapshots B (before) and A
 * (after), for every key of B || A whose values differ, {key: {"before": …,
 * "after": …}}, a missing key counting as null; '{}' when none differs. */
#ifndef WVLV_STORE_AUDIT_SQL_H
#define WVLV_STORE_AUDIT_SQL_H

#define SQL_AUDIT_CHANGES(B, A)                                                              \
	"COALESCE((SELECT jsonb_object_agg(k, jsonb_build_object("                            \
	"'before', COALESCE(" B " -> k, 'null'::jsonb), 'after', COALESCE(" A " -> k,"         \
	" 'null'::jsonb))) FROM jsonb_object_keys(" B " || " A ") AS k"                       \
	" WHERE COALESCE(" B " -> k, 'null'::jsonb) IS DISTINCT FROM COALESCE(" A " -> k,"     \
	" 'null'::jsonb)), '{}'::jsonb)"

#endif /* WVLV_STORE_AUDIT_SQL_H */
