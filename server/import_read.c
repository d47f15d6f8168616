/* import_read.c — what reading the records of either import shares
 * (import_read.h). */
#include "import_read.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int field_number(const import_fields *f, const char *name)
{
	for (int i = 0; f->names[i]; i++)
		if (strcmp(f->names[i], name) == 0)
			return i;
	return -1;
}

bool import_map(import_fields *f, const char *pair, char *why, size_t whylen)
{
	const char *eq = strchr(pair, '=');
	if (!eq || eq == pair || !eq[1]) {
		snprintf(why, whylen, "--map takes field=column, not \"%s\"", pair);
		return false;
	}
	char field[64];
	snprintf(field, sizeof(field), "%.*s", (int)(eq - pair), pair);
	int i = field_number(f, field);
	if (i < 0) {
		int k = snprintf(why, whylen, "--map: \"%s\" is not a field; the fields are", field);
		for (int j = 0; f->names[j] && k > 0 && (size_t)k < whylen; j++)
			k += snprintf(why + k, whylen - (size_t)k, "%s %s", j ? "," : "", f->names[j]);
		return false;
	}
	f->column[i] = eq + 1;
	return true;
}

bool import_columns(import_fields *f, gdal_file *file, char *why, size_t whylen)
{
	for (int i = 0; f->names[i]; i++) {
		f->index[i] = gdal_column(file, f->column[i] ? f->column[i] : f->names[i]);
		/* a Shapefile's column names are cut to 10 characters */
		if (f->index[i] < 0 && !f->column[i] && strlen(f->names[i]) > 10) {
			char cut[11];
			memcpy(cut, f->names[i], 10);
			cut[10] = '\0';
			f->index[i] = gdal_column(file, cut);
		}
		if (f->index[i] < 0 && f->column[i]) {
			snprintf(why, whylen, "--map %s=%s: the layer has no column %s", f->names[i],
				 f->column[i], f->column[i]);
			return false;
		}
	}
	return true;
}

const char *import_value(import_reader *r, gdal_feature *ft, const char *name)
{
	int i = field_number(&r->fields, name);
	return i < 0 ? NULL : gdal_value(r->file, ft, r->fields.index[i], r->arena);
}

const char *import_field_label(import_reader *r, const char *param,
			       const char *(*field_of)(const char *param))
{
	const char *field = field_of(param);
	int i = field ? field_number(&r->fields, field) : -1;
	if (i < 0 || r->fields.index[i] < 0)
		return param;
	const char *column = gdal_column_name(r->file, r->fields.index[i]);
	long row;
	if (sscanf(param, "event@%ld.", &row) == 1) /* an offer's event: its row */
		return wvlv_arena_printf(r->arena, "%s (row %ld)", column, row);
	if (strcmp(column, param) == 0)
		return param;
	return wvlv_arena_printf(r->arena, "%s (%s)", column, param);
}

json_t *import_list(const char *text)
{
	json_t *a = json_array();
	const char *p = text;
	while (p && *p) {
		size_t n = strcspn(p, ",;");
		const char *s = p, *e = p + n;
		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (e > s)
			json_array_append_new(a, json_stringn(s, (size_t)(e - s)));
		p += n + (p[n] != '\0');
	}
	return a;
}

void import_set(json_t *obj, const char *key, const char *value)
{
	if (value)
		json_object_set_new(obj, key, json_string(value));
}
