/* server_proc.c — start/stop the real server and run the binary for tests (see server_proc.h). */
#include "server_proc.h"

#include <arpa/inet.h>
#include <check.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "http_client.h"

int tserver_free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
		perror("free_port");
		exit(1);
	}
	int port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

static void apply_env(const char *const *env)
{
	for (const char *const *e = env; e && *e; e++)
		putenv((char *)(uintptr_t)*e);
}

/* tserver_start on host ("127.0.0.1" or "[::1]"), the server's output to
 * log_path when it is not NULL. */
static void serve(tserver *s, const char *host, const char *conninfo, const char *const *env,
		  const char *log_path);

void tserver_start(tserver *s, const char *conninfo, const char *const *env)
{
	serve(s, "127.0.0.1", conninfo, env, NULL);
}

void tserver_start_log(tserver *s, const char *conninfo, const char *const *env,
		       const char *log_path)
{
	serve(s, "127.0.0.1", conninfo, env, log_path);
}

void tserver_start_ipv6(tserver *s, const char *conninfo, const char *const *env)
{
	serve(s, "[::1]", conninfo, env, NULL);
}

static void serve(tserver *s, const char *host, const char *conninfo, const char *const *env,
		  const char *log_path)
{
	s->port = tserver_free_port();
	snprintf(s->base, sizeof(s->base), "http://%s:%d", host, s->port);
	char listen[32];
	snprintf(listen, sizeof(listen), "%s:%d", host, s->port);
	fflush(NULL);
	s->pid = fork();
	if (s->pid == 0) {
		setenv("WVLV_DATABASE_URL", conninfo, 1);
		setenv("WVLV_LISTEN", listen, 1);
		if (!getenv("WVLV_THREADS"))
			setenv("WVLV_THREADS", "4", 1);
		apply_env(env);
		int fd = log_path ? open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644) : -1;
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		execl(WVLV_BINARY, WVLV_BINARY, "serve", (char *)NULL);
		perror("exec " WVLV_BINARY);
		_exit(127);
	}
	for (int i = 0; i < 300; i++) {
		tresp *r = t_request(s->base, "GET", "/healthz", NULL, NULL);
		long st = r->status;
		t_free(r);
		if (st == 200)
			return;
		int status;
		if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
			fprintf(stderr, "wvlv serve exited early (status %d)\n", status);
			exit(1);
		}
		usleep(50 * 1000);
	}
	fprintf(stderr, "wvlv serve did not answer /healthz within 15 s\n");
	kill(s->pid, SIGKILL);
	exit(1);
}

int tserver_stop(tserver *s)
{
	if (s->pid <= 0)
		return -1;
	kill(s->pid, SIGTERM);
	int status = 0;
	waitpid(s->pid, &status, 0);
	s->pid = 0;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int trun_wvlv(const char *const *args, const char *const *env, char **out)
{
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		apply_env(env);
		const char *argv[32] = { WVLV_BINARY };
		int i = 1;
		for (const char *const *a = args; a && *a && i < 31; a++)
			argv[i++] = *a;
		argv[i] = NULL;
		execv(WVLV_BINARY, (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	close(fds[1]);
	size_t cap = 4096, n = 0;
	char *b = malloc(cap);
	ssize_t r;
	while ((r = read(fds[0], b + n, cap - n - 1)) > 0) {
		n += (size_t)r;
		if (cap - n < 2) {
			cap *= 2;
			b = realloc(b, cap);
		}
	}
	b[n] = '\0';
	close(fds[0]);
	int status = 0;
	waitpid(pid, &status, 0);
	if (out)
		*out = b;
	else
		free(b);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The whole of f (read from its start), closed; malloc'd. */
static char *slurp(FILE *f)
{
	fflush(f);
	long n = ftell(f);
	char *b = malloc((size_t)(n > 0 ? n : 0) + 1);
	ck_assert_ptr_nonnull(b);
	rewind(f);
	size_t got = n > 0 ? fread(b, 1, (size_t)n, f) : 0;
	b[got] = '\0';
	fclose(f);
	return b;
}

trun_out trunv(const char *const *args)
{
	FILE *o = tmpfile(), *e = tmpfile();
	ck_assert(o && e);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fileno(o), 1);
		dup2(fileno(e), 2);
		unsetenv("WVLV_ALERT_WEBHOOK");
		const char *argv[48] = { WVLV_BINARY };
		int i = 1;
		for (const char *const *a = args; *a && i < 47; a++)
			argv[i++] = *a;
		argv[i] = NULL;
		execv(WVLV_BINARY, (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	fseek(o, 0, SEEK_END);
	fseek(e, 0, SEEK_END);
	trun_out r = { .status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st) };
	r.out = slurp(o);
	r.err = slurp(e);
	return r;
}

trun_out trun(const char *first, ...)
{
	const char *args[48];
	int n = 0;
	va_list ap;
	va_start(ap, first);
	for (const char *a = first; a && n < 47; a = va_arg(ap, const char *))
		args[n++] = a;
	va_end(ap);
	args[n] = NULL;
	return trunv(args);
}

void trun_free(trun_out *r)
{
	free(r->out);
	free(r->err);
}
