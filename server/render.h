/* render.h — resources to JSON (camelCase, as openapi/openapi.yaml says). */
#ifndef WVLV_SERVER_RENDER_H
#define WVLV_SERVER_RENDER_H

#include <jansson.h>
#include <stdbool.h>
#include "wvlv/app_offers.h"
#include "wvlv/date.h"
#include "wvlv/deadline.h"
#include "wvlv/designation.h"
#include "wvlv/offer.h"

/* A designation; status is evaluated on `today`. */
json_t *render_designation(const wvlv_designation *d, wvlv_date today);

/* A deadline with its explanation: {term, from, rawEnd, deadline, movedPast}. */
json_t *render_deadline(const wvlv_deadline *d);

/* A sale offer in its context: its response deadline explained (null for an
 * exempt offer), owner personal data only when the context allows it. */
json_t *render_offer(const wvlv_offer *o, const wvlv_offer_context *ctx);

/* A date as a JSON string, or JSON null for WVLV_DATE_NONE. */
json_t *render_date(wvlv_date d);

#endif
