/* features.c — the queryables of the designations collection (features.h). */
#include "wvlv/features.h"

#include <string.h>

#include "wvlv/designation.h"

const wvlv_queryable wvlv_queryables[] = {
	{ "geometry", WVLV_QT_GEOMETRY, NULL, "Geometry",
	  "The designated complex, street or area (MultiPolygon)." },
	{ "name", WVLV_QT_STRING, NULL, "Name", "The name the municipality gave it." },
	{ "kind", WVLV_QT_STRING, &wvlv_kind_enum, "Kind",
	  "What is designated: a complex, a street or an area." },
	{ "municipalityCode", WVLV_QT_STRING, NULL, "Municipality",
	  "CBS code of the municipality (GM + 4 digits)." },
	{ "measuresText", WVLV_QT_STRING, NULL, "Measures",
	  "The measures, comma-separated (art8, art9, art10, voorkeursrecht)." },
	{ "hasVoorkeursrecht", WVLV_QT_BOOLEAN, NULL, "Preference right",
	  "Whether the preference right (voorkeursrecht) is one of the measures." },
	{ "status", WVLV_QT_STRING, &wvlv_designation_status_enum, "Status",
	  "Planned, active, expired or withdrawn, today (Europe/Amsterdam)." },
	{ "designatedFrom", WVLV_QT_DATE, NULL, "Designated from",
	  "First day of the first period." },
	{ "designatedUntil", WVLV_QT_DATE, NULL, "Designated until",
	  "Last day of the last period (null after a withdrawal before the start)." },
	{ "currentPeriodStart", WVLV_QT_DATE, NULL, "Current period from",
	  "First day of the period in force today; null when none is (or withdrawn)." },
	{ "currentPeriodEnd", WVLV_QT_DATE, NULL, "Current period until",
	  "Last day of the period in force today; null when none is (or withdrawn)." },
	{ "withdrawnOn", WVLV_QT_DATE, NULL, "Withdrawn on",
	  "The day the designation was withdrawn; null when it was not." },
};

const size_t wvlv_nqueryables = sizeof(wvlv_queryables) / sizeof(wvlv_queryables[0]);

const wvlv_queryable *wvlv_queryable_find(const char *name)
{
	for (size_t i = 0; name && i < wvlv_nqueryables; i++)
		if (strcmp(wvlv_queryables[i].name, name) == 0)
			return &wvlv_queryables[i];
	return NULL;
}
