/* test_alerts_job.c — end-to-end tests of the nightly job `wvlv alerts` and of
 * `wvlv purge`, running the real binary against a real database and a local
 * webhook receiver (libmicrohttpd on 127.0.0.1, a free port) that this test
 * starts: approaching deadlines at the right threshold, missed ones lapsed or
 * released with their event and audit row, designations ending (extension
 * possible, cap reached, extensions used), a re-run that sends nothing, the
 * webhook failing and retried, --dry-run changing nothing, the database down,
 * usage errors, and a month of nights in which every alert comes on its night
 * and only once.  Data is made with the library functions the API uses
 * (offers received in the past), each test in a database of its own. */
#include <arpa/inet.h>
#include <check.h>
#include <fcntl.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "e2e_helpers.h"
#include "offer_helpers.h"
#include "app_seed.h"
#include "server_proc.h"
#include "unit.h"
#include "tdate.h"
#include "offers.h"
#include "registry.h"

/* The lines of text (a copy; lines[i] point into it). */
typedef struct lines {
	char  *text;
	char  *line[256];
	size_t n;
} lines;

static void split(lines *l, const char *text)
{
	l->text = strdup(text);
	l->n = 0;
	for (char *save = NULL, *s = strtok_r(l->text, "\n", &save); s && l->n < 256;
	     s = strtok_r(NULL, "\n", &save))
		l->line[l->n++] = s;
}

/* ---- the world: a database with designations and offers ------------------------------- */

static const char *conninfo;
static wvlv_db *db;
static PGconn *pg;

#define D t_date
#define F t_fmt
/* the world's steps and queries by their short names */
#define designation seed_designation
#define offer       seed_offer
#define q           seed_q
#define qn          seed_qn
#define ck_q        seed_ck_q

static void world(void)
{
	conninfo = seed_open("wvlv_e2e_alerts");
	db = seed_db();
	pg = seed_pg();
}

/* A clerk's event on day `on` (recorded that day). */
static void event(const char *muni, const char *id, wvlv_offer_event_type type, const char *on,
		  const char *decision)
{
	wvlv_offer_event ev = { .type = type, .on = D(on), .moved_to = WVLV_DATE_NONE,
				.willing = decision && !strcmp(decision, "willing") };
	char data[64] = "{}";
	if (decision)
		snprintf(data, sizeof(data), "{\"decision\":\"%s\"}", decision);
	seed_step t;
	wvlv_offer out;
	seed_step_begin(&t, muni);
	wvlv_status st = wvlv_offers_post_event(db, t.arena, &t.caller, id, NULL, &ev, data, false,
						D(on), WVLV_CRS_CRS84, &out, &t.err);
	seed_step_end(&t, st, "event");
}

/* Everything the job may change. */
static char *digest(void)
{
	return q("SELECT md5("
		 " coalesce((SELECT string_agg(t::text, '|' ORDER BY t::text) FROM sale_notifications t), '')"
		 " || coalesce((SELECT string_agg(e::text, '|' ORDER BY e::text)"
		 "    FROM sale_notification_events e), '')"
		 " || (SELECT count(*) || '/' || coalesce(max(id), 0) FROM audit_log)"
		 " || coalesce((SELECT string_agg(l::text, '|' ORDER BY l::text) FROM alert_ledger l), '')"
		 " || coalesce((SELECT string_agg(i::text, '|' ORDER BY i::text) FROM idempotency_keys i), '')"
		 " || coalesce((SELECT string_agg(d::text, '|' ORDER BY d::text) FROM designations d), ''))",
		 NULL);
}

static trun_out alerts(const char *today, const char *a1, const char *a2, const char *a3,
		      const char *a4)
{
	return trun("alerts", "--database-url", conninfo, "--today", today, a1, a2, a3, a4, NULL);
}

#define SUMMARY_NOTHING \
	"summary: 0 approaching, 0 missed (lapsed), 0 released, 0 designations ending, 0 webhook failures\n"

/* ---- the webhook receiver -------------------------------------------------------------- */

typedef enum rx_mode { RX_OK = 0, RX_FAIL_FIRST, RX_FAIL, RX_SLOW } rx_mode;

typedef struct rx_hit {
	char    *body;
	char     user_agent[64];
	char     content_type[64];
	unsigned answered;
} rx_hit;

typedef struct receiver {
	struct MHD_Daemon *d;
	pthread_mutex_t    lock;
	rx_mode            mode;
	rx_hit             hits[512];
	size_t             n;
	char               url[80];
} receiver;

typedef struct rx_body {
	char  *buf;
	size_t len;
} rx_body;

static void copy_header(struct MHD_Connection *c, const char *name, char *out, size_t size)
{
	const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
	snprintf(out, size, "%s", v ? v : "");
}

static enum MHD_Result rx_handler(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	(void)url;
	(void)method;
	(void)version;
	receiver *rx = cls;
	rx_body *b = *con_cls;
	if (!b) {
		*con_cls = calloc(1, sizeof(rx_body));
		return *con_cls ? MHD_YES : MHD_NO;
	}
	if (*upload_size) {
		char *nb = realloc(b->buf, b->len + *upload_size + 1);
		if (!nb)
			return MHD_NO;
		memcpy(nb + b->len, upload, *upload_size);
		b->buf = nb;
		b->len += *upload_size;
		b->buf[b->len] = '\0';
		*upload_size = 0;
		return MHD_YES;
	}
	unsigned status = 200;
	pthread_mutex_lock(&rx->lock);
	if (rx->mode == RX_SLOW) {
		pthread_mutex_unlock(&rx->lock);
		usleep(1200 * 1000);  /* longer than the run may take */
		pthread_mutex_lock(&rx->lock);
	}
	if (rx->n < sizeof(rx->hits) / sizeof(rx->hits[0])) {
		rx_hit *h = &rx->hits[rx->n];
		h->body = strdup(b->buf ? b->buf : "");
		copy_header(c, "User-Agent", h->user_agent, sizeof(h->user_agent));
		copy_header(c, "Content-Type", h->content_type, sizeof(h->content_type));
		size_t earlier = 0;
		for (size_t i = 0; i < rx->n; i++)
			earlier += strcmp(rx->hits[i].body, h->body) == 0;
		status = rx->mode == RX_FAIL || (rx->mode == RX_FAIL_FIRST && earlier == 0) ? 500
											   : 200;
		h->answered = status;
		rx->n++;
	}
	pthread_mutex_unlock(&rx->lock);
	static const char ok[] = "{}";
	struct MHD_Response *r = MHD_create_response_from_buffer(2, (void *)(uintptr_t)ok,
								  MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static void rx_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	rx_body *b = *con_cls;
	if (b) {
		free(b->buf);
		free(b);
	}
	*con_cls = NULL;
}

static receiver *rx_start(rx_mode mode)
{
	receiver *rx = calloc(1, sizeof(*rx));
	ck_assert_ptr_nonnull(rx);
	pthread_mutex_init(&rx->lock, NULL);
	rx->mode = mode;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = 0,
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	rx->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, rx_handler, rx,
				 MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
				 MHD_OPTION_NOTIFY_COMPLETED, rx_completed, rx,
				 MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
	ck_assert_ptr_nonnull(rx->d);
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(rx->d, MHD_DAEMON_INFO_BIND_PORT);
	ck_assert(info && info->port);
	snprintf(rx->url, sizeof(rx->url), "http://127.0.0.1:%u/hooks/wvlv?token=s3cret",
		 (unsigned)info->port);
	return rx;
}

static size_t rx_count(receiver *rx)
{
	pthread_mutex_lock(&rx->lock);
	size_t n = rx->n;
	pthread_mutex_unlock(&rx->lock);
	return n;
}

static void rx_set_mode(receiver *rx, rx_mode mode)
{
	pthread_mutex_lock(&rx->lock);
	rx->mode = mode;
	pthread_mutex_unlock(&rx->lock);
}

static void rx_stop(receiver *rx)
{
	MHD_stop_daemon(rx->d);
	for (size_t i = 0; i < rx->n; i++)
		free(rx->hits[i].body);
	pthread_mutex_destroy(&rx->lock);
	free(rx);
}

/* A port nothing listens on. */
static int dead_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	ck_assert(fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
		  getsockname(fd, (struct sockaddr *)&sa, &len) == 0);
	int port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

/* ---- the small world of most tests ---------------------------------------------------------- */

static double vx, vy;      /* inside "Oud-Krispijn" (GM0505, voorkeursrecht) */
static char *vkr_id;

static void small_world(void)
{
	world();
	vkr_id = designation("GM0505", "Oud-Krispijn", true, "2024-07-01", "2028-06-30", NULL, &vx,
			     &vy);
}

/* ---- approaching ------------------------------------------------------------------------------ */

START_TEST(approaching_deadline_at_the_right_threshold)
{
	small_world();
	char *a = offer("GM0505", vx, vy, "2026-05-01", WVLV_EXEMPT_NONE);
	ck_q("SELECT response_deadline::text FROM sale_notifications WHERE id = $1", a,
	     "2026-06-12");
	/* 8 days before: outside --within-days 7 */
	trun_out r = alerts("2026-06-04", "--within-days", "7", NULL, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, SUMMARY_NOTHING);
	trun_free(&r);
	/* 7 days left: the 10-day alert (threshold 10) */
	r = alerts("2026-06-05", NULL, NULL, NULL, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	char want[512];
	snprintf(want, sizeof(want),
		 "2026-06-05 response-approaching GM0505 \"Oud-Krispijn\" offer %s response deadline "
		 "2026-06-12 (7 days left)\n"
		 "summary: 1 approaching, 0 missed (lapsed), 0 released, 0 designations ending, 0 "
		 "webhook failures\n",
		 a);
	ck_assert_str_eq(r.out, want);
	ck_assert_str_eq(r.err, "");
	trun_free(&r);
	ck_q("SELECT string_agg(kind || ' ' || threshold || ' ' || channel || ' ' || first_day"
	     " || ' ' || due_date || ' ' || (delivered_at IS NOT NULL), ',') FROM alert_ledger"
	     " WHERE entity_id = $1::uuid",
	     a, "response-approaching 10 stdout 2026-06-05 2026-06-12 true");
	/* 6 days left: still threshold 10, already sent */
	r = alerts("2026-06-06", NULL, NULL, NULL, NULL);
	ck_assert_str_eq(r.out, SUMMARY_NOTHING);
	trun_free(&r);
	/* 3 days left (the 5-day night was skipped): the 5-day alert, as JSON */
	r = alerts("2026-06-09", "--format", "json", NULL, NULL);
	ck_assert_int_eq(r.status, 0);
	lines l;
	split(&l, r.out);
	ck_assert_uint_eq(l.n, 2);
	json_t *o = json_loads(l.line[0], 0, NULL);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(json_string_value(json_object_get(o, "kind")), "response-approaching");
	ck_assert_str_eq(json_string_value(json_object_get(o, "municipalityCode")), "GM0505");
	ck_assert_str_eq(json_string_value(json_object_get(o, "designationId")), vkr_id);
	ck_assert_str_eq(json_string_value(json_object_get(o, "designationName")), "Oud-Krispijn");
	ck_assert_str_eq(json_string_value(json_object_get(o, "saleNotificationId")), a);
	ck_assert_str_eq(json_string_value(json_object_get(o, "date")), "2026-06-12");
	ck_assert_int_eq(json_integer_value(json_object_get(o, "daysLeft")), 3);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "threshold")), 5);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(o, "text")), "(3 days left)"));
	json_decref(o);
	o = json_loads(l.line[1], 0, NULL);
	json_t *s = json_object_get(o, "summary");
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(json_integer_value(json_object_get(s, "approaching")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(s, "lapsed")), 0);
	ck_assert_str_eq(json_string_value(json_object_get(s, "today")), "2026-06-09");
	ck_assert_int_eq(json_integer_value(json_object_get(s, "withinDays")), 10);
	json_decref(o);
	free(l.text);
	trun_free(&r);
	/* nothing was changed on the offer */
	ck_q("SELECT status || ' ' || version FROM sale_notifications WHERE id = $1", a,
	     "received 1");
	free(a);
}
END_TEST

/* ---- missed: lapse and release ------------------------------------------------------------------ */

START_TEST(missed_response_deadline_lapses_with_its_trail)
{
	small_world();
	char *a = offer("GM0505", vx, vy, "2026-05-01", WVLV_EXEMPT_NONE);
	/* on the deadline day it is approaching, not missed */
	trun_out r = alerts("2026-06-12", NULL, NULL, NULL, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "(today is the last day)"));
	trun_free(&r);
	ck_q("SELECT status FROM sale_notifications WHERE id = $1", a, "received");
	/* the day after: lapsed, by the system */
	r = alerts("2026-06-13", NULL, NULL, NULL, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	char want[600];
	snprintf(want, sizeof(want),
		 "2026-06-13 response-missed GM0505 \"Oud-Krispijn\" offer %s response deadline "
		 "2026-06-12 passed without a decision: lapsed, the owner is free to sell until "
		 "2029-06-12\n"
		 "summary: 0 approaching, 1 missed (lapsed), 0 released, 0 designations ending, 0 "
		 "webhook failures\n",
		 a);
	ck_assert_str_eq(r.out, want);
	trun_free(&r);
	ck_q("SELECT status || ' ' || free_to_sell_until || ' ' || last_event_on || ' ' || version"
	     " FROM sale_notifications WHERE id = $1",
	     a, "lapsed 2029-06-12 2026-06-13 2");
	ck_q("SELECT string_agg(type || ' ' || on_date || ' ' || actor || ' ' ||"
	     " coalesce(actor_token_id::text, '-'), ',' ORDER BY sequence)"
	     " FROM sale_notification_events WHERE sale_notification_id = $1::uuid",
	     a, "lapse 2026-06-13 system -");
	ck_q("SELECT string_agg(municipality_code || ' ' || action || ' ' || token_label || ' ' ||"
	     " coalesce(token_id::text, '-') || ' ' || request_id || ' ' ||"
	     " (changes -> 'status')::text, ',' ORDER BY id)"
	     " FROM audit_log WHERE entity = 'sale-notification' AND entity_id = $1 AND action <> 'create'",
	     a,
	     "GM0505 lapse system - wvlv alerts 2026-06-13 {\"after\": \"lapsed\", \"before\": \"received\"}");
	/* a re-run, the same night and the next: nothing, and no second lapse */
	r = alerts("2026-06-13", NULL, NULL, NULL, NULL);
	ck_assert_str_eq(r.out, SUMMARY_NOTHING);
	trun_free(&r);
	r = alerts("2026-06-14", NULL, NULL, NULL, NULL);
	ck_assert_str_eq(r.out, SUMMARY_NOTHING);
	trun_free(&r);
	ck_assert_int_eq(qn("SELECT count(*) FROM sale_notification_events"
			    " WHERE sale_notification_id = $1::uuid", a), 1);
	free(a);
}
END_TEST

START_TEST(missed_court_filing_deadline_releases)
{
	world();
	double x, y;
	char *d = designation("GM0599", "Centrum", true, "2025-01-01", "2028-12-31", NULL, &x, &y);
	char *e = offer("GM0599", x, y, "2026-04-01", WVLV_EXEMPT_NONE);
	event("GM0599", e, WVLV_EVENT_DECISION, "2026-04-20", "willing");
	event("GM0599", e, WVLV_EVENT_COURT_REQUESTED, "2026-05-20", NULL);
	ck_q("SELECT status || ' ' || court_filing_deadline FROM sale_notifications WHERE id = $1",
	     e, "court-requested 2026-06-17");
	trun_out r = alerts("2026-06-16", "--format", "json", NULL, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "\"kind\":\"filing-approaching\""));
	ck_assert_ptr_nonnull(strstr(r.out, "\"threshold\":1,"));
	trun_free(&r);
	r = alerts("2026-06-18", NULL, NULL, NULL, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	char want[600];
	snprintf(want, sizeof(want),
		 "2026-06-18 filing-missed GM0599 \"Centrum\" offer %s court filing deadline "
		 "2026-06-17 passed unfiled: released, the owner is free to sell until 2029-06-17\n"
		 "summary: 0 approaching, 0 missed (lapsed), 1 released, 0 designations ending, 0 "
		 "webhook failures\n",
		 e);
	ck_assert_str_eq(r.out, want);
	trun_free(&r);
	ck_q("SELECT status || ' ' || free_to_sell_until FROM sale_notifications WHERE id = $1", e,
	     "released 2029-06-17");
	ck_q("SELECT type || ' ' || on_date || ' ' || actor FROM sale_notification_events"
	     " WHERE sale_notification_id = $1::uuid ORDER BY sequence DESC LIMIT 1",
	     e, "release 2026-06-18 system");
	ck_q("SELECT action || ' ' || token_label || ' ' || municipality_code FROM audit_log"
	     " WHERE entity_id = $1 ORDER BY id DESC LIMIT 1",
	     e, "release system GM0599");
	free(d);
	free(e);
}
END_TEST

/* ---- designations ending ------------------------------------------------------------------------- */

START_TEST(designations_ending_say_whether_an_extension_is_possible)
{
	world();
	static const char *const cap_ext[] = { "2014-06-20", "2018-06-20", "2022-06-20",
					       "2026-06-20", NULL };
	static const char *const used_ext[] = { "2018-06-30", "2022-06-30", "2025-06-30",
						"2026-06-25", NULL };
	char *open = designation("GM0505", "Reeweg-Oost", false, "2022-09-05", "2026-09-04", NULL,
				 NULL, NULL);
	char *cap = designation("GM0599", "Bloemenbuurt", false, "2006-06-21", "2010-06-20",
				cap_ext, NULL, NULL);
	char *used = designation("GM0599", "Staart", false, "2010-07-01", "2014-06-30", used_ext,
				 NULL, NULL);
	char *gone = designation("GM0505", "Wielwijk", false, "2024-01-01", "2026-06-15", NULL,
				 NULL, NULL);
	{
		seed_step t;
		wvlv_designation out;
		seed_step_begin(&t, "GM0505");
		wvlv_status st = wvlv_registry_withdraw(db, t.arena, &t.caller, gone, NULL,
							 D("2025-06-01"), "test", WVLV_CRS_CRS84,
							 &out, &t.err);
		seed_step_end(&t, st, "withdraw");
	}
	trun_out r = alerts("2026-06-01", "--format", "json", NULL, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	lines l;
	split(&l, r.out);
	ck_assert_uint_eq(l.n, 4);
	for (size_t i = 0; i < 3; i++) {
		json_t *o = json_loads(l.line[i], 0, NULL);
		const char *id = json_string_value(json_object_get(o, "designationId"));
		ck_assert_str_eq(json_string_value(json_object_get(o, "kind")), "designation-ending");
		ck_assert(json_is_null(json_object_get(o, "saleNotificationId")));
		if (!strcmp(id, open)) {
			ck_assert(json_is_true(json_object_get(o, "extensionPossible")));
			ck_assert_int_eq(json_integer_value(json_object_get(o, "threshold")), 180);
			ck_assert_int_eq(json_integer_value(json_object_get(o, "daysLeft")), 95);
			ck_assert_str_eq(json_string_value(json_object_get(o, "capDate")), "2042-09-04");
			ck_assert_int_eq(json_integer_value(json_object_get(o, "extensionsLeft")), 4);
		} else if (!strcmp(id, cap)) {
			ck_assert(json_is_false(json_object_get(o, "extensionPossible")));
			ck_assert_str_eq(json_string_value(json_object_get(o, "reason")),
					 "cap-date-reached");
			ck_assert_str_eq(json_string_value(json_object_get(o, "capDate")), "2026-06-20");
			ck_assert_int_eq(json_integer_value(json_object_get(o, "threshold")), 30);
			ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(o, "text")),
						     "no extension possible: the 20-year cap date "
						     "2026-06-20 is reached"));
		} else {
			ck_assert_str_eq(id, used);
			ck_assert(json_is_false(json_object_get(o, "extensionPossible")));
			ck_assert_str_eq(json_string_value(json_object_get(o, "reason")),
					 "extensions-exhausted");
			ck_assert_str_eq(json_string_value(json_object_get(o, "capDate")), "2030-06-30");
		}
		json_decref(o);
	}
	ck_assert_ptr_nonnull(strstr(l.line[3], "\"designationsEnding\":3"));
	ck_assert_ptr_null(strstr(r.out, gone));
	free(l.text);
	trun_free(&r);
	/* in text */
	r = alerts("2026-06-06", NULL, NULL, NULL, NULL);
	char want[600];
	snprintf(want, sizeof(want),
		 "2026-06-06 designation-ending GM0505 \"Reeweg-Oost\" designation %s ends 2026-09-04 "
		 "(90 days left); an extension is possible (4 of 4 extensions left, up to the cap "
		 "date 2042-09-04)\n"
		 "summary: 0 approaching, 0 missed (lapsed), 0 released, 1 designation ending, 0 "
		 "webhook failures\n",
		 open);
	ck_assert_str_eq(r.out, want);
	trun_free(&r);
	/* an extension moves the end out of the window; its new end starts afresh */
	{
		seed_step t;
		wvlv_designation out;
		seed_step_begin(&t, "GM0505");
		wvlv_status st = wvlv_registry_extend(db, t.arena, &t.caller, open, NULL,
						       D("2026-12-31"), "Stcrt. ext", WVLV_CRS_CRS84,
						       &out, &t.err);
		seed_step_end(&t, st, "extend");
	}
	r = alerts("2026-07-05", NULL, NULL, NULL, NULL);
	ck_assert_ptr_nonnull(strstr(r.out, "designation-ending GM0505 \"Reeweg-Oost\""));
	ck_assert_ptr_nonnull(strstr(r.out, "ends 2026-12-31 (179 days left); an extension is "
					    "possible (3 of 4"));
	trun_free(&r);
	free(open);
	free(cap);
	free(used);
	free(gone);
}
END_TEST

/* ---- exactly once, and the webhook ------------------------------------------------------------------ */

START_TEST(rerun_the_same_night_sends_nothing_on_stdout_or_webhook)
{
	small_world();
	char *a = offer("GM0505", vx, vy, "2026-05-01", WVLV_EXEMPT_NONE);  /* due 06-12 */
	char *b = offer("GM0505", vx, vy, "2026-04-24", WVLV_EXEMPT_NONE);  /* due 06-05 */
	receiver *rx = rx_start(RX_FAIL_FIRST);
	/* every first attempt answers 500, the second 200 */
	trun_out r = alerts("2026-06-08", "--webhook", rx->url, NULL, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "response-missed"));
	ck_assert_ptr_nonnull(strstr(r.out, "response-approaching"));
	ck_assert_ptr_nonnull(strstr(r.out, "summary: 1 approaching, 1 missed (lapsed), 0 released, "
					    "0 designations ending, 0 webhook failures; webhook "
					    "http://127.0.0.1:"));
	ck_assert_ptr_nonnull(strstr(r.out, ": 2 delivered\n"));
	ck_assert_ptr_null(strstr(r.out, "s3cret"));
	ck_assert_ptr_null(strstr(r.err, "s3cret"));
	trun_free(&r);
	ck_assert_uint_eq(rx_count(rx), 4);
	for (size_t i = 0; i < 4; i++) {
		rx_hit *h = &rx->hits[i];
		ck_assert_uint_eq(h->answered, i % 2 == 0 ? 500 : 200);
		ck_assert_str_eq(h->user_agent, "wvlv/" WVLV_API_VERSION);
		ck_assert_str_eq(h->content_type, "application/json");
		json_t *o = json_loads(h->body, 0, NULL);
		ck_assert_msg(json_is_object(o), "%s", h->body);
		ck_assert_ptr_nonnull(json_object_get(o, "kind"));
		ck_assert_ptr_nonnull(json_object_get(o, "text"));
		json_decref(o);
	}
	ck_assert_str_eq(rx->hits[0].body, rx->hits[1].body);
	ck_assert_int_eq(qn("SELECT count(*) FROM alert_ledger WHERE channel = 'webhook'"
			    " AND delivered_at IS NOT NULL AND attempts = 2", NULL), 2);
	ck_assert_int_eq(qn("SELECT count(*) FROM alert_ledger WHERE channel = 'stdout'"
			    " AND delivered_at IS NOT NULL", NULL), 2);
	/* the same night again, text and json: nothing on stdout, nothing to the webhook */
	r = alerts("2026-06-08", "--webhook", rx->url, NULL, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "summary: 0 approaching, 0 missed (lapsed), 0 released, "
					    "0 designations ending, 0 webhook failures"));
	ck_assert_ptr_null(strstr(r.out, "response-"));
	trun_free(&r);
	r = alerts("2026-06-08", "--webhook", rx->url, "--format", "json");
	ck_assert_int_eq(r.status, 0);
	lines l;
	split(&l, r.out);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_ptr_nonnull(strstr(l.line[0], "{\"summary\":{"));
	ck_assert_ptr_nonnull(strstr(l.line[0], "\"webhookDelivered\":0"));
	free(l.text);
	trun_free(&r);
	/* and without the webhook */
	r = alerts("2026-06-08", NULL, NULL, NULL, NULL);
	ck_assert_str_eq(r.out, SUMMARY_NOTHING);
	trun_free(&r);
	ck_assert_uint_eq(rx_count(rx), 4);
	rx_stop(rx);
	free(a);
	free(b);
}
END_TEST

START_TEST(failed_webhook_deliveries_exit_1_and_are_retried_next_run)
{
	small_world();
	char *a = offer("GM0505", vx, vy, "2026-05-01", WVLV_EXEMPT_NONE);  /* due 06-12 */
	char *b = offer("GM0505", vx, vy, "2026-04-24", WVLV_EXEMPT_NONE);  /* due 06-05 */
	receiver *rx = rx_start(RX_FAIL);
	trun_out r = alerts("2026-06-08", "--webhook", rx->url, NULL, NULL);
	ck_assert_int_eq(r.status, 1);
	/* stdout has the alerts all the same, and the lapse happened */
	ck_assert_ptr_nonnull(strstr(r.out, "response-missed"));
	ck_assert_ptr_nonnull(strstr(r.out, "response-approaching"));
	ck_assert_ptr_nonnull(strstr(r.out, "2 webhook failures"));
	ck_q("SELECT status FROM sale_notifications WHERE id = $1", b, "lapsed");
	/* stderr names each alert that was not delivered, and why */
	ck_assert_ptr_nonnull(strstr(r.err, "alert response-missed of"));
	ck_assert_ptr_nonnull(strstr(r.err, b));
	ck_assert_ptr_nonnull(strstr(r.err, a));
	ck_assert_ptr_nonnull(strstr(r.err, "not delivered after 3 attempts: answered HTTP 500"));
	ck_assert_ptr_nonnull(strstr(r.err, "tried again on the next run"));
	ck_assert_ptr_null(strstr(r.err, "s3cret"));
	trun_free(&r);
	ck_assert_uint_eq(rx_count(rx), 6);
	ck_assert_int_eq(qn("SELECT count(*) FROM alert_ledger WHERE channel = 'webhook'"
			    " AND delivered_at IS NULL AND attempts = 3"
			    " AND last_error = 'answered HTTP 500'", NULL), 2);
	/* the webhook is back: the next run (the same night) delivers both, prints nothing */
	rx_set_mode(rx, RX_OK);
	r = alerts("2026-06-08", "--webhook", rx->url, NULL, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "summary: 0 approaching, 0 missed (lapsed), 0 released, "
					    "0 designations ending, 0 webhook failures; webhook"));
	ck_assert_ptr_nonnull(strstr(r.out, ": 2 delivered\n"));
	trun_free(&r);
	ck_assert_uint_eq(rx_count(rx), 8);
	ck_assert_int_eq(qn("SELECT count(*) FROM alert_ledger WHERE channel = 'webhook'"
			    " AND delivered_at IS NOT NULL AND attempts = 4 AND last_error IS NULL",
			    NULL), 2);
	/* the retried lapse carries what was recorded on the night it happened */
	json_t *missed = NULL;
	for (size_t i = 6; i < 8; i++) {
		json_t *o = json_loads(rx->hits[i].body, 0, NULL);
		if (!strcmp(json_string_value(json_object_get(o, "kind")), "response-missed"))
			missed = o;
		else
			json_decref(o);
	}
	ck_assert_ptr_nonnull(missed);
	ck_assert_str_eq(json_string_value(json_object_get(missed, "saleNotificationId")), b);
	ck_assert_str_eq(json_string_value(json_object_get(missed, "freeToSellUntil")), "2029-06-05");
	json_decref(missed);
	/* and then nothing more */
	r = alerts("2026-06-09", "--webhook", rx->url, NULL, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_uint_eq(rx_count(rx), 8);
	trun_free(&r);
	/* a webhook nobody listens on: exit 1 quickly, the reason named */
	char url[64];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", dead_port());
	char *c = offer("GM0505", vx, vy, "2026-05-02", WVLV_EXEMPT_NONE);
	r = alerts("2026-06-09", "--webhook", url, NULL, NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, c));
	ck_assert_ptr_nonnull(strstr(r.err, "not delivered after 3 attempts"));
	trun_free(&r);
	rx_stop(rx);
	free(a);
	free(b);
	free(c);
}
END_TEST

/* ---- dry run ---------------------------------------------------------------------------------------- */

START_TEST(dry_run_changes_nothing)
{
	small_world();
	char *a = offer("GM0505", vx, vy, "2026-05-01", WVLV_EXEMPT_NONE);  /* due 06-12 */
	char *b = offer("GM0505", vx, vy, "2026-04-24", WVLV_EXEMPT_NONE);  /* due 06-05 */
	char *d = designation("GM0505", "Reeweg-Oost", false, "2022-09-05", "2026-09-04", NULL,
			      NULL, NULL);
	receiver *rx = rx_start(RX_OK);
	char *before = digest();
	trun_out r = alerts("2026-06-08", "--dry-run", "--webhook", rx->url, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	char want[600];
	snprintf(want, sizeof(want),
		 "offer %s response deadline 2026-06-05 passed without a decision: would be marked "
		 "lapsed (dry run), the owner would be free to sell until 2029-06-05\n", b);
	ck_assert_ptr_nonnull(strstr(r.out, want));
	ck_assert_ptr_nonnull(strstr(r.out, a));
	ck_assert_ptr_nonnull(strstr(r.out, d));
	ck_assert_ptr_nonnull(strstr(r.out, "summary (dry run, nothing changed): 1 approaching, 1 "
					    "missed (would lapse), 0 would be released, 1 designation "
					    "ending; webhook http://127.0.0.1:"));
	ck_assert_ptr_nonnull(strstr(r.out, ": 3 not sent (dry run)\n"));
	trun_free(&r);
	/* json too, and a night in the future is allowed for a dry run */
	r = alerts("2099-01-01", "--dry-run", "--format", "json", NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "\"dryRun\":true"));
	trun_free(&r);
	char *after = digest();
	ck_assert_str_eq(before, after);
	ck_assert_uint_eq(rx_count(rx), 0);
	ck_assert_int_eq(qn("SELECT count(*) FROM alert_ledger", NULL), 0);
	/* the real run afterwards reports what the dry run showed */
	r = alerts("2026-06-08", NULL, NULL, NULL, NULL);
	ck_assert_ptr_nonnull(strstr(r.out, "summary: 1 approaching, 1 missed (lapsed), 0 released, "
					    "1 designation ending"));
	trun_free(&r);
	/* and a dry run after it shows nothing new */
	r = alerts("2026-06-08", "--dry-run", NULL, NULL, NULL);
	ck_assert_str_eq(r.out, "summary (dry run, nothing changed): 0 approaching, 0 missed (would "
				"lapse), 0 would be released, 0 designations ending\n");
	trun_free(&r);
	rx_stop(rx);
	free(before);
	free(after);
	free(a);
	free(b);
	free(d);
}
END_TEST

/* ---- failures and usage ----------------------------------------------------------------------------- */

START_TEST(database_down_exits_1_with_a_clear_message)
{
	char url[96];
	snprintf(url, sizeof(url), "postgresql://wvlv@127.0.0.1:%d/wvlv", dead_port());
	trun_out r = trun("alerts", "--database-url", url, NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "");
	ck_assert_ptr_nonnull(strstr(r.err, "wvlv alerts: cannot reach the database at 127.0.0.1:"));
	ck_assert_ptr_nonnull(strstr(r.err, "/wvlv (user wvlv): check WVLV_DATABASE_URL"));
	trun_free(&r);
	r = trun("purge", "--database-url", url, NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "wvlv purge: cannot reach the database at 127.0.0.1:"));
	trun_free(&r);
}
END_TEST

START_TEST(usage_errors_exit_2)
{
	static const char *const bad[][6] = {
		{ "alerts", "--within-days", "366" },
		{ "alerts", "--within-days", "-1" },
		{ "alerts", "--within-days", "ten" },
		{ "alerts", "--within-days", "" },
		{ "alerts", "--format", "xml" },
		{ "alerts", "--today", "2026-13-01" },
		{ "alerts", "--today", "28-11-2026" },
		{ "alerts", "--today", "2999-01-01" },
		{ "alerts", "--webhook", "ftp://example.nl/hook" },
		{ "alerts", "--webhook", "hooks.example.nl/x" },
		{ "alerts", "--webhook", "" },
		{ "alerts", "--webhook", "http://" },
		{ "alerts", "--webhook", "https://example.nl/a b" },
		{ "alerts", "--max-seconds", "0" },
		{ "alerts", "--no-such-option" },
		{ "alerts", "extra" },
		{ "alerts", "--today" },
		{ "purge", "--personal-data-older-than", "0y" },
		{ "purge", "--personal-data-older-than", "7" },
		{ "purge", "--personal-data-older-than", "7w" },
		{ "purge", "--today", "2999-01-01" },
		{ "purge", "--bogus" },
		{ "purge", "extra" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		/* a database that does not exist: usage is checked before connecting */
		const char *args[10];
		size_t n = 0;
		for (size_t j = 0; j < 6 && bad[i][j]; j++)
			args[n++] = bad[i][j];
		args[n++] = "--database-url";
		args[n++] = "postgresql://nobody@127.0.0.1:1/none";
		args[n] = NULL;
		trun_out r = trunv(args);
		ck_assert_msg(r.status == 2, "%s %s %s: status %d, %s", bad[i][0], bad[i][1],
			      bad[i][2] ? bad[i][2] : "", r.status, r.err);
		ck_assert_str_eq(r.out, "");
		/* one line and where the help is, not the help */
		char see[64];
		snprintf(see, sizeof(see), "\nsee `wvlv %s --help`\n", bad[i][0]);
		ck_assert_msg(strstr(r.err, see) && !strstr(r.err, "Usage:"), "%s", r.err);
		trun_free(&r);
	}
	trun_out r = trun("alerts", "--help", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "Usage: wvlv alerts"));
	ck_assert_ptr_nonnull(strstr(r.out, "Exit status: 0 done, 1 failure"));
	trun_free(&r);
	r = trun("purge", "--help", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "--personal-data-older-than"));
	trun_free(&r);
	r = trun("--help", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "  alerts "));
	ck_assert_ptr_nonnull(strstr(r.out, "  purge "));
	trun_free(&r);
	/* the messages say what is wrong */
	r = trun("alerts", "--within-days", "366", NULL);
	ck_assert_ptr_nonnull(strstr(r.err, "--within-days must be a whole number from 0 to 365"));
	trun_free(&r);
	r = trun("alerts", "--webhook", "ftp://example.nl/hook", NULL);
	ck_assert_ptr_nonnull(strstr(r.err, "only http:// and https:// URLs"));
	trun_free(&r);
	r = trun("alerts", "--today", "2999-01-01", NULL);
	ck_assert_ptr_nonnull(strstr(r.err, "only with --dry-run"));
	trun_free(&r);
}
END_TEST

START_TEST(overlapping_runs_are_refused)
{
	small_world();
	char *a = offer("GM0505", vx, vy, "2026-05-01", WVLV_EXEMPT_NONE);
	/* another run holds the job's lock */
	PGconn *other = eh_pg(conninfo);
	PQclear(PQexec(other, "SELECT pg_advisory_lock(2004249718, hashtext('alerts'))"));
	trun_out r = alerts("2026-06-05", NULL, NULL, NULL, NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "");
	ck_assert_ptr_nonnull(strstr(r.err, "another `wvlv alerts` run is in progress"));
	trun_free(&r);
	ck_assert_int_eq(qn("SELECT count(*) FROM alert_ledger", NULL), 0);
	PQfinish(other);
	r = alerts("2026-06-05", NULL, NULL, NULL, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "summary: 1 approaching"));
	trun_free(&r);
	free(a);
}
END_TEST

START_TEST(the_run_is_bounded_in_time)
{
	small_world();
	char *a = offer("GM0505", vx, vy, "2026-05-01", WVLV_EXEMPT_NONE);  /* due 06-12 */
	char *b = offer("GM0505", vx, vy, "2026-05-04", WVLV_EXEMPT_NONE);  /* due 06-15 */
	receiver *rx = rx_start(RX_SLOW);
	trun_out r = alerts("2026-06-08", "--webhook", rx->url, "--max-seconds", "1");
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "stopped after --max-seconds 1 s"));
	/* what was done is recorded; what was not is left for the next run */
	ck_assert_ptr_nonnull(strstr(r.out, "response-approaching"));
	ck_assert_ptr_nonnull(strstr(r.out, "not processed (time limit)"));
	trun_free(&r);
	ck_assert_int_eq(qn("SELECT count(*) FROM alert_ledger WHERE channel = 'webhook'"
			    " AND delivered_at IS NOT NULL", NULL), 0);
	rx_stop(rx);
	/* the next run delivers everything */
	rx = rx_start(RX_OK);
	r = alerts("2026-06-08", "--webhook", rx->url, NULL, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_uint_eq(rx_count(rx), 2);
	trun_free(&r);
	rx_stop(rx);
	free(a);
	free(b);
}
END_TEST

/* ---- a month of nights ------------------------------------------------------------------------------- */

typedef struct named {
	const char *name;
	char       *id;
} named;

static named ents[16];
static size_t nents;

static void name_it(const char *name, char *id)
{
	ents[nents].name = name;
	ents[nents].id = id;
	nents++;
}

static const char *name_of(const char *id)
{
	for (size_t i = 0; id && i < nents; i++)
		if (!strcmp(ents[i].id, id))
			return ents[i].name;
	return "?";
}

static const char *id_of(const char *name)
{
	for (size_t i = 0; i < nents; i++)
		if (!strcmp(ents[i].name, name))
			return ents[i].id;
	return "?";
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "kind:NAME:threshold" of each alert object, sorted, comma-joined (static). */
static const char *alert_set(json_t **objs, size_t n)
{
	static char out[1024];
	char items[32][96];
	const char *ptrs[32];
	size_t k = 0;
	for (size_t i = 0; i < n && k < 32; i++) {
		json_t *o = objs[i];
		const char *offer_id = json_string_value(json_object_get(o, "saleNotificationId"));
		const char *id = offer_id ? offer_id
					  : json_string_value(json_object_get(o, "designationId"));
		snprintf(items[k], sizeof(items[k]), "%s:%s:%lld",
			 json_string_value(json_object_get(o, "kind")), name_of(id),
			 (long long)json_integer_value(json_object_get(o, "threshold")));
		ptrs[k] = items[k];
		k++;
	}
	qsort(ptrs, k, sizeof(ptrs[0]), cmp_str);
	out[0] = '\0';
	for (size_t i = 0; i < k; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", i ? "," : "", ptrs[i]);
	return out;
}

/* Each night's alerts, as alert_set() writes them (nights not listed: none). */
static const struct {
	const char *night;
	const char *alerts;
} month[] = {
	{ "2026-06-01", "designation-ending:D3:180,designation-ending:D4:30,"
			"designation-ending:D6:30,response-missed:B:0" },
	{ "2026-06-02", "response-approaching:A:10" },
	{ "2026-06-06", "designation-ending:D3:90" },
	{ "2026-06-07", "filing-approaching:E:10,response-approaching:A:5" },
	{ "2026-06-09", "response-approaching:C:10" },
	{ "2026-06-10", "response-approaching:A:2" },
	{ "2026-06-11", "response-approaching:A:1" },
	{ "2026-06-12", "filing-approaching:E:5,response-approaching:A:0" },
	{ "2026-06-13", "designation-ending:D4:7,response-missed:A:0" },
	{ "2026-06-15", "filing-approaching:E:2" },
	{ "2026-06-16", "filing-approaching:E:1" },
	{ "2026-06-17", "filing-approaching:E:0" },
	{ "2026-06-18", "designation-ending:D6:7,filing-missed:E:0" },
	{ "2026-06-20", "designation-ending:D4:0" },
	{ "2026-06-21", "response-approaching:G:10" },
	{ "2026-06-25", "designation-ending:D6:0" },
	{ "2026-06-26", "response-approaching:G:5" },
	{ "2026-06-29", "response-approaching:G:2" },
	{ "2026-06-30", "response-approaching:G:1" },
};

START_TEST(a_month_of_nights_each_alert_on_its_night_and_once)
{
	world();
	double x1, y1, x2, y2;
	static const char *const cap_ext[] = { "2014-06-20", "2018-06-20", "2022-06-20",
					       "2026-06-20", NULL };
	static const char *const used_ext[] = { "2018-06-30", "2022-06-30", "2025-06-30",
						"2026-06-25", NULL };
	name_it("D1", designation("GM0505", "Oud-Krispijn", true, "2024-07-01", "2028-06-30", NULL,
				  &x1, &y1));
	name_it("D2", designation("GM0599", "Centrum", true, "2025-01-01", "2028-12-31", NULL, &x2,
				  &y2));
	name_it("D3", designation("GM0505", "Reeweg-Oost", false, "2022-09-05", "2026-09-04", NULL,
				  NULL, NULL));
	name_it("D4", designation("GM0599", "Bloemenbuurt", false, "2006-06-21", "2010-06-20",
				  cap_ext, NULL, NULL));
	name_it("D6", designation("GM0599", "Staart", false, "2010-07-01", "2014-06-30", used_ext,
				  NULL, NULL));
	name_it("A", offer("GM0505", x1, y1, "2026-05-01", WVLV_EXEMPT_NONE));
	name_it("B", offer("GM0599", x2, y2, "2026-04-10", WVLV_EXEMPT_NONE));
	name_it("C", offer("GM0505", x1, y1, "2026-05-08", WVLV_EXEMPT_NONE));
	name_it("E", offer("GM0599", x2, y2, "2026-04-01", WVLV_EXEMPT_NONE));
	name_it("F", offer("GM0505", x1, y1, "2026-05-04", WVLV_EXEMPT_FAMILY));
	name_it("G", offer("GM0505", x1, y1, "2026-05-20", WVLV_EXEMPT_NONE));
	event("GM0599", id_of("E"), WVLV_EVENT_DECISION, "2026-04-20", "willing");
	event("GM0599", id_of("E"), WVLV_EVENT_COURT_REQUESTED, "2026-05-20", NULL);
	static const char *const deadlines[][2] = {
		{ "A", "2026-06-12" }, { "B", "2026-05-22" }, { "C", "2026-06-19" }, { "G", "2026-07-01" },
	};
	for (size_t i = 0; i < 4; i++)
		ck_q("SELECT response_deadline::text FROM sale_notifications WHERE id = $1",
		     id_of(deadlines[i][0]), deadlines[i][1]);
	ck_q("SELECT court_filing_deadline::text FROM sale_notifications WHERE id = $1", id_of("E"),
	     "2026-06-17");

	receiver *rx = rx_start(RX_OK);
	size_t total = 0;
	for (wvlv_date night = D("2026-06-01"); night <= D("2026-06-30"); night++) {
		const char *day = F(night);
		/* a clerk decides offer C during the day of 06-11 */
		if (!strcmp(day, "2026-06-11"))
			event("GM0505", id_of("C"), WVLV_EVENT_DECISION, "2026-06-11", "willing");
		const char *want = "";
		for (size_t i = 0; i < sizeof(month) / sizeof(month[0]); i++)
			if (!strcmp(month[i].night, day))
				want = month[i].alerts;
		size_t hits_before = rx_count(rx);
		trun_out r = alerts(day, "--format", "json", "--webhook", rx->url);
		ck_assert_msg(r.status == 0, "%s: %s", day, r.err);
		lines l;
		split(&l, r.out);
		ck_assert_msg(l.n >= 1, "%s: no summary", day);
		json_t *objs[32];
		size_t n = 0;
		for (size_t i = 0; i + 1 < l.n && n < 32; i++) {
			objs[n] = json_loads(l.line[i], 0, NULL);
			ck_assert_msg(json_is_object(objs[n]), "%s: %s", day, l.line[i]);
			n++;
		}
		ck_assert_msg(!strcmp(alert_set(objs, n), want), "night %s: got \"%s\", want \"%s\"",
			      day, alert_set(objs, n), want);
		for (size_t i = 0; i < n; i++)
			json_decref(objs[i]);
		json_t *last = json_loads(l.line[l.n - 1], 0, NULL);
		json_t *s = json_object_get(last, "summary");
		ck_assert_msg(s != NULL, "%s: last line %s", day, l.line[l.n - 1]);
		ck_assert_int_eq(json_integer_value(json_object_get(s, "webhookDelivered")), (long)n);
		json_decref(last);
		free(l.text);
		trun_free(&r);
		/* the webhook got the same alerts, once */
		ck_assert_uint_eq(rx_count(rx) - hits_before, n);
		total += n;
		/* a second run the same night: nothing anywhere */
		r = alerts(day, "--webhook", rx->url, NULL, NULL);
		ck_assert_msg(r.status == 0, "%s (re-run): %s", day, r.err);
		ck_assert_msg(strstr(r.out, "summary: 0 approaching, 0 missed (lapsed), 0 released, 0 "
					    "designations ending, 0 webhook failures; webhook ") == r.out,
			      "%s (re-run): %s", day, r.out);
		ck_assert_uint_eq(rx_count(rx) - hits_before, n);
		trun_free(&r);
	}
	ck_assert_uint_eq(total, 26);
	/* every webhook body is a different alert */
	for (size_t i = 0; i < rx->n; i++)
		for (size_t j = i + 1; j < rx->n; j++)
			ck_assert_str_ne(rx->hits[i].body, rx->hits[j].body);
	ck_assert_int_eq(qn("SELECT count(*) FROM alert_ledger WHERE delivered_at IS NOT NULL", NULL),
			 52);
	rx_stop(rx);

	/* every missed deadline ends lapsed / released, with its event and audit row */
	static const char *const trail[][4] = {
		{ "A", "lapsed 2029-06-12", "lapse 2026-06-13 system", "GM0505" },
		{ "B", "lapsed 2029-05-22", "lapse 2026-06-01 system", "GM0599" },
		{ "E", "released 2029-06-17", "release 2026-06-18 system", "GM0599" },
	};
	for (size_t i = 0; i < 3; i++) {
		const char *id = id_of(trail[i][0]);
		ck_q("SELECT status || ' ' || free_to_sell_until FROM sale_notifications WHERE id = $1",
		     id, trail[i][1]);
		ck_q("SELECT string_agg(type || ' ' || on_date || ' ' || actor, ',')"
		     " FROM sale_notification_events WHERE sale_notification_id = $1::uuid"
		     " AND type IN ('lapse', 'release')",
		     id, trail[i][2]);
		char want[64];
		snprintf(want, sizeof(want), "1 %s system", trail[i][3]);
		ck_q("SELECT count(*) || ' ' || min(municipality_code) || ' ' || min(token_label)"
		     " FROM audit_log WHERE entity_id = $1 AND action IN ('lapse', 'release')",
		     id, want);
	}
	ck_q("SELECT status FROM sale_notifications WHERE id = $1", id_of("C"), "negotiating");
	ck_q("SELECT status FROM sale_notifications WHERE id = $1", id_of("G"), "received");
	ck_q("SELECT status FROM sale_notifications WHERE id = $1", id_of("F"), "exempt");
	ck_assert_int_eq(qn("SELECT count(*) FROM alert_ledger WHERE entity_id = $1::uuid",
			    id_of("F")), 0);
	for (size_t i = 0; i < nents; i++)
		free(ents[i].id);
	nents = 0;
}
END_TEST

/* ---- purge ----------------------------------------------------------------------------------------- */

START_TEST(purge_removes_old_owner_data_and_keeps_the_rest)
{
	world();
	double x1, y1, x2, y2, x3, y3;
	char *d_old = designation("GM0505", "Oud", true, "2015-01-01", "2018-12-31",
				  (const char *const[]){ "2022-12-31", NULL }, &x1, &y1);
	char *d_new = designation("GM0505", "Nieuw", true, "2024-07-01", "2028-06-30", NULL, &x2, &y2);
	char *d_599 = designation("GM0599", "Centrum", true, "2015-01-01", "2018-12-31", NULL, &x3,
				  &y3);
	char *p1 = offer("GM0505", x1, y1, "2016-03-01", WVLV_EXEMPT_NONE);
	event("GM0505", p1, WVLV_EVENT_DECISION, "2016-03-20", "not-willing");    /* closed 2016 */
	char *p2 = offer("GM0505", x1, y1, "2017-05-01", WVLV_EXEMPT_FAMILY);      /* exempt 2017 */
	char *p3 = offer("GM0505", x1, y1, "2018-01-10", WVLV_EXEMPT_NONE);        /* open */
	char *p4 = offer("GM0505", x2, y2, "2025-01-10", WVLV_EXEMPT_NONE);
	event("GM0505", p4, WVLV_EVENT_DECISION, "2025-01-20", "not-willing");    /* recent */
	char *p5 = offer("GM0599", x3, y3, "2016-06-01", WVLV_EXEMPT_NONE);
	event("GM0599", p5, WVLV_EVENT_WITHDRAWAL, "2016-06-10", NULL);          /* closed 2016 */
	char *p6 = offer("GM0505", x1, y1, "2019-11-01", WVLV_EXEMPT_NONE);
	event("GM0505", p6, WVLV_EVENT_DECISION, "2019-11-28", "not-willing");    /* exactly 7y */
	char *p7 = offer("GM0505", x1, y1, "2019-11-01", WVLV_EXEMPT_NONE);
	event("GM0505", p7, WVLV_EVENT_DECISION, "2019-11-27", "not-willing");    /* a day more */
	/* a remembered API response that repeats p1's owner, and one that does not */
	char body[256];
	snprintf(body, sizeof(body), "{\"id\":\"%s\",\"owner\":{\"name\":\"J. de Vries\"}}", p1);
	const char *ins[] = { body, NULL };
	PQclear(PQexecParams(pg, "INSERT INTO idempotency_keys (municipality_code, key, request_hash,"
				 " status, body) VALUES ('GM0505', 'k1', 'h', 201, $1),"
				 " ('GM0505', 'k2', 'h', 201, '{\"id\":\"other\"}')",
			     1, NULL, ins, NULL, NULL, 0));
	ck_assert_int_eq(qn("SELECT count(*) FROM idempotency_keys", NULL), 2);

	/* dry run: says what, changes nothing */
	char *before = digest();
	trun_out r = trun("purge", "--database-url", conninfo, "--today", "2026-11-28", "--dry-run",
			NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.out,
			 "GM0505: personal data of 3 offers would be purged (closed before 2019-11-28); "
			 "1 remembered API response removed\n"
			 "GM0599: personal data of 1 offer would be purged (closed before 2019-11-28)\n"
			 "summary (dry run, nothing changed): 4 offers would be purged in 2 "
			 "municipalities (owner data of offers closed before 2019-11-28, older than 7y)\n");
	trun_free(&r);
	char *after = digest();
	ck_assert_str_eq(before, after);
	free(before);
	free(after);

	/* for real, with the ids */
	r = trun("purge", "--database-url", conninfo, "--today", "2026-11-28", "--verbose", NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "GM0505: personal data of 3 offers purged (closed before "
					    "2019-11-28); 1 remembered API response removed\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "GM0599: personal data of 1 offer purged"));
	ck_assert_ptr_nonnull(strstr(r.out, "summary: 4 offers purged in 2 municipalities"));
	char line[128];
	snprintf(line, sizeof(line), "  GM0505 %s closed 2016-03-20 (declined)\n", p1);
	ck_assert_ptr_nonnull(strstr(r.out, line));
	snprintf(line, sizeof(line), "  GM0505 %s closed 2017-05-01 (exempt)\n", p2);
	ck_assert_ptr_nonnull(strstr(r.out, line));
	snprintf(line, sizeof(line), "  GM0599 %s closed 2016-06-10 (withdrawn)\n", p5);
	ck_assert_ptr_nonnull(strstr(r.out, line));
	snprintf(line, sizeof(line), "  GM0505 %s closed 2019-11-27 (declined)\n", p7);
	ck_assert_ptr_nonnull(strstr(r.out, line));
	ck_assert_ptr_null(strstr(r.out, p3));
	ck_assert_ptr_null(strstr(r.out, p4));
	ck_assert_ptr_null(strstr(r.out, p6));
	trun_free(&r);
	const char *purged[] = { p1, p2, p5, p7 }, *kept[] = { p3, p4, p6 };
	for (size_t i = 0; i < 4; i++) {
		ck_q("SELECT (owner IS NULL) || ' ' || (owner_purged_at IS NOT NULL) || ' ' || version"
		     " || ' ' || asking_price || ' ' || (property -> 'cadastralParcels' ->> 0 ~ '^DDT01 ')"
		     " FROM sale_notifications WHERE id = $1",
		     purged[i], i == 1 ? "true true 2 350000.00 true" : "true true 3 350000.00 true");
		ck_q("SELECT count(*) || ' ' || min(token_label) || ' ' || min(municipality_code) || ' '"
		     " || min(changes::text) FROM audit_log"
		     " WHERE entity = 'sale-notification' AND entity_id = $1"
		     " AND action = 'purge-personal-data'",
		     purged[i],
		     i == 2 ? "1 system GM0599 {\"owner\": {\"after\": null, \"before\": \"(personal data)\"}}"
			    : "1 system GM0505 {\"owner\": {\"after\": null, \"before\": \"(personal data)\"}}");
	}
	for (size_t i = 0; i < 3; i++)
		ck_q("SELECT owner ->> 'name' || ' ' || (owner_purged_at IS NULL)"
		     " FROM sale_notifications WHERE id = $1",
		     kept[i], "J. de Vries true");
	/* the events stay; the audit trail never holds the personal data */
	ck_assert_int_eq(qn("SELECT count(*) FROM sale_notification_events"
			    " WHERE sale_notification_id = $1::uuid", p1), 1);
	ck_assert_int_eq(qn("SELECT count(*) FROM audit_log WHERE changes::text LIKE '%de Vries%'"
			    " OR changes::text LIKE '%devries%'", NULL), 0);
	ck_q("SELECT string_agg(key, ',') FROM idempotency_keys", NULL, "k2");
	/* a second run purges nothing more */
	r = trun("purge", "--database-url", conninfo, "--today", "2026-11-28", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "summary: 0 offers purged in 0 municipalities (owner data of offers "
				"closed before 2019-11-28, older than 7y)\n");
	trun_free(&r);
	/* a shorter period reaches the recent closed offer and the edge, never the open one */
	r = trun("purge", "--database-url", conninfo, "--today", "2026-11-28",
		"--personal-data-older-than", "400d", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "GM0505: personal data of 2 offers purged (closed before "
					    "2025-10-24)\n"));
	trun_free(&r);
	ck_q("SELECT (owner IS NULL)::text FROM sale_notifications WHERE id = $1", p4, "true");
	ck_q("SELECT (owner IS NULL)::text FROM sale_notifications WHERE id = $1", p6, "true");
	ck_q("SELECT (owner IS NULL)::text FROM sale_notifications WHERE id = $1", p3, "false");
	free(d_old);
	free(d_new);
	free(d_599);
	free(p1);
	free(p2);
	free(p3);
	free(p4);
	free(p5);
	free(p6);
	free(p7);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("alerts job");
	TCase *tc = tcase_create("alerts");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, approaching_deadline_at_the_right_threshold);
	tcase_add_test(tc, missed_response_deadline_lapses_with_its_trail);
	tcase_add_test(tc, missed_court_filing_deadline_releases);
	tcase_add_test(tc, designations_ending_say_whether_an_extension_is_possible);
	tcase_add_test(tc, rerun_the_same_night_sends_nothing_on_stdout_or_webhook);
	tcase_add_test(tc, failed_webhook_deliveries_exit_1_and_are_retried_next_run);
	tcase_add_test(tc, dry_run_changes_nothing);
	tcase_add_test(tc, database_down_exits_1_with_a_clear_message);
	tcase_add_test(tc, usage_errors_exit_2);
	tcase_add_test(tc, overlapping_runs_are_refused);
	tcase_add_test(tc, the_run_is_bounded_in_time);
	tcase_add_test(tc, a_month_of_nights_each_alert_on_its_night_and_once);
	suite_add_tcase(s, tc);
	tc = tcase_create("purge");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, purge_removes_old_owner_data_and_keeps_the_rest);
	suite_add_tcase(s, tc);

	return unit_run(s);
}
