/* clock.h — the monotonic clock durations and time limits are measured with. */
#ifndef WVLV_CLOCK_H
#define WVLV_CLOCK_H

#include <stdint.h>

/* Milliseconds on CLOCK_MONOTONIC (an arbitrary origin; only differences
 * mean anything). */
double wvlv_clock_ms(void);

/* The same in whole milliseconds, for deadlines kept as integers. */
static inline int64_t wvlv_clock_ms_whole(void)
{
	return (int64_t)wvlv_clock_ms();
}

/* Seconds since the epoch on CLOCK_REALTIME (wall time, for records). */
double wvlv_clock_epoch(void);

#endif /* WVLV_CLOCK_H */
