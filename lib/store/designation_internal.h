/* designation_internal.h — what designations.c and designation_writes.c
 * share (private to lib/store/): the "not-found" answer for a designation,
 * and the reading of a failed statement on an id.
 */
#ifndef WVLV_STORE_DESIGNATION_INTERNAL_H
#define WVLV_STORE_DESIGNATION_INTERNAL_H

#include "db_internal.h"

static inline wvlv_status store_not_found(wvlv_error *err)
{
	return wvlv_error_set(err, WVLV_ENOTFOUND, "not-found", "the designation does not exist");
}

/* A failed statement on an id: 22P02 (not a uuid) means no such row. */
static inline wvlv_status store_failed_on_id(wvlv_db *db, wvlv_error *err)
{
	if (wvlv_db_bad_uuid(db))
		return store_not_found(err);
	return err->status;
}

#endif /* WVLV_STORE_DESIGNATION_INTERNAL_H */
