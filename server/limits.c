/* limits.c — connection accounting (see limits.h). */
#include "limits.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define IP_SLOTS 4096

typedef struct ip_slot {
	unsigned char addr[16];
	int           count;
} ip_slot;

typedef struct conn_state {
	int slot;      /* index in ip_table, -1 when untracked */
	int verdict;   /* 0, 503 or 429, decided when the connection opened */
} conn_state;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static ip_slot ip_table[IP_SLOTS];
static int open_total;
static int limit_total;
static int limit_per_ip;

void limits_init(int max_connections, int max_per_ip)
{
	limit_total = max_connections;
	limit_per_ip = max_per_ip;
}

static void client_addr(struct MHD_Connection *conn, unsigned char out[16])
{
	memset(out, 0, 16);
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
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

void limits_on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	(void)cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		conn_state *cs = malloc(sizeof(*cs));
		if (!cs)
			return;
		unsigned char addr[16];
		client_addr(conn, addr);
		pthread_mutex_lock(&lock);
		open_total++;
		cs->slot = slot_for(addr);
		if (cs->slot >= 0)
			ip_table[cs->slot].count++;
		cs->verdict = 0;
		if (limit_total > 0 && open_total > limit_total)
			cs->verdict = 503;
		else if (limit_per_ip > 0 && cs->slot >= 0 && ip_table[cs->slot].count > limit_per_ip)
			cs->verdict = 429;
		pthread_mutex_unlock(&lock);
		*socket_context = cs;
		return;
	}
	conn_state *cs = *socket_context;
	if (!cs)
		return;
	pthread_mutex_lock(&lock);
	open_total--;
	if (cs->slot >= 0 && ip_table[cs->slot].count > 0)
		ip_table[cs->slot].count--;
	pthread_mutex_unlock(&lock);
	free(cs);
	*socket_context = NULL;
}

int limits_check(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	const conn_state *cs = ci ? ci->socket_context : NULL;
	return cs ? cs->verdict : 0;
}
