/* status.c — wvlv_error helpers. */
#include "wvlv/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void wvlv_error_clear(wvlv_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

wvlv_status wvlv_error_set(wvlv_error *err, wvlv_status status, const char *code,
			   const char *fmt, ...)
{
	if (!err)
		return status;
	err->status = status;
	snprintf(err->code, sizeof(err->code), "%s", code ? code : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	va_end(ap);
	return status;
}

void wvlv_error_add_param(wvlv_error *err, const char *name, const char *code,
			  const char *fmt, ...)
{
	if (!err || err->nparams >= WVLV_ERROR_MAX_PARAMS)
		return;
	wvlv_invalid_param *p = &err->params[err->nparams++];
	snprintf(p->name, sizeof(p->name), "%s", name);
	snprintf(p->code, sizeof(p->code), "%s", code);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->reason, sizeof(p->reason), fmt, ap);
	va_end(ap);
}

const char *wvlv_status_name(wvlv_status status)
{
	switch (status) {
	case WVLV_OK: return "OK";
	case WVLV_EINVAL: return "EINVAL";
	case WVLV_EBADREQ: return "EBADREQ";
	case WVLV_ENOTFOUND: return "ENOTFOUND";
	case WVLV_EUNAUTHORIZED: return "EUNAUTHORIZED";
	case WVLV_EFORBIDDEN: return "EFORBIDDEN";
	case WVLV_ECONFLICT: return "ECONFLICT";
	case WVLV_EPRECOND: return "EPRECOND";
	case WVLV_EDB: return "EDB";
	case WVLV_EUNAVAIL: return "EUNAVAIL";
	case WVLV_ENOMEM: return "ENOMEM";
	case WVLV_EINTERNAL: return "EINTERNAL";
	}
	return "UNKNOWN";
}
