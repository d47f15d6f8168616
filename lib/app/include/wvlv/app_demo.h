/* app_demo.h — load a small demo municipality into an empty registry
 * (`wvlv seed-demo`).
 *
 * The demo is GM0505 Dordrecht with three designations: an area with the
 * preference right (Oud-Krispijn), a complex (Vogelbuurt, complex
 * Merelstraat) and a street that was extended once (Reeweg-Oost).  They are
 * made by the same use cases as through the API, so every rule applies.
 */
#ifndef WVLV_APP_DEMO_H
#define WVLV_APP_DEMO_H

#include <stdbool.h>
#include <stddef.h>

#include "wvlv/app.h"
#include "wvlv/status.h"

typedef struct wvlv_app_demo_report {
	bool   seeded;         /* false: the registry held designations already; nothing done */
	size_t designations;   /* how many were made */
} wvlv_app_demo_report;

/* Seed the demo when the registry holds no designation, in one transaction
 * as an admin of GM0505, on a connection of its own as the server's role. */
wvlv_status wvlv_app_demo_seed(const wvlv_app_config *cfg, wvlv_app_demo_report *out,
			       wvlv_error *err) WVLV_MUST_CHECK;

#endif /* WVLV_APP_DEMO_H */
