/* tdate.h — dates in unit tests: "YYYY-MM-DD" literals in, strings out.
 *
 * t_date asserts with Check's ck_assert and so must be called from inside a
 * test.  Test files name them shortly: #define D t_date, #define F t_fmt. */
#ifndef WVLV_TEST_TDATE_H
#define WVLV_TEST_TDATE_H

#include <check.h>

#include "wvlv/date.h"
#include "wvlv/status.h"

/* The day of a "YYYY-MM-DD" literal; fails the test when it is not one. */
wvlv_date t_date(const char *s);

/* wvlv_date_format into one of 8 rotating buffers, so several can be
 * compared or printed at once ("" for WVLV_DATE_NONE). */
const char *t_fmt(wvlv_date d);

/* A cleared wvlv_error. */
wvlv_error t_fresh_error(void);

/* d formats (with the file's F) as the string s. */
#define ck_assert_date(d, s) ck_assert_str_eq(F(d), s)

#endif
