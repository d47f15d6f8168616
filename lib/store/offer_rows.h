/* offer_rows.h — what offer_events.c borrows from offers.c: the statements
 * that read an offer and its audit snapshot, and the decoding of a row
 * (private to lib/store/). */
#ifndef WVLV_STORE_OFFER_ROWS_H
#define WVLV_STORE_OFFER_ROWS_H

#include "db_internal.h"
#include "wvlv/store_offers.h"

/* The offer $1::uuid, of the municipality $2 (NULL: any the caller sees), in
 * crs; FOR UPDATE when for_update. */
const char *wvlv_sql_offer_get(wvlv_crs crs, bool for_update);
/* The audit snapshot of the offer $1::uuid (wvlv_store_offer_snapshot). */
extern const char wvlv_sql_offer_snapshot[];
/* Row `row` of a result of wvlv_sql_offer_get; strings point into res. */
wvlv_status wvlv_offer_row(const PGresult *res, int row, wvlv_arena *arena, wvlv_offer *out,
			   wvlv_error *err);
wvlv_status wvlv_offer_not_found(wvlv_error *err);
const char *wvlv_offer_status_param(wvlv_offer_status s, wvlv_error *err, wvlv_status *st);

#endif /* WVLV_STORE_OFFER_ROWS_H */
