/* ha_load.c — the failover test's load: CLIENTS threads POST sale offers
 * through one URL for SECONDS seconds, each with its own Idempotency-Key.
 *
 *   ha_load BASE_URL TOKEN SECONDS CLIENTS RECEIVED_ON LON LAT OUT
 *
 * A 503 or 429 (or a request that got no answer) is retried with the same
 * key and body after 250 ms (Retry-After says 1 s; the shorter wait measures
 * the outage more finely), until it gets another answer — after SECONDS the
 * client still finishes the offer it is on (for at most 60 s more), so every
 * offer it started ends acknowledged or refused.  Every answer is a line of
 * OUT: milliseconds since the start (at the answer), the status (0: no HTTP
 * answer), and for a 201 the offer's id.  Printed at the end: the answers by
 * status.  Exit 0, or 2 on a usage error.
 */
#include <curl/curl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_CLIENTS 64
#define RETRY_MS    250
#define FINISH_MS   60000

typedef struct answer {
	long t_ms;
	int  status;
	char id[40];
} answer;

typedef struct client {
	int     no;
	answer *log;
	size_t  n, cap;
} client;

static const char *base, *token, *received_on;
static double lon, lat;
static long run_ms;
static struct timespec t0;
static int salt;

static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
}

typedef struct buf {
	char  *p;
	size_t n;
} buf;

static size_t collect(char *data, size_t size, size_t nmemb, void *cls)
{
	buf *b = cls;
	size_t len = size * nmemb;
	char *p = realloc(b->p, b->n + len + 1);
	if (!p)
		return 0;
	memcpy(p + b->n, data, len);
	b->p = p;
	b->n += len;
	b->p[b->n] = '\0';
	return len;
}

static void record(client *c, int status, const char *body)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		c->log = realloc(c->log, c->cap * sizeof(*c->log));
		if (!c->log)
			abort();
	}
	answer *a = &c->log[c->n++];
	a->t_ms = now_ms();
	a->status = status;
	a->id[0] = '\0';
	const char *id = status == 201 && body ? strstr(body, "\"id\":\"") : NULL;
	if (id)
		sscanf(id + 6, "%36[0-9a-f-]", a->id);
}

/* POST one offer until it gets an answer that is not 503/429; its status. */
static int post_offer(client *c, CURL *h, struct curl_slist *hdrs, long seq)
{
	char body[1024], key[96], keyhdr[128];
	/* a parcel of its own per offer: section by client and run, number by seq */
	snprintf(body, sizeof(body),
		 "{\"municipalityCode\":\"GM0505\",\"receivedOn\":\"%s\","
		 "\"property\":{\"cadastralParcels\":[\"DDT01 %c%c %ld\"],"
		 "\"address\":{\"street\":\"Voorstraat\",\"houseNumber\":\"%ld\","
		 "\"postalCode\":\"3311AA\",\"city\":\"Dordrecht\"},"
		 "\"location\":{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]}},"
		 "\"owner\":{\"name\":\"HA test\"},\"askingPrice\":\"250000.00\"}",
		 received_on, 'A' + c->no, 'A' + salt, seq + 1, seq + 1,
		 lon + 0.0001 * (double)(seq % 100), lat + 0.0001 * (double)c->no);
	snprintf(key, sizeof(key), "ha-%d-%d-%ld", salt, c->no, seq);
	snprintf(keyhdr, sizeof(keyhdr), "Idempotency-Key: %s", key);
	struct curl_slist *all = curl_slist_append(NULL, keyhdr);
	for (struct curl_slist *s = hdrs; s; s = s->next)
		all = curl_slist_append(all, s->data);
	char url[512];
	snprintf(url, sizeof(url), "%s/api/v1/sale-notifications", base);
	int status = 0;
	for (;;) {
		buf b = { 0 };
		curl_easy_setopt(h, CURLOPT_URL, url);
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, all);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
		curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
		curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 30000L);
		long code = 0;
		if (curl_easy_perform(h) == CURLE_OK)
			curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
		status = (int)code;
		record(c, status, b.p);
		if (status != 201 && status != 503 && status != 429) /* what went wrong, for the log */
			fprintf(stderr, "ha_load: HTTP %d: %.400s\n", status, b.p ? b.p : "");
		free(b.p);
		bool again = status == 0 || status == 503 || status == 429;
		if (!again || now_ms() > run_ms + FINISH_MS)
			break;
		usleep(RETRY_MS * 1000);
	}
	curl_slist_free_all(all);
	return status;
}

static void *client_main(void *arg)
{
	client *c = arg;
	CURL *h = curl_easy_init();
	if (!h)
		return NULL;
	char auth[512];
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	struct curl_slist *hdrs = curl_slist_append(NULL, auth);
	hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
	for (long seq = 0; now_ms() < run_ms; seq++)
		post_offer(c, h, hdrs, seq);
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(h);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc != 9) {
		fprintf(stderr, "usage: ha_load BASE_URL TOKEN SECONDS CLIENTS RECEIVED_ON LON LAT OUT\n");
		return 2;
	}
	base = argv[1];
	token = argv[2];
	run_ms = atol(argv[3]) * 1000;
	int n = atoi(argv[4]);
	received_on = argv[5];
	lon = atof(argv[6]);
	lat = atof(argv[7]);
	if (n < 1 || n > MAX_CLIENTS || run_ms <= 0) {
		fprintf(stderr, "ha_load: SECONDS > 0 and 1 <= CLIENTS <= %d\n", MAX_CLIENTS);
		return 2;
	}
	FILE *out = fopen(argv[8], "w");
	if (!out) {
		perror(argv[8]);
		return 2;
	}
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	salt = rand() % 26;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	client clients[MAX_CLIENTS] = { 0 };
	pthread_t threads[MAX_CLIENTS];
	for (int i = 0; i < n; i++) {
		clients[i].no = i;
		pthread_create(&threads[i], NULL, client_main, &clients[i]);
	}
	long by_status[600] = { 0 };
	for (int i = 0; i < n; i++) {
		pthread_join(threads[i], NULL);
		for (size_t j = 0; j < clients[i].n; j++) {
			const answer *a = &clients[i].log[j];
			fprintf(out, "%ld %d %s\n", a->t_ms, a->status, a->id[0] ? a->id : "-");
			by_status[a->status >= 0 && a->status < 600 ? a->status : 0]++;
		}
		free(clients[i].log);
	}
	fclose(out);
	printf("ha_load: %d clients, %ld s:", n, run_ms / 1000);
	for (int s = 0; s < 600; s++)
		if (by_status[s])
			printf(" %s%d=%ld", s ? "" : "no-answer:", s, by_status[s]);
	printf("\n");
	curl_global_cleanup();
	return 0;
}
