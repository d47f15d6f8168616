/* app.c — what the use cases share (see app.h). */
#include "wvlv/app.h"

#include "wvlv/store_alerts.h"

void wvlv_app_describe_database(const char *database_url, char *buf, size_t size)
{
	wvlv_store_describe_conninfo(database_url, buf, size);
}
