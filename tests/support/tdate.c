/* tdate.c — see tdate.h. */
#include "tdate.h"

wvlv_date t_date(const char *s)
{
	wvlv_date out = WVLV_DATE_NONE;
	ck_assert_msg(wvlv_date_parse(s, &out, NULL) == WVLV_OK, "bad date literal %s", s);
	return out;
}

const char *t_fmt(wvlv_date d)
{
	static char bufs[8][WVLV_DATE_STRLEN];
	static int next;
	next = (next + 1) % 8;
	return wvlv_date_format(d, bufs[next]);
}

wvlv_error t_fresh_error(void)
{
	wvlv_error err;
	wvlv_error_clear(&err);
	return err;
}
