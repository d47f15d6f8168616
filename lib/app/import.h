/* import.h — what the two imports share (private to lib/app; the use cases
 * are in wvlv/app_import.h): the caller they act as, the refusals, one
 * record in a savepoint, the end of the transaction. */
#ifndef WVLV_APP_IMPORT_INTERNAL_H
#define WVLV_APP_IMPORT_INTERNAL_H

#include "wvlv/app_import.h"
#include "wvlv/caller.h"
#include "wvlv/db.h"

/* An admin of o's municipality labelled WVLV_IMPORT_ACTOR, with the file's
 * name as its client request id (both end up in the audit). */
wvlv_caller import_caller(const wvlv_import_options *o);

/* One record's work, on a scratch arena destroyed after it. */
typedef wvlv_status (*import_step)(wvlv_db *db, wvlv_arena *scratch, void *cls,
				   wvlv_error *err);

/* Run step in a savepoint: when it is refused (any status but EUNAVAIL and
 * EINTERNAL, which end the import) its work is undone, its refusals added to
 * rep and *refused set. */
wvlv_status import_record(wvlv_db *db, wvlv_arena *arena, wvlv_import_report *rep,
			  const wvlv_import_origin *origin, import_step step,
			  void *cls, bool *refused, wvlv_error *err) WVLV_MUST_CHECK;

/* Commit when st is OK and nothing was refused and it is no dry run; else
 * roll back (refusals: WVLV_EINVAL "import-refused"). */
wvlv_status import_finish(wvlv_db *db, const wvlv_import_options *o, wvlv_import_report *rep,
			  wvlv_status st, wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_APP_IMPORT_INTERNAL_H */
