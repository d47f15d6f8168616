/* designation.h — the legal rules of Wbmgp designations (docs/law.md §1).
 *
 * Pure functions: periods, extensions, the 20-year cap date, the place cap,
 * withdrawal and the derived status.  No I/O, no SQL, no HTTP.  The server and
 * the CLI call these; the store only loads and saves what they decide.
 */
#ifndef WVLV_DESIGNATION_H
#define WVLV_DESIGNATION_H

#include <stdbool.h>
#include <stddef.h>
#include "wvlv/crs.h"
#include "wvlv/date.h"
#include "wvlv/enum.h"
#include "wvlv/status.h"
#include "wvlv/uuid.h"

#define WVLV_PERIOD_MAX_YEARS     4
#define WVLV_MAX_EXTENSIONS       4
#define WVLV_MAX_PERIODS          (1 + WVLV_MAX_EXTENSIONS)
#define WVLV_CAP_YEARS            20
#define WVLV_PLACE_CAP_DAYS       7305   /* 20 × 365.25 */

typedef enum wvlv_kind { WVLV_KIND_COMPLEX = 1, WVLV_KIND_STREET, WVLV_KIND_AREA } wvlv_kind;

/* Measures as a bit set. */
enum {
	WVLV_MEASURE_ART8           = 1u << 0,
	WVLV_MEASURE_ART9           = 1u << 1,
	WVLV_MEASURE_ART10          = 1u << 2,
	WVLV_MEASURE_VOORKEURSRECHT = 1u << 3,
	WVLV_MEASURE_ALL            = 0xFu
};

typedef enum wvlv_designation_status {
	WVLV_DSTATUS_PLANNED = 1,
	WVLV_DSTATUS_ACTIVE,
	WVLV_DSTATUS_EXPIRED,
	WVLV_DSTATUS_WITHDRAWN
} wvlv_designation_status;

typedef struct wvlv_period {
	int       sequence;      /* 1 = initial, 2.. = extensions */
	wvlv_date start;         /* inclusive */
	wvlv_date end;           /* inclusive: last designated day */
	bool      extension;     /* kind: initial | extension */
	const char *decision_reference;
} wvlv_period;

/* A closed interval of days [from, until], both inclusive. */
typedef struct wvlv_day_range {
	wvlv_date from;
	wvlv_date until;
} wvlv_day_range;

/* The names of each enumeration (wvlv/enum.h): kinds; measures, where value
 * i is the measure bit 1 << i (so a set of measures is a set of the table's
 * values); designation statuses; and the kind of a period, value 0
 * "initial" and 1 "extension" (wvlv_period.extension). */
extern const wvlv_enum wvlv_kind_enum;
extern const wvlv_enum wvlv_measure_enum;
extern const wvlv_enum wvlv_designation_status_enum;
extern const wvlv_enum wvlv_period_kind_enum;

/* Names <-> enums.  *_name return NULL for a value without a name; *_parse
 * return false for unknown names. */
const char *wvlv_kind_name(wvlv_kind kind);
bool        wvlv_kind_parse(const char *name, wvlv_kind *out);
const char *wvlv_measure_name(unsigned measure_bit);
bool        wvlv_measure_parse(const char *name, unsigned *bit_out);
const char *wvlv_designation_status_name(wvlv_designation_status st);
bool        wvlv_designation_status_parse(const char *name, wvlv_designation_status *out);

/* "GM" + 4 digits. */
bool wvlv_municipality_code_valid(const char *code);

/* The last end date a period starting on `start` may have (4 years, docs/law.md §1.2). */
wvlv_date wvlv_period_last_allowed_end(wvlv_date start);

/* The cap date: last day of a 20-year period from the first start. */
wvlv_date wvlv_designation_cap_date(wvlv_date first_start);

/* A first period: start in the years WVLV_YEAR_MIN..WVLV_YEAR_MAX
 * ("date-out-of-range"), end >= start and end <= last allowed end.
 * WVLV_EINVAL (422) with an invalidParams entry named `param_prefix`.start/end. */
wvlv_status wvlv_period_check_first(wvlv_date start, wvlv_date end, const char *param_prefix,
				    wvlv_error *err) WVLV_MUST_CHECK;

/* An extension to `end` of a designation with periods[0..n) (in sequence order,
 * no gaps).  Rules: not withdrawn (withdrawn_on == WVLV_DATE_NONE, else
 * WVLV_ECONFLICT "designation-withdrawn"); fewer than five periods so far (else
 * WVLV_ECONFLICT "extensions-exhausted"); the new period starts the day after
 * the last end (filled into *out_start); end >= that start and within 4 years
 * (else WVLV_EINVAL, param "end"); end <= cap date (else WVLV_ECONFLICT
 * "cap-date-exceeded"). */
wvlv_status wvlv_extension_check(const wvlv_period *periods, size_t n, wvlv_date withdrawn_on,
				 wvlv_date end, wvlv_date *out_start,
				 wvlv_error *err) WVLV_MUST_CHECK;

/* A withdrawal on D: the designation must not be withdrawn already (ECONFLICT
 * "already-withdrawn"); D must lie within [designatedFrom, designatedUntil]
 * (else EINVAL, param "on").  Result: the new designatedUntil = D − 1, or
 * WVLV_DATE_NONE when D is the first start. */
wvlv_status wvlv_withdrawal_check(const wvlv_period *periods, size_t n, wvlv_date withdrawn_on,
				  wvlv_date on, wvlv_date *out_until,
				  wvlv_error *err) WVLV_MUST_CHECK;

/* Derived dates: designatedFrom = first start; designatedUntil = last end, or
 * withdrawn_on − 1 (WVLV_DATE_NONE when that is before the first start). */
wvlv_date wvlv_designated_from(const wvlv_period *periods, size_t n);
wvlv_date wvlv_designated_until(const wvlv_period *periods, size_t n, wvlv_date withdrawn_on);

/* Status on a date (docs/law.md §1.7): withdrawn from the withdrawal date on;
 * planned before the first start; active within a period; expired after. */
wvlv_designation_status wvlv_designation_status_on(const wvlv_period *periods, size_t n,
						   wvlv_date withdrawn_on, wvlv_date on);

/* Number of distinct days covered by the union of ranges (gaps not counted).
 * Ranges with until < from are empty and ignored.  Does not modify input. */
long wvlv_day_ranges_union_days(const wvlv_day_range *ranges, size_t n);

/* The place cap: `self` is the designated range of the designation being created
 * or extended (after the change); others[i] is the designated range of each
 * other designation of the same municipality that overlaps it in area (a
 * withdrawn one up to its withdrawal).  More than WVLV_PLACE_CAP_DAYS days in
 * the union → WVLV_ECONFLICT "place-cap-exceeded" with the day count in the
 * detail; the caller adds the names of the others. */
wvlv_status wvlv_place_cap_check(wvlv_day_range self, const wvlv_day_range *others, size_t n,
				 long *out_days, wvlv_error *err) WVLV_MUST_CHECK;

/* ---- the records: a designation as it is stored, read and shown ------------
 * Plain data: the store fills and saves them, the use cases and the server
 * read and render them. */

typedef struct wvlv_designation {
	char        id[WVLV_UUID_STRLEN];
	char        municipality_code[8];
	wvlv_kind   kind;
	const char *name;
	unsigned    measures;            /* WVLV_MEASURE_* bits */
	const char *geometry;            /* GeoJSON text in the CRS asked for */
	const char **bag_ids;
	size_t      n_bag_ids;
	wvlv_period periods[WVLV_MAX_PERIODS];
	size_t      n_periods;
	wvlv_date   withdrawn_on;        /* WVLV_DATE_NONE when not withdrawn */
	const char *withdrawal_reason;   /* NULL when not withdrawn */
	int         version;
	const char *created_at;          /* RFC 3339 UTC */
	const char *updated_at;
	const char *created_us;          /* lists: created_at in microseconds since 1970,
					    a key of the list's order (its cursor) */
} wvlv_designation;

/* A new designation with its first period.  designated_until is what the
 * domain derived (the first period's end). */
typedef struct wvlv_designation_new {
	const char *municipality_code;
	wvlv_kind   kind;
	const char *name;
	unsigned    measures;
	const char *geometry_json;  /* GeoJSON Polygon or MultiPolygon */
	wvlv_crs    geometry_crs;
	const char **bag_ids;
	size_t      n_bag_ids;
	wvlv_period first;          /* sequence 1, extension false */
} wvlv_designation_new;

/* Fields a PATCH may change; NULL / 0 means unchanged. */
typedef struct wvlv_designation_patch {
	const char *name;
	bool        set_kind;
	wvlv_kind   kind;
	unsigned    measures;       /* 0: unchanged */
	const char *geometry_json;
	wvlv_crs    geometry_crs;
	bool        set_bag_ids;
	const char **bag_ids;
	size_t      n_bag_ids;
} wvlv_designation_patch;

typedef struct wvlv_designation_filter {
	const char *municipality_code;   /* NULL: every municipality the caller sees */
	wvlv_kind   kind;                /* 0: any */
	unsigned    measure;             /* 0: any; else one WVLV_MEASURE_* bit */
	wvlv_date   active_on;           /* WVLV_DATE_NONE: any */
	wvlv_designation_status status;  /* 0: any; evaluated on `today` */
	wvlv_date   today;
	bool        has_bbox;
	double      bbox[4];             /* CRS84: min lon, min lat, max lon, max lat */
	bool        has_point;
	double      point[2];            /* CRS84: lon, lat */
	long        limit;
	long        offset;
	/* keyset: the order keys (created_us, id) of the item the page starts
	 * after (a cursor's keys, shapes checked); after[0] NULL: none */
	const char *after[2];
} wvlv_designation_filter;

/* An other designation overlapping in area, with its designated day range
 * (a withdrawn one up to its withdrawal; empty range when withdrawn on its
 * first day). */
typedef struct wvlv_overlap {
	char            id[WVLV_UUID_STRLEN];
	const char     *name;
	wvlv_day_range  range;
} wvlv_overlap;

#endif /* WVLV_DESIGNATION_H */
