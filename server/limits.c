/* limits.c — connection accounting (see limits.h). */
#include "limits.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "proxy.h"
#include "wvlv/clock.h"

#define IP_SLOTS 4096

typedef struct ip_slot {
	unsigned char addr[16];
	int           count;
} ip_slot;

typedef enum conn_phase {
	PHASE_WAITING = 0,  /* for (the headers of) a request */
	PHASE_BODY,         /* headers in, receiving the body */
	PHASE_HANDLER       /* the handler runs: bounded by statement_timeout */
} conn_phase;

typedef struct conn_state {
	int slot;      /* index in ip_table, -1 when untracked */
	int verdict;   /* 0, 503 or 429, decided when the connection opened */
	int fd;
	conn_phase phase;
	double phase_since_ms;
	bool shut;
	bool handed;   /* pending in the gate, given to MHD, not yet adopted */
	struct conn_state *prev, *next;   /* all open connections, for the watchdog */
} conn_state;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static ip_slot ip_table[IP_SLOTS];
static int open_total;
static int limit_total;
static int limit_per_ip;
static int cap_total;      /* refused at accept from here on (limits.h) */
static int cap_per_ip;
static int high_water;     /* busy from here on: the short timeouts apply */
static double timeout_ms;
static double busy_timeout_ms;
static conn_state *open_list;
static pthread_t watchdog;
static bool watchdog_running;
static pthread_mutex_t stop_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t stop_cond = PTHREAD_COND_INITIALIZER;
static bool stopping;
static atomic_long refused;
static _Thread_local bool handing_over; /* limits_handover_begin .. _end */

static void state_unlink(conn_state *cs);

/* How long a connection may stay in its phase; 0: no limit.  Over the
 * limits (a verdict) it has LIMITS_EXCESS_GRACE_MS to ask for its 503/429;
 * when the server is busy the short timeouts apply.  Lock held. */
static double phase_limit_ms(const conn_state *cs, bool busy)
{
	double idle = busy ? busy_timeout_ms : timeout_ms;
	if (cs->verdict && cs->phase == PHASE_WAITING)
		return LIMITS_EXCESS_GRACE_MS;
	return cs->phase == PHASE_WAITING ? idle : cs->phase == PHASE_BODY ? 4 * idle : 0;
}

/* Shut down connections that have been waiting for their headers, or
 * receiving their body, for too long.  shutdown() (not close) makes MHD's
 * connection thread see the end and close the socket itself. */
static void sweep(void)
{
	double now = wvlv_clock_ms();
	pthread_mutex_lock(&lock);
	bool busy = high_water > 0 && open_total >= high_water;
	for (conn_state *cs = open_list, *next; cs; cs = next) {
		next = cs->next;
		if (cs->handed && now - cs->phase_since_ms > LIMITS_HANDOVER_MS) {
			state_unlink(cs); /* MHD closed it without taking it */
			continue;
		}
		double limit = phase_limit_ms(cs, busy);
		if (limit > 0 && !cs->shut && cs->fd >= 0 && now - cs->phase_since_ms > limit) {
			shutdown(cs->fd, SHUT_RDWR);
			cs->shut = true;
		}
	}
	pthread_mutex_unlock(&lock);
}

static void *watchdog_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&stop_lock);
	while (!stopping) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += LIMITS_TICK_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&stop_cond, &stop_lock, &ts);
		if (stopping)
			break;
		pthread_mutex_unlock(&stop_lock);
		sweep();
		pthread_mutex_lock(&stop_lock);
	}
	pthread_mutex_unlock(&stop_lock);
	return NULL;
}

void limits_init(int max_connections, int max_per_ip, int timeout_s)
{
	limit_total = max_connections;
	limit_per_ip = max_per_ip;
	cap_total = max_connections + limits_margin(max_connections);
	cap_per_ip = max_per_ip ? max_per_ip + limits_margin(max_per_ip) : 0;
	high_water = max_connections - max_connections / 4;
	timeout_ms = timeout_s * 1000.0;
	busy_timeout_ms = timeout_ms < LIMITS_BUSY_TIMEOUT_MS ? timeout_ms : LIMITS_BUSY_TIMEOUT_MS;
	stopping = false;
	watchdog_running = pthread_create(&watchdog, NULL, watchdog_main, NULL) == 0;
}

void limits_stop(void)
{
	if (!watchdog_running)
		return;
	pthread_mutex_lock(&stop_lock);
	stopping = true;
	pthread_cond_signal(&stop_cond);
	pthread_mutex_unlock(&stop_lock);
	pthread_join(watchdog, NULL);
	watchdog_running = false;
}

int limits_margin(int limit)
{
	return limit / 4 > LIMITS_MIN_MARGIN ? limit / 4 : LIMITS_MIN_MARGIN;
}

static void addr_key(const struct sockaddr *sa, unsigned char out[16]);
static int slot_for(const unsigned char addr[16]);

/* Unlink and free a connection's state.  Lock held. */
static void state_unlink(conn_state *cs)
{
	if (cs->prev)
		cs->prev->next = cs->next;
	else
		open_list = cs->next;
	if (cs->next)
		cs->next->prev = cs->prev;
	open_total--;
	if (cs->slot >= 0 && ip_table[cs->slot].count > 0)
		ip_table[cs->slot].count--;
	free(cs);
}

enum MHD_Result limits_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	(void)cls;
	(void)addrlen;
	if (handing_over)
		return MHD_YES; /* admitted when the gate accepted it */
	unsigned char key[16];
	addr_key(addr, key);
	pthread_mutex_lock(&lock);
	bool refuse = cap_total > 0 && open_total >= cap_total;
	if (!refuse && cap_per_ip > 0 && !proxy_is_trusted((const proxy_addr *)(const void *)key)) {
		int slot = slot_for(key);
		refuse = slot >= 0 && ip_table[slot].count >= cap_per_ip;
	}
	pthread_mutex_unlock(&lock);
	if (refuse)
		atomic_fetch_add(&refused, 1);
	return refuse ? MHD_NO : MHD_YES;
}

long limits_refused(void)
{
	return atomic_load(&refused);
}

int limits_open(void)
{
	pthread_mutex_lock(&lock);
	int n = open_total;
	pthread_mutex_unlock(&lock);
	return n;
}

static conn_state *state_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

static void set_phase(struct MHD_Connection *conn, conn_phase phase)
{
	conn_state *cs = state_of(conn);
	if (!cs)
		return;
	pthread_mutex_lock(&lock);
	cs->phase = phase;
	cs->phase_since_ms = wvlv_clock_ms();
	pthread_mutex_unlock(&lock);
}

void limits_request_started(struct MHD_Connection *conn)
{
	set_phase(conn, PHASE_BODY);
}

void limits_request_dispatched(struct MHD_Connection *conn)
{
	set_phase(conn, PHASE_HANDLER);
}

void limits_request_done(struct MHD_Connection *conn)
{
	set_phase(conn, PHASE_WAITING);
}

static void client_addr(struct MHD_Connection *conn, unsigned char out[16])
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	addr_key(ci ? ci->client_addr : NULL, out);
}

/* An address as 16 bytes (IPv4 v4-mapped); zeros when unknown. */
static void addr_key(const struct sockaddr *sa, unsigned char out[16])
{
	memset(out, 0, 16);
	if (!sa)
		return;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
		memcpy(out + 12, &in->sin_addr, 4);
		out[10] = out[11] = 0xff; /* v4-mapped */
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
		memcpy(out, &in6->sin6_addr, 16);
	}
}

/* Find or claim the slot of an address (linear probing); -1 when full.
 * Called with the lock held. */
static int slot_for(const unsigned char addr[16])
{
	unsigned h = 2166136261u;
	for (int i = 0; i < 16; i++)
		h = (h ^ addr[i]) * 16777619u;
	int free_slot = -1;
	for (int probe = 0; probe < IP_SLOTS; probe++) {
		int i = (int)((h + (unsigned)probe) % IP_SLOTS);
		if (ip_table[i].count > 0 && memcmp(ip_table[i].addr, addr, 16) == 0)
			return i;
		if (ip_table[i].count == 0 && free_slot < 0)
			free_slot = i;
		if (ip_table[i].count == 0 && memcmp(ip_table[i].addr, addr, 16) == 0)
			return i;
	}
	if (free_slot >= 0)
		memcpy(ip_table[free_slot].addr, addr, 16);
	return free_slot;
}

/* Count a new connection (the gate's or MHD's) and decide its verdict. */
static conn_state *state_open(int fd, const unsigned char addr[16])
{
	conn_state *cs = malloc(sizeof(*cs));
	if (!cs)
		return NULL;
	cs->fd = fd;
	cs->phase = PHASE_WAITING;
	cs->phase_since_ms = wvlv_clock_ms();
	cs->shut = false;
	cs->handed = false;
	pthread_mutex_lock(&lock);
	cs->prev = NULL;
	cs->next = open_list;
	if (open_list)
		open_list->prev = cs;
	open_list = cs;
	open_total++;
	/* a trusted proxy's connection waits for its client (limits_pending_client) */
	cs->slot = proxy_is_trusted((const proxy_addr *)(const void *)addr) ? -1 : slot_for(addr);
	if (cs->slot >= 0)
		ip_table[cs->slot].count++;
	cs->verdict = 0;
	if (limit_total > 0 && open_total > limit_total)
		cs->verdict = 503;
	else if (limit_per_ip > 0 && cs->slot >= 0 && ip_table[cs->slot].count > limit_per_ip)
		cs->verdict = 429;
	pthread_mutex_unlock(&lock);
	return cs;
}

void limits_pending_client(void *pending, const unsigned char client[16])
{
	conn_state *cs = pending;
	if (!cs)
		return;
	pthread_mutex_lock(&lock);
	if (cs->slot < 0 && (cs->slot = slot_for(client)) >= 0) {
		ip_table[cs->slot].count++;
		if (!cs->verdict && limit_per_ip > 0 && ip_table[cs->slot].count > limit_per_ip)
			cs->verdict = 429;
	}
	pthread_mutex_unlock(&lock);
}

/* The gate's state of this socket, handed over and now taken by MHD; NULL
 * when the connection did not come through the gate. */
static conn_state *adopt(int fd)
{
	pthread_mutex_lock(&lock);
	conn_state *cs = open_list;
	while (cs && !(cs->handed && cs->fd == fd))
		cs = cs->next;
	if (cs)
		cs->handed = false;
	pthread_mutex_unlock(&lock);
	return cs;
}

void *limits_pending_open(int fd, const struct sockaddr *addr)
{
	unsigned char key[16];
	addr_key(addr, key);
	return state_open(fd, key);
}

void limits_pending_close(void *pending)
{
	if (!pending)
		return;
	pthread_mutex_lock(&lock);
	state_unlink(pending);
	pthread_mutex_unlock(&lock);
}

void limits_handover_begin(void *pending)
{
	conn_state *cs = pending;
	if (cs) {
		pthread_mutex_lock(&lock);
		cs->handed = true;
		cs->phase_since_ms = wvlv_clock_ms(); /* its head is whole */
		pthread_mutex_unlock(&lock);
	}
	handing_over = true;
}

void limits_handover_end(void *pending, bool taken)
{
	handing_over = false;
	if (!taken)
		limits_pending_close(pending); /* MHD closed the socket */
}

void limits_on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	(void)cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *fdi =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		int fd = fdi ? fdi->connect_fd : -1;
		conn_state *cs = fd >= 0 ? adopt(fd) : NULL;
		if (!cs) {
			unsigned char addr[16];
			client_addr(conn, addr);
			cs = state_open(fd, addr);
		}
		*socket_context = cs;
		return;
	}
	conn_state *cs = *socket_context;
	if (!cs)
		return;
	pthread_mutex_lock(&lock);
	state_unlink(cs);
	pthread_mutex_unlock(&lock);
	*socket_context = NULL;
}

int limits_check(struct MHD_Connection *conn)
{
	const conn_state *cs = state_of(conn);
	return cs ? cs->verdict : 0;
}
