/* designation_internal.h — what designations.c and designation_writes.c
 * share (private to lib/store/): the "not-found" answer for a designation
 * (also for an id that is not a uuid, checked with wvlv_uuid_shaped before
 * any statement).
 */
#ifndef WVLV_STORE_DESIGNATION_INTERNAL_H
#define WVLV_STORE_DESIGNATION_INTERNAL_H

#include "db_internal.h"

static inline wvlv_status store_not_found(wvlv_error *err)
{
	return wvlv_error_set(err, WVLV_ENOTFOUND, "not-found", "the designation does not exist");
}

#endif /* WVLV_STORE_DESIGNATION_INTERNAL_H */
