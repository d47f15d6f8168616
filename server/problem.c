/* problem.c — problem+json bodies and the status mapping (see problem.h). */
#include "problem.h"

#include <stdio.h>

#include "wvlv/utf8.h"

int problem_http_status(wvlv_status status)
{
	switch (status) {
	case WVLV_OK: return 200;
	case WVLV_EINVAL: return 422;
	case WVLV_EBADREQ: return 400;
	case WVLV_ENOTFOUND: return 404;
	case WVLV_EUNAUTHORIZED: return 401;
	case WVLV_EFORBIDDEN: return 403;
	case WVLV_ECONFLICT: return 409;
	case WVLV_EPRECOND: return 412;
	case WVLV_EUNAVAIL: return 503;
	case WVLV_ENOMEM: return 503;
	case WVLV_EDB: return 500;
	case WVLV_EINTERNAL: return 500;
	}
	return 500;
}

/* The standard reason phrase ("Unprocessable Content"). */
static const char *problem_title(int s)
{
	switch (s) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 409: return "Conflict";
	case 412: return "Precondition Failed";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 428: return "Precondition Required";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	}
	return "Error";
}

json_t *problem_json(int http_status, const char *code, const char *detail, const char *instance,
		     const wvlv_error *err)
{
	char type[96];
	snprintf(type, sizeof(type), "urn:wvlv:problem:%s", code && *code ? code : "error");
	json_t *p = json_pack("{s:s, s:s, s:i, s:o, s:o, s:s}", "type", type, "title",
			      problem_title(http_status), "status", http_status, "detail",
			      wvlv_json_text(detail && *detail ? detail : problem_title(http_status)),
			      "instance", wvlv_json_text(instance), "code",
			      code && *code ? code : "error");
	if (p && err && err->nparams > 0) {
		json_t *arr = json_array();
		for (int i = 0; i < err->nparams; i++)
			json_array_append_new(arr, json_pack("{s:o, s:s, s:o}", "name",
							     wvlv_json_text(err->params[i].name),
							     "code", err->params[i].code, "reason",
							     wvlv_json_text(err->params[i].reason)));
		json_object_set_new(p, "invalidParams", arr);
	}
	return p;
}
