/* store_roles.h — the login role `wvlv serve` and the jobs log in as
 * (`wvlv migrate --login-role NAME`).
 *
 * The migrating user owns the schema (and may be the cluster's superuser, as
 * in docker-compose.yml); the server should not log in as that user, since
 * `SET ROLE wvlv_server` is a switch the owner can undo.  The login role made
 * here is a plain LOGIN role — NOSUPERUSER NOCREATEDB NOCREATEROLE
 * NOREPLICATION NOBYPASSRLS — whose only memberships are WVLV_SERVER_ROLE and
 * WVLV_GIS_ROLE: it can do what the server's roles may and nothing else (no
 * api_tokens, no DDL, no audit rows rewritten, no SET ROLE to the owner).
 */
#ifndef WVLV_STORE_ROLES_H
#define WVLV_STORE_ROLES_H

#include <stdbool.h>

#include "wvlv/db.h"
#include "wvlv/status.h"

/* Create the role `name`, or bring an existing one back to exactly that (its
 * attributes, and memberships other than the two server roles revoked), in
 * one transaction on db (the migrating user's connection; it needs CREATEROLE
 * or superuser).  password: NULL keeps an existing role's password (a new one
 * gets none: peer or certificate authentication); else it is sent only as the
 * SCRAM verifier libpq computes (PQencryptPasswordConn), never in clear.
 * Identifiers are quoted by the server (format('%I')) from bound parameters.
 * *created: true when the role was new.
 * WVLV_EINVAL "login-role-refused" when `name` is a superuser, the migrating
 * user itself, one of the server roles, a member of the schema owner, or owns
 * tables in this database. */
wvlv_status wvlv_store_login_role_ensure(wvlv_db *db, const char *name, const char *password,
					 bool *created, wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_STORE_ROLES_H */
