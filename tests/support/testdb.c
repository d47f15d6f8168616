/* testdb.c — a fresh, migrated database per test program (see testdb.h). */
#include "testdb.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wvlv/migrate.h"

#define TESTDB_ENV       "WVLV_TEST_DATABASE_URL"
#define TESTDB_MAX       16
#define TESTDB_NAME_MAX  63
#define TESTDB_ATTEMPTS  5

typedef struct testdb_entry {
	char  name[TESTDB_NAME_MAX + 1];
	char *conninfo;
	pid_t owner;
} testdb_entry;

static testdb_entry testdb_list[TESTDB_MAX];
static int testdb_count;

static void testdb_die(const char *what, const char *why)
{
	fprintf(stderr, "testdb: %s%s%s\n", what, why ? ": " : "", why ? why : "");
	exit(1);
}

static const char *testdb_url(void)
{
	const char *url = getenv(TESTDB_ENV);
	if (!url || !*url)
		testdb_die(TESTDB_ENV " is not set",
			   "set it to a superuser connection to a database of a running "
			   "PostgreSQL 15 + PostGIS 3 test cluster, e.g. "
			   "postgresql://wvlv@/postgres?host=/tmp/wvlv-pg&port=55433");
	return url;
}

static void testdb_quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static PGconn *testdb_admin(void)
{
	PGconn *c = PQconnectdb(testdb_url());
	if (!c || PQstatus(c) != CONNECTION_OK)
		testdb_die("cannot connect to " TESTDB_ENV, c ? PQerrorMessage(c) : "out of memory");
	PQsetNoticeProcessor(c, testdb_quiet, NULL);
	return c;
}

/* Run `verb "name" rest` with the name quoted as an identifier. */
static bool testdb_admin_ddl(PGconn *c, const char *verb, const char *name, const char *rest,
			     bool quiet)
{
	char *ident = PQescapeIdentifier(c, name, strlen(name));
	if (!ident)
		testdb_die("cannot quote a database name", PQerrorMessage(c));
	char sql[512];
	snprintf(sql, sizeof(sql), "%s %s%s", verb, ident, rest);
	PQfreemem(ident);
	PGresult *r = PQexecParams(c, sql, 0, NULL, NULL, NULL, NULL, 0);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok && !quiet)
		fprintf(stderr, "testdb: %s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	return ok;
}

static void testdb_drop_all(void)
{
	pid_t me = getpid();
	PGconn *c = NULL;
	for (int i = 0; i < testdb_count; i++) {
		if (testdb_list[i].owner != me)
			continue;
		if (!c && !(c = PQconnectdb(testdb_url())))
			return;
		(void)testdb_admin_ddl(c, "DROP DATABASE IF EXISTS", testdb_list[i].name,
				       " WITH (FORCE)", false);
		free(testdb_list[i].conninfo);
		testdb_list[i].conninfo = NULL;
	}
	if (c)
		PQfinish(c);
}

/* "<prefix>_<pid>[_<n>]": lowercase letters, digits and '_' only. */
static void testdb_name(char out[TESTDB_NAME_MAX + 1], const char *prefix, int n)
{
	char raw[TESTDB_NAME_MAX + 1];
	if (n > 1)
		snprintf(raw, sizeof(raw), "%.40s_%ld_%d", prefix, (long)getpid(), n);
	else
		snprintf(raw, sizeof(raw), "%.40s_%ld", prefix, (long)getpid());
	size_t i;
	for (i = 0; raw[i]; i++) {
		unsigned char ch = (unsigned char)tolower((unsigned char)raw[i]);
		out[i] = (char)(isalnum(ch) || ch == '_' ? ch : '_');
	}
	out[i] = '\0';
}

/* Append key='value' (libpq quoting) to buf. */
static void testdb_append(char *buf, size_t size, const char *key, const char *val)
{
	size_t len = strlen(buf);
	len += (size_t)snprintf(buf + len, size - len, "%s%s='", len ? " " : "", key);
	for (const char *p = val; *p && len + 3 < size; p++) {
		if (*p == '\'' || *p == '\\')
			buf[len++] = '\\';
		buf[len++] = *p;
	}
	if (len + 2 > size)
		testdb_die("connection string too long", NULL);
	buf[len++] = '\'';
	buf[len] = '\0';
}

/* The admin URL with dbname replaced. */
static char *testdb_conninfo(const char *dbname)
{
	char *errmsg = NULL;
	PQconninfoOption *opts = PQconninfoParse(testdb_url(), &errmsg);
	if (!opts)
		testdb_die("cannot parse " TESTDB_ENV, errmsg ? errmsg : "out of memory");
	size_t size = 4096;
	char *buf = calloc(1, size);
	if (!buf)
		testdb_die("out of memory", NULL);
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (strcmp(o->keyword, "dbname") != 0 && o->val && *o->val)
			testdb_append(buf, size, o->keyword, o->val);
	testdb_append(buf, size, "dbname", dbname);
	PQconninfoFree(opts);
	return buf;
}

static void testdb_make(PGconn *c, const char *name)
{
	(void)testdb_admin_ddl(c, "DROP DATABASE IF EXISTS", name, " WITH (FORCE)", true);
	for (int attempt = 1;; attempt++) {
		if (testdb_admin_ddl(c, "CREATE DATABASE", name,
				     " TEMPLATE template0 ENCODING 'UTF8'", attempt < TESTDB_ATTEMPTS))
			return;
		if (attempt == TESTDB_ATTEMPTS)
			testdb_die("cannot create the test database", name);
		nanosleep(&(struct timespec){ .tv_nsec = 200000000L * attempt }, NULL);
	}
}

static void testdb_migrate(const char *conninfo)
{
	wvlv_db *db = testdb_connect(conninfo, NULL);
	if (!db)
		testdb_die("cannot connect to the new test database", conninfo);
	size_t count = 0;
	const wvlv_migration *list = wvlv_migrations(&count);
	wvlv_error err;
	wvlv_error_clear(&err);
	if (wvlv_migrate(db, list, count, NULL, NULL, &err) != WVLV_OK)
		testdb_die("migrations failed", err.detail);
	wvlv_db_close(db);
}

const char *testdb_reserve(const char *prefix)
{
	if (testdb_count >= TESTDB_MAX)
		testdb_die("too many test databases in one process", NULL);
	if (testdb_count == 0)
		atexit(testdb_drop_all);
	testdb_entry *e = &testdb_list[testdb_count];
	testdb_name(e->name, prefix && *prefix ? prefix : "wvlv_test", testdb_count + 1);
	PGconn *c = testdb_admin();
	(void)testdb_admin_ddl(c, "DROP DATABASE IF EXISTS", e->name, " WITH (FORCE)", true);
	PQfinish(c);
	e->owner = getpid();
	e->conninfo = testdb_conninfo(e->name);
	testdb_count++;
	return e->conninfo;
}

void testdb_make_empty(const char *conninfo)
{
	for (int i = 0; i < testdb_count; i++)
		if (testdb_list[i].conninfo == conninfo) {
			PGconn *c = testdb_admin();
			testdb_make(c, testdb_list[i].name);
			PQfinish(c);
			return;
		}
	testdb_die("testdb_make_empty: not a conninfo of testdb_reserve", conninfo);
}

const char *testdb_create(const char *prefix)
{
	const char *conninfo = testdb_reserve(prefix);
	testdb_make_empty(conninfo);
	testdb_migrate(conninfo);
	return conninfo;
}

wvlv_db *testdb_connect(const char *conninfo, const char *set_role)
{
	wvlv_db_options opts = { .conninfo = conninfo, .set_role = set_role,
				 .application_name = "wvlv-test" };
	wvlv_db *db = NULL;
	wvlv_error err;
	wvlv_error_clear(&err);
	if (wvlv_db_connect(&opts, &db, &err) != WVLV_OK) {
		fprintf(stderr, "testdb: cannot connect: %s\n", err.detail);
		return NULL;
	}
	return db;
}
