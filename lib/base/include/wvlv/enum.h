/* enum.h — an enumeration written as names: one table for parsing, naming
 * and the "one of a, b or c" text of messages.
 *
 * A table lists the names of consecutive values, first to last, in the
 * order messages and documents give them.  Each enumeration of the domain
 * has exactly one (wvlv_kind_enum, wvlv_offer_status_enum, …, declared
 * beside its type), and every name, every parse and every list of allowed
 * names in a message is read from it, so a new value is one new name.
 */
#ifndef WVLV_ENUM_H
#define WVLV_ENUM_H

#include <stdbool.h>
#include <stddef.h>

#define WVLV_ENUM_MAX_NAMES 32   /* a set of values is an unsigned */
#define WVLV_ENUM_TEXT_MAX  256  /* room for the text of any table */

typedef struct wvlv_enum {
	const char *const *names;  /* names[i] names the value first + i */
	size_t             count;
	int                first;  /* not negative */
} wvlv_enum;

/* The table of a names array whose first name is that of value first. */
#define WVLV_ENUM_TABLE(names_array, first_value) \
	{ (names_array), sizeof(names_array) / sizeof((names_array)[0]), (first_value) }

/* The name of value, NULL for a value outside the table. */
const char *wvlv_enum_name(const wvlv_enum *e, int value);

/* The value of name into *out; false for any other text (NULL too), and
 * *out is left alone. */
bool wvlv_enum_parse(const wvlv_enum *e, const char *name, int *out);

/* A set of a table's values: bit i stands for the value first + i. */
#define WVLV_ENUM_ALL      (~0u)                 /* every value */
#define WVLV_ENUM_FIRST(n) ((1u << (n)) - 1u)    /* the leading n values (n < 32) */

/* The set of one value; 0 for a value outside the table. */
unsigned wvlv_enum_bit(const wvlv_enum *e, int value);

typedef enum wvlv_enum_style {
	WVLV_ENUM_OR,      /* "a, b or c", as in "kind must be complex, street or area." */
	WVLV_ENUM_COMMAS   /* "a, b, c", as after "one of" */
} wvlv_enum_style;

/* The names of the values in set, in the table's order, joined in style,
 * into buf of size bytes (WVLV_ENUM_TEXT_MAX holds any table; a longer text
 * is cut).  "" for an empty set.  Returns buf. */
const char *wvlv_enum_text(const wvlv_enum *e, unsigned set, wvlv_enum_style style, char *buf,
			   size_t size);

/* The two functions every enumeration type of the domain has, over its
 * table, so that they are not the same ten lines written once per type:
 *   const char *NAME_FN(TYPE value)                      the name; NULL outside the table
 *   bool        PARSE_FN(const char *name, TYPE *out)    the value; false for other text
 * e.g. WVLV_ENUM_FUNCTIONS(wvlv_kind, wvlv_kind_name, wvlv_kind_parse, wvlv_kind_enum) */
#define WVLV_ENUM_FUNCTIONS(TYPE, NAME_FN, PARSE_FN, TABLE) \
	const char *NAME_FN(TYPE value)                     \
	{                                                   \
		return wvlv_enum_name(&(TABLE), (int)value); \
	}                                                   \
	bool PARSE_FN(const char *name, TYPE *out)          \
	{                                                   \
		int v;                                      \
		if (!wvlv_enum_parse(&(TABLE), name, &v))   \
			return false;                       \
		*out = (TYPE)v;                             \
		return true;                                \
	}

#endif /* WVLV_ENUM_H */
