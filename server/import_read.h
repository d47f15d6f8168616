/* import_read.h — the records of a GIS file as the import's use cases take
 * them (import_designations.c, import_offers.c): each feature's columns, by
 * the mapping --map field=column (else the column named like the field), into
 * the JSON body the API's own parse steps read (handlers.h), so a record is
 * refused in the API's words. */
#ifndef WVLV_SERVER_IMPORT_READ_H
#define WVLV_SERVER_IMPORT_READ_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "gdal_read.h"
#include "http.h"
#include "wvlv/app_import.h"

#define IMPORT_MAX_FIELDS 24

/* The fields of an import and the file's column of each. */
typedef struct import_fields {
	const char *const *names;              /* NULL-terminated */
	const char        *column[IMPORT_MAX_FIELDS]; /* the name --map gave, else NULL */
	int                index[IMPORT_MAX_FIELDS];  /* the column in the file, -1: none */
} import_fields;

/* What reading one file needs: the file, the fields, and a request the API's
 * parse steps run in (its arena holds every record). */
typedef struct import_reader {
	gdal_file          *file;
	import_fields       fields;
	const char         *municipality_code;
	wvlv_arena         *arena;
	http_server         srv;
	http_req            req;
	wvlv_import_report *report;
	void              (*progress)(void *cls, size_t done, size_t total);
	void               *progress_cls;
	size_t              total;
} import_reader;

/* field=column into f->column; false with a sentence in why for an unknown
 * field or a pair without '='. */
bool import_map(import_fields *f, const char *pair, char *why, size_t whylen);
/* Find each field's column in the file (its name in any case, or its first
 * 10 characters, as a Shapefile cuts them); false with a sentence in why when a
 * column --map named is not there. */
bool import_columns(import_fields *f, gdal_file *file, char *why, size_t whylen);
/* The value of field `name` in ft (NULL when none). */
const char *import_value(import_reader *r, gdal_feature *ft, const char *name);
/* "COLUMN (apiParam)" for a refusal's field when the file calls it otherwise,
 * else the API's name; field_of: the import field an API param belongs to. */
const char *import_field_label(import_reader *r, const char *param,
			       const char *(*field_of)(const char *param));
/* Values split at ',' or ';' (trimmed, empty ones dropped) as a JSON array of
 * strings. */
json_t *import_list(const char *text);
/* Set key to the string value when it is not NULL. */
void import_set(json_t *obj, const char *key, const char *value);

/* The designations of the file; the records the parse refuses are in
 * r->report (their fields named by import_designation_field). */
bool import_designations_read(import_reader *r, wvlv_import_designation **out, size_t *n);
const char *import_designation_field(const char *param);
extern const char *const import_designation_fields[];

/* The offers of a CSV file: rows without an event register an offer, rows
 * with one are its events (grouped by the column offer). */
bool import_offers_read(import_reader *r, wvlv_import_offer **out, size_t *n);
const char *import_offer_field(const char *param);
extern const char *const import_offer_fields[];

#endif
