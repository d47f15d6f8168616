/* clock.h — the monotonic clock the server measures durations and deadlines with. */
#ifndef WVLV_SERVER_CLOCK_H
#define WVLV_SERVER_CLOCK_H

/* Milliseconds on CLOCK_MONOTONIC (an arbitrary origin; only differences mean anything). */
double clock_mono_ms(void);

#endif
