/* conninfo.c — a connection string described for messages (see db.h). */
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wvlv_db_describe_conninfo(const char *conninfo, char *buf, size_t size)
{
	if (!buf || size == 0)
		return;
	PQconninfoOption *opts = PQconninfoParse(conninfo ? conninfo : "", NULL);
	if (!opts) {
		snprintf(buf, size, "(unparsable connection string)");
		return;
	}
	const char *host = NULL, *hostaddr = NULL, *port = NULL, *dbname = NULL, *user = NULL;
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		if (!o->val || !*o->val)
			continue;
		if (!strcmp(o->keyword, "host"))
			host = o->val;
		else if (!strcmp(o->keyword, "hostaddr"))
			hostaddr = o->val;
		else if (!strcmp(o->keyword, "port"))
			port = o->val;
		else if (!strcmp(o->keyword, "dbname"))
			dbname = o->val;
		else if (!strcmp(o->keyword, "user"))
			user = o->val;
	}
	if (!host)
		host = hostaddr ? hostaddr : getenv("PGHOST");
	if (!port)
		port = getenv("PGPORT");
	snprintf(buf, size, "%s:%s/%s%s%s%s", host && *host ? host : "the default socket",
		 port && *port ? port : "5432", dbname ? dbname : "(default database)",
		 user ? " (user " : "", user ? user : "", user ? ")" : "");
	PQconninfoFree(opts);
}
