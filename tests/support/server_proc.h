/* server_proc.h — run the real wvlv binary for end-to-end tests. */
#ifndef WVLV_TEST_SERVER_PROC_H
#define WVLV_TEST_SERVER_PROC_H

#include <sys/types.h>

typedef struct tserver {
	pid_t pid;
	int   port;
	char  base[64];   /* "http://127.0.0.1:PORT" */
} tserver;

/* Start `wvlv serve` on a free loopback port against conninfo, with extra
 * environment entries ("NAME=value", NULL-terminated, may be NULL); waits
 * until /healthz answers (exits the test program when it does not within 15 s). */
void tserver_start(tserver *s, const char *conninfo, const char *const *env);
/* The same, with the server's stdout and stderr (its log lines) written to
 * the file log_path (truncated first) instead of the test's own. */
void tserver_start_log(tserver *s, const char *conninfo, const char *const *env,
		       const char *log_path);
/* The same on the IPv6 loopback, [::1] (base "http://[::1]:PORT"). */
void tserver_start_ipv6(tserver *s, const char *conninfo, const char *const *env);
/* SIGTERM and wait; returns the exit status (0 = graceful stop). */
int tserver_stop(tserver *s);

/* Run the wvlv binary with args (NULL-terminated) and env additions; captures
 * stdout+stderr into *out (malloc'd, may be NULL); returns the exit status. */
int trun_wvlv(const char *const *args, const char *const *env, char **out);

/* What a run of the wvlv binary wrote and how it ended. */
typedef struct trun_out {
	int   status;   /* the exit status; 128 + the signal when it was killed */
	char *out;      /* stdout (malloc'd) */
	char *err;      /* stderr (malloc'd) */
} trun_out;

/* Run the wvlv binary with args (NULL-terminated, at most 46) and stdout and
 * stderr apart, WVLV_ALERT_WEBHOOK removed from its environment.  Asserts
 * with Check's ck_assert: call from inside a test. */
trun_out trunv(const char *const *args);
/* The same with the arguments listed, ending with NULL. */
trun_out trun(const char *first, ...);
/* Frees out and err. */
void trun_free(trun_out *r);

/* A TCP port on 127.0.0.1 that nothing listens on now. */
int tserver_free_port(void);

#endif
