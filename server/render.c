/* render.c — JSON representations (see render.h). */
#include "render.h"

#include <string.h>

#include "wvlv/designation.h"

json_t *render_date(wvlv_date d)
{
	if (d == WVLV_DATE_NONE)
		return json_null();
	char buf[WVLV_DATE_STRLEN];
	return json_string(wvlv_date_format(d, buf));
}

static json_t *render_measures(unsigned measures)
{
	json_t *a = json_array();
	for (unsigned bit = 1; bit <= WVLV_MEASURE_VOORKEURSRECHT; bit <<= 1)
		if (measures & bit)
			json_array_append_new(a, json_string(wvlv_measure_name(bit)));
	return a;
}

static json_t *render_periods(const wvlv_designation *d)
{
	json_t *a = json_array();
	for (size_t i = 0; i < d->n_periods; i++) {
		const wvlv_period *p = &d->periods[i];
		json_array_append_new(a, json_pack("{s:i, s:o, s:o, s:s, s:s}", "sequence",
						   p->sequence, "start", render_date(p->start),
						   "end", render_date(p->end), "kind",
						   wvlv_enum_name(&wvlv_period_kind_enum, p->extension),
						   "decisionReference",
						   p->decision_reference ? p->decision_reference : ""));
	}
	return a;
}

static json_t *render_strings(const char **s, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(s[i]));
	return a;
}

json_t *render_designation(const wvlv_designation *d, wvlv_date today)
{
	wvlv_date from = wvlv_designated_from(d->periods, d->n_periods);
	wvlv_date until = wvlv_designated_until(d->periods, d->n_periods, d->withdrawn_on);
	wvlv_designation_status st =
		wvlv_designation_status_on(d->periods, d->n_periods, d->withdrawn_on, today);
	json_t *geometry = d->geometry ? json_loads(d->geometry, 0, NULL) : NULL;
	return json_pack(
		"{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:i, s:s, s:s}",
		"id", d->id,
		"municipalityCode", d->municipality_code,
		"kind", wvlv_kind_name(d->kind),
		"name", d->name ? d->name : "",
		"measures", render_measures(d->measures),
		"geometry", geometry ? geometry : json_null(),
		"bagIds", render_strings(d->bag_ids, d->n_bag_ids),
		"periods", render_periods(d),
		"designatedFrom", render_date(from),
		"designatedUntil", render_date(until),
		"capDate", render_date(from == WVLV_DATE_NONE ? WVLV_DATE_NONE
							     : wvlv_designation_cap_date(from)),
		"status", wvlv_designation_status_name(st),
		"withdrawnOn", render_date(d->withdrawn_on),
		"withdrawalReason", d->withdrawal_reason ? json_string(d->withdrawal_reason) : json_null(),
		"version", d->version,
		"createdAt", d->created_at ? d->created_at : "",
		"updatedAt", d->updated_at ? d->updated_at : "");
}
