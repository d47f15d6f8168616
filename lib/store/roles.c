/* roles.c — the login role of the server and the jobs (see store_roles.h). */
#include "wvlv/store_roles.h"

#include <string.h>

#include "db_internal.h"
#include "wvlv/caller.h"

/* What would make `name` a wrong login role, one row when it exists. */
static const char SQL_INSPECT[] =
	"SELECT r.rolsuper, r.rolname = current_user, r.rolname IN ($2::text, $3::text),"
	"       pg_has_role(r.oid, (SELECT c.relowner FROM pg_class c"
	"                           WHERE c.oid = 'schema_migrations'::regclass), 'MEMBER'),"
	"       EXISTS (SELECT FROM pg_class c WHERE c.relowner = r.oid)"
	"  FROM pg_roles r WHERE r.rolname = $1::text";

#define ROLE_ATTRIBUTES \
	" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT"

/* The statements, built by the server from bound parameters: %I and %L quote
 * (format's %L of NULL is the word NULL, which would remove the password). */
static const char SQL_CREATE[] =
	"SELECT format('CREATE ROLE %I" ROLE_ATTRIBUTES "', $1::text)"
	"       || CASE WHEN $2::text IS NULL THEN '' ELSE format(' PASSWORD %L', $2::text) END";
static const char SQL_ALTER[] =
	"SELECT format('ALTER ROLE %I" ROLE_ATTRIBUTES "', $1::text)"
	"       || CASE WHEN $2::text IS NULL THEN '' ELSE format(' PASSWORD %L', $2::text) END";
static const char SQL_REVOKES[] =
	"SELECT format('REVOKE %I FROM %I', g.rolname, m.rolname)"
	"  FROM pg_auth_members a"
	"  JOIN pg_roles g ON g.oid = a.roleid"
	"  JOIN pg_roles m ON m.oid = a.member"
	" WHERE m.rolname = $1::text AND g.rolname NOT IN ($2::text, $3::text)";
static const char SQL_GRANT[] = "SELECT format('GRANT %I, %I TO %I', $2::text, $3::text, $1::text)";

/* Run every statement the query returns (one per row, in its first column). */
static wvlv_status run_generated(wvlv_db *db, const char *sql, int n, const char *const *params,
				 wvlv_error *err)
{
	PGresult *res = wvlv_db_query(db, sql, n, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	wvlv_status st = WVLV_OK;
	for (int r = 0; st == WVLV_OK && r < PQntuples(res); r++)
		st = wvlv_db_exec(db, PQgetvalue(res, r, 0), 0, NULL, err);
	PQclear(res);
	return st;
}

/* Refuse a role that must not become the server's; *exists says whether it does. */
static wvlv_status login_role_inspect(wvlv_db *db, const char *name, bool *exists,
				      wvlv_error *err)
{
	const char *params[] = { name, WVLV_SERVER_ROLE, WVLV_GIS_ROLE };
	PGresult *res = wvlv_db_query(db, SQL_INSPECT, 3, params, PGRES_TUPLES_OK, err);
	if (!res)
		return err->status;
	*exists = PQntuples(res) == 1;
	static const char *const why[] = {
		"is a superuser",
		"is the user running the migration (the schema owner)",
		"is one of the roles the server switches to",
		"is a member of the schema owner (it could SET ROLE to it)",
		"owns tables in this database",
	};
	wvlv_status st = WVLV_OK;
	for (int c = 0; *exists && c < 5; c++)
		if (strcmp(PQgetvalue(res, 0, c), "t") == 0) {
			st = wvlv_error_set(err, WVLV_EINVAL, "login-role-refused",
					    "role \"%s\" %s; the login role must be a role of its own: "
					    "choose another name",
					    name, why[c]);
			break;
		}
	PQclear(res);
	return st;
}

/* The SCRAM verifier of password for name (PQfreemem it), or NULL with err set. */
static char *login_role_verifier(wvlv_db *db, const char *name, const char *password,
				 wvlv_error *err)
{
	char *v = PQencryptPasswordConn(wvlv_db_pgconn(db), password, name, NULL);
	if (!v)
		wvlv_error_set(err, WVLV_EDB, "database-error",
			       "could not compute the password verifier for role \"%s\"", name);
	return v;
}

static wvlv_status login_role_apply(wvlv_db *db, const char *name, const char *verifier,
				    bool *created, wvlv_error *err)
{
	bool exists = false;
	wvlv_status st = login_role_inspect(db, name, &exists, err);
	const char *params[] = { name, verifier };
	const char *roles[] = { name, WVLV_SERVER_ROLE, WVLV_GIS_ROLE };
	if (st == WVLV_OK)
		st = run_generated(db, exists ? SQL_ALTER : SQL_CREATE, 2, params, err);
	if (st == WVLV_OK)
		st = run_generated(db, SQL_REVOKES, 3, roles, err);
	if (st == WVLV_OK)
		st = run_generated(db, SQL_GRANT, 3, roles, err);
	*created = st == WVLV_OK && !exists;
	return st;
}

wvlv_status wvlv_store_login_role_ensure(wvlv_db *db, const char *name, const char *password,
					 bool *created, wvlv_error *err)
{
	*created = false;
	char *verifier = NULL;
	if (password && !(verifier = login_role_verifier(db, name, password, err)))
		return err->status;
	wvlv_status st = wvlv_db_begin(db, err);
	if (st == WVLV_OK)
		st = login_role_apply(db, name, verifier, created, err);
	if (st == WVLV_OK)
		st = wvlv_db_commit(db, err);
	else
		wvlv_db_rollback(db);
	if (verifier)
		PQfreemem(verifier);
	return st;
}
