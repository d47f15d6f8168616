/* auth.c — who is calling: bearer tokens, roles and public routes.
 *
 * A route declares the least role it needs (route->min_role) and whether it
 * changes national data (ROUTE_NATIONAL: the equated days).  No token, a
 * malformed one, or an unknown or revoked one → 401 with WWW-Authenticate:
 * Bearer; a role too low → 403; a national token on a write of a
 * municipality's data, or a municipality's token on a write of national
 * data → 403.  Public routes (health, the OpenAPI document, and the OGC
 * API while WVLV_PUBLIC_GIS is on) need no token.  Rows of another
 * municipality are not hidden here but by the store and row-level security
 * (they answer 404). */
#include "auth.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <microhttpd.h>

#include "wvlv/caller.h"
#include "wvlv/app.h"
#include "wvlv/token.h"

static const char *role_name(wvlv_role r)
{
	const char *name = wvlv_role_name(r);
	return name ? name : "?";
}

/* 401 with the challenge of RFC 6750 (error: NULL when no token was sent). */
static wvlv_status unauthorized(http_req *req, const char *error, const char *code,
				const char *detail, wvlv_error *err)
{
	char www[160];
	if (error)
		snprintf(www, sizeof(www), "Bearer realm=\"wvlv\", error=\"%s\"", error);
	else
		snprintf(www, sizeof(www), "Bearer realm=\"wvlv\"");
	http_add_header(req, "WWW-Authenticate", www);
	return wvlv_error_set(err, WVLV_EUNAUTHORIZED, code, "%s", detail);
}

bool auth_bearer_token(const char *header, char out[WVLV_TOKEN_STRLEN])
{
	if (strncasecmp(header, "Bearer ", 7) != 0)
		return false;
	const char *t = header + 7;
	while (*t == ' ' || *t == '\t')
		t++;
	size_t n = strlen(t);
	while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t'))
		n--;
	if (n + 1 != WVLV_TOKEN_STRLEN)
		return false;
	memcpy(out, t, n);
	out[n] = '\0';
	return wvlv_token_well_formed(out);
}

static enum MHD_Result count_authorization(void *cls, enum MHD_ValueKind kind, const char *key,
					   const char *value)
{
	(void)kind;
	(void)value;
	if (strcasecmp(key, "Authorization") == 0)
		(*(int *)cls)++;
	return MHD_YES;
}

/* Two Authorization lines are ambiguous: a proxy may have checked the other. */
static int authorization_lines(http_req *req)
{
	int n = 0;
	MHD_get_connection_values(req->conn, MHD_HEADER_KIND, count_authorization, &n);
	return n;
}

static bool route_is_public(const http_req *req)
{
	if (req->route->flags & ROUTE_PUBLIC)
		return true;
	return (req->route->flags & ROUTE_GIS) && req->srv->cfg->public_gis;
}

wvlv_status auth_authenticate(http_req *req, wvlv_error *err)
{
	snprintf(req->caller.request_id, sizeof(req->caller.request_id), "%s", req->request_id);
	if (route_is_public(req))
		return WVLV_OK;
	const char *h = http_header(req, "Authorization");
	if (!h)
		return unauthorized(req, NULL, "missing-token",
				    "This resource needs an API token: send Authorization: Bearer <token>.",
				    err);
	char token[WVLV_TOKEN_STRLEN];
	if (authorization_lines(req) > 1)
		return unauthorized(req, "invalid_request", "malformed-token",
				    "Send one Authorization header, not several.", err);
	if (!auth_bearer_token(h, token))
		return unauthorized(req, "invalid_request", "malformed-token",
				    "The Authorization header must be \"Bearer\" and a 43-character token.",
				    err);
	/* the request's own transaction begins with the check (one round trip);
	 * the OGC API reads through a pool of its own, so its token is checked apart */
	wvlv_status st = (req->route->flags & ROUTE_GIS)
				 ? wvlv_app_authenticate(req->srv->app, token, &req->caller, err)
				 : wvlv_app_authenticate_request(&req->app, token, &req->caller, err);
	if (st == WVLV_ENOTFOUND) {
		wvlv_error_clear(err);
		return unauthorized(req, "invalid_token", "invalid-token",
				    "The token is unknown or has been revoked.", err);
	}
	if (st != WVLV_OK)
		return st;
	bool writes = strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0;
	bool national_data = (req->route->flags & ROUTE_NATIONAL) != 0;
	if (writes && req->caller.national && !national_data)
		return wvlv_error_set(err, WVLV_EFORBIDDEN, "read-only-token",
				      "A national token reads every municipality but changes none "
				      "of their data: this needs a token of the municipality.");
	if (writes && !req->caller.national && national_data)
		return wvlv_error_set(err, WVLV_EFORBIDDEN, "national-data",
				      "The equated days are national data, the same for every "
				      "municipality: only a national admin token (wvlv keys create "
				      "--national --role admin) changes them.");
	wvlv_role need = req->route->min_role ? req->route->min_role : WVLV_ROLE_READER;
	if (req->caller.role < need)
		return wvlv_error_set(err, WVLV_EFORBIDDEN, "insufficient-role",
				      "This needs the role %s; the token has the role %s.",
				      role_name(need), role_name(req->caller.role));
	return WVLV_OK;
}
