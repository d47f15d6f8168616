/* migrate.c — apply the embedded migrations in order (see migrate.h).
 *
 * One run holds a session advisory lock, so two migrators of the same
 * database take turns.  Every applied file is recorded in schema_migrations
 * with the hex SHA-256 of its bytes; before anything is applied, every
 * recorded checksum is compared with the embedded file, and an edited one
 * stops the run (migrations are forward-only).  Each pending file runs in its
 * own transaction together with its schema_migrations row.
 */
#include "wvlv/migrate.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "db_internal.h"
#include "wvlv/caller.h"
#include "wvlv/hash.h"

/* Advisory lock key of a migration run: "wvlvmigr" as a bigint, outside the
 * int4 range that hashtext()-based locks of the store use. */
#define MIGRATE_LOCK_KEY "8608186993662846834"

static const char SQL_LOCK[] = "SELECT pg_advisory_lock($1::bigint)";
static const char SQL_UNLOCK[] = "SELECT pg_advisory_unlock($1::bigint)";
static const char SQL_TABLE[] =
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" name text PRIMARY KEY,"
	" checksum text NOT NULL,"
	" applied_at timestamptz NOT NULL DEFAULT now())";
static const char SQL_APPLIED[] = "SELECT name, checksum FROM schema_migrations";
static const char SQL_RECORD[] =
	"INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)";
/* The server's role reads the names (not the checksums) for /readyz and
 * `wvlv serve`'s start check (wvlv_schema_read); every run grants it, so a
 * database migrated by an older wvlv gets it on its next `wvlv migrate`. */
static const char SQL_GRANT[] =
	"DO $$BEGIN IF to_regrole('" WVLV_SERVER_ROLE "') IS NOT NULL THEN"
	" GRANT SELECT (name) ON schema_migrations TO " WVLV_SERVER_ROLE "; END IF; END$$";
/* Whether the table is there, and whether the current role may read its names. */
static const char SQL_TABLE_STATE[] =
	"SELECT c.oid IS NOT NULL,"
	" COALESCE(has_column_privilege(c.oid, 'name', 'SELECT'), false)"
	" FROM (SELECT to_regclass('schema_migrations') AS oid) c";
static const char SQL_NAMES[] = "SELECT name FROM schema_migrations";

/* The checksum of a migration: the hex SHA-256 of its bytes. */
static void migrate_checksum(const char *sql, char hex[WVLV_SHA256_HEXLEN])
{
	wvlv_sha256_hex(sql, strlen(sql), hex);
}

/* The recorded checksum of `name` in the applied set, or NULL. */
static const char *migrate_recorded(const PGresult *applied, const char *name)
{
	for (int r = 0; r < PQntuples(applied); r++)
		if (strcmp(PQgetvalue(applied, r, 0), name) == 0)
			return PQgetvalue(applied, r, 1);
	return NULL;
}

/* Every applied file must still be what was applied. */
static wvlv_status migrate_verify(const PGresult *applied, const wvlv_migration *list,
				  size_t count, wvlv_error *err)
{
	for (size_t i = 0; i < count; i++) {
		const char *recorded = migrate_recorded(applied, list[i].name);
		if (!recorded)
			continue;
		char now[WVLV_SHA256_HEXLEN];
		migrate_checksum(list[i].sql, now);
		if (strcmp(recorded, now) != 0)
			return wvlv_error_set(
				err, WVLV_ECONFLICT, "migration-changed",
				"migration %s was changed after it was applied (checksum %.64s when "
				"applied, %s now); migrations are forward-only: add a new file instead",
				list[i].name, recorded, now);
	}
	return WVLV_OK;
}

static wvlv_status migrate_one(wvlv_db *db, const wvlv_migration *m, wvlv_error *err)
{
	char sum[WVLV_SHA256_HEXLEN];
	migrate_checksum(m->sql, sum);
	wvlv_status st = wvlv_db_begin(db, err);
	if (st != WVLV_OK)
		return st;
	st = wvlv_db_exec_script(db, m->sql, err);
	if (st == WVLV_OK) {
		const char *params[] = { m->name, sum };
		st = wvlv_db_exec(db, SQL_RECORD, 2, params, err);
	}
	if (st == WVLV_OK)
		st = wvlv_db_commit(db, err);
	if (st != WVLV_OK) {
		wvlv_db_rollback(db);
		/* keep the mapped status and code, say which file failed */
		char detail[sizeof(err->detail)];
		snprintf(detail, sizeof(detail), "%s", err->detail);
		wvlv_error_set(err, err->status, err->code, "migration %s failed: %s", m->name,
			       detail);
	}
	return st;
}

static wvlv_status migrate_locked(wvlv_db *db, const wvlv_migration *list, size_t count,
				  FILE *log, int *applied, wvlv_error *err)
{
	wvlv_status st = wvlv_db_exec(db, SQL_TABLE, 0, NULL, err);
	if (st != WVLV_OK)
		return st;
	PGresult *done = wvlv_db_query(db, SQL_APPLIED, 0, NULL, PGRES_TUPLES_OK, err);
	if (!done)
		return err->status;
	st = migrate_verify(done, list, count, err);
	for (size_t i = 0; st == WVLV_OK && i < count; i++) {
		if (migrate_recorded(done, list[i].name))
			continue;
		st = migrate_one(db, &list[i], err);
		if (st != WVLV_OK)
			break;
		if (applied)
			(*applied)++;
		if (log) {
			fprintf(log, "applied %s\n", list[i].name);
			fflush(log);
		}
	}
	PQclear(done);
	if (st == WVLV_OK)
		st = wvlv_db_exec(db, SQL_GRANT, 0, NULL, err);
	return st;
}

/* Names are the keys of schema_migrations: each one present and unique. */
static wvlv_status migrate_check_list(const wvlv_migration *list, size_t count, wvlv_error *err)
{
	for (size_t i = 0; i < count; i++) {
		if (!list[i].name || !list[i].name[0] || !list[i].sql)
			return wvlv_error_set(err, WVLV_EINTERNAL, WVLV_CODE_INTERNAL,
					      "migration %zu of the embedded list has no name or no SQL",
					      i + 1);
		for (size_t j = 0; j < i; j++)
			if (strcmp(list[i].name, list[j].name) == 0)
				return wvlv_error_set(err, WVLV_EINTERNAL, WVLV_CODE_INTERNAL,
						      "migration %s is listed twice", list[i].name);
	}
	return WVLV_OK;
}

wvlv_status wvlv_migrate(wvlv_db *db, const wvlv_migration *list, size_t count, FILE *log,
			 int *applied, wvlv_error *err)
{
	if (applied)
		*applied = 0;
	if (wvlv_db_in_transaction(db))
		return wvlv_error_set(err, WVLV_EINTERNAL, WVLV_CODE_INTERNAL,
				      "migrations run in their own transactions; a transaction is open");
	wvlv_status st = migrate_check_list(list, count, err);
	if (st != WVLV_OK)
		return st;
	const char *key[] = { MIGRATE_LOCK_KEY };
	st = wvlv_db_exec(db, SQL_LOCK, 1, key, err);
	if (st != WVLV_OK)
		return st;
	st = migrate_locked(db, list, count, log, applied, err);
	wvlv_error unlock_err;
	wvlv_error_clear(&unlock_err);
	if (wvlv_db_exec(db, SQL_UNLOCK, 1, key, &unlock_err) != WVLV_OK && st == WVLV_OK)
		return wvlv_error_set(err, unlock_err.status, unlock_err.code, "%s",
				      unlock_err.detail);
	return st;
}

int wvlv_migration_number(const char *name)
{
	long n = 0;
	for (const char *p = name; p && *p >= '0' && *p <= '9' && n < 100000000; p++)
		n = n * 10 + (*p - '0');
	return (int)n;
}

wvlv_status wvlv_schema_read(wvlv_db *db, const wvlv_migration *list, size_t count,
			     wvlv_schema_state *out, wvlv_error *err)
{
	*out = (wvlv_schema_state){ .expected = count ? wvlv_migration_number(list[count - 1].name) : 0,
				    .pending = count };
	PGresult *t = wvlv_db_query(db, SQL_TABLE_STATE, 0, NULL, PGRES_TUPLES_OK, err);
	if (!t)
		return err->status;
	bool present = PQntuples(t) == 1 && PQgetvalue(t, 0, 0)[0] == 't';
	out->readable = !present || PQgetvalue(t, 0, 1)[0] == 't';
	PQclear(t);
	if (!present || !out->readable)
		return WVLV_OK;
	PGresult *done = wvlv_db_query(db, SQL_NAMES, 0, NULL, PGRES_TUPLES_OK, err);
	if (!done)
		return err->status;
	for (int r = 0; r < PQntuples(done); r++) {
		int v = wvlv_migration_number(PQgetvalue(done, r, 0));
		if (v > out->version)
			out->version = v;
	}
	for (size_t i = 0; i < count; i++)
		for (int r = 0; r < PQntuples(done); r++)
			if (strcmp(PQgetvalue(done, r, 0), list[i].name) == 0) {
				out->pending--;
				break;
			}
	PQclear(done);
	return WVLV_OK;
}
