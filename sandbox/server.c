/* server.c: HTTP for the sandbox: libmicrohttpd glue, the route table,
 * JSON and problem+json replies, fault injection for tests, and shutdown on
 * SIGTERM/SIGINT. */
#include "config.h"

#include <arpa/inet.h>
#include <stdatomic.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "faults.h"
#include "routes.h"
#include "sandbox.h"
#include "server.h"
#include "xalloc.h"

struct upload {
	char *buf;
	size_t len;
	bool too_large;
	int64_t wait_until; /* a parked long-poll's deadline, monotonic ms */
};

static const struct sb_config *config;
static volatile sig_atomic_t stopping;

/* Parked long-polls: resumed when their deadline passes or a notification arrives. */
static pthread_mutex_t waiters_lock = PTHREAD_MUTEX_INITIALIZER;
static struct waiter {
	struct MHD_Connection *conn;
	int64_t deadline;
} *waiters;
static size_t nwaiters;

const char *sb_query(struct sb_ctx *c, const char *name)
{
	return MHD_lookup_connection_value(c->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *sb_header(struct sb_ctx *c, const char *name)
{
	return MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, name);
}

/* The pool's workers, and how many connections each holds.  libmicrohttpd
 * gives a connection handed to it (MHD_add_connection) to the worker its
 * descriptor's number points at, the number modulo the pool (or the next
 * one with room). */
#define POOL_MAX 64
static unsigned pool = 1;
static atomic_uint held[POOL_MAX];

/* A connection is counted for its worker when the acceptor hands it over
 * (the worker takes it a moment later), and until it closes.  One that
 * libmicrohttpd refuses after taking it (out of memory, or the limit met
 * by connections handed over together) stays counted, and one it gives to
 * the next worker (when the first is full) is counted for the first: both
 * only steer later connections. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	const union MHD_ConnectionInfo *ci;

	(void)cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		faults_count_connection();
		ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (ci && ci->connect_fd >= 0)
			*socket_context = (void *)(uintptr_t)((unsigned)ci->connect_fd % pool + 1);
	} else if (*socket_context) {
		atomic_fetch_sub(&held[(uintptr_t)*socket_context - 1], 1);
	}
}

/* Writes s to a log line with every control byte, backslash and non-ASCII
 * byte as \xNN: one request is one line, whatever its path holds. */
static void log_field(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		if (*p < 0x20 || *p >= 0x7f || *p == '\\')
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *data,
				  size_t *data_size, void **con_cls)
{
	struct upload *up = *con_cls;
	struct sb_ctx c;
	struct MHD_Response *resp;
	const union MHD_ConnectionInfo *ci;
	char addr[INET6_ADDRSTRLEN] = "?";
	struct timespec t0, t1;
	enum MHD_Result ret;

	(void)cls;
	(void)version;
	if (!up) {
		*con_cls = xcalloc(1, sizeof *up);
		return MHD_YES;
	}
	if (*data_size) {
		if (up->len + *data_size > BODY_MAX) {
			up->too_large = true;
		} else {
			up->buf = xrealloc(up->buf, up->len + *data_size + 1);
			memcpy(up->buf + up->len, data, *data_size);
			up->len += *data_size;
			up->buf[up->len] = '\0';
		}
		*data_size = 0;
		return MHD_YES;
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	faults_count_request();
	memset(&c, 0, sizeof c);
	c.method = method;
	c.path = url;
	c.body = up->buf ? up->buf : "";
	c.body_len = up->len;
	c.conn = conn;
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
				  addr, sizeof addr);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
				  addr, sizeof addr);
	}
	c.remote = addr;
	c.wait_until = &up->wait_until;

	if (up->too_large)
		sb_problem(&c, 413, "payload_too_large", "request bodies are limited to 64 KiB", NULL);
	else
		routes_dispatch(&c);
	db_end_request();

	/* A parked request's reply is already built: it is sent when stopping. */
	if (c.suspend && !stopping) {
		free(c.resp);
		pthread_mutex_lock(&waiters_lock);
		waiters = xrealloc(waiters, (nwaiters + 1) * sizeof *waiters);
		waiters[nwaiters++] = (struct waiter){ conn, up->wait_until };
		MHD_suspend_connection(conn);
		pthread_mutex_unlock(&waiters_lock);
		return MHD_YES;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (config->log) {
		/* The path only: never bodies, never query strings, never headers.
		 * What the client sent is escaped: a decoded %0a is no new line. */
		log_field(config->log, method);
		fputc(' ', config->log);
		log_field(config->log, url);
		fprintf(config->log, " %u %ldms%s\n", c.drop ? 0 : c.status,
			(long)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000),
			c.drop ? " dropped" : "");
		fflush(config->log);
	}
	if (c.drop) {
		free(c.resp);
		return MHD_NO;
	}
	resp = MHD_create_response_from_buffer(c.resp_len, c.resp, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(resp, "Content-Type", c.content_type);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (c.etag[0])
		MHD_add_response_header(resp, "ETag", c.etag);
	if (c.retry_after) {
		char ra[16];
		snprintf(ra, sizeof ra, "%u", c.retry_after);
		MHD_add_response_header(resp, "Retry-After", ra);
	}
	ret = MHD_queue_response(conn, c.status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct upload *up = *con_cls;
	(void)cls;
	(void)conn;
	(void)toe;
	if (up) {
		free(up->buf);
		free(up);
		*con_cls = NULL;
	}
}

/* Parses "ADDR:PORT" or "[ADDR6]:PORT". */
static int parse_listen(const char *spec, struct sockaddr_storage *ss, bool *v6)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(spec, ':');
	char *end;
	long port;
	size_t hl;

	if (!colon)
		return -1;
	port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535 || colon == spec)
		return -1;
	hl = (size_t)(colon - spec);
	if (spec[0] == '[') {
		if (hl < 3 || spec[hl - 1] != ']' || hl - 2 >= sizeof host)
			return -1;
		memcpy(host, spec + 1, hl - 2);
		host[hl - 2] = '\0';
	} else {
		if (hl >= sizeof host)
			return -1;
		memcpy(host, spec, hl);
		host[hl] = '\0';
	}
	memset(ss, 0, sizeof *ss);
	if (!strcmp(host, "localhost"))
		strcpy(host, "127.0.0.1");
	{
		struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
		if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
			a4->sin_family = AF_INET;
			a4->sin_port = htons((uint16_t)port);
			*v6 = false;
			return 0;
		}
		if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
			a6->sin6_family = AF_INET6;
			a6->sin6_port = htons((uint16_t)port);
			*v6 = true;
			return 0;
		}
	}
	return -1;
}

/* Resumes parked long-polls whose deadline passed, or all of them when
 * stopping (MHD cannot stop with connections suspended) or when a new
 * notification was committed; each then answers or parks again. */
static void wake_waiters(bool all)
{
	int64_t now = sb_mono_ms();
	size_t kept = 0;

	pthread_mutex_lock(&waiters_lock);
	for (size_t i = 0; i < nwaiters; i++) {
		if (all || waiters[i].deadline <= now)
			MHD_resume_connection(waiters[i].conn);
		else
			waiters[kept++] = waiters[i];
	}
	nwaiters = kept;
	pthread_mutex_unlock(&waiters_lock);
}

static void *waker(void *arg)
{
	int64_t last = -1;
	sqlite3 *db = db_conn();

	(void)arg;
	while (!stopping) {
		struct timespec ts = { 0, 100 * 1000000L };
		int64_t top;
		bool any;

		nanosleep(&ts, NULL);
		pthread_mutex_lock(&waiters_lock);
		any = nwaiters > 0;
		pthread_mutex_unlock(&waiters_lock);
		if (!any)
			continue;
		top = db_int(db, "SELECT coalesce(max(id), 0) FROM notifications", NULL, 0);
		wake_waiters(last >= 0 && top != last);
		last = top;
	}
	return NULL;
}

/* Connections are accepted here, not by the workers.  Left to
 * libmicrohttpd, every worker of the pool waits on the one listening
 * socket and the first awake takes up to ten connections in a row: 7 of
 * the bench's 8 clients landed on one worker, whose requests then ran one
 * after another, each waiting for the disk, while the others slept.  Here
 * each connection goes to the worker holding the fewest: its descriptor
 * is renumbered to point at that worker when it does not already.
 * MHD_add_connection applies the same limits (per address, in all) and
 * closes what it refuses: past the limit in all (the descriptors allowed,
 * less 64), a new client is now closed at once where it waited in the
 * backlog before. */
static int listen_fd = -1;

static int to_least_busy(int fd)
{
	unsigned best = 0, w = (unsigned)fd % pool;

	for (unsigned i = 1; i < pool; i++)
		if (atomic_load(&held[i]) < atomic_load(&held[best]))
			best = i;
	if (atomic_load(&held[w]) <= atomic_load(&held[best]))
		return fd;
	/* The lowest free number at or above one that points at best: almost
	 * always that one (descriptors are dense from 0); where it is taken,
	 * the next that points at best above the one given, a few times. */
	unsigned at = (unsigned)fd + (best + pool - w) % pool;

	for (int tries = 0; tries < 4; tries++) {
		int n = fcntl(fd, F_DUPFD_CLOEXEC, (int)at);
		if (n < 0)
			break;
		if ((unsigned)n % pool == best) {
			close(fd);
			return n;
		}
		close(n);
		at = (unsigned)n + (best + pool - (unsigned)n % pool) % pool;
	}
	return fd;
}

static void *acceptor(void *arg)
{
	struct MHD_Daemon *d = arg;

	while (!stopping) {
		struct sockaddr_storage peer;
		socklen_t len = sizeof peer;
		int fd = accept4(listen_fd, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);

		if (fd >= 0) {
			unsigned w;

			fd = to_least_busy(fd);
			w = (unsigned)fd % pool;
			atomic_fetch_add(&held[w], 1);
			if (MHD_add_connection(d, fd, (struct sockaddr *)&peer, len) != MHD_YES)
				atomic_fetch_sub(&held[w], 1);
			continue;
		}
		if (stopping || errno == EINVAL)
			break; /* shut down (server_run) */
		/* Out of descriptors or memory: those in use free up as their
		 * connections end; the client waits in the backlog meanwhile. */
		if (errno != EINTR && errno != ECONNABORTED)
			usleep(10000);
	}
	return NULL;
}

/* The socket the bank listens on, bound and listening; -1 on failure. */
static int listen_on(const struct sockaddr_storage *ss, bool v6)
{
	int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1;
	socklen_t len = v6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	if (v6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
	if (bind(fd, (const struct sockaddr *)ss, len) || listen(fd, SOMAXCONN)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Runs what falls due as the (real) time passes, every 30 seconds. */
static void *scheduler(void *arg)
{
	(void)arg;
	while (!stopping) {
		sqlite3 *db = db_conn();
		bank_run_due(db, db_now(db), NULL);
		for (int i = 0; i < 30 && !stopping; i++)
			sleep(1);
	}
	return NULL;
}

/* A whole PEM file in memory (MHD wants the text), or NULL. */
static char *read_pem(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (len + 4096 + 1 > cap)
			buf = xrealloc(buf, cap = cap ? cap * 2 : 8192);
		n = fread(buf + len, 1, 4096, f);
		len += n;
	} while (n > 0 && len < (1u << 20));
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/* One address may hold this many connections, idle ones live this long
 * (seconds): a flood of idle connections from one place neither exhausts
 * the bank nor keeps others out.  A long-poll is parked (suspended), which
 * no timeout ends; it counts against its address's connections. */
#define PER_ADDRESS 64u
#define IDLE_TIMEOUT 15u

/* As many connections as there are file descriptors to spare (the soft
 * limit raised to the hard one first), so accepting never fails for want
 * of one while the database and the log need theirs. */
static unsigned connection_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return 1000;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > 65536)
		return 65000;
	return rl.rlim_cur > 128 ? (unsigned)rl.rlim_cur - 64 : 64;
}

int server_run(const struct sb_config *cfg)
{
	pthread_t sched, wake, accepting;
	char *cert = NULL, *key = NULL;
	struct sockaddr_storage ss;
	struct MHD_Daemon *d;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
			 MHD_ALLOW_SUSPEND_RESUME | MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC;
	socklen_t sslen = sizeof ss;
	in_port_t port;
	bool v6 = false;
	sigset_t set;
	int sig;
	char host[INET6_ADDRSTRLEN];

	config = cfg;
	faults_enable(cfg->faults);
	routes_enable_controls(cfg->controls);
	if (parse_listen(cfg->listen, &ss, &v6)) {
		fprintf(stderr, "bankterm-sandbox: --listen wants ADDR:PORT, not '%s'\n", cfg->listen);
		return 2;
	}
	flags |= cfg->threads > 1 ? MHD_USE_EPOLL : MHD_USE_AUTO;
	pool = cfg->threads > 1 ? cfg->threads : 1;

	/* Signals are taken by sigwait() below; worker threads inherit the mask. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (cfg->tls_cert) {
		cert = read_pem(cfg->tls_cert);
		key = read_pem(cfg->tls_key);
		if (!cert || !key) {
			fprintf(stderr, "bankterm-sandbox: cannot read %s\n", cert ? cfg->tls_key : cfg->tls_cert);
			free(cert);
			free(key);
			return 1;
		}
		flags |= MHD_USE_TLS;
	}
	if ((listen_fd = listen_on(&ss, v6)) < 0) {
		fprintf(stderr, "bankterm-sandbox: cannot listen on %s: %s\n", cfg->listen, strerror(errno));
		free(cert);
		free(key);
		return 1;
	}
	d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL,
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			     MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
			     MHD_OPTION_THREAD_POOL_SIZE, pool > 1 ? pool : 0,
			     MHD_OPTION_CONNECTION_TIMEOUT, cfg->idle_timeout ? cfg->idle_timeout : IDLE_TIMEOUT,
			     MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_address ? cfg->per_address : PER_ADDRESS,
			     MHD_OPTION_CONNECTION_LIMIT, connection_limit(),
			     cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert,
			     MHD_OPTION_HTTPS_MEM_KEY, key, MHD_OPTION_END);
	if (!d) {
		close(listen_fd);
		free(cert);
		free(key);
		fprintf(stderr, "bankterm-sandbox: cannot start serving on %s\n", cfg->listen);
		return 1;
	}
	getsockname(listen_fd, (struct sockaddr *)&ss, &sslen);
	if (v6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
	/* The first line of stdout is the URL, so a parent process can read it. */
	port = v6 ? ((struct sockaddr_in6 *)&ss)->sin6_port : ((struct sockaddr_in *)&ss)->sin_port;
	printf(v6 ? "%s://[%s]:%u\n" : "%s://%s:%u\n", cert ? "https" : "http", host, ntohs(port));
	fflush(stdout);

	if (pthread_create(&sched, NULL, scheduler, NULL) != 0 ||
	    pthread_create(&wake, NULL, waker, NULL) != 0 ||
	    pthread_create(&accepting, NULL, acceptor, d) != 0) {
		fprintf(stderr, "bankterm-sandbox: cannot start its threads\n");
		abort();
	}
	while (sigwait(&set, &sig) != 0)
		;
	stopping = 1;
	/* Wakes the acceptor: accept() on a socket shut down fails (EINVAL). */
	shutdown(listen_fd, SHUT_RDWR);
	pthread_join(accepting, NULL);
	close(listen_fd);
	pthread_join(sched, NULL);
	pthread_join(wake, NULL);
	wake_waiters(true);
	MHD_stop_daemon(d);
	free(waiters);
	/* MHD copies nothing: the PEM texts live until the daemon stops. */
	if (key)
		OPENSSL_cleanse(key, strlen(key));
	free(cert);
	free(key);
	return 0;
}
