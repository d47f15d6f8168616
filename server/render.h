/* render.h — resources to JSON (camelCase, as openapi/openapi.yaml says). */
#ifndef WVLV_SERVER_RENDER_H
#define WVLV_SERVER_RENDER_H

#include <jansson.h>
#include "wvlv/date.h"
#include "wvlv/store_designations.h"

/* A designation; status is evaluated on `today`. */
json_t *render_designation(const wvlv_designation *d, wvlv_date today);

/* A date as a JSON string, or JSON null for WVLV_DATE_NONE. */
json_t *render_date(wvlv_date d);

#endif
